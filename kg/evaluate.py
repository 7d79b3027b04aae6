"""Score what the store holds for a document against a hand-made gold reading.

The scorer reads the document's named graph back out of a ``KGStore`` (not the extractor's
records), so it measures what an analyst's SPARQL query would actually see. Gold items are
paired with output items one-to-one by a maximum bipartite matching; facts and events are
then judged through the entity pairing (a gold ``s → o`` must map onto the output's nodes).

This module never prints: ``format_report`` returns the text the CLI shows.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import networkx as nx

from kg.config import Settings
from kg.errors import GoldError
from kg.model import MODALITIES
from kg.namespaces import PLOVER_IRI
from kg.store import KGStore, open_store

CATEGORIES = ("entities", "facts", "events_typed", "events_untyped", "quotations")
# Quotations are scored and shown, but kept out of the headline figures.
HEADLINE_CATEGORIES = CATEGORIES[:4]

PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
FACT_PROPERTIES = ("affiliatedWith", "partOf", "memberOf", "chairs", "hosts", "locatedIn")

# Subclass → its class in ontology/kg.ttl, so that a node typed only with the subclass still
# counts as the class (Summit ⊑ Meeting ⊑ Event).
_SUPERCLASS = {
    "GovernmentBody": "Organization",
    "InternationalOrganization": "Organization",
    "Forum": "Framework",
    "Programme": "Framework",
    "Agreement": "Framework",
    "Policy": "Framework",
    "Meeting": "Event",
    "Summit": "Meeting",
}
ENTITY_CLASSES = ("Person", "Country", "Organization", "Framework", "Place", "Event", *_SUPERCLASS)
EVENT_KINDS = ("Event", "Meeting", "Summit")


def _with_superclasses(classes: Iterable[str]) -> frozenset[str]:
    closed: set[str] = set()
    for cls in classes:
        while cls not in closed:
            closed.add(cls)
            cls = _SUPERCLASS.get(cls, cls)
    return frozenset(closed)


# ``build(paths, store)``: ingest, extract and store each document, one graph per document.
# Whatever it returns (a build report, say) is ignored.
BuildDocuments = Callable[[list[Path], KGStore], object]


# -- label normalisation ---------------------------------------------------------------------

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"'})
_POSSESSIVE = re.compile(r"'s\b")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The form labels are compared in.

    Case-folded; curly quotes made straight; a possessive ``'s`` dropped; dashes and slashes
    become spaces (so "Asia-Europe" meets "Asia Europe"); other punctuation is dropped (so
    "U.N." meets "UN"); whitespace collapsed; a leading "the" dropped.
    """
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    text = _POSSESSIVE.sub("", text)
    chars = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Pd" or char in "/\\":
            chars.append(" ")
        elif not category.startswith("P"):
            chars.append(char)
    text = _SPACE.sub(" ", "".join(chars)).strip()
    return text[4:] if text.startswith("the ") else text


def _contains(haystack: str, needle: str) -> bool:
    """Whether ``needle`` occurs in ``haystack`` as whole words, both normalised."""
    small = normalise(needle)
    return bool(small) and f" {small} " in f" {normalise(haystack)} "


# -- gold records -----------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldEntity:
    id: str
    type: str
    label: str
    aliases: tuple[str, ...] = ()
    alt_types: tuple[str, ...] = ()
    optional: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class GoldFact:
    s: str
    p: str
    o: str
    role: str | None = None
    optional: bool = False


@dataclass(frozen=True)
class GoldAmount:
    value: Decimal
    currency: str


@dataclass(frozen=True)
class GoldEvent:
    id: str
    types: tuple[str, ...]
    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    about: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    kind: str | None = None
    amount: GoldAmount | None = None
    date: str | None = None
    location: str | None = None
    mode: str | None = None
    modality: str | None = None
    evidence: str | None = None
    optional: bool = False


@dataclass(frozen=True)
class GoldQuotation:
    speakers: tuple[str, ...]
    evidence: str
    optional: bool = False


@dataclass(frozen=True)
class Gold:
    """One gold file: the hand-made reading of one document."""

    path: Path
    doc: str
    doc_date: str | None = None
    note: str | None = None
    entities: tuple[GoldEntity, ...] = ()
    relations: tuple[GoldFact, ...] = ()
    events: tuple[GoldEvent, ...] = ()
    quotations: tuple[GoldQuotation, ...] = ()

    @property
    def doc_id(self) -> str:
        """The id the store knows the document by: its file name without the extension."""
        return Path(self.doc).stem


_TOP_KEYS = ("doc", "doc_date", "note", "entities", "relations", "events", "quotations")
_ENTITY_KEYS = ("id", "type", "alt_types", "label", "aliases", "optional", "note")
_FACT_KEYS = ("s", "p", "o", "role", "date", "evidence", "optional", "note")
_EVENT_KEYS = (
    "id",
    "type",
    "kind",
    "actors",
    "targets",
    "participants",
    "about",
    "topics",
    "amount",
    "date",
    "location",
    "mode",
    "modality",
    "evidence",
    "optional",
    "note",
)
_QUOTATION_KEYS = ("speaker", "evidence", "optional", "note")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?|--\d{2}-\d{2}")
_CURRENCY = re.compile(r"[A-Z]{3}")


class _GoldReader:
    """Checks one parsed gold file, naming the offending item in every error."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, problem: str) -> GoldError:
        return GoldError(f"{self.path}: {where}: {problem}")

    def obj(self, value: Any, where: str, allowed: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "expected a JSON object")
        # Extra keys are tolerated (annotators add notes), but a near-miss of a known key
        # ("alias", "optinal") would silently drop what the annotator meant, so it is an error.
        for key in value:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.75)
                if close:
                    raise self.fail(where, f"unknown key {key!r} (did you mean {close[0]!r}?)")
        return value

    def text(
        self, item: dict[str, Any], key: str, where: str, required: bool = False
    ) -> str | None:
        value = item.get(key)
        if value is None:
            if required:
                raise self.fail(where, f"{key!r} is missing")
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, f"{key!r} must be a non-empty string, not {value!r}")
        return value

    def texts(self, item: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = item.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(where, f"{key!r} must be a list of non-empty strings")
        return tuple(value)

    def flag(self, item: dict[str, Any], where: str) -> bool:
        value = item.get("optional", False)
        if not isinstance(value, bool):
            raise self.fail(where, f"'optional' must be true or false, not {value!r}")
        return value

    def items(self, data: dict[str, Any], key: str) -> list[Any]:
        value = data.get(key, [])
        if not isinstance(value, list):
            raise self.fail(key, "expected a list")
        return value

    def refs(self, ids: tuple[str, ...], known: Iterable[str], where: str, key: str) -> None:
        known = set(known)
        for ref in ids:
            if ref not in known:
                raise self.fail(where, f"{key} names {ref!r}, which is not defined in this file")

    def date(self, item: dict[str, Any], key: str, where: str) -> str | None:
        value = self.text(item, key, where)
        if value is not None and not _DATE.fullmatch(value):
            raise self.fail(where, f"{key} {value!r} is not YYYY, YYYY-MM, YYYY-MM-DD or --MM-DD")
        return value

    def read(self, data: Any) -> Gold:
        top = self.obj(data, "top level", _TOP_KEYS)
        doc = self.text(top, "doc", "top level", required=True)
        assert doc is not None
        entities = tuple(
            self.entity(item, f"entities[{i}]")
            for i, item in enumerate(self.items(top, "entities"))
        )
        entity_ids = self.unique([e.id for e in entities], "entities")
        relations = tuple(
            self.fact(item, f"relations[{i}]", entity_ids)
            for i, item in enumerate(self.items(top, "relations"))
        )
        raw_events = self.items(top, "events")
        events = tuple(
            self.event(item, f"events[{i}]", entity_ids) for i, item in enumerate(raw_events)
        )
        event_ids = self.unique([e.id for e in events], "events")
        for i, event in enumerate(events):
            if event.id in entity_ids:
                raise self.fail(f"events[{i}]", f"id {event.id!r} is also an entity id")
            self.refs(event.about, entity_ids | event_ids, f"events[{i}]", "about")
        quotations = tuple(
            self.quotation(item, f"quotations[{i}]", entity_ids)
            for i, item in enumerate(self.items(top, "quotations"))
        )
        return Gold(
            path=self.path,
            doc=doc,
            doc_date=self.date(top, "doc_date", "top level"),
            note=top.get("note") if isinstance(top.get("note"), str) else None,
            entities=entities,
            relations=relations,
            events=events,
            quotations=quotations,
        )

    def unique(self, ids: list[str], key: str) -> set[str]:
        seen: set[str] = set()
        for ident in ids:
            if ident in seen:
                raise self.fail(key, f"id {ident!r} is used twice")
            seen.add(ident)
        return seen

    def entity(self, value: Any, where: str) -> GoldEntity:
        item = self.obj(value, where, _ENTITY_KEYS)
        ident = self.text(item, "id", where, required=True)
        where = f"{where} ({ident})"
        kind = self.text(item, "type", where, required=True)
        label = self.text(item, "label", where, required=True)
        alt_types = self.texts(item, "alt_types", where)
        for cls in (kind, *alt_types):
            if cls not in ENTITY_CLASSES:
                raise self.fail(where, f"type {cls!r} is not one of {', '.join(ENTITY_CLASSES)}")
        assert ident is not None and kind is not None and label is not None
        return GoldEntity(
            id=ident,
            type=kind,
            label=label,
            aliases=self.texts(item, "aliases", where),
            alt_types=alt_types,
            optional=self.flag(item, where),
        )

    def fact(self, value: Any, where: str, entity_ids: set[str]) -> GoldFact:
        item = self.obj(value, where, _FACT_KEYS)
        s = self.text(item, "s", where, required=True)
        p = self.text(item, "p", where, required=True)
        o = self.text(item, "o", where, required=True)
        assert s is not None and p is not None and o is not None
        if p not in FACT_PROPERTIES:
            raise self.fail(where, f"p {p!r} is not one of {', '.join(FACT_PROPERTIES)}")
        self.refs((s, o), entity_ids, where, "the relation")
        return GoldFact(s, p, o, self.text(item, "role", where), self.flag(item, where))

    def event(self, value: Any, where: str, entity_ids: set[str]) -> GoldEvent:
        item = self.obj(value, where, _EVENT_KEYS)
        ident = self.text(item, "id", where, required=True)
        assert ident is not None
        where = f"{where} ({ident})"
        types = tuple(t.upper() for t in self.texts(item, "type", where))
        if not types:
            raise self.fail(where, "'type' must list at least one PLOVER type")
        for code in types:
            if code not in PLOVER_TYPES:
                raise self.fail(where, f"type {code!r} is not a PLOVER type")
        roles = {key: self.texts(item, key, where) for key in ("actors", "targets", "participants")}
        for key, ids in roles.items():
            self.refs(ids, entity_ids, where, key)
        kind = self.text(item, "kind", where)
        if kind is not None and kind not in EVENT_KINDS:
            raise self.fail(where, f"kind {kind!r} is not one of {', '.join(EVENT_KINDS)}")
        modality = self.text(item, "modality", where)
        if modality is not None and modality not in MODALITIES:
            raise self.fail(where, f"modality {modality!r} is not one of {', '.join(MODALITIES)}")
        location = self.text(item, "location", where)
        if location is not None:
            self.refs((location,), entity_ids, where, "location")
        return GoldEvent(
            id=ident,
            types=types,
            actors=roles["actors"],
            targets=roles["targets"],
            participants=roles["participants"],
            about=self.texts(item, "about", where),
            topics=self.texts(item, "topics", where),
            kind=kind,
            amount=self.amount(item.get("amount"), where),
            date=self.date(item, "date", where),
            location=location,
            mode=self.text(item, "mode", where),
            modality=modality,
            evidence=self.text(item, "evidence", where),
            optional=self.flag(item, where),
        )

    def amount(self, value: Any, where: str) -> GoldAmount | None:
        if value is None:
            return None
        item = self.obj(value, f"{where} amount", ("value", "currency"))
        number, currency = item.get("value"), item.get("currency")
        try:
            if isinstance(number, bool) or not isinstance(number, (int, float, str)):
                raise InvalidOperation
            parsed = Decimal(str(number))
        except InvalidOperation:
            raise self.fail(where, f"amount value {number!r} is not a number") from None
        if not isinstance(currency, str) or not _CURRENCY.fullmatch(currency):
            raise self.fail(where, f"amount currency {currency!r} is not an ISO 4217 code")
        return GoldAmount(parsed, currency)

    def quotation(self, value: Any, where: str, entity_ids: set[str]) -> GoldQuotation:
        item = self.obj(value, where, _QUOTATION_KEYS)
        speakers = self.texts(item, "speaker", where)
        self.refs(speakers, entity_ids, where, "speaker")
        evidence = self.text(item, "evidence", where, required=True)
        assert evidence is not None
        return GoldQuotation(speakers, evidence, self.flag(item, where))


def load_gold(path: str | Path) -> Gold:
    """Read and check one gold file; anything malformed raises ``GoldError`` naming the file."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GoldError(f"{path}: no such gold file — check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{path}: cannot be read ({exc})") from None
    except json.JSONDecodeError as exc:
        raise GoldError(
            f"{path}: is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None
    return _GoldReader(path).read(data)


# -- scores -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and false negatives, with the usual ratios.

    An empty denominator is read generously only when there is nothing to get wrong:
    precision is 1.0 when nothing was produced and nothing was expected, else 0.0; recall
    likewise.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        if self.tp + self.fp == 0:
            return 1.0 if self.fn == 0 else 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.tp + self.fn == 0:
            return 1.0 if self.fp == 0 else 0.0
        return self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class CategoryScore:
    """One category of one document: the counts and, for ``-v``, what was missed or extra."""

    counts: Counts
    misses: tuple[str, ...] = ()
    false_positives: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentScore:
    doc_id: str
    gold_path: str
    categories: Mapping[str, CategoryScore]
    # Typed events by PLOVER type: TP and FN under the gold's first type, FP under the
    # output's type.
    event_types: Mapping[str, Counts] = field(default_factory=dict)
    # False when the store held no graph for the document (every gold item is then a miss).
    in_store: bool = True

    def counts(self, category: str) -> Counts:
        return self.categories[category].counts


@dataclass(frozen=True)
class MicroAverage:
    """Counts summed over documents, per category and per PLOVER type."""

    documents: int
    categories: Mapping[str, Counts]
    event_types: Mapping[str, Counts]


def micro_average(scores: Iterable[DocumentScore]) -> MicroAverage:
    """Sum TP/FP/FN across documents, so large documents weigh more than small ones."""
    categories = {c: Counts() for c in CATEGORIES}
    event_types: dict[str, Counts] = {}
    documents = 0
    for score in scores:
        documents += 1
        for name, category in score.categories.items():
            categories[name] = categories.get(name, Counts()) + category.counts
        for code, counts in score.event_types.items():
            event_types[code] = event_types.get(code, Counts()) + counts
    return MicroAverage(documents, categories, dict(sorted(event_types.items())))


# -- what the store holds for a document ------------------------------------------------------


@dataclass(frozen=True)
class _OutEntity:
    iri: str
    classes: frozenset[str]  # local names, closed under the subclass map
    label: str | None
    names: frozenset[str]  # normalised rdfs:label and skos:altLabel values


@dataclass(frozen=True)
class _OutEvent:
    iri: str
    types: tuple[str, ...]
    actors: frozenset[str]
    targets: frozenset[str]
    about: frozenset[str]
    label: str | None
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class _OutQuotation:
    iri: str
    speakers: frozenset[str]
    texts: tuple[str, ...]


@dataclass(frozen=True)
class _Output:
    entities: tuple[_OutEntity, ...]
    facts: tuple[tuple[str, str, str], ...]
    events: tuple[_OutEvent, ...]
    quotations: tuple[_OutQuotation, ...]
    labels: Mapping[str, str]


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def _key(term: Any) -> str:
    """A stable string for an RDF term from a query row (blank nodes kept distinct)."""
    name = type(term).__name__
    return f"_:{term.value}" if name == "BlankNode" else str(term.value)


def _rows(store: KGStore, sparql: str) -> list[tuple[str, ...]]:
    solutions = store.query(sparql)
    names = [v.value for v in solutions.variables]
    return [
        tuple("" if row[n] is None else _key(row[n]) for n in names)
        for row in solutions  # rows are few per document; materialising keeps types simple
    ]


def _read_output(store: KGStore, doc_id: str) -> _Output:
    g = f"<{store.iris.graph(doc_id)}>"
    entity_classes = " ".join(f"kg:{c}" for c in ENTITY_CLASSES)
    classes: dict[str, set[str]] = {}
    for node, cls in _rows(
        store,
        f"SELECT ?n ?c WHERE {{ GRAPH {g} {{ VALUES ?c {{ {entity_classes} }} ?n a ?c "
        "FILTER NOT EXISTS { ?n kg:eventType ?t } } }",
    ):
        classes.setdefault(node, set()).add(_local(cls))

    labels: dict[str, str] = {}
    names: dict[str, set[str]] = {}
    for node, prop, value in sorted(
        _rows(
            store,
            f"SELECT ?n ?p ?l WHERE {{ GRAPH {g} {{ VALUES ?p {{ rdfs:label skos:altLabel }} "
            "?n ?p ?l FILTER(isLiteral(?l)) } }",
        )
    ):
        if prop.endswith("#label"):
            labels.setdefault(node, value)
        if normalise(value):
            names.setdefault(node, set()).add(normalise(value))
    entities = tuple(
        _OutEntity(node, _with_superclasses(cls), labels.get(node), frozenset(names.get(node, ())))
        for node, cls in sorted(classes.items())
    )

    properties = " ".join(f"kg:{p}" for p in FACT_PROPERTIES)
    facts = tuple(
        sorted(
            (s, _local(p), o)
            for s, p, o in _rows(
                store,
                f"SELECT ?s ?p ?o WHERE {{ GRAPH {g} {{ VALUES ?p {{ {properties} }} "
                "?s ?p ?o } }",
            )
        )
    )

    types: dict[str, set[str]] = {}
    for node, event_type in _rows(
        store, f"SELECT ?e ?t WHERE {{ GRAPH {g} {{ ?e kg:eventType ?t }} }}"
    ):
        code = event_type[len(PLOVER_IRI) :] if event_type.startswith(PLOVER_IRI) else event_type
        types.setdefault(node, set()).add(_local(code).upper())
    roles: dict[tuple[str, str], set[str]] = {}
    for node, role, value in _rows(
        store,
        f"SELECT ?e ?r ?x WHERE {{ GRAPH {g} {{ ?e kg:eventType ?t . "
        "VALUES ?r { kg:actor kg:target kg:about } ?e ?r ?x } }",
    ):
        roles.setdefault((node, _local(role)), set()).add(value)
    sentences: dict[str, list[str]] = {}
    for node, sentence in sorted(
        _rows(
            store,
            f"SELECT ?e ?s WHERE {{ GRAPH {g} {{ ?e kg:eventType ?t ; prov:wasDerivedFrom ?m . "
            "?m kg:text ?s } }",
        )
    ):
        sentences.setdefault(node, []).append(sentence)
    events = tuple(
        _OutEvent(
            iri=node,
            types=tuple(sorted(codes)),
            actors=frozenset(roles.get((node, "actor"), ())),
            targets=frozenset(roles.get((node, "target"), ())),
            about=frozenset(roles.get((node, "about"), ())),
            label=labels.get(node),
            sentences=tuple(sentences.get(node, ())),
        )
        for node, codes in sorted(types.items())
    )

    quote_texts: dict[str, list[str]] = {}
    for node, text in sorted(
        _rows(
            store,
            f"SELECT ?q ?t WHERE {{ GRAPH {g} {{ ?q a kg:Quotation "
            "OPTIONAL { ?q kg:text ?t } } }",
        )
    ):
        quote_texts.setdefault(node, [])
        if text:
            quote_texts[node].append(text)
    speakers: dict[str, set[str]] = {}
    for node, speaker in _rows(
        store, f"SELECT ?q ?s WHERE {{ GRAPH {g} {{ ?q a kg:Quotation ; kg:speaker ?s }} }}"
    ):
        speakers.setdefault(node, set()).add(speaker)
    quotations = tuple(
        _OutQuotation(node, frozenset(speakers.get(node, ())), tuple(texts))
        for node, texts in sorted(quote_texts.items())
    )
    return _Output(entities, facts, events, quotations, labels)


def _in_store(store: KGStore, doc_id: str) -> bool:
    return bool(store.query(f"ASK {{ GRAPH <{store.iris.graph(doc_id)}> {{ ?s ?p ?o }} }}"))


# -- matching ---------------------------------------------------------------------------------


def _match(
    scores: Mapping[tuple[int, int], int], required: Sequence[bool], max_score: int
) -> dict[int, int]:
    """A one-to-one pairing of gold items (left) with output items (right).

    Lexicographic objective: most pairs overall, then most required gold items paired (so an
    optional gold item never takes an output a required one could have), then the best total
    score. A maximum-cardinality matching always has room for a maximum set of required
    items, so the bonus below only has to outweigh the scores.
    """
    if not scores:
        return {}
    bonus = (max_score + 1) * (min(len(required), len(scores)) + 1)
    graph: nx.Graph = nx.Graph()
    for (gi, oi), score in sorted(scores.items()):
        graph.add_edge(("g", gi), ("o", oi), weight=score + 1 + (bonus if required[gi] else 0))
    pairs = nx.max_weight_matching(graph, maxcardinality=True)
    matched: dict[int, int] = {}
    for a, b in pairs:
        gold, out = (a, b) if a[0] == "g" else (b, a)
        matched[gold[1]] = out[1]
    return matched


def _tally(
    gold_optional: Sequence[bool],
    output_count: int,
    pairs: Mapping[int, int],
    describe_gold: Callable[[int], str],
    describe_output: Callable[[int], str],
) -> CategoryScore:
    taken = set(pairs.values())
    tp = sum(1 for gi in pairs if not gold_optional[gi])
    misses = tuple(
        describe_gold(gi)
        for gi, optional in enumerate(gold_optional)
        if not optional and gi not in pairs
    )
    extras = tuple(describe_output(oi) for oi in range(output_count) if oi not in taken)
    return CategoryScore(Counts(tp, len(extras), len(misses)), misses, extras)


# -- scoring one document ---------------------------------------------------------------------


class _Scorer:
    def __init__(self, store: KGStore, gold: Gold, output: _Output) -> None:
        self.store = store
        self.gold = gold
        self.out = output
        self.gold_entities = {e.id: e for e in gold.entities}
        self.entity_map: dict[str, str] = {}

    # descriptions for -v
    def name(self, iri: str) -> str:
        label = self.out.labels.get(iri)
        if label is not None:
            return f'"{label}"'
        return iri.removeprefix(self.store.iris.base)

    def gold_name(self, ident: str) -> str:
        entity = self.gold_entities.get(ident)
        return f'"{entity.label}"' if entity else ident

    @staticmethod
    def clip(text: str, width: int = 90) -> str:
        text = " ".join(text.split())
        return text if len(text) <= width else text[: width - 1] + "…"

    # entities
    def entities(self) -> CategoryScore:
        scores: dict[tuple[int, int], int] = {}
        for gi, gold in enumerate(self.gold.entities):
            forms = {normalise(n) for n in gold.names} - {""}
            for oi, out in enumerate(self.out.entities):
                if not forms & out.names:
                    continue
                if gold.type in out.classes:
                    type_score = 2
                elif set(gold.alt_types) & out.classes:
                    type_score = 1
                else:
                    continue
                label_score = (
                    4 if out.label and normalise(out.label) == normalise(gold.label) else 0
                )
                scores[gi, oi] = label_score + type_score + min(len(forms & out.names), 3)
        pairs = _match(scores, [not e.optional for e in self.gold.entities], max_score=9)
        self.entity_map = {
            self.gold.entities[gi].id: self.out.entities[oi].iri for gi, oi in pairs.items()
        }

        def gold_text(gi: int) -> str:
            e = self.gold.entities[gi]
            return f'{e.type} "{e.label}" ({e.id})'

        def out_text(oi: int) -> str:
            e = self.out.entities[oi]
            implied = {_SUPERCLASS[c] for c in e.classes if c in _SUPERCLASS}
            shown = sorted(e.classes - implied)
            return (
                f"{'/'.join(shown)} {self.name(e.iri)} <{e.iri.removeprefix(self.store.iris.base)}>"
            )

        return _tally(
            [e.optional for e in self.gold.entities],
            len(self.out.entities),
            pairs,
            gold_text,
            out_text,
        )

    # facts
    def facts(self) -> CategoryScore:
        scores: dict[tuple[int, int], int] = {}
        index = {fact: oi for oi, fact in enumerate(self.out.facts)}
        for gi, fact in enumerate(self.gold.relations):
            s, o = self.entity_map.get(fact.s), self.entity_map.get(fact.o)
            if s is not None and o is not None and (s, fact.p, o) in index:
                scores[gi, index[s, fact.p, o]] = 0
        pairs = _match(scores, [not f.optional for f in self.gold.relations], max_score=0)

        def gold_text(gi: int) -> str:
            f = self.gold.relations[gi]
            unmatched = [i for i in (f.s, f.o) if i not in self.entity_map]
            why = f" [entity not found: {', '.join(unmatched)}]" if unmatched else ""
            return f"{self.gold_name(f.s)} {f.p} {self.gold_name(f.o)}{why}"

        def out_text(oi: int) -> str:
            s, p, o = self.out.facts[oi]
            return f"{self.name(s)} {p} {self.name(o)}"

        return _tally(
            [f.optional for f in self.gold.relations],
            len(self.out.facts),
            pairs,
            gold_text,
            out_text,
        )

    # events
    def _overlap(self, gold_ids: tuple[str, ...], out_nodes: frozenset[str]) -> int | None:
        """How many gold ids map onto ``out_nodes``; None when the role must overlap and doesn't."""
        if not gold_ids:
            return 0
        hits = sum(1 for i in gold_ids if self.entity_map.get(i) in out_nodes)
        return hits or None

    def _about_ok(self, gold: GoldEvent, out: _OutEvent, event_map: Mapping[str, str]) -> bool:
        if not gold.about:
            return True
        for ref in gold.about:
            if ref in self.gold_entities:
                if self.entity_map.get(ref) in out.about:
                    return True
            elif ref in event_map:
                if event_map[ref] in out.about:
                    return True
            elif out.about:
                # The referenced gold event has no output counterpart to check against, so
                # any kg:about stands in for it.
                return True
        return False

    def _event_score(
        self, gold: GoldEvent, out: _OutEvent, typed: bool, event_map: Mapping[str, str]
    ) -> int | None:
        rank = next((i for i, t in enumerate(gold.types) if t in out.types), None)
        if typed and rank is None:
            return None
        actors = self._overlap(gold.actors, out.actors)
        targets = self._overlap(gold.targets, out.targets)
        if actors is None or targets is None or not self._about_ok(gold, out, event_map):
            return None
        type_score = 0 if rank is None else (2 if rank == 0 else 1)
        evidence = bool(gold.evidence) and any(
            _contains(s, gold.evidence or "") for s in out.sentences
        )
        # Evidence dominates the preference so that several same-typed events between the
        # same two states pair with the sentences they came from.
        return 8 * evidence + type_score + min(actors + targets, 5)

    def _event_pairs(self, typed: bool, event_map: Mapping[str, str]) -> dict[int, int]:
        scores: dict[tuple[int, int], int] = {}
        for gi, gold in enumerate(self.gold.events):
            for oi, out in enumerate(self.out.events):
                score = self._event_score(gold, out, typed, event_map)
                if score is not None:
                    scores[gi, oi] = score
        return _match(scores, [not e.optional for e in self.gold.events], max_score=15)

    def events(self, typed: bool) -> tuple[CategoryScore, dict[str, Counts]]:
        # About-links to other events depend on the event pairing itself: pair once with
        # such links relaxed, then again checking them through that first pairing.
        first = self._event_pairs(typed, {})
        event_map = {self.gold.events[gi].id: self.out.events[oi].iri for gi, oi in first.items()}
        pairs = self._event_pairs(typed, event_map)

        def gold_text(gi: int) -> str:
            e = self.gold.events[gi]
            roles = "; ".join(
                f"{key}: {', '.join(self.gold_name(i) for i in ids)}"
                for key, ids in (("actors", e.actors), ("targets", e.targets), ("about", e.about))
                if ids
            )
            evidence = f' — "{self.clip(e.evidence)}"' if e.evidence else ""
            return f"{e.id} [{'|'.join(e.types)}] {roles}{evidence}"

        def out_text(oi: int) -> str:
            e = self.out.events[oi]
            roles = "; ".join(
                f"{key}: {', '.join(self.name(i) for i in sorted(nodes))}"
                for key, nodes in (("actors", e.actors), ("targets", e.targets), ("about", e.about))
                if nodes
            )
            sentence = f' — "{self.clip(e.sentences[0])}"' if e.sentences else ""
            label = f" {self.name(e.iri)}" if e.label else ""
            return f"[{'|'.join(e.types)}]{label} {roles}{sentence}"

        result = _tally(
            [e.optional for e in self.gold.events],
            len(self.out.events),
            pairs,
            gold_text,
            out_text,
        )
        by_type: dict[str, Counts] = {}
        if typed:
            for gi, gold in enumerate(self.gold.events):
                if not gold.optional:
                    hit = gi in pairs
                    by_type[gold.types[0]] = by_type.get(gold.types[0], Counts()) + Counts(
                        tp=int(hit), fn=int(not hit)
                    )
            taken = set(pairs.values())
            for oi, out in enumerate(self.out.events):
                if oi not in taken:
                    code = out.types[0] if out.types else "?"
                    by_type[code] = by_type.get(code, Counts()) + Counts(fp=1)
        return result, dict(sorted(by_type.items()))

    # quotations
    def quotations(self) -> CategoryScore:
        scores: dict[tuple[int, int], int] = {}
        for gi, gold in enumerate(self.gold.quotations):
            for oi, out in enumerate(self.out.quotations):
                speakers = self._overlap(gold.speakers, out.speakers)
                if speakers is None:
                    continue
                if any(_contains(text, gold.evidence) for text in out.texts):
                    scores[gi, oi] = min(speakers, 5)
        pairs = _match(scores, [not q.optional for q in self.gold.quotations], max_score=5)

        def gold_text(gi: int) -> str:
            q = self.gold.quotations[gi]
            who = ", ".join(self.gold_name(i) for i in q.speakers) or "?"
            return f'{who}: "{self.clip(q.evidence)}"'

        def out_text(oi: int) -> str:
            q = self.out.quotations[oi]
            who = ", ".join(self.name(i) for i in sorted(q.speakers)) or "?"
            return f'{who}: "{self.clip(q.texts[0]) if q.texts else ""}"'

        return _tally(
            [q.optional for q in self.gold.quotations],
            len(self.out.quotations),
            pairs,
            gold_text,
            out_text,
        )


def score_document(store: KGStore, gold: Gold) -> DocumentScore:
    """Compare what ``store`` holds in the document's named graph with ``gold``."""
    doc_id = gold.doc_id
    scorer = _Scorer(store, gold, _read_output(store, doc_id))
    entities = scorer.entities()  # first: facts, events and quotations go through its pairing
    facts = scorer.facts()
    typed, by_type = scorer.events(typed=True)
    untyped, _ = scorer.events(typed=False)
    quotations = scorer.quotations()
    return DocumentScore(
        doc_id=doc_id,
        gold_path=str(gold.path),
        categories={
            "entities": entities,
            "facts": facts,
            "events_typed": typed,
            "events_untyped": untyped,
            "quotations": quotations,
        },
        event_types=by_type,
        in_store=_in_store(store, doc_id),
    )


# -- orchestration ----------------------------------------------------------------------------


def find_document(gold: Gold, docs_dir: str | Path | None = None) -> Path:
    """The document a gold file reads: beside the gold file, else in or under ``docs_dir``."""
    name = Path(gold.doc)
    candidates = [name] if name.is_absolute() else [gold.path.parent / name]
    if docs_dir is not None and not name.is_absolute():
        candidates.append(Path(docs_dir) / name)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    if docs_dir is not None and Path(docs_dir).is_dir():
        found = sorted(p for p in Path(docs_dir).rglob(name.name) if p.is_file())
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            listed = ", ".join(str(p) for p in found)
            raise GoldError(f"{gold.path}: document {gold.doc!r} is ambiguous ({listed})")
    where = " or ".join(str(c.parent) for c in candidates)
    hint = "" if docs_dir is not None else " — pass --docs DIR if it lives elsewhere"
    raise GoldError(f"{gold.path}: document {gold.doc!r} not found in {where}{hint}")


def evaluate(
    gold_paths: Iterable[str | Path],
    docs_dir: str | Path | None = None,
    *,
    build: BuildDocuments,
    base_iri: str | None = None,
) -> list[DocumentScore]:
    """Build each gold file's document into a fresh in-memory store and score it.

    Every gold file is loaded and every document located before anything is built, so a
    bad gold file fails fast. ``build`` is the pipeline (``kg.build``'s document builder);
    it is a parameter so that scoring does not depend on the extractor.
    """
    golds = [load_gold(p) for p in gold_paths]
    documents: list[Path] = []
    for gold in golds:
        path = find_document(gold, docs_dir)
        if path not in documents:
            documents.append(path)
    with open_store(None, base_iri or Settings().base_iri) as store:
        build(documents, store)
        return [score_document(store, gold) for gold in golds]


# -- report -----------------------------------------------------------------------------------


def _row(name: str, counts: Counts, width: int) -> str:
    return (
        f"{name:<{width}} {counts.tp:>5} {counts.fp:>5} {counts.fn:>5}"
        f" {counts.precision:>9.3f} {counts.recall:>7.3f} {counts.f1:>7.3f}"
    )


def _header(title: str, width: int) -> str:
    return (
        f"{title:<{width}} {'TP':>5} {'FP':>5} {'FN':>5} {'precision':>9} {'recall':>7} {'F1':>7}"
    )


# Short enough that a row of five fits in 80 columns beside a document id.
_SHORT_HEADERS = ("entities", "facts", "ev.typed", "ev.untyped", "quotes*")


def format_report(scores: Sequence[DocumentScore], verbose: bool = False) -> str:
    """A plain-text table: micro-averages, per PLOVER type, per document; ``verbose`` adds
    every miss and false positive."""
    total = micro_average(scores)
    lines = [f"Micro-average over {total.documents} document(s)", ""]
    width = 16
    lines.append(_header("category", width))
    for name in HEADLINE_CATEGORIES:
        lines.append(_row(name, total.categories[name], width))
    lines.append(_row("quotations*", total.categories["quotations"], width))
    lines.append("* reported, not part of the headline")

    if total.event_types:
        lines += ["", "Typed events by PLOVER type (TP/FN by the gold's first type)", ""]
        lines.append(_header("type", width))
        lines += [_row(code, counts, width) for code, counts in total.event_types.items()]

    if scores:
        doc_width = max(len("document"), *(len(s.doc_id) for s in scores))
        lines += ["", "F1 per document", ""]
        lines.append(f"{'document':<{doc_width}} " + " ".join(f"{h:>10}" for h in _SHORT_HEADERS))
        for score in scores:
            cells = " ".join(f"{score.counts(name).f1:>10.3f}" for name in CATEGORIES)
            note = "  (not in the store)" if not score.in_store else ""
            lines.append(f"{score.doc_id:<{doc_width}} {cells}{note}")

    if verbose:
        for score in scores:
            lines += ["", f"== {score.doc_id} ({score.gold_path})"]
            if not score.in_store:
                lines.append("   the build stored no graph for this document")
            for name in CATEGORIES:
                category = score.categories[name]
                if not category.misses and not category.false_positives:
                    continue
                lines.append(f"-- {name}")
                lines += [f"   missed: {text}" for text in category.misses]
                lines += [f"   extra:  {text}" for text in category.false_positives]
    return "\n".join(lines) + "\n"
