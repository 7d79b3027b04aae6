"""Stage 3: one identity per real-world entity across every document of the store.

Each document is read on its own, so its entity keys are its own: "Sokhonn" alone gives
``person/sokhonn``, and an unqualified "Ministry of Foreign Affairs" gives the same key in a
report on Cambodia and in one on Japan. After the documents of a build are stored, this
stage looks at the entity tables of *all* stored documents and decides, by a fixed list of
rules, which local key stands for which store-wide entity. The decision depends only on the
set of documents, never on the order they were built in, so a rebuild gives the same graph
and a merge that a later document makes ambiguous is undone. The rules run on one document
at a time against what they need of the others (``StoreIndex``), so the store is read in
passes, never held.

A document's graph is then written from its own extraction with every key replaced by its
store-wide key (``apply_view``): queries see one node per entity and need no ``owl:sameAs``.
Why each name was taken to be that entity is kept as data in the resolution graph
(``kg.graph.resolution_graph``), and ``kg.explain`` reads it back.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import groupby
from typing import IO, TYPE_CHECKING, Any

import yaml

from kg.config import ontology_dir
from kg.model import (
    COUNTRY,
    EVENT,
    FRAMEWORK,
    GOVERNMENT_BODY,
    ORGANIZATION,
    PERSON,
    PLACE,
    Entity,
    Event,
    Extraction,
    with_superclasses,
)

if TYPE_CHECKING:
    from kg.store import KGStore

# Bump when the rules change, so that every graph is rewritten under the new ones.
RULES_VERSION = "1"

# What each rule name means, as ``kg explain`` prints it.
RULE_TEXT = {
    "same-name": "the name its document keys it by (the same name, normalised; a body's "
    "state where the text says whose it is)",
    "in-document": "another name its own document uses for it "
    "(surname, demonym, acronym or gazetteer alias read in that document)",
    "honorific": "the same name once the honorific is stripped",
    "placed-by-state": "an unqualified government body its document places in this state",
    "lone-name-in-document": "a lone given name or surname: the one full name in its "
    "own document that holds it",
    "lone-name": "a lone given name or surname: the one full name in the store that holds it",
    "acronym": "an acronym: the one entity of the same kind in the store also called so",
}

# Classes that never share an identity: a person is never merged with a body, and so on.
_ROOT_CLASSES = frozenset({PERSON, COUNTRY, ORGANIZATION, FRAMEWORK, PLACE, EVENT})
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&.-]{1,9}")
_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-") or "x"


@cache
def honorifics() -> tuple[str, ...]:
    """The gazetteer's honorifics, longest first ("His Excellency" before "HE")."""
    data = yaml.safe_load((ontology_dir() / "gazetteer" / "titles.yaml").read_text("utf-8"))
    return tuple(sorted(data["honorifics"], key=len, reverse=True))


@cache
def state_names() -> dict[str, frozenset[str]]:
    """Each country's key → the slugs of its names, aliases and demonyms ("u-s",
    "american"), read from the gazetteer's countries.csv."""
    path = ontology_dir() / "gazetteer" / "countries.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        names = {}
        for row in csv.DictReader(handle):
            forms = [row["label"], *(row.get("aliases") or "").split("|")]
            forms += (row.get("demonyms") or "").split("|")
            names[f"country/{_slug(row['label'])}"] = frozenset(
                _slug(f) for f in forms if f.strip()
            )
        return names


@cache
def _honorific_prefixes() -> tuple[str, ...]:
    return tuple(f"{honorific} " for honorific in honorifics())


def strip_honorific(name: str) -> str:
    """``"H.E. Prak Sokhonn"`` → ``"Prak Sokhonn"``; other names unchanged."""
    if not name.startswith(_honorific_prefixes()):
        return name  # most names: one test in C instead of one per honorific
    for honorific in honorifics():
        if name.startswith(honorific + " ") and len(name) > len(honorific) + 1:
            return name[len(honorific) + 1 :].strip()
    return name


# -- the entity table: what the resolution reads of each document -------------------------


@dataclass(frozen=True)
class LocalEntity:
    """One entity as one document read it, before any cross-document merge.

    ``state`` is the country a government body's document places it in (``kg:partOf``);
    ``honorific_forms`` are names the text gave with an honorific the extractor trimmed
    ("H.E. Prak Sokhonn"); ``written`` the names its mentions spell out, or ``None`` when
    not recorded.
    """

    doc_id: str
    key: str
    types: tuple[str, ...]
    label: str
    aliases: tuple[str, ...] = ()
    state: str | None = None
    honorific_forms: tuple[str, ...] = ()
    written: tuple[str, ...] | None = None

    @property
    def forms(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.label, *self.aliases, *self.honorific_forms)))

    @property
    def roots(self) -> frozenset[str]:
        return frozenset(with_superclasses(self.types)) & _ROOT_CLASSES


def entity_table(extraction: Extraction) -> list[dict[str, Any]]:
    """The document's entities as plain data for the ledger (see ``LocalEntity``)."""
    states: dict[str, set[str]] = defaultdict(set)
    for fact in extraction.facts:
        if fact.predicate == "partOf" and fact.object.startswith("country/"):
            states[fact.subject].add(fact.object)
    text = extraction.document.text
    rows = []
    for entity in extraction.entities:
        placed = states.get(entity.key, set())
        state = next(iter(placed)) if len(placed) == 1 and GOVERNMENT_BODY in entity.types else None
        rows.append(
            {
                "key": entity.key,
                "types": list(entity.types),
                "label": entity.label,
                "aliases": list(entity.aliases),
                "state": state,
                "honorific_forms": _honorific_forms(entity, text),
                # the names as the text wrote them (a gazetteer label may never be written)
                "written": sorted({m.text for m in entity.mentions}),
            }
        )
    return rows


def _honorific_forms(entity: Entity, text: str) -> list[str]:
    if PERSON not in entity.types:
        return []
    forms = set()
    for mention in entity.mentions:
        before = text[max(0, mention.start - 20) : mention.start]
        for honorific in honorifics():
            if before.endswith(honorific + " ") and (
                len(before) == len(honorific) + 1
                or not before[-len(honorific) - 2].isalnum()  # "THE Prak" is no honorific
            ):
                forms.add(f"{honorific} {mention.text}")
                break
    return sorted(forms)


def local_entities(doc_id: str, table: Iterable[Mapping[str, Any]]) -> list[LocalEntity]:
    return [
        LocalEntity(
            doc_id=doc_id,
            key=row["key"],
            types=tuple(row["types"]),
            label=row["label"],
            aliases=tuple(row["aliases"]),
            state=row.get("state"),
            honorific_forms=tuple(row.get("honorific_forms") or ()),
            written=tuple(row["written"]) if "written" in row else None,
        )
        for row in table
    ]


# -- decisions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Merge:
    """A document's entity taken to be the store-wide entity ``into`` by ``rule``
    (``into`` equals ``local`` for a name normalised inside its document)."""

    doc_id: str
    local: str
    into: str
    rule: str
    forms: tuple[str, ...]


@dataclass(frozen=True)
class Ambiguity:
    """A document's entity left as it is because ``rule`` found several ``candidates``."""

    doc_id: str
    local: str
    rule: str
    candidates: tuple[str, ...]
    forms: tuple[str, ...]


Decision = Merge | Ambiguity
Keys = Mapping[tuple[str, str], str]  # (document, local key) → store-wide key so far


@dataclass
class StoreIndex:
    """What the rules need to know of the whole store, gathered in passes over the documents
    (``gather``). It is keyed by names and entities, never by document, so it grows with
    the number of distinct names in the store, not with the number of documents, and the
    rules themselves run on one document at a time."""

    # a word of a person's full name → the store-wide keys of the full names holding it
    full: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # an acronym → the store-wide keys (and root classes) of the entities also called so
    called: dict[str, set[tuple[str, frozenset[str]]]] = field(
        default_factory=lambda: defaultdict(set)
    )
    labels: dict[str, str] = field(default_factory=dict)


# A rule decides for one document's entities, given the keys the rules before it gave and
# the store index; its ``collect`` (if any) adds to the index what the rule needs to know
# of every document, from the keys as they stand before the rule.
ResolutionRule = Callable[[Sequence[LocalEntity], Keys, StoreIndex], Iterable[Decision]]
Collect = Callable[[Sequence[LocalEntity], Keys, StoreIndex], None]


def _place_by_state(
    entities: Sequence[LocalEntity], keys: Keys, index: StoreIndex
) -> Iterable[Decision]:
    """An unqualified body its document places in a state is that state's body: the
    "Ministry of Foreign Affairs" of a report on Cambodia is not Japan's."""
    for e in entities:
        if not e.state or not e.key.startswith("organization/"):
            continue
        slug = e.key.removeprefix("organization/")
        state = e.state.removeprefix("country/")
        names = state_names().get(e.state, frozenset()) | {state}
        if any(f"-{name}-" in f"-{slug}-" for name in names):
            continue  # its name says whose it is ("U.S. State Department", "Haitian police")
        yield Merge(e.doc_id, e.key, f"organization/{state}-{slug}", "placed-by-state", e.forms)


def _honorific(
    entities: Sequence[LocalEntity], keys: Keys, index: StoreIndex
) -> Iterable[Decision]:
    """ "H.E. Prak Sokhonn" is Prak Sokhonn; the names trimmed in the document are recorded
    too, so that ``kg explain`` can show them."""
    for e in entities:
        if PERSON not in e.roots:
            continue
        stripped = strip_honorific(e.label)
        if stripped != e.label:
            yield Merge(e.doc_id, e.key, f"person/{_slug(stripped)}", "honorific", e.forms)
        elif e.honorific_forms:
            yield Merge(e.doc_id, e.key, keys[e.doc_id, e.key], "honorific", e.honorific_forms)


def _tokens(name: str) -> list[str]:
    return [t.casefold() for t in re.split(r"[\s]+", name) if t]


def _full_names(entities: Sequence[LocalEntity], keys: Keys) -> Iterator[tuple[str, str]]:
    """(word, store-wide key) for each word of each person's full name."""
    for e in entities:
        words = _tokens(strip_honorific(e.label))
        if PERSON in e.roots and len(words) > 1:
            for word in words:
                yield word, keys[e.doc_id, e.key]


def _collect_full_names(entities: Sequence[LocalEntity], keys: Keys, index: StoreIndex) -> None:
    for word, key in _full_names(entities, keys):
        index.full[word].add(key)


def _lone_name(
    entities: Sequence[LocalEntity], keys: Keys, index: StoreIndex
) -> Iterable[Decision]:
    """A person named by one word ("Sokhonn") is the one person of the store whose full name
    holds that word; the full name in its own document wins. Two full names that hold it
    make it ambiguous, and it stays apart."""
    in_doc: dict[tuple[str, str], set[str]] = defaultdict(set)
    for e in entities:
        words = _tokens(strip_honorific(e.label))
        if PERSON in e.roots and len(words) > 1:
            for word in words:
                in_doc[e.doc_id, word].add(keys[e.doc_id, e.key])
    for e in entities:
        words = _tokens(strip_honorific(e.label))
        if PERSON not in e.roots or len(words) != 1:
            continue
        here, anywhere = in_doc.get((e.doc_id, words[0]), set()), index.full.get(words[0], set())
        if len(here) == 1:
            yield Merge(e.doc_id, e.key, next(iter(here)), "lone-name-in-document", e.forms)
        elif len(anywhere) == 1:
            yield Merge(e.doc_id, e.key, next(iter(anywhere)), "lone-name", e.forms)
        elif len(anywhere) > 1:
            yield Ambiguity(e.doc_id, e.key, "lone-name", tuple(sorted(anywhere)), e.forms)


def _collect_acronyms(entities: Sequence[LocalEntity], keys: Keys, index: StoreIndex) -> None:
    for e in entities:
        for form in e.forms:
            if _ACRONYM.fullmatch(form) and _slug(form) != _slug(e.label):
                index.called[form].add((keys[e.doc_id, e.key], e.roots))


def _acronym(entities: Sequence[LocalEntity], keys: Keys, index: StoreIndex) -> Iterable[Decision]:
    """A body or framework a document names only by its acronym ("DFAT") is the one entity of
    the same kind that another document calls by that acronym beside its full name."""
    for e in entities:
        if PERSON in e.roots or not _ACRONYM.fullmatch(e.label):
            continue
        own = keys[e.doc_id, e.key]
        found = sorted(
            {k for k, roots in index.called.get(e.label, ()) if roots & e.roots and k != own}
        )
        if len(found) == 1:
            yield Merge(e.doc_id, e.key, found[0], "acronym", e.forms)
        elif len(found) > 1:
            yield Ambiguity(e.doc_id, e.key, "acronym", tuple(found), e.forms)


# The rules in the order they apply; each sees the keys the rules before it gave.
RESOLUTION_RULES: tuple[tuple[str, ResolutionRule, Collect | None], ...] = (
    ("placed-by-state", _place_by_state, None),
    ("honorific", _honorific, None),
    ("lone-name", _lone_name, _collect_full_names),
    ("acronym", _acronym, _collect_acronyms),
)


def decide(
    entities: Sequence[LocalEntity], index: StoreIndex, rules: int = len(RESOLUTION_RULES)
) -> tuple[dict[tuple[str, str], str], list[tuple[int, Decision]]]:
    """The first ``rules`` rules applied to one document's entities (sorted by key): the
    store-wide key of each, and each decision with the position of the rule that made it."""
    keys: dict[tuple[str, str], str] = {(e.doc_id, e.key): e.key for e in entities}
    decisions: list[tuple[int, Decision]] = []
    for position, (_, rule, _) in enumerate(RESOLUTION_RULES[:rules]):
        decided = list(rule(entities, keys, index))
        for decision in decided:
            if isinstance(decision, Merge):
                keys[decision.doc_id, decision.local] = decision.into
            decisions.append((position, decision))
    return keys, decisions


def gather(documents: Callable[[], Iterable[Sequence[LocalEntity]]]) -> StoreIndex:
    """The store index, from ``documents()``: each document's entities, sorted by key. It
    is called once per rule that collects and once for the labels, each time reading
    every document again rather than holding them all."""
    index = StoreIndex()
    for position, (_, _, collect) in enumerate(RESOLUTION_RULES):
        if collect is not None:
            for entities in documents():
                keys, _ = decide(entities, index, position)
                collect(entities, keys, index)
    # One label per store-wide entity: the name most documents give it under its own key
    # (the least such name on a tie), so that a lone "Sokhonn" never labels Prak Sokhonn.
    own: dict[str, Counter[str]] = defaultdict(Counter)
    merged: dict[str, Counter[str]] = defaultdict(Counter)
    for entities in documents():
        keys, _ = decide(entities, index)
        for e in entities:
            target = keys[e.doc_id, e.key]
            (own if target == e.key else merged)[target][strip_honorific(e.label)] += 1
    for target in set(own) | set(merged):
        counts = own.get(target) or merged[target]
        index.labels[target] = min(counts, key=lambda label: (-counts[label], label))
    return index


def _view(
    doc_id: str, local_keys: Iterable[str], keys: Keys, labels: Mapping[str, str]
) -> dict[str, tuple[str, str]]:
    view = {}
    for key in local_keys:
        target = keys.get((doc_id, key), key)
        view[key] = (target, labels.get(target, ""))
    return view


@dataclass(frozen=True)
class Resolution:
    """Where each document's entities go, the label of each store-wide entity, and why."""

    keys: Mapping[tuple[str, str], str]
    labels: Mapping[str, str]
    merges: tuple[Merge, ...]
    ambiguities: tuple[Ambiguity, ...]

    def view(self, doc_id: str, local_keys: Iterable[str]) -> dict[str, tuple[str, str]]:
        """Each local key of the document → its store-wide key and that entity's label."""
        return _view(doc_id, local_keys, self.keys, self.labels)


def by_document(entities: Iterable[LocalEntity]) -> list[list[LocalEntity]]:
    """Entities grouped by document, in document order, each group sorted by key."""
    ordered = sorted(entities, key=lambda e: (e.doc_id, e.key))
    return [list(group) for _, group in groupby(ordered, key=lambda e: e.doc_id)]


def resolve_entities(entities: Sequence[LocalEntity]) -> Resolution:
    """The store-wide identities of ``entities`` (every document's, in any order), all in
    memory; ``resolve_store`` does the same over a store's ledger without holding it."""
    documents = by_document(entities)
    index = gather(lambda: documents)
    keys: dict[tuple[str, str], str] = {}
    decisions: list[tuple[int, Decision]] = []
    for group in documents:
        own_keys, own_decisions = decide(group, index)
        keys.update(own_keys)
        decisions += own_decisions
    decisions.sort(key=lambda item: item[0])  # rule by rule, as each rule ran on the whole
    merges = tuple(d for _, d in decisions if isinstance(d, Merge))
    ambiguities = tuple(d for _, d in decisions if isinstance(d, Ambiguity))
    return Resolution(keys, index.labels, merges, ambiguities)


def fingerprint(view: Mapping[str, tuple[str, str]]) -> str:
    """A short hash of a document's view: its graph is rewritten when this changes."""
    text = json.dumps([RULES_VERSION, sorted(view.items())], ensure_ascii=False)
    return hashlib.sha1(text.encode()).hexdigest()[:16]


# -- applying a view to one document -------------------------------------------------------


def apply_view(extraction: Extraction, view: Mapping[str, tuple[str, str]]) -> Extraction:
    """The extraction with every entity under its store-wide key and label; entities that
    become one are merged, their names kept as aliases."""

    def to(key: str) -> str:
        return view[key][0] if key in view else key

    def each(keys: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(to(k) for k in keys))

    grouped: dict[str, list[Entity]] = defaultdict(list)
    for entity in extraction.entities:
        grouped[to(entity.key)].append(entity)
    entities = []
    for key in sorted(grouped):
        group = grouped[key]
        names = {n for e in group for n in (e.label, *e.aliases)}
        label = next((view[e.key][1] for e in group if e.key in view and view[e.key][1]), "")
        label = label or group[0].label
        types = tuple(dict.fromkeys(t for e in group for t in e.types))
        entities.append(
            Entity(
                key=key,
                types=types,
                label=label,
                aliases=tuple(sorted(names - {label})),
                mentions=tuple(sorted({m for e in group for m in e.mentions}, key=_span_order)),
                iso_code=next((e.iso_code for e in group if e.iso_code), None),
                wikidata=next((e.wikidata for e in group if e.wikidata), None),
            )
        )
    facts = tuple(
        dict.fromkeys(
            dataclasses.replace(f, subject=to(f.subject), object=to(f.object))
            for f in extraction.facts
        )
    )
    events = tuple(_event(e, to, each) for e in extraction.events)
    quotations = tuple(
        dataclasses.replace(q, speakers=each(q.speakers)) for q in extraction.quotations
    )
    return dataclasses.replace(
        extraction, entities=tuple(entities), facts=facts, events=events, quotations=quotations
    )


def _span_order(span: Any) -> tuple[int, int]:
    return (span.start, span.end)


def _event(
    event: Event, to: Callable[[str], str], each: Callable[[tuple[str, ...]], tuple[str, ...]]
) -> Event:
    about = tuple(dict.fromkeys(k if k.startswith("event:") else to(k) for k in event.about))
    return dataclasses.replace(
        event,
        actors=each(event.actors),
        targets=each(event.targets),
        participants=each(event.participants),
        about=about,
        location=to(event.location) if event.location else None,
    )


# -- the store-wide pass -------------------------------------------------------------------


@dataclass(frozen=True)
class ResolutionReport:
    rewritten: tuple[str, ...] = ()
    merges: int = 0
    ambiguities: int = 0


def resolve_store(store: KGStore, *, written: Iterable[str] = ()) -> ResolutionReport:
    """Resolve every document the store keeps a reading of, and rewrite the graphs whose
    resolution changed (and those in ``written``; a reading just put in the ledger has no
    view yet, so its graph is written anyway). The resolution graph is replaced when its
    content changes. Nothing is done when no reading was added or removed since the last
    pass.

    The ledger is read a page at a time, once per pass (see ``gather``), and what is kept
    between documents is the store index and a digest of the resolution records, which go
    to a temporary file: memory does not grow with the number of documents."""
    from kg.ledger import RESOLVED

    must = set(written)
    if not must and store.ledger.setting(RESOLVED) == RULES_VERSION:
        return ResolutionReport()  # no reading added or removed since the last pass

    def documents() -> Iterator[list[LocalEntity]]:
        for doc_id, table, _ in store.ledger.readings():
            yield sorted(local_entities(doc_id, table), key=lambda e: e.key)

    index = gather(documents)
    with tempfile.TemporaryFile() as spool:
        records = _Records(store.iris.base, spool)
        rewritten = _write_graphs(store, index, must, records)
        records.close()
        if store.ledger.setting("resolution") != records.mark:
            # Cleared first: a pass interrupted while the graph is half-written leaves no
            # mark, so the next pass writes it again (RESOLVED is not set until the end).
            store.ledger.set_setting("resolution", "")
            store.put_graph_in_parts(store.iris.resolution(), records.parts())
            store.ledger.set_setting("resolution", records.mark)
    store.ledger.set_setting(RESOLVED, RULES_VERSION)
    return ResolutionReport(tuple(rewritten), records.merges, records.ambiguities)


def _write_graphs(
    store: KGStore, index: StoreIndex, must: set[str], records: _Records
) -> list[str]:
    """The last pass: each document's decisions, and its graph rewritten if its view
    changed (or it has none)."""
    from kg.graph import document_triples  # the graph stage builds RDF
    from kg.store import FLUSH_EVERY

    rewritten = []
    for doc_id, table, written_view in store.ledger.readings():
        entities = sorted(local_entities(doc_id, table), key=lambda e: e.key)
        keys, decisions = decide(entities, index)
        records.add(d for _, d in decisions)
        view = _view(doc_id, (row["key"] for row in table), keys, index.labels)
        mark = fingerprint(view)
        if doc_id in must or written_view != mark or not store.has_document(doc_id):
            extraction = apply_view(store.ledger.extraction(doc_id), view)
            store.put_document(doc_id, document_triples(extraction, store.iris.base))
            store.ledger.set_view(doc_id, mark)
            rewritten.append(doc_id)
            if len(rewritten) % FLUSH_EVERY == 0:
                store.flush()
    return rewritten


class _Records:
    """The resolution graph's triples, spooled to a file as N-Triples lines a few hundred
    records at a time, with an order-independent digest of them (the sum of the lines'
    hashes), so that the graph is rewritten only when its content changed."""

    BATCH = 512  # decisions per rdflib graph
    PART = 20_000  # lines per write into the store

    def __init__(self, base: str, spool: IO[bytes]) -> None:
        self._base = base
        self._spool = spool
        self._pending: list[Decision] = []
        self._sum = 0
        self._lines = 0
        self.merges = 0
        self.ambiguities = 0

    def add(self, decisions: Iterable[Decision]) -> None:
        for decision in decisions:
            if isinstance(decision, Merge):
                self.merges += decision.local != decision.into
            else:
                self.ambiguities += 1
            self._pending.append(decision)
        if len(self._pending) >= self.BATCH:
            self._write()

    def _write(self) -> None:
        from kg.graph import resolution_graph

        merges = tuple(d for d in self._pending if isinstance(d, Merge))
        ambiguities = tuple(d for d in self._pending if isinstance(d, Ambiguity))
        graph = resolution_graph(Resolution({}, {}, merges, ambiguities), self._base)
        for line in graph.serialize(format="nt", encoding="utf-8").splitlines():
            if line.strip():
                self._sum += int.from_bytes(hashlib.sha1(line).digest(), "big")
                self._lines += 1
                self._spool.write(line + b"\n")
        self._pending = []

    def close(self) -> None:
        self._write()

    @property
    def mark(self) -> str:
        return f"{self._lines}:{self._sum % 2**160:040x}"

    def parts(self) -> Iterator[str]:
        self._spool.seek(0)
        part: list[bytes] = []
        for line in self._spool:
            part.append(line)
            if len(part) >= self.PART:
                yield b"".join(part).decode("utf-8")
                part = []
        yield b"".join(part).decode("utf-8")
