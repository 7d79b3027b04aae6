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

The store-wide pass (``resolve_store``) is incremental: the index is kept in the store's
ledger as each document's counted contribution to it, so adding or removing a document
changes it by that document's contribution, and only the documents that read a name whose
keys or label changed are decided and written again. Its result is what deciding every
document again would give (the tests check it against counting the whole index afresh).

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
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cache
from itertools import groupby
from typing import TYPE_CHECKING, Any, Protocol

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
    from kg.ledger import Contribution, Ledger
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


class StoreIndex(Protocol):
    """What the rules need to know of the whole store. It is keyed by names and entities,
    never by document, so it grows with the number of distinct names in the store, not with
    the number of documents, and the rules themselves run on one document at a time. It is
    gathered in memory (``gather``) or kept in the store's ledger (``LedgerIndex``)."""

    def keys(self, rule: str, name: str) -> AbstractSet[str]:
        """The store-wide keys every document's ``Rule.collect`` for ``rule`` gave ``name``."""
        ...

    def labels_of(self, keys: Iterable[str]) -> dict[str, str]:
        """The label of each store-wide key (see ``_label``)."""
        ...


@dataclass
class IndexInMemory:
    """The store index, gathered in passes over documents held elsewhere (``gather``)."""

    # rule → name → the store-wide keys the documents gave that name
    collected: dict[str, dict[str, set[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(set))
    )
    labels: dict[str, str] = field(default_factory=dict)

    def keys(self, rule: str, name: str) -> AbstractSet[str]:
        return self.collected[rule].get(name, set())

    def labels_of(self, keys: Iterable[str]) -> dict[str, str]:
        return {key: self.labels[key] for key in keys if key in self.labels}


# A rule decides for one document's entities, given the keys the rules before it gave and
# the store index.
ResolutionRule = Callable[[Sequence[LocalEntity], Keys, StoreIndex], Iterable[Decision]]
# What a document tells a rule of itself for the index: (name, store-wide key) pairs, from
# the keys as they stand before the rule.
Collect = Callable[[Sequence[LocalEntity], Keys], Iterable[tuple[str, str]]]
# The names of the index a rule looks up for a document, from its own reading alone.
Reads = Callable[[Sequence[LocalEntity]], Iterable[str]]


@dataclass(frozen=True)
class Rule:
    """A resolution rule. One that looks beyond its document has both ``collect`` and
    ``reads``: the index can then be kept per document, and a change to a name decides
    again only the documents that read it."""

    name: str
    decide: ResolutionRule
    collect: Collect | None = None
    reads: Reads | None = None


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


def _lone_words(entities: Sequence[LocalEntity]) -> Iterator[str]:
    """The word of each person named by one word."""
    for e in entities:
        words = _tokens(strip_honorific(e.label))
        if PERSON in e.roots and len(words) == 1:
            yield words[0]


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
        here = in_doc.get((e.doc_id, words[0]), set())
        anywhere = index.keys("lone-name", words[0])
        if len(here) == 1:
            yield Merge(e.doc_id, e.key, next(iter(here)), "lone-name-in-document", e.forms)
        elif len(anywhere) == 1:
            yield Merge(e.doc_id, e.key, next(iter(anywhere)), "lone-name", e.forms)
        elif len(anywhere) > 1:
            yield Ambiguity(e.doc_id, e.key, "lone-name", tuple(sorted(anywhere)), e.forms)


def _acronym_names(acronym: str, roots: Iterable[str]) -> list[str]:
    """The index names of an acronym for entities of ``roots``: one per root class, so that
    an entity is found under the acronym only by entities of a kind it shares."""
    return [f"{acronym} {root}" for root in sorted(roots)]


def _called(entities: Sequence[LocalEntity], keys: Keys) -> Iterator[tuple[str, str]]:
    """(acronym and kind, store-wide key) for each acronym an entity is also called by."""
    for e in entities:
        for form in e.forms:
            if _ACRONYM.fullmatch(form) and _slug(form) != _slug(e.label):
                for name in _acronym_names(form, e.roots):
                    yield name, keys[e.doc_id, e.key]


def _named_by_acronym(entities: Sequence[LocalEntity]) -> Iterator[str]:
    for e in entities:
        if PERSON not in e.roots and _ACRONYM.fullmatch(e.label):
            yield from _acronym_names(e.label, e.roots)


def _acronym(entities: Sequence[LocalEntity], keys: Keys, index: StoreIndex) -> Iterable[Decision]:
    """A body or framework a document names only by its acronym ("DFAT") is the one entity of
    the same kind that another document calls by that acronym beside its full name."""
    for e in entities:
        if PERSON in e.roots or not _ACRONYM.fullmatch(e.label):
            continue
        own = keys[e.doc_id, e.key]
        names = _acronym_names(e.label, e.roots)
        found = sorted({k for name in names for k in index.keys("acronym", name) if k != own})
        if len(found) == 1:
            yield Merge(e.doc_id, e.key, found[0], "acronym", e.forms)
        elif len(found) > 1:
            yield Ambiguity(e.doc_id, e.key, "acronym", tuple(found), e.forms)


# The rules in the order they apply; each sees the keys the rules before it gave.
RESOLUTION_RULES: tuple[Rule, ...] = (
    Rule("placed-by-state", _place_by_state),
    Rule("honorific", _honorific),
    Rule("lone-name", _lone_name, collect=_full_names, reads=_lone_words),
    Rule("acronym", _acronym, collect=_called, reads=_named_by_acronym),
)


def decide(
    entities: Sequence[LocalEntity], index: StoreIndex, rules: int = len(RESOLUTION_RULES)
) -> tuple[dict[tuple[str, str], str], list[tuple[int, Decision]]]:
    """The first ``rules`` rules applied to one document's entities (sorted by key): the
    store-wide key of each, and each decision with the position of the rule that made it."""
    keys: dict[tuple[str, str], str] = {(e.doc_id, e.key): e.key for e in entities}
    decisions: list[tuple[int, Decision]] = []
    for position, rule in enumerate(RESOLUTION_RULES[:rules]):
        decided = list(rule.decide(entities, keys, index))
        for decision in decided:
            if isinstance(decision, Merge):
                keys[decision.doc_id, decision.local] = decision.into
            decisions.append((position, decision))
    return keys, decisions


# Kinds of label counts: names given under the entity's own key, and names merged into it.
_OWN, _MERGED = "label", "label-merged"


def _label_counts(entities: Sequence[LocalEntity], keys: Keys) -> Counter[tuple[str, str, str]]:
    """(kind, store-wide key, name) for each entity, counted: what it adds to the labels."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for e in entities:
        target = keys[e.doc_id, e.key]
        counts[_OWN if target == e.key else _MERGED, target, strip_honorific(e.label)] += 1
    return counts


def _label(counts: Iterable[tuple[str, str, int]]) -> str:
    """One label per store-wide entity, from its (kind, name, count)s: the name most
    entities give it under its own key (the least such name on a tie), so that a lone
    "Sokhonn" never labels Prak Sokhonn; a name merged into it only when none does."""
    own: dict[str, int] = {}
    merged: dict[str, int] = {}
    for kind, name, n in counts:
        (own if kind == _OWN else merged)[name] = n
    chosen = own or merged
    return min(chosen, key=lambda label: (-chosen[label], label))


def gather(documents: Callable[[], Iterable[Sequence[LocalEntity]]]) -> IndexInMemory:
    """The store index, from ``documents()``: each document's entities, sorted by key. It
    is called once per rule that collects and once for the labels, each time reading
    every document again rather than holding them all."""
    index = IndexInMemory()
    for position, rule in enumerate(RESOLUTION_RULES):
        if rule.collect is not None:
            for entities in documents():
                keys, _ = decide(entities, index, position)
                for name, key in rule.collect(entities, keys):
                    index.collected[rule.name][name].add(key)
    counts: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    everything: Counter[tuple[str, str, str]] = Counter()
    for entities in documents():
        keys, _ = decide(entities, index)
        everything.update(_label_counts(entities, keys))
    for (kind, target, name), n in everything.items():
        counts[target].append((kind, name, n))
    index.labels = {target: _label(found) for target, found in counts.items()}
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


# The index as counted under these rules and in this form; any other is counted again.
_INDEX_FORM = "1"
INDEX_VERSION = f"{RULES_VERSION}.{_INDEX_FORM}"
_INDEXED = "index"  # the ledger setting that holds the INDEX_VERSION it was counted under
_DECISIONS = "decisions"  # merges and names left ambiguous, counted for the report
_TOTALS = ("merges", "ambiguities")


def _reads(rule: Rule) -> str:
    """The kind of contribution that records which names of ``rule`` a document reads."""
    return f"reads {rule.name}"


def _collecting() -> list[tuple[int, Rule, Collect]]:
    """The rules that collect, with their positions."""
    return [(p, rule, rule.collect) for p, rule in enumerate(RESOLUTION_RULES) if rule.collect]


# What the last step of ``_count`` replaces of each document, and what of it is summed.
_LABELS = (_OWN, _MERGED)
_FINAL = (*_LABELS, _DECISIONS, *(_reads(rule) for rule in RESOLUTION_RULES if rule.reads))
_FINAL_SUMMED = (*_LABELS, _DECISIONS)


def resolve_store(store: KGStore, *, written: Iterable[str] = ()) -> ResolutionReport:
    """Resolve the documents the store keeps a reading of, and rewrite the graphs whose
    resolution changed (and those in ``written``; a reading just put in the ledger has no
    view yet, so its graph is written anyway), and their records in the resolution graph.
    Nothing is done when no reading was added or removed since the last pass.

    The pass is incremental: the store index is kept in the ledger as each document's
    contribution to it (``_count``), so a document read or removed changes it by its own
    contribution, and only the documents that read a name whose keys or label changed are
    decided again and written (``_write``). The whole index is counted again, and every
    document checked, when it was counted under other rules (``RULES_VERSION``) or not at
    all. Either way the ledger is read a page at a time and memory does not grow with the
    number of documents.

    A pass killed at any moment leaves the store consistent and the next one finishes it:
    the index is updated in one ledger transaction, together with the list of documents to
    write; each document's graph is replaced in one store transaction, and a page of
    documents' records in another, before the documents leave that list."""
    from kg.ledger import RESOLVED, StaleIndex

    ledger = store.ledger
    must = set(written)
    if not must and ledger.setting(RESOLVED) == RULES_VERSION:
        return ResolutionReport()  # no reading added or removed since the last pass
    everything = ledger.setting(_INDEXED) != INDEX_VERSION
    try:
        _count(store, must, everything=everything)
    except StaleIndex:  # not what its contributions sum to (edited by hand?): count it all
        _count(store, must, everything=True)
    rewritten = _write(store, must)
    ledger.set_setting(RESOLVED, RULES_VERSION)
    totals = {name: n for _, name, _, n in ledger.tally([_DECISIONS], _TOTALS)}
    return ResolutionReport(tuple(rewritten), totals.get("merges", 0), totals.get("ambiguities", 0))


class LedgerIndex:
    """The store index as the store's ledger keeps it (``StoreIndex``). The names looked up
    are remembered, up to a bound, until ``forget``: the index must not change meanwhile."""

    REMEMBER = 50_000  # names

    def __init__(self, ledger: Ledger) -> None:
        self._ledger = ledger
        self._known: dict[tuple[str, str], frozenset[str]] = {}

    def keys(self, rule: str, name: str) -> AbstractSet[str]:
        found = self._known.get((rule, name))
        if found is None:
            if len(self._known) >= self.REMEMBER:
                self._known.clear()
            found = frozenset(row[2] for row in self._ledger.tally([rule], [name]))
            self._known[rule, name] = found
        return found

    def labels_of(self, keys: Iterable[str]) -> dict[str, str]:
        counts: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
        for kind, key, name, n in self._ledger.tally(_LABELS, keys):
            counts[key].append((kind, name, n))
        return {key: _label(found) for key, found in counts.items()}

    def forget(self) -> None:
        self._known.clear()


def _documents(
    ledger: Ledger, todo: set[str] | None, removed: Sequence[str]
) -> Iterator[tuple[str, list[LocalEntity]]]:
    """Each document of ``todo`` (every document for ``None``) with its entities, sorted by
    key, and each of ``removed`` with none: what it contributes now."""
    tables = ledger.readings() if todo is None else ((d, t, None) for d, t in ledger.tables(todo))
    for doc_id, table, _ in tables:
        yield doc_id, sorted(local_entities(doc_id, table), key=lambda e: e.key)
    for doc_id in removed:
        yield doc_id, []


def _count(store: KGStore, must: set[str], *, everything: bool) -> None:
    """Bring the index up to date with the documents read or removed since it was last
    counted (or count it all again), and list every document whose graph or records may
    have changed as unwritten, in one ledger transaction.

    The rules that collect run in order, each on the index the rules before it left: the
    documents whose contribution to a rule's index may have changed are those read since,
    and those that read a name of an earlier rule whose keys changed (their keys before
    this rule may differ). Last, each such document's label counts and decisions are
    counted; a document must be written when it is one of those, or its view shows an
    entity whose label changed."""
    from kg.graph import Triples
    from kg.ledger import RESOLVED

    ledger = store.ledger
    todo: set[str] | None
    if everything:
        # Every document's records are written again; those of documents long gone too.
        store.put_graph(store.iris.resolution(), Triples())
    removed: list[str]
    with ledger.transaction():
        ledger.clear_setting(RESOLVED)
        if everything:
            ledger.reset_index()
            todo, removed = None, []
        else:
            read, removed = ledger.unresolved()
            todo = set(read)
        index = LedgerIndex(ledger)
        for position, rule, collect in _collecting():
            change: Counter[tuple[str, str, str]] = Counter()
            for doc_id, entities in _documents(ledger, todo, removed):
                keys, _ = decide(entities, index, position)
                rows = [(rule.name, name, key, 1) for name, key in set(collect(entities, keys))]
                _add(change, ledger.replace_contributions(doc_id, [rule.name], rows), todo)
            if todo is None:
                ledger.retally([rule.name])
            else:
                changed = {name for _, name in ledger.add_to_tally(change)}
                todo |= ledger.contributors([_reads(rule)], changed) - set(removed)
            index.forget()
        change = Counter()
        for doc_id, entities in _documents(ledger, todo, removed):
            keys, decisions = decide(entities, index)
            rows = _final_contribution(entities, keys, [d for _, d in decisions])
            _add(change, ledger.replace_contributions(doc_id, _FINAL, rows), todo)
        if todo is None:
            ledger.retally(_FINAL_SUMMED)
        else:
            relabelled = _relabel(ledger, index, change)
            ledger.add_unwritten(todo | set(removed) | ledger.contributors(_LABELS, relabelled))
        ledger.add_unwritten(must)
        ledger.resolved()
        ledger.set_setting(_INDEXED, INDEX_VERSION)


def _add(change: Counter[Any], more: Mapping[Any, int], todo: set[str] | None) -> None:
    """Sum the changes a pass makes to the index, unless it counts it all (``todo`` is
    ``None``): then it sums it from the contributions at the end, rather than hold it."""
    if todo is not None:
        change.update(more)  # not ``+=``, which would drop the counts that went down


def _final_contribution(
    entities: Sequence[LocalEntity], keys: Keys, decisions: Sequence[Decision]
) -> list[Contribution]:
    """A document's label counts, its numbers of merges and ambiguities, and the names of
    the index its rules read."""
    rows = [
        (kind, target, name, n) for (kind, target, name), n in _label_counts(entities, keys).items()
    ]
    merges = sum(isinstance(d, Merge) and d.local != d.into for d in decisions)
    ambiguities = sum(isinstance(d, Ambiguity) for d in decisions)
    rows += [(_DECISIONS, "merges", "", merges), (_DECISIONS, "ambiguities", "", ambiguities)]
    for rule in RESOLUTION_RULES:
        if rule.reads is not None:
            rows += [(_reads(rule), name, "", 1) for name in sorted(set(rule.reads(entities)))]
    return rows


def _relabel(
    ledger: Ledger, index: LedgerIndex, change: Mapping[tuple[str, str, str], int]
) -> set[str]:
    """Add ``change`` to the index; the store-wide keys whose label it changed."""
    touched = {name for kind, name, _ in change if kind in _LABELS}
    before = index.labels_of(touched)
    ledger.add_to_tally({k: n for k, n in change.items() if k[0] in _FINAL_SUMMED})
    after = index.labels_of(touched)
    return {key for key in touched if before.get(key) != after.get(key)}


def _write(store: KGStore, must: set[str]) -> list[str]:
    """Decide again each unwritten document, a page at a time, rewrite its graph if its view
    changed (or it has none), and replace the page's records in the resolution graph."""
    from kg.graph import document_triples, resolution_graph  # the graph stage builds RDF
    from kg.store import FLUSH_EVERY

    ledger = store.ledger
    index = LedgerIndex(ledger)
    rewritten = []
    while page := ledger.unwritten():
        decided: list[Decision] = []
        for doc_id, table, written_view in page:
            if table is None:
                continue  # removed: only its records go
            entities = sorted(local_entities(doc_id, table), key=lambda e: e.key)
            keys, decisions = decide(entities, index)
            decided += [d for _, d in decisions]
            local_keys = [row["key"] for row in table]
            labels = index.labels_of({keys.get((doc_id, k), k) for k in local_keys})
            view = _view(doc_id, local_keys, keys, labels)
            mark = fingerprint(view)
            if doc_id in must or written_view != mark or not store.has_document(doc_id):
                extraction = apply_view(ledger.extraction(doc_id), view)
                store.put_document(doc_id, document_triples(extraction, store.iris.base))
                ledger.set_view(doc_id, mark)
                rewritten.append(doc_id)
                if len(rewritten) % FLUSH_EVERY == 0:
                    store.flush()
        merges = tuple(d for d in decided if isinstance(d, Merge))
        ambiguities = tuple(d for d in decided if isinstance(d, Ambiguity))
        records = resolution_graph(Resolution({}, {}, merges, ambiguities), store.iris.base)
        doc_ids = [doc_id for doc_id, _, _ in page]
        store.put_records(doc_ids, records)
        ledger.written(doc_ids)
    return rewritten
