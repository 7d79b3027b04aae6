"""The graph view: the store as one self-contained, offline HTML page.

``build_network`` reads the store with SPARQL into a ``networkx.MultiDiGraph`` — the data,
testable without a browser — optionally only the part a ``VizFilter`` selects (a focus and
its neighbourhood, classes, event types, a period, documents). ``reduce_network`` shrinks a
graph too big to draw smoothly and says how. ``render_html`` lays the graph out with pyvis's
``Network`` (so its options machinery is used) and draws it with vis-network, through the
project's own template
rather than pyvis's: pyvis 0.3.2's template leaves the heading unescaped, puts node ids raw
into its select menu, shows every tooltip through ``innerHTML`` as soon as one contains
"href", and pulls Bootstrap from a CDN whatever ``cdn_resources`` says.

The page therefore treats every string from the store as hostile: the heading and legend
are autoescaped by Jinja; the data travels as JSON inside a ``<script
type="application/json">`` block with ``<``, ``>``, ``&``, ``/``, U+2028 and U+2029 escaped,
and tooltips and the search list are built from it with ``textContent``; a
Content-Security-Policy admits only the page's own two scripts (by hash), inline styles and
``data:`` images, no network access at all, and (Trusted Types) no string-to-markup sink.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from typing import Any

import networkx as nx
from jinja2 import Environment, StrictUndefined
from markupsafe import Markup
from pyvis.network import Network

from kg.errors import ExportError, InputError
from kg.evaluate import PLOVER_TYPES
from kg.namespaces import ONTOLOGY_IRI, PLOVER_IRI
from kg.store import KGStore

__all__ = [
    "NodeStyle",
    "Source",
    "Tooltip",
    "VizFilter",
    "build_network",
    "json_for_script",
    "parse_period",
    "render_html",
    "render_network",
]

# How many sentences an entity's tooltip quotes; the rest are counted, not shown, so a
# much-mentioned country does not get a tooltip taller than the screen.
MAX_ENTITY_SOURCES = 3
MAX_SOURCES = 5
# Canvas labels are cut here; the tooltip always carries the full label.
MAX_CANVAS_LABEL = 40
# A "sentence" can be a whole paragraph when segmentation fails; past this it is cut in
# the tooltip (never in the network data).
MAX_SENTENCE = 600
MAX_LABEL = 200

_SPRING_LENGTH = 110
_VIS_DIR = ("templates", "lib", "vis-9.1.2")
_TEMPLATE = "graph.html.j2"


# -- styles -------------------------------------------------------------------------------
@dataclass(frozen=True)
class NodeStyle:
    """How one class of node is drawn; ``key`` is a kg: class local name or a pseudo-class."""

    key: str
    legend: str
    shape: str
    color: str


# Most specific first: a node is drawn with the first style whose key is among its classes,
# so ASEAN (InternationalOrganization and Framework) is drawn as an organisation.
NODE_STYLES: tuple[NodeStyle, ...] = (
    NodeStyle("Person", "Person", "dot", "#4e79a7"),
    NodeStyle("Country", "Country", "diamond", "#e15759"),
    NodeStyle("GovernmentBody", "Government body", "box", "#f28e2b"),
    NodeStyle("InternationalOrganization", "International organization", "box", "#edc948"),
    NodeStyle("Organization", "Organization", "box", "#ffbe7d"),
    NodeStyle("Forum", "Forum", "hexagon", "#3b8a3e"),
    NodeStyle("Programme", "Programme", "hexagon", "#8cd17d"),
    NodeStyle("Agreement", "Agreement", "hexagon", "#499894"),
    NodeStyle("Policy", "Policy", "hexagon", "#86bcb6"),
    NodeStyle("Framework", "Framework", "hexagon", "#59a14f"),
    NodeStyle("Summit", "Summit", "triangle", "#d37295"),
    NodeStyle("Meeting", "Meeting", "triangle", "#fabfd2"),
    NodeStyle("Event", "Named event", "triangle", "#ff9da7"),
    NodeStyle("Place", "Place", "square", "#76b7b2"),
    NodeStyle("Topic", "Topic", "ellipse", "#d7ccc8"),
)
# A PLOVER-coded happening, drawn apart from named events such as "13th ASEM Summit".
CODED_EVENT_STYLE = NodeStyle("CodedEvent", "Event (PLOVER-coded)", "star", "#b07aa1")
# The far end of a fact or role whose resource the store gives no class.
OTHER_STYLE = NodeStyle("Resource", "Other resource", "dot", "#9d9d9d")
_STYLE_BY_KEY = {s.key: s for s in (*NODE_STYLES, CODED_EVENT_STYLE, OTHER_STYLE)}

# Edge kinds: (legend text, colour, dashed).
EDGE_STYLES: dict[str, tuple[str, str, bool]] = {
    "fact": ("Fact between entities", "#555555", False),
    "role": ("Event role", "#b07aa1", False),
    "event": ("Event, actor → target", "#c0392b", False),
    "co-actor": ("Event between co-actors", "#c0392b", True),
}

# Superclasses the graph stage adds beside a subclass; shown only when nothing narrower is.
_IMPLIED_BY = {
    "Organization": ("GovernmentBody", "InternationalOrganization"),
    "Framework": ("Forum", "Programme", "Agreement", "Policy"),
    "Event": ("Meeting", "Summit"),
}
_NODE_CLASSES = tuple(s.key for s in NODE_STYLES)
FACT_PROPERTIES = ("affiliatedWith", "partOf", "memberOf", "chairs", "hosts", "locatedIn")
# Event roles drawn as edges, and which way the arrow points.
_ROLES_INTO_EVENT = ("actor",)
_ROLES_FROM_EVENT = ("target", "participant", "about", "topic", "location")


# -- records ------------------------------------------------------------------------------
@dataclass(frozen=True, order=True)
class Source:
    """One sentence of evidence and the document it is in.

    ``document`` is the document as shown (title and date); ``doc_id``, ``title`` and
    ``date`` are its parts, for filtering and for the details panel.
    """

    document: str
    begin: int
    text: str
    doc_id: str = ""
    title: str = ""
    date: str = ""


@dataclass(frozen=True)
class Tooltip:
    """What hovering a node or edge shows; all of it is plain text."""

    heading: str
    lines: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    more: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "heading": self.heading,
            "lines": list(self.lines),
            "sources": [
                {
                    "text": _clip(s.text, MAX_SENTENCE),
                    "document": _clip(s.document, MAX_LABEL),
                    "doc_id": _clip(s.doc_id, MAX_LABEL),
                    "title": _clip(s.title, MAX_LABEL),
                    "date": s.date,
                }
                for s in self.sources
            ],
            "more": self.more,
        }


@dataclass
class _Event:
    iri: str
    event_type: str
    label: str
    kinds: list[str] = field(default_factory=list)
    roles: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    values: dict[str, str] = field(default_factory=dict)
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class _Document:
    doc_id: str
    title: str
    date: str

    @property
    def shown(self) -> str:
        name = self.title or self.doc_id
        return f"{name} ({self.date})" if self.date else name


@dataclass
class _Facts:
    """What the store says, gathered by a handful of SPARQL queries."""

    types: dict[str, set[str]]
    labels: dict[str, list[str]]
    alt_labels: dict[str, list[str]]
    documents: dict[str, _Document]  # by document IRI
    in_document: dict[str, set[str]]  # entity IRI → doc ids
    facts: list[tuple[str, str, str]]
    fact_details: dict[tuple[str, str, str], list[str]]
    fact_sources: dict[tuple[str, str, str], list[Source]]
    fact_dates: dict[tuple[str, str, str], set[str]]
    events: dict[str, _Event]

    def shown_document(self, doc_id: str) -> str:
        return next((d.shown for d in self.documents.values() if d.doc_id == doc_id), doc_id)


# -- reading the store --------------------------------------------------------------------
_VALUES_CLASSES = " ".join(f"kg:{c}" for c in _NODE_CLASSES)
_VALUES_FACTS = " ".join(f"kg:{p}" for p in FACT_PROPERTIES)

_Q_TYPES = f"""SELECT DISTINCT ?s ?type WHERE {{
  VALUES ?top {{ {_VALUES_CLASSES} }}
  ?s a ?top ; a ?type .
}}"""
_Q_LABELS = """SELECT DISTINCT ?s ?p ?l WHERE {
  VALUES ?p { rdfs:label skos:altLabel }
  ?s ?p ?l .
}"""
_Q_DOCUMENTS = """SELECT DISTINCT ?d ?id ?title ?date WHERE {
  ?d a kg:Document .
  OPTIONAL { ?d dcterms:identifier ?id }
  OPTIONAL { ?d dcterms:title ?title }
  OPTIONAL { ?d dcterms:date ?date }
}"""
_Q_IN_DOCUMENT = """SELECT DISTINCT ?s ?d WHERE {
  ?s kg:inDocument ?d .
  FILTER NOT EXISTS { ?s a kg:Mention }
}"""
_Q_MENTIONS = """SELECT DISTINCT ?x ?text ?d ?begin WHERE {
  ?x prov:wasDerivedFrom ?m .
  ?m kg:text ?text .
  OPTIONAL { ?m kg:inDocument ?d }
  OPTIONAL { ?m nif:beginIndex ?begin }
}"""
_Q_FACTS = f"""SELECT DISTINCT ?s ?p ?o WHERE {{
  VALUES ?p {{ {_VALUES_FACTS} }}
  ?s ?p ?o .
  FILTER(isIRI(?o))
}}"""
_Q_FACT_NODES = f"""SELECT DISTINCT ?st ?s ?p ?o ?title ?date WHERE {{
  VALUES ?p {{ {_VALUES_FACTS} }}
  ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  OPTIONAL {{ ?st kg:title ?title }}
  OPTIONAL {{ ?st kg:date ?date }}
}}"""
_Q_EVENTS = """SELECT DISTINCT ?e ?p ?o WHERE {
  ?e kg:eventType ?t ; ?p ?o .
}"""


def _rows(store: KGStore, sparql: str) -> list[dict[str, str]]:
    solutions = store.query(sparql)
    names = [v.value for v in solutions.variables]
    rows = []
    for solution in solutions:
        rows.append({n: solution[n].value for n in names if solution[n] is not None})
    return rows


def _local(iri: str) -> str:
    for namespace in (ONTOLOGY_IRI, PLOVER_IRI):
        if iri.startswith(namespace):
            return iri[len(namespace) :]
    return re.split(r"[/#]", iri.rstrip("/#"))[-1] or iri


def _read(store: KGStore) -> _Facts:
    types: dict[str, set[str]] = defaultdict(set)
    for row in _rows(store, _Q_TYPES):
        if row["type"].startswith(ONTOLOGY_IRI):
            types[row["s"]].add(_local(row["type"]))

    labels: dict[str, list[str]] = defaultdict(list)
    alt_labels: dict[str, list[str]] = defaultdict(list)
    for row in _rows(store, _Q_LABELS):
        into = labels if row["p"].endswith("#label") else alt_labels
        into[row["s"]].append(row["l"])

    documents: dict[str, _Document] = {}
    for row in _rows(store, _Q_DOCUMENTS):
        doc_id = row.get("id") or _local(row["d"])
        documents[row["d"]] = _Document(doc_id, row.get("title", ""), row.get("date", ""))

    in_document: dict[str, set[str]] = defaultdict(set)
    for row in _rows(store, _Q_IN_DOCUMENT):
        known = documents.get(row["d"])
        in_document[row["s"]].add(known.doc_id if known else _local(row["d"]))

    unknown = _Document("", "unknown document", "")
    sources: dict[str, list[Source]] = defaultdict(list)
    for row in _rows(store, _Q_MENTIONS):
        doc = documents.get(row.get("d", ""), unknown)
        sources[row["x"]].append(
            Source(
                doc.shown, int(row.get("begin", 0)), row["text"], doc.doc_id, doc.title, doc.date
            )
        )

    facts = sorted((r["s"], _local(r["p"]), r["o"]) for r in _rows(store, _Q_FACTS))
    fact_details: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    fact_sources: dict[tuple[str, str, str], list[Source]] = defaultdict(list)
    fact_dates: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for row in _rows(store, _Q_FACT_NODES):
        key = (row["s"], _local(row["p"]), row["o"])
        if "title" in row:
            fact_details[key].append(f"title: {row['title']}")
        if "date" in row:
            fact_details[key].append(f"date: {row['date']}")
            fact_dates[key].add(row["date"])
        fact_sources[key].extend(sources.get(row["st"], ()))

    return _Facts(
        types=types,
        labels=labels,
        alt_labels=alt_labels,
        documents=documents,
        in_document=in_document,
        facts=facts,
        fact_details=fact_details,
        fact_sources=fact_sources,
        fact_dates=fact_dates,
        events=_read_events(store, labels, sources),
    )


def _read_events(
    store: KGStore, labels: Mapping[str, list[str]], sources: Mapping[str, list[Source]]
) -> dict[str, _Event]:
    events: dict[str, _Event] = {}
    for row in _rows(store, _Q_EVENTS):
        iri, prop, value = row["e"], _local(row["p"]), row["o"]
        event = events.get(iri)
        if event is None:
            label = min(labels.get(iri) or [_local(iri)])
            event = events[iri] = _Event(iri, "", label, sources=_unique(sources.get(iri, ())))
        if prop == "eventType":
            # Two documents could code the same IRI differently; keep one, deterministically.
            event.event_type = min(filter(None, (event.event_type, _local(value))))
        elif prop == "type":
            if value.startswith(ONTOLOGY_IRI) and _local(value) != "Event":
                event.kinds.append(_local(value))
        elif prop in _ROLES_INTO_EVENT or prop in _ROLES_FROM_EVENT:
            event.roles[prop].append(value)
        elif prop == "amount":
            event.values[prop] = min(labels.get(value) or [_local(value)])
        elif prop in ("trigger", "date", "mode", "modality"):
            event.values[prop] = value
    for event in events.values():
        event.kinds.sort()
        for members in event.roles.values():
            members.sort()
    return events


def _unique(sources: Iterable[Source]) -> tuple[Source, ...]:
    seen: dict[tuple[str, str], Source] = {}
    for source in sorted(sources):
        seen.setdefault((source.document, source.text), source)
    return tuple(seen.values())


# -- filters ------------------------------------------------------------------------------
# Classes a --type may name: the drawn classes, and the superclasses a node also carries.
FILTER_CLASSES: tuple[str, ...] = (*_NODE_CLASSES, "Agent")
_PERIOD = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse_period(text: str) -> tuple[date, date]:
    """The first and last day of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    Raises ``InputError`` for anything else, so a bad ``--since`` is a one-line error.
    """
    match = _PERIOD.fullmatch(text.strip())
    try:
        if match is None:
            raise ValueError(text)
        year = int(match.group(1))
        month, day = (int(g) if g else None for g in match.groups()[1:])
        if day is not None and month is not None:
            first = last = date(year, month, day)
        elif month is not None:
            first = date(year, month, 1)
            last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        else:
            first, last = date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        raise InputError(f"{text!r} is not a date — use YYYY, YYYY-MM or YYYY-MM-DD") from None
    return first, last


def _period_or_none(text: str) -> tuple[date, date] | None:
    try:
        return parse_period(text)
    except InputError:
        return None  # a partial "--01-28" with no year: undatable


@dataclass(frozen=True)
class VizFilter:
    """Which part of the store the graph page draws.

    Filters select *records* — facts and PLOVER-coded events — and the graph then draws the
    entities those records touch:

    - ``event_types`` keeps events of these PLOVER types; facts stay only between entities
      the kept events touch, as context.
    - ``since``/``until`` keep records dated in the period (bounds inclusive, by overlap: an
      event dated "2024" is kept by ``since=2024-06-01``). An event's date is its
      ``kg:date``, else its document's publication date; a fact's is its own date (a
      chairmanship's year), else its documents' publication dates. Undatable records are
      left out once a period is given.
    - ``documents`` keeps records with a source sentence in one of these documents; alone,
      it also draws the entities those documents mention without any fact or event.

    Then, on the drawn graph: ``classes`` keeps entities of these classes (subclasses
    included: Organization keeps government bodies) and the events still linked to one;
    ``focus`` keeps the entity and what lies within ``hops`` steps of it, a step being a
    fact, or an event from one of its participants to another.
    """

    focus: str | None = None
    hops: int = 1
    classes: frozenset[str] = frozenset()
    event_types: frozenset[str] = frozenset()
    since: date | None = None
    until: date | None = None
    documents: frozenset[str] = frozenset()

    @classmethod
    def parse(
        cls,
        *,
        focus: str | None = None,
        hops: int = 1,
        classes: Iterable[str] = (),
        event_types: Iterable[str] = (),
        since: str | None = None,
        until: str | None = None,
        documents: Iterable[str] = (),
    ) -> VizFilter:
        """A filter from command-line text: names checked case-insensitively, dates parsed."""
        if hops < 0:
            raise InputError(f"--hops {hops}: give 0 or more steps")
        start = parse_period(since)[0] if since else None
        end = parse_period(until)[1] if until else None
        if start and end and start > end:
            raise InputError(f"--since {since} is after --until {until} — nothing could match")
        return cls(
            focus=focus.strip() if focus and focus.strip() else None,
            hops=hops,
            classes=frozenset(_canonical("--type", c, FILTER_CLASSES) for c in classes),
            event_types=frozenset(_canonical("--event-type", t, PLOVER_TYPES) for t in event_types),
            since=start,
            until=end,
            documents=frozenset(d.strip() for d in documents),
        )

    @property
    def selects_records(self) -> bool:
        return bool(self.event_types or self.documents or self.since or self.until)

    @property
    def is_empty(self) -> bool:
        return not (self.selects_records or self.classes or self.focus)

    def dated_in_period(self, dates: Iterable[str]) -> bool:
        if self.since is None and self.until is None:
            return True
        for text in dates:
            period = _period_or_none(text)
            if period is None:
                continue
            first, last = period
            if (self.since is None or last >= self.since) and (
                self.until is None or first <= self.until
            ):
                return True
        return False

    def describe(self, focus_label: str | None = None) -> tuple[str, ...]:
        """What this filter keeps, one phrase per criterion, for the page's header."""
        parts = []
        if self.focus:
            steps = "step" if self.hops == 1 else "steps"
            parts.append(f"within {self.hops} {steps} of {focus_label or self.focus}")
        if self.classes:
            parts.append("entities: " + ", ".join(sorted(self.classes)))
        if self.event_types:
            parts.append("events: " + ", ".join(sorted(self.event_types)))
        if self.since or self.until:
            since = self.since.isoformat() if self.since else "…"
            until = self.until.isoformat() if self.until else "…"
            parts.append(f"dated {since} to {until}")
        if self.documents:
            parts.append("documents: " + ", ".join(sorted(self.documents)))
        return tuple(parts)


def _canonical(option: str, value: str, known: Iterable[str]) -> str:
    by_key = {k.casefold(): k for k in known}
    found = by_key.get(value.strip().casefold())
    if found is None:
        raise InputError(
            f"{option} {value!r} is unknown — use one of: {', '.join(by_key.values())}"
        )
    return found


def _record_documents(sources: Iterable[Source]) -> set[str]:
    return {s.doc_id for s in sources}


def _select(facts: _Facts, selection: VizFilter) -> _Facts:
    """Only the facts and events ``selection`` keeps, and the entities they touch."""
    if not selection.selects_records:
        return facts

    def wanted(sources: Iterable[Source], dates: Iterable[str]) -> bool:
        sources = tuple(sources)
        if selection.documents and not _record_documents(sources) & selection.documents:
            return False
        return selection.dated_in_period(dates)

    events: dict[str, _Event] = {}
    for iri, event in facts.events.items():
        if selection.event_types and event.event_type not in selection.event_types:
            continue
        own = event.values.get("date")
        if wanted(event.sources, [own] if own else [s.date for s in event.sources]):
            events[iri] = event
    # A kept event that is about a dropped one no longer points at it.
    dropped = facts.events.keys() - events.keys()
    for iri, event in events.items():
        if any(m in dropped for members in event.roles.values() for m in members):
            roles = {r: [m for m in ms if m not in dropped] for r, ms in event.roles.items()}
            events[iri] = dataclasses.replace(event, roles=defaultdict(list, roles))

    touched = {m for event in events.values() for ms in event.roles.values() for m in ms}
    kept_facts = []
    for key in facts.facts:
        subject, _, obj = key
        if selection.event_types and not {subject, obj} <= touched:
            continue
        sources = facts.fact_sources.get(key, ())
        dates = facts.fact_dates.get(key) or {s.date for s in sources}
        if wanted(sources, dates):
            kept_facts.append(key)
    touched |= {end for subject, _, obj in kept_facts for end in (subject, obj)}
    if selection.documents and not (selection.event_types or selection.since or selection.until):
        touched |= {iri for iri, docs in facts.in_document.items() if docs & selection.documents}
    return dataclasses.replace(
        facts,
        types={iri: classes for iri, classes in facts.types.items() if iri in touched},
        facts=kept_facts,
        events=events,
    )


def _check_documents(facts: _Facts, documents: frozenset[str]) -> None:
    known = {d.doc_id for d in facts.documents.values()}
    missing = sorted(documents - known)
    if missing:
        listed = ", ".join(sorted(known)[:10]) + (", …" if len(known) > 10 else "")
        raise InputError(
            f"--document {', '.join(missing)}: no such document in the store"
            + (f" — its documents are: {listed}" if known else " — the store is empty")
        )


def _resolve_focus(facts: _Facts, wanted: str, base: str) -> str:
    """The IRI ``wanted`` names: an IRI, a local id (``country/cambodia``,
    ``kgid:country/cambodia``) or a label or alias, case-insensitively."""
    nodes = facts.types.keys() | facts.events.keys()
    text = wanted.strip()
    for candidate in (text, base + text.removeprefix("kgid:")):
        if candidate in nodes:
            return candidate

    def names(iri: str) -> list[str]:
        return [*facts.labels.get(iri, ()), *facts.alt_labels.get(iri, ())]

    key = text.casefold()
    matches = sorted(i for i in nodes if any(n.casefold() == key for n in names(i)))
    if len(matches) == 1:
        return matches[0]
    if matches:
        named = "; ".join(f"{_label(facts, m)} ({m.removeprefix(base)})" for m in matches[:10])
        raise InputError(
            f"--focus {wanted!r} is ambiguous: it names {len(matches)} nodes — {named} — "
            "give one of the ids in brackets"
        )
    near = sorted(
        {
            _label(facts, i)
            for i in facts.types.keys() - facts.events.keys()
            if any(key in n.casefold() for n in names(i))
        },
        key=str.casefold,
    )
    hint = f" — did you mean: {', '.join(near[:8])}?" if near else " — check `kg query entities`"
    raise InputError(f"--focus {wanted!r} names nothing in the store{hint}")


def _narrow(graph: nx.MultiDiGraph, selection: VizFilter, focus: str | None) -> None:
    """Apply the filters that work on the drawn graph: classes, then the focus."""
    if selection.classes:
        unwanted = [
            iri
            for iri, data in graph.nodes(data=True)
            if data["kind"] != "event" and not set(data["classes"]) & selection.classes
        ]
        graph.remove_nodes_from(unwanted)
        graph.remove_nodes_from(
            [
                iri
                for iri, d in graph.nodes(data=True)
                if d["kind"] == "event" and not graph.degree(iri)
            ]
        )
    if focus is None:
        return
    if focus not in graph:
        raise InputError(
            f"--focus {selection.focus!r} is in the store but not in the part the other "
            "filters select — widen them or drop --focus"
        )

    # An event is a node between its participants; passing through it is one step, not two.
    def step(u: str, v: str, _: Any) -> float:
        return 0.5 if "event" in (graph.nodes[u]["kind"], graph.nodes[v]["kind"]) else 1.0

    undirected = graph.to_undirected(as_view=True)
    reach = nx.single_source_dijkstra_path_length(
        undirected, focus, cutoff=selection.hops, weight=step
    )
    graph.remove_nodes_from([iri for iri in list(graph) if iri not in reach])


# -- building the network -----------------------------------------------------------------
def build_network(
    store: KGStore, *, collapse_events: bool = False, selection: VizFilter | None = None
) -> nx.MultiDiGraph:
    """The store as a directed multigraph of entities (and, unless collapsed, events).

    Node keys are IRIs; node attributes are ``label``, ``labels`` (canonical first),
    ``types``, ``style`` (a ``NodeStyle.key``), ``kind`` (``entity``, ``event`` or
    ``other``), ``event_type``, ``details``, ``documents``, ``sources``, ``notes`` and
    ``tooltip``. Edge attributes are
    ``label``, ``kind`` (``fact``, ``role``, ``event`` or ``co-actor``), ``sources`` and
    ``tooltip``; edges of events also carry ``event`` (its IRI) and ``event_type``.

    With ``collapse_events`` each coded event becomes edges labelled with its PLOVER type:
    actor → target for every pair; with no target, one edge between each two co-actors
    (drawn with arrows at both ends); with neither a target nor a second actor, no edge, but
    a note in the tooltip of every node it involves, so no event disappears from the view.

    ``selection`` draws only part of the store (see ``VizFilter``); the graph attribute
    ``filters`` then describes it. Raises ``InputError`` for a focus that names nothing or
    several nodes, and for an unknown document.
    """
    selection = selection or VizFilter()
    facts = _read(store)
    focus = _resolve_focus(facts, selection.focus, store.iris.base) if selection.focus else None
    _check_documents(facts, selection.documents)
    focus_label = _label(facts, focus) if focus else None
    facts = _select(facts, selection)
    graph = nx.MultiDiGraph(
        collapse_events=collapse_events, filters=selection.describe(focus_label)
    )
    for iri, classes in facts.types.items():
        if iri in facts.events:
            continue
        _add_node(graph, facts, iri, kind="entity", classes=classes)
    if not collapse_events:
        for event in facts.events.values():
            _add_event_node(graph, facts, event)

    for subject, predicate, obj in facts.facts:
        key = (subject, predicate, obj)
        for iri in (subject, obj):
            _ensure_node(graph, facts, iri)
        details = facts.fact_details.get(key, [])
        _add_edge(
            graph,
            facts,
            subject,
            obj,
            key=predicate,
            label=predicate,
            kind="fact",
            type_line=f"type: {predicate} (fact)",
            lines=sorted(set(details)),
            sources=facts.fact_sources.get(key, ()),
        )

    for event in facts.events.values():
        for iri in (i for members in event.roles.values() for i in members):
            # An event that is about another event: that one is a node already, or (when
            # collapsed) must not become one.
            if iri not in facts.events:
                _ensure_node(graph, facts, iri)
        if collapse_events:
            _add_collapsed_event(graph, facts, event)
        else:
            _add_role_edges(graph, facts, event)

    _add_entity_sources(graph, facts)
    _narrow(graph, selection, focus)
    for iri, data in graph.nodes(data=True):
        data["notes"] = tuple(data["notes"])
        data["tooltip"] = _node_tooltip(iri, data)
    return graph


def _label(facts: _Facts, iri: str) -> str:
    event = facts.events.get(iri)
    if event is not None:
        return event.label
    return min(facts.labels.get(iri) or [_local(iri)])


def _add_node(
    graph: nx.MultiDiGraph, facts: _Facts, iri: str, *, kind: str, classes: set[str]
) -> None:
    label = _label(facts, iri)
    alts = sorted((set(facts.labels.get(iri, [])) | set(facts.alt_labels.get(iri, []))) - {label})
    shown = [c for c in _NODE_CLASSES if c in classes and not set(_IMPLIED_BY.get(c, ())) & classes]
    style = next((s.key for s in NODE_STYLES if s.key in classes), OTHER_STYLE.key)
    graph.add_node(
        iri,
        label=label,
        labels=(label, *alts),
        types=tuple(shown) or (OTHER_STYLE.key,),
        classes=frozenset(classes),
        style=style if kind == "entity" else OTHER_STYLE.key,
        kind=kind,
        event_type=None,
        details=(),
        documents=tuple(sorted(facts.shown_document(d) for d in facts.in_document.get(iri, ()))),
        sources=(),
        notes=[],
    )


def _ensure_node(graph: nx.MultiDiGraph, facts: _Facts, iri: str) -> None:
    if iri not in graph:
        _add_node(graph, facts, iri, kind="other", classes=set())


def _add_event_node(graph: nx.MultiDiGraph, facts: _Facts, event: _Event) -> None:
    graph.add_node(
        event.iri,
        label=event.label,
        labels=(event.label,),
        types=("Event", *event.kinds),
        classes=frozenset(("Event", *event.kinds)),
        style=CODED_EVENT_STYLE.key,
        kind="event",
        event_type=event.event_type,
        details=tuple(_event_lines(facts, event, with_roles=False)),
        documents=(),
        sources=event.sources,
        notes=[],
    )


def _event_lines(facts: _Facts, event: _Event, *, with_roles: bool) -> list[str]:
    kinds = f" ({', '.join(event.kinds)})" if event.kinds else ""
    lines = [f"type: event {event.event_type}{kinds}"]
    if with_roles:
        lines.append(f"event: {event.label}")
    for name in ("trigger", "date", "mode", "amount"):
        if name in event.values:
            lines.append(f"{name}: {event.values[name]}")
    if event.values.get("modality", "asserted") != "asserted":
        lines.append(f"modality: {event.values['modality']}")
    if with_roles:
        for role in (*_ROLES_INTO_EVENT, *_ROLES_FROM_EVENT):
            if event.roles.get(role):
                names = ", ".join(_label(facts, i) for i in event.roles[role])
                lines.append(f"{role}: {names}")
    return lines


def _add_edge(
    graph: nx.MultiDiGraph,
    facts: _Facts,
    source: str,
    target: str,
    *,
    key: str,
    label: str,
    kind: str,
    type_line: str,
    lines: Iterable[str] = (),
    sources: Iterable[Source] = (),
    arrow: str = "→",
    **extra: Any,
) -> None:
    unique = _unique(sources)
    heading = f"{_label(facts, source)} — {label} {arrow} {_label(facts, target)}"
    graph.add_edge(
        source,
        target,
        key=key,
        label=label,
        kind=kind,
        sources=unique,
        tooltip=Tooltip(heading, (type_line, *lines), unique[:MAX_SOURCES], _more(unique)),
        **extra,
    )


def _more(sources: tuple[Source, ...], limit: int = MAX_SOURCES) -> int:
    return max(0, len(sources) - limit)


def _add_role_edges(graph: nx.MultiDiGraph, facts: _Facts, event: _Event) -> None:
    for role in (*_ROLES_INTO_EVENT, *_ROLES_FROM_EVENT):
        for other in event.roles.get(role, ()):
            ends = (other, event.iri) if role in _ROLES_INTO_EVENT else (event.iri, other)
            _add_edge(
                graph,
                facts,
                *ends,
                key=role,
                label=role,
                kind="role",
                type_line=f"type: {role} (role in a {event.event_type} event)",
                sources=event.sources,
                event=event.iri,
                event_type=event.event_type,
            )


def _add_collapsed_event(graph: nx.MultiDiGraph, facts: _Facts, event: _Event) -> None:
    actors, targets = event.roles.get("actor", []), event.roles.get("target", [])
    common: dict[str, Any] = {
        "key": event.iri,
        "label": event.event_type,
        "lines": _event_lines(facts, event, with_roles=True)[1:],
        "sources": event.sources,
        "event": event.iri,
        "event_type": event.event_type,
    }
    kinds = f" ({', '.join(event.kinds)})" if event.kinds else ""
    # "The two sides expressed mutual appreciation" lists both countries as actor and as
    # target: that is each thanking the other, not each thanking itself.
    pairs = [(a, t) for a in actors for t in targets if a != t]
    pairs = pairs or [(a, t) for a in actors for t in targets]
    if pairs:
        type_line = f"type: event {event.event_type}{kinds}, actor → target"
        for actor, target in pairs:
            _add_edge(graph, facts, actor, target, kind="event", type_line=type_line, **common)
        return
    if len(actors) > 1:
        # A symmetric act ("both sides agreed"): every co-actor pair once, arrows both ends.
        for i, first in enumerate(actors):
            for second in actors[i + 1 :]:
                type_line = f"type: event {event.event_type}{kinds}, between co-actors"
                _add_edge(
                    graph,
                    facts,
                    first,
                    second,
                    kind="co-actor",
                    type_line=type_line,
                    arrow="↔",
                    **common,
                )
        return
    trigger = event.values.get("trigger", event.label)
    note = f"{event.event_type} “{trigger}” — no counterpart, so not drawn as an edge"
    involved = {i for members in event.roles.values() for i in members}
    for iri in sorted(involved):
        if iri in graph:
            graph.nodes[iri]["notes"].append(note)


def _add_entity_sources(graph: nx.MultiDiGraph, facts: _Facts) -> None:
    """Give each entity the sentences of the facts and events it takes part in."""
    gathered: dict[str, list[Source]] = defaultdict(list)
    for fact in facts.facts:
        subject, _, obj = fact
        for iri in (subject, obj):
            gathered[iri].extend(facts.fact_sources.get(fact, ()))
    for event in facts.events.values():
        for members in event.roles.values():
            for iri in members:
                gathered[iri].extend(event.sources)
    for iri, data in graph.nodes(data=True):
        if data["kind"] != "event":
            data["sources"] = _unique(gathered.get(iri, ()))


def _node_tooltip(iri: str, data: Mapping[str, Any]) -> Tooltip:
    labels: tuple[str, ...] = data["labels"]
    lines = ["also: " + "; ".join(labels[1:])] if len(labels) > 1 else []
    if data["kind"] == "event":
        lines.extend(data["details"])
    else:
        kind = "type" if len(data["types"]) == 1 else "types"
        lines.append(f"{kind}: {', '.join(data['types'])}")
    lines.append(f"IRI: {iri}")
    sources: tuple[Source, ...] = data["sources"]
    if data["documents"] and not sources:
        lines.append("in: " + "; ".join(data["documents"][:MAX_ENTITY_SOURCES]))
    lines.extend(data["notes"])
    limit = MAX_SOURCES if data["kind"] == "event" else MAX_ENTITY_SOURCES
    return Tooltip(data["label"], tuple(lines), sources[:limit], _more(sources, limit))


# -- reducing a graph too big to draw -----------------------------------------------------
# vis-network lays out a few thousand nodes in seconds; far beyond that the tab freezes.
DEFAULT_MAX_NODES = 2000
# How many hidden neighbours a node's details name before counting the rest.
MAX_HIDDEN_NAMED = 8


@dataclass(frozen=True)
class Reduction:
    """What ``reduce_network`` did to keep a graph drawable; all zero when nothing."""

    max_nodes: int
    nodes_before: int
    edges_before: int
    events_collapsed: int = 0
    weighted_edges: int = 0
    nodes_hidden: int = 0
    hidden_max_degree: int = 0

    @property
    def reduced(self) -> bool:
        return bool(self.events_collapsed or self.nodes_hidden)

    def describe(self) -> str:
        parts = []
        if self.events_collapsed:
            parts.append(
                f"{self.events_collapsed:,} events are drawn as {self.weighted_edges:,} "
                "weighted edges between their actors and targets"
            )
        if self.nodes_hidden and self.hidden_max_degree == 0:
            parts.append(f"{self.nodes_hidden:,} nodes with no link are hidden")
        elif self.nodes_hidden:
            links = "link" if self.hidden_max_degree == 1 else "links"
            parts.append(
                f"{self.nodes_hidden:,} nodes with at most {self.hidden_max_degree} {links} "
                "are hidden, each named in the details of the nodes it links to"
            )
        return (
            f"Reduced: the selection has {self.nodes_before:,} nodes and "
            f"{self.edges_before:,} edges, more than the {self.max_nodes:,} this page draws "
            f"smoothly, so {' and '.join(parts)}. Use kg viz --focus or other filters to see "
            "a part in full."
        )


def reduce_network(
    network: nx.MultiDiGraph, max_nodes: int = DEFAULT_MAX_NODES
) -> tuple[nx.MultiDiGraph, Reduction]:
    """A copy of ``network`` with at most ``max_nodes`` nodes, and what was done to it.

    First, coded events become edges: one weighted edge per actor, target and event type
    (co-actors when there is no target); then, if that is not enough, the nodes with the
    fewest neighbours are hidden, and each node they linked to names them in its details.
    """
    if max_nodes < 1:
        raise InputError(f"--max-nodes {max_nodes}: the page must draw at least one node")
    nodes_before, edges_before = network.number_of_nodes(), network.number_of_edges()
    if nodes_before <= max_nodes:
        return network, Reduction(max_nodes, nodes_before, edges_before)
    graph = network.copy()
    for _, data in graph.nodes(data=True):
        data["notes"] = list(data["notes"])
    collapsed, weighted = _collapse_into_weighted_edges(graph)
    hidden, hidden_degree = _hide_lowest_degree(graph, max_nodes)
    for iri, data in graph.nodes(data=True):
        data["notes"] = tuple(data["notes"])
        data["tooltip"] = _node_tooltip(iri, data)
    graph.graph["collapse_events"] = graph.graph.get("collapse_events") or bool(collapsed)
    return graph, Reduction(
        max_nodes, nodes_before, edges_before, collapsed, weighted, hidden, hidden_degree
    )


def _collapse_into_weighted_edges(graph: nx.MultiDiGraph) -> tuple[int, int]:
    """Turn event nodes (and one-per-event edges) into merged weighted edges, in place."""
    events = [iri for iri, d in graph.nodes(data=True) if d["kind"] == "event"]
    # (from, to, event type, kind) → the events and their sentences.
    merged: dict[tuple[str, str, str, str], list[tuple[str, tuple[Source, ...]]]] = defaultdict(
        list
    )
    unmatched: dict[str, list[str]] = defaultdict(list)
    for iri in events:
        data = graph.nodes[iri]
        actors = sorted(u for u, _, d in graph.in_edges(iri, data=True) if d["label"] == "actor")
        targets = sorted(v for _, v, d in graph.out_edges(iri, data=True) if d["label"] == "target")
        pairs = [(a, t, "event") for a in actors for t in targets if a != t]
        if not pairs and len(actors) > 1:
            pairs = [(a, b, "co-actor") for i, a in enumerate(actors) for b in actors[i + 1 :]]
        for actor, target, kind in pairs:
            merged[(actor, target, data["event_type"], kind)].append((iri, data["sources"]))
        if not pairs:
            for member in {*actors, *targets}:
                unmatched[member].append(data["event_type"])
    for u, v, key, d in list(graph.edges(keys=True, data=True)):
        if d["kind"] in ("event", "co-actor"):
            merged[(u, v, d["event_type"], d["kind"])].append((d["event"], d["sources"]))
            graph.remove_edge(u, v, key)
    graph.remove_nodes_from(events)
    if not merged and not events:
        return 0, 0

    for (actor, target, event_type, kind), members in merged.items():
        unique = _unique(s for _, sources in members for s in sources)
        count = len({iri for iri, _ in members})
        arrow = "↔" if kind == "co-actor" else "→"
        shown = f"{event_type} ×{count}" if count > 1 else event_type
        relation = "between co-actors" if kind == "co-actor" else "actor → target"
        graph.add_edge(
            actor,
            target,
            key=f"{event_type}/{kind}",
            label=shown,
            kind=kind,
            weight=count,
            event_type=event_type,
            events=tuple(sorted({iri for iri, _ in members})),
            sources=unique,
            tooltip=Tooltip(
                f"{graph.nodes[actor]['label']} — {shown} {arrow} {graph.nodes[target]['label']}",
                (f"type: {count} {event_type} event(s), {relation}, merged into one edge",),
                unique[:MAX_SOURCES],
                _more(unique),
            ),
        )
    for iri, types in unmatched.items():
        if iri in graph:
            tally = ", ".join(f"{t} ×{types.count(t)}" for t in sorted(set(types)))
            graph.nodes[iri]["notes"].append(f"events with no counterpart, not drawn: {tally}")
    return len(events), len(merged)


def _hide_lowest_degree(graph: nx.MultiDiGraph, max_nodes: int) -> tuple[int, int]:
    """Hide the nodes with the fewest neighbours until ``max_nodes`` remain, in place."""
    excess = graph.number_of_nodes() - max_nodes
    if excess <= 0:
        return 0, 0
    undirected = graph.to_undirected(as_view=True)
    neighbours = {iri: set(undirected.neighbors(iri)) - {iri} for iri in graph}
    ranked = sorted(
        graph.nodes(data=True),
        key=lambda item: (len(neighbours[item[0]]), item[1]["label"].casefold(), item[0]),
    )
    hidden = [iri for iri, _ in ranked[:excess]]
    hidden_set = set(hidden)
    behind: dict[str, list[str]] = defaultdict(list)
    for iri in hidden:
        for other in neighbours[iri] - hidden_set:
            behind[other].append(graph.nodes[iri]["label"])
    for iri, labels in behind.items():
        labels.sort(key=str.casefold)
        named = ", ".join(labels[:MAX_HIDDEN_NAMED])
        rest = (
            f" and {len(labels) - MAX_HIDDEN_NAMED} more" if len(labels) > MAX_HIDDEN_NAMED else ""
        )
        graph.nodes[iri]["notes"].append(f"hidden neighbours ({len(labels)}): {named}{rest}")
        graph.nodes[iri]["hidden_neighbours"] = len(labels)
    degree = max(len(neighbours[iri]) for iri in hidden)
    graph.remove_nodes_from(hidden)
    return len(hidden), degree


# -- the page -----------------------------------------------------------------------------
def render_html(
    store: KGStore,
    *,
    collapse_events: bool = False,
    title: str = "kg graph",
    selection: VizFilter | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> str:
    """The whole graph page: self-contained, offline, safe to open whatever the data holds."""
    network = build_network(store, collapse_events=collapse_events, selection=selection)
    return render_network(network, title=title, max_nodes=max_nodes)


def render_network(
    network: nx.MultiDiGraph, *, title: str = "kg graph", max_nodes: int = DEFAULT_MAX_NODES
) -> str:
    """The page for an already built network (see ``build_network``).

    A network of more than ``max_nodes`` nodes is drawn reduced (see ``reduce_network``)
    and the page says how.
    """
    network, reduction = reduce_network(network, max_nodes)
    net = _pyvis(network)
    data = {
        "nodes": net.nodes,
        "edges": net.edges,
        "options": _vis_options(net, network),
    }
    styles = {d["style"] for _, d in network.nodes(data=True)}
    edge_kinds = {d["kind"] for _, _, d in network.edges(data=True)}
    counts: dict[str, int] = defaultdict(int)
    for _, d in network.nodes(data=True):
        counts[d["style"]] += 1
    node_legend = [
        {
            "key": s.key,
            "label": s.legend,
            "shape": s.shape,
            "color": s.color,
            "count": counts[s.key],
        }
        for s in (*NODE_STYLES, CODED_EVENT_STYLE, OTHER_STYLE)
        if s.key in styles
    ]
    edge_legend = [
        {"label": text, "color": color, "dashed": dashed}
        for kind, (text, color, dashed) in EDGE_STYLES.items()
        if kind in edge_kinds
    ]
    vis_js, vis_css = _assets()
    template = _environment().from_string(_template_text())
    return template.render(
        title=title,
        graph_json=Markup(json_for_script(data)),
        vis_js=Markup(vis_js),
        vis_css=Markup(vis_css),
        node_legend=node_legend,
        edge_legend=edge_legend,
        event_legend=_event_type_counts(network),
        node_count=network.number_of_nodes(),
        edge_count=network.number_of_edges(),
        collapsed=bool(network.graph.get("collapse_events")),
        filters=tuple(network.graph.get("filters", ())),
        reduction=reduction.describe() if reduction.reduced else "",
    )


def _event_type_counts(network: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Each PLOVER type drawn, with how many events of it the page shows."""
    events: dict[str, set[str]] = defaultdict(set)
    for iri, d in network.nodes(data=True):
        if d["kind"] == "event" and d["event_type"]:
            events[d["event_type"]].add(iri)
    for _, _, d in network.edges(data=True):
        if d["kind"] in ("event", "co-actor"):
            events[d["event_type"]].update(d.get("events") or (d["event"],))
    return [{"type": t, "count": len(events[t])} for t in sorted(events)]


# Labels are drawn only once they would be this many pixels tall, so a zoomed-out graph
# shows the names of its big nodes and no pile of small print.
_LABEL_DRAW_THRESHOLD = 6
_EDGE_LABEL_DRAW_THRESHOLD = 6
# Above this many nodes the layout trades finish for speed.
_BIG_GRAPH = 300
_EDGE_FONT = {"size": 11, "align": "middle", "color": "#333333", "strokeWidth": 3}


def _vis_options(net: Network, network: nx.MultiDiGraph) -> dict[str, Any]:
    options: dict[str, Any] = json.loads(net.options.to_json())
    size = network.number_of_nodes()
    big = size > _BIG_GRAPH
    # A big graph settles in fewer, coarser steps; vis-network's "improved layout" runs a
    # quadratic pre-layout, and "dynamic" curves give every edge a node of its own to
    # simulate: either alone would hold a big page for many seconds.
    options["physics"]["stabilization"].update(
        {"iterations": 200 if big else 1000, "updateInterval": 25}
    )
    options["layout"] = {"improvedLayout": not big, "randomSeed": 7}
    if big:
        options["edges"]["smooth"] = {"enabled": True, "type": "continuous"}
    options["nodes"] = {
        "scaling": {
            "min": 12,
            "max": 36,
            "label": {
                "enabled": True,
                "min": 13,
                "max": 24,
                "maxVisible": 24,
                "drawThreshold": _LABEL_DRAW_THRESHOLD,
            },
        }
    }
    options["edges"].update(
        {
            "font": dict(_EDGE_FONT),
            "scaling": {
                "min": 1,
                "max": 8,
                "label": {"enabled": False, "drawThreshold": _EDGE_LABEL_DRAW_THRESHOLD},
            },
        }
    )
    return options


def _pyvis(network: nx.MultiDiGraph) -> Network:
    # Directed, because pyvis's undirected network silently drops a second edge between
    # the same two nodes. No heading and no title strings: those would only matter to
    # pyvis's own template, which is never used.
    net = Network(height="100%", width="100%", directed=True)
    # Central gravity high enough that nodes with no edges (topics when events are
    # collapsed) stay near the rest instead of stretching the view.
    net.barnes_hut(
        gravity=-3000,
        central_gravity=1.2,
        spring_length=_SPRING_LENGTH,
        spring_strength=0.04,
        damping=0.25,
        overlap=0.2,
    )
    net.inherit_edge_colors(False)
    net.options.interaction.hover = True
    net.options.interaction.tooltipDelay = 150
    # Keys only while the canvas has focus, so typing in the search box does not zoom.
    net.options.interaction.keyboard = {"enabled": True, "bindToWindow": False}

    undirected = network.to_undirected(as_view=True)
    for iri, d in sorted(network.nodes(data=True), key=_node_order):
        style = _STYLE_BY_KEY[d["style"]]
        # Sized by how many others it links to, hidden ones included.
        degree = len(set(undirected.neighbors(iri)) - {iri}) + d.get("hidden_neighbours", 0)
        net.add_node(
            iri,
            label=_clip(d["label"], MAX_CANVAS_LABEL),
            shape=style.shape,
            color={
                "background": style.color,
                "border": "#333333",
                "highlight": {"background": style.color, "border": "#000000"},
            },
            borderWidth=1,
            value=degree,
            font={"color": "#222222", "strokeWidth": 3, "strokeColor": "#ffffff"},
            kg={
                "tip": d["tooltip"].as_dict(),
                "find": " ".join(d["labels"]).lower(),
                "type": style.legend,
                "label": d["label"],
                "style": style.key,
                "eventType": d["event_type"] or "",
            },
        )

    edges = sorted(network.edges(keys=True, data=True), key=_edge_order)
    bends = _bends(edges)
    for index, (u, v, _, d) in enumerate(edges):
        _, color, dashed = EDGE_STYLES[d["kind"]]
        options: dict[str, Any] = {
            "id": f"e{index}",
            "label": d["label"],
            "color": {"color": color, "highlight": "#000000", "hover": "#000000"},
            "dashes": dashed,
            "arrows": "to, from" if d["kind"] == "co-actor" else "to",
            "kg": {"tip": d["tooltip"].as_dict(), "eventType": d.get("event_type") or ""},
        }
        if "weight" in d:
            # Only merged edges carry a weight: equal values would all be drawn mid-width.
            options["value"] = d["weight"]
        options.update(bends.get(index, {}))
        net.add_edge(u, v, **options)
    return net


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _node_order(item: tuple[str, Mapping[str, Any]]) -> tuple[int, str, str]:
    order = [s.key for s in (*NODE_STYLES, CODED_EVENT_STYLE, OTHER_STYLE)]
    return order.index(item[1]["style"]), item[1]["label"].casefold(), item[0]


def _edge_order(item: tuple[str, str, Any, Mapping[str, Any]]) -> tuple[str, str, str, str]:
    return item[0], item[1], item[3]["label"], str(item[2])


def _bends(edges: list[tuple[str, str, Any, Mapping[str, Any]]]) -> dict[int, dict[str, Any]]:
    """Per-edge options that keep parallel edges apart: curves and a longer spring.

    vis-network would otherwise draw edges between the same two nodes on top of each
    other. Curves alternate sides and widen outwards; the side is fixed relative to the
    node pair, not the edge, so an A → B and a B → A edge bow to opposite sides rather than
    coincide. The spring grows with the bundle so its labels have room.
    """
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, (u, v, _, _) in enumerate(edges):
        if u != v:
            groups[(min(u, v), max(u, v))].append(index)
    bends: dict[int, dict[str, Any]] = {}
    for (low, _), members in groups.items():
        if len(members) < 2:
            continue
        length = min(_SPRING_LENGTH + 40 * (len(members) - 1), 4 * _SPRING_LENGTH)
        for rank, index in enumerate(members):
            clockwise = rank % 2 == 0
            if edges[index][0] != low:
                clockwise = not clockwise
            bends[index] = {
                "smooth": {
                    "enabled": True,
                    "type": "curvedCW" if clockwise else "curvedCCW",
                    "roundness": round(0.15 + 0.12 * (rank // 2), 2),
                },
                "length": length,
            }
    return bends


# Escapes that keep JSON inert inside a <script> element: no tag, comment or entity can
# start, and U+2028/2029 cannot end a line for a pre-ES2019 parser. "/" is escaped too, so
# no "</" and no "http://" appears literally; JSON.parse reads all of them back unchanged.
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "/": "\\/",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JSON_ESCAPE_RE = re.compile("[<>&/\u2028\u2029]")


def json_for_script(value: Any) -> str:
    """``value`` as JSON that is safe as the text of a ``<script type="application/json">``."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # Outside strings JSON has none of these characters, so replacing everywhere only ever
    # touches string contents.
    return _JSON_ESCAPE_RE.sub(lambda m: _JSON_ESCAPES[m.group(0)], text)


def csp_hash(script: str) -> Markup:
    """The CSP source expression that admits exactly this inline script's text."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return Markup(f"'sha256-{digest}'")


def _environment() -> Environment:
    env = Environment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters["csp_hash"] = csp_hash
    return env


def _template_text() -> str:
    try:
        return resources.files("kg").joinpath("templates", _TEMPLATE).read_text("utf-8")
    except OSError as exc:
        raise ExportError(f"cannot render the graph page: its template is missing ({exc})") from exc


def _assets() -> tuple[str, str]:
    """vis-network's script and style from the pyvis package, checked for inlining.

    Returned with line ends normalised as an HTML parser would, so that a script's CSP hash
    is computed over the very text the browser hashes.
    """
    try:
        folder = resources.files("pyvis").joinpath(*_VIS_DIR)
        js = folder.joinpath("vis-network.min.js").read_text("utf-8")
        css = folder.joinpath("vis-network.css").read_text("utf-8")
    except (OSError, ModuleNotFoundError) as exc:
        raise ExportError(
            f"cannot render the graph page: vis-network 9.1.2 is missing from pyvis ({exc}) "
            "— reinstall pyvis>=0.3.2"
        ) from exc
    js, css = (_normalise_newlines(t) for t in (js, css))
    # Cosmetic, meaning-preserving rewrites so the page holds no literal "<script" other
    # than its own tags and no literal "http(s)://" at all: "://" in vis-network occurs only
    # in its licence comment and in string literals (the SVG namespace, licence and help
    # URLs), where "\/" means "/"; "<script>" is one string literal of core-js.
    js = js.replace("://", ":\\/\\/").replace('"<script>"', '"\\x3cscript>"')
    for text, closer in ((js, "</script"), (css, "</style")):
        lowered = text.lower()
        if closer in lowered or "<!--" in lowered:
            raise ExportError(
                f"cannot render the graph page: pyvis's vis-network contains {closer!r} or "
                "'<!--' and cannot be inlined safely — install pyvis 0.3.2"
            )
    if re.search(r"@import|url\(\s*(?!['\"]?data:)", css, re.IGNORECASE):
        raise ExportError(
            "cannot render the graph page: pyvis's vis-network.css loads external resources"
        )
    return js, css


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
