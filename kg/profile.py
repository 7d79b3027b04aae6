"""One entity, everything the graph says about it: the analyst's "who is this?".

``entity_profile`` finds an entity by IRI, prefixed name, local id or label, and gathers
its labels, classes, posts, facts, quotations and the events it takes part in — each with
the sentence and document it was read from — into a frozen ``EntityProfile``.

The entity's IRI reaches the queries through Oxigraph's substitutions, never pasted into
their text, so it is projected by every query below.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

import pyoxigraph as ox

from kg.errors import EntityError
from kg.model import PARENT_CLASS
from kg.namespaces import ONTOLOGY_IRI, PLOVER_IRI
from kg.query import compact_iri, expand_iri, store_prefixes
from kg.store import KGStore

__all__ = [
    "DocumentRef",
    "EntityProfile",
    "EventEntry",
    "FactEntry",
    "Participant",
    "PostEntry",
    "QuotationEntry",
    "Related",
    "SourceSentence",
    "entity_profile",
    "format_profile",
    "resolve_entity",
]

FACT_PROPERTIES = ("affiliatedWith", "partOf", "memberOf", "chairs", "hosts", "locatedIn")
EVENT_ROLES = ("actor", "target", "participant", "about", "location")
# How many candidates an ambiguous label lists before "and N more".
MAX_CANDIDATES = 10


# -- records ------------------------------------------------------------------------------
@dataclass(frozen=True, order=True)
class DocumentRef:
    """A stored document: its id, title and publication date (ISO) where known."""

    doc_id: str
    title: str | None
    published: str | None
    iri: str


@dataclass(frozen=True, order=True)
class SourceSentence:
    """The sentence a statement was read from, and where."""

    document: DocumentRef
    begin: int
    text: str


@dataclass(frozen=True, order=True)
class Related:
    """Another node, by IRI and label (its local name when it has no label)."""

    label: str
    iri: str


@dataclass(frozen=True)
class PostEntry:
    """A ``kg:Position`` the entity holds."""

    title: str | None
    organization: Related
    date: str | None
    sources: tuple[SourceSentence, ...]


@dataclass(frozen=True)
class FactEntry:
    """A binary fact with the entity at one end: ``direction`` is ``out`` when the entity
    is the subject (Cambodia memberOf ASEAN), ``in`` when it is the object."""

    predicate: str
    direction: str
    other: Related
    title: str | None
    date: str | None
    sources: tuple[SourceSentence, ...]


@dataclass(frozen=True)
class Participant:
    role: str
    entity: Related


@dataclass(frozen=True)
class EventEntry:
    """A coded event the entity takes part in, with its role(s) and everyone else's."""

    iri: str
    event_type: str
    kinds: tuple[str, ...]
    roles: tuple[str, ...]
    others: tuple[Participant, ...]
    date: str | None
    modality: str | None
    mode: str | None
    trigger: str | None
    amount: str | None
    sources: tuple[SourceSentence, ...]


@dataclass(frozen=True)
class QuotationEntry:
    text: str
    sources: tuple[SourceSentence, ...]


@dataclass(frozen=True)
class EntityProfile:
    iri: str
    label: str
    alt_labels: tuple[str, ...]
    types: tuple[str, ...]
    posts: tuple[PostEntry, ...]
    facts: tuple[FactEntry, ...]
    events: tuple[EventEntry, ...]
    quotations: tuple[QuotationEntry, ...]
    documents: tuple[DocumentRef, ...]

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (dataclasses as objects, tuples as lists)."""
        return asdict(self)


# -- finding the entity -------------------------------------------------------------------
_Q_EXISTS = "SELECT ?entity WHERE { ?entity ?p ?o } LIMIT 1"
_Q_LABEL_MATCHES = """SELECT DISTINCT ?node ?property ?name ?wanted WHERE {
  VALUES ?property { rdfs:label skos:altLabel }
  ?node ?property ?name .
  FILTER(lcase(str(?name)) = lcase(?wanted))
}"""
_IRI_LIKE = re.compile(r"<.*>|[a-z][a-z0-9+.-]*://\S+|[A-Za-z][\w.-]*:\S+|\S+/\S+", re.IGNORECASE)


def resolve_entity(store: KGStore, entity: str) -> str:
    """The IRI that ``entity`` names: a full IRI, ``<iri>``, a prefixed name (``kgid:…``),
    an id under the store's base (``person/kin-phea``) or a label or alias, compared
    case-insensitively. Labels win over aliases; two entities with the name are an error
    that lists them."""
    text = entity.strip()
    if not text:
        raise EntityError("give an entity: an IRI, an id such as person/kin-phea, or a label")
    if _IRI_LIKE.fullmatch(text):
        for candidate in _iri_candidates(store, text):
            if _exists(store, candidate):
                return candidate
    label_hits: dict[str, set[str]] = defaultdict(set)
    for row in _rows(store, _Q_LABEL_MATCHES, {"wanted": ox.Literal(text)}):
        label_hits[_local(row["property"])].add(row["node"])
    hits = label_hits.get("label") or label_hits.get("altLabel") or set()
    if len(hits) == 1:
        return next(iter(hits))
    if not hits:
        raise EntityError(
            f"no entity called {text!r} — give a label, an alias, an id such as "
            "person/kin-phea, or an IRI (`kg query entities` lists them)"
        )
    prefixes = store_prefixes(store)
    labels = store.labels(sorted(hits))
    listed = sorted(f"{labels.get(i, i)} ({compact_iri(i, prefixes)})" for i in hits)
    more = f" and {len(listed) - MAX_CANDIDATES} more" if len(listed) > MAX_CANDIDATES else ""
    raise EntityError(
        f"{text!r} names {len(listed)} entities: {'; '.join(listed[:MAX_CANDIDATES])}{more}"
        " — give one of their ids instead"
    )


def _iri_candidates(store: KGStore, text: str) -> list[str]:
    expanded = expand_iri(text, store_prefixes(store))
    candidates = [expanded]
    if expanded == text and "://" not in text:
        candidates.append(store.iris.base + text.lstrip("/"))
    return candidates


def _exists(store: KGStore, iri: str) -> bool:
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        return False
    return bool(_rows(store, _Q_EXISTS, {"entity": node}))


# -- reading ------------------------------------------------------------------------------
_Q_DESCRIPTION = """SELECT DISTINCT ?entity ?p ?o WHERE {
  VALUES ?p { rdfs:label skos:altLabel rdf:type kg:inDocument }
  ?entity ?p ?o .
}"""
_Q_DOCUMENTS = """SELECT DISTINCT ?doc ?id ?title ?date WHERE {
  ?doc a kg:Document .
  OPTIONAL { ?doc dcterms:identifier ?id }
  OPTIONAL { ?doc dcterms:title ?title }
  OPTIONAL { ?doc dcterms:date ?date }
}"""
# Sentences of everything derived from a mention that involves the entity.
_SOURCES = """?node prov:wasDerivedFrom ?mention .
  ?mention kg:text ?text ; kg:inDocument ?doc .
  OPTIONAL { ?mention nif:beginIndex ?begin }"""
_Q_POSTS = f"""SELECT DISTINCT ?entity ?node ?organization ?title ?date ?text ?doc ?begin WHERE {{
  ?node a kg:Position ; kg:holder ?entity ; kg:organization ?organization .
  OPTIONAL {{ ?node kg:title ?title }}
  OPTIONAL {{ ?node kg:date ?date }}
  OPTIONAL {{ {_SOURCES} }}
}}"""
_VALUES_FACTS = " ".join(f"kg:{p}" for p in FACT_PROPERTIES)
_Q_FACTS = f"""SELECT DISTINCT ?entity ?direction ?p ?other WHERE {{
  VALUES ?p {{ {_VALUES_FACTS} }}
  {{ ?entity ?p ?other . BIND("out" AS ?direction) }}
  UNION
  {{ ?other ?p ?entity . BIND("in" AS ?direction) }}
  FILTER(isIRI(?other))
}}"""
# The statement nodes behind those facts, read apart: joined to the facts in the query
# they were evaluated once per union-graph copy of each fact, ten times slower.
_Q_FACT_NODES = f"""SELECT DISTINCT ?entity ?direction ?p ?other ?node ?title ?date ?text ?doc
                ?begin WHERE {{
  VALUES ?p {{ {_VALUES_FACTS} }}
  {{ ?node rdf:subject ?entity ; rdf:predicate ?p ; rdf:object ?other .
     BIND("out" AS ?direction) }}
  UNION
  {{ ?node rdf:object ?entity ; rdf:predicate ?p ; rdf:subject ?other .
     BIND("in" AS ?direction) }}
  OPTIONAL {{ ?node kg:title ?title }}
  OPTIONAL {{ ?node kg:date ?date }}
  OPTIONAL {{ {_SOURCES} }}
}}"""
_VALUES_ROLES = " ".join(f"kg:{r}" for r in EVENT_ROLES)
_Q_EVENTS = f"""SELECT DISTINCT ?entity ?node ?role ?type WHERE {{
  VALUES ?role {{ {_VALUES_ROLES} }}
  ?node ?role ?entity ; kg:eventType ?type .
}}"""
_Q_EVENT_DETAILS = f"""SELECT DISTINCT ?entity ?node ?p ?o WHERE {{
  VALUES ?role {{ {_VALUES_ROLES} }}
  ?node ?role ?entity ; kg:eventType ?anyType ; ?p ?o .
}}"""
_Q_EVENT_SOURCES = f"""SELECT DISTINCT ?entity ?node ?text ?doc ?begin WHERE {{
  VALUES ?role {{ {_VALUES_ROLES} }}
  ?node ?role ?entity ; kg:eventType ?anyType .
  {_SOURCES}
}}"""
_Q_QUOTATIONS = f"""SELECT DISTINCT ?entity ?node ?quote ?text ?doc ?begin WHERE {{
  ?node a kg:Quotation ; kg:speaker ?entity ; kg:text ?quote .
  OPTIONAL {{ {_SOURCES} }}
}}"""


def entity_profile(store: KGStore, entity: str) -> EntityProfile:
    """Everything the store says about ``entity`` (see ``resolve_entity`` for the forms it
    may take), events in date order."""
    iri = resolve_entity(store, entity)
    node = {"entity": ox.NamedNode(iri)}
    rows = {name: _rows(store, sparql, node) for name, sparql in _PROFILE_QUERIES.items()}
    # Labels of just the nodes the profile names: reading every label of a large store
    # would cost more than all the profile's other queries together.
    labels = store.labels(sorted(_named_nodes(rows)))
    documents = {
        row["doc"]: DocumentRef(
            row.get("id") or _local(row["doc"]), row.get("title"), row.get("date"), row["doc"]
        )
        for row in _rows(store, _Q_DOCUMENTS)
    }

    def related(other: str) -> Related:
        return Related(labels.get(other) or _local(other), other)

    def source(row: Mapping[str, str]) -> SourceSentence | None:
        if "text" not in row:
            return None
        doc = row.get("doc", "")
        ref = documents.get(doc) or DocumentRef(_local(doc), None, None, doc)
        return SourceSentence(ref, int(row.get("begin", 0)), row["text"])

    names: list[str] = []
    alt_names: set[str] = set()
    classes: set[str] = set()
    in_documents: set[str] = set()
    for row in rows["description"]:
        prop, value = _local(row["p"]), row["o"]
        if prop == "label":
            names.append(value)
        elif prop == "altLabel":
            alt_names.add(value)
        elif prop == "type" and value.startswith(ONTOLOGY_IRI):
            classes.add(_local(value))
        elif prop == "inDocument":
            in_documents.add(value)
    label = min(names) if names else _local(iri)

    posts = _posts(rows["posts"], related, source)
    facts = _facts(rows["facts"], rows["fact_nodes"], related, source)
    events = _events(rows, iri, related, source)
    quotations = _quotations(rows["quotations"], source)
    mentioned = {s.document.iri for e in events for s in e.sources}
    mentioned |= {s.document.iri for p in posts for s in p.sources}
    mentioned |= {s.document.iri for f in facts for s in f.sources}
    mentioned |= in_documents
    return EntityProfile(
        iri=iri,
        label=label,
        alt_labels=tuple(sorted((alt_names | set(names)) - {label}, key=str.casefold)),
        types=_specific(classes),
        posts=posts,
        facts=facts,
        events=events,
        quotations=quotations,
        documents=tuple(sorted(documents[d] for d in mentioned if d in documents)),
    )


_Rows = list[dict[str, str]]
_Related = Callable[[str], Related]
_Source = Callable[[Mapping[str, str]], "SourceSentence | None"]

_PROFILE_QUERIES = {
    "description": _Q_DESCRIPTION,
    "posts": _Q_POSTS,
    "facts": _Q_FACTS,
    "fact_nodes": _Q_FACT_NODES,
    "events": _Q_EVENTS,
    "event_details": _Q_EVENT_DETAILS,
    "event_sources": _Q_EVENT_SOURCES,
    "quotations": _Q_QUOTATIONS,
}
# Which columns hold a node the profile shows by its label (event details: by property).
_NAMED_COLUMNS = {"posts": ("organization",), "facts": ("other",)}
_NAMED_DETAILS = {*EVENT_ROLES, "topic", "amount"}


def _named_nodes(rows: Mapping[str, _Rows]) -> set[str]:
    named = {row[c] for q, cols in _NAMED_COLUMNS.items() for row in rows[q] for c in cols}
    named |= {row["o"] for row in rows["event_details"] if _local(row["p"]) in _NAMED_DETAILS}
    return named


def _posts(rows: _Rows, related: _Related, source: _Source) -> tuple[PostEntry, ...]:
    grouped: dict[str, dict[str, Any]] = {}
    for row in rows:
        post = grouped.setdefault(
            row["node"],
            {"organization": row["organization"], "title": None, "date": None, "sources": set()},
        )
        post["title"] = post["title"] or row.get("title")
        post["date"] = post["date"] or row.get("date")
        if (found := source(row)) is not None:
            post["sources"].add(found)
    entries = {
        PostEntry(p["title"], related(p["organization"]), p["date"], tuple(sorted(p["sources"])))
        for p in grouped.values()
    }
    return tuple(sorted(entries, key=lambda p: (p.organization.label, p.title or "", p.date or "")))


def _facts(
    fact_rows: _Rows, node_rows: _Rows, related: _Related, source: _Source
) -> tuple[FactEntry, ...]:
    grouped: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in fact_rows:
        predicate = _local(row["p"])
        if predicate == "affiliatedWith" and row["direction"] == "out":
            continue  # the entity's own posts, listed as posts
        grouped[predicate, row["direction"], row["other"]] = {
            "titles": set(),
            "dates": set(),
            "src": set(),
        }
    for row in node_rows:
        fact = grouped.get((_local(row["p"]), row["direction"], row["other"]))
        if fact is None:
            continue
        fact["titles"].update([row["title"]] if "title" in row else [])
        fact["dates"].update([row["date"]] if "date" in row else [])
        if (found := source(row)) is not None:
            fact["src"].add(found)
    entries = [
        FactEntry(
            predicate,
            direction,
            related(other),
            "; ".join(sorted(f["titles"])) or None,
            "; ".join(sorted(f["dates"])) or None,
            tuple(sorted(f["src"])),
        )
        for (predicate, direction, other), f in grouped.items()
    ]
    order = {p: i for i, p in enumerate(FACT_PROPERTIES)}
    return tuple(
        sorted(entries, key=lambda f: (order[f.predicate], f.direction, f.other.label.casefold()))
    )


def _events(
    rows: Mapping[str, _Rows], iri: str, related: _Related, source: _Source
) -> tuple[EventEntry, ...]:
    roles: dict[str, set[str]] = defaultdict(set)
    types: dict[str, set[str]] = defaultdict(set)
    for row in rows["events"]:
        roles[row["node"]].add(_local(row["role"]))
        types[row["node"]].add(_local(row["type"]))
    values: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    others: dict[str, set[Participant]] = defaultdict(set)
    for row in rows["event_details"]:
        prop, value = _local(row["p"]), row["o"]
        if prop in EVENT_ROLES or prop == "topic":
            if value != iri:
                others[row["node"]].add(Participant(prop, related(value)))
        elif prop == "type" and value.startswith(ONTOLOGY_IRI) and _local(value) != "Event":
            values[row["node"]]["kinds"].add(_local(value))
        elif prop == "amount":
            values[row["node"]][prop].add(related(value).label)
        elif prop in ("date", "modality", "mode", "trigger"):
            values[row["node"]][prop].add(value)
    sources: dict[str, set[SourceSentence]] = defaultdict(set)
    for row in rows["event_sources"]:
        if (found := source(row)) is not None:
            sources[row["node"]].add(found)

    role_order = {r: i for i, r in enumerate((*EVENT_ROLES, "topic"))}

    def first(event: str, name: str) -> str | None:
        found = values[event].get(name)
        return min(found) if found else None

    entries = [
        EventEntry(
            iri=event,
            event_type=min(types[event]),
            kinds=tuple(sorted(values[event].get("kinds", ()))),
            roles=tuple(sorted(roles[event], key=role_order.__getitem__)),
            others=tuple(
                sorted(
                    others[event],
                    key=lambda p: (role_order[p.role], p.entity.label.casefold(), p.entity.iri),
                )
            ),
            date=first(event, "date"),
            modality=first(event, "modality"),
            mode=first(event, "mode"),
            trigger=first(event, "trigger"),
            amount=first(event, "amount"),
            sources=tuple(sorted(sources[event])),
        )
        for event in roles
    ]
    return tuple(sorted(entries, key=_chronological))


def _chronological(event: EventEntry) -> tuple[str, str, int, str]:
    """Events by date: their own when it has a year, else their document's publication date;
    undated ones last; then by document and position in it."""
    document = event.sources[0].document if event.sources else None
    published = document.published if document else None
    own = event.date if event.date and event.date[:1].isdigit() else None
    when = own or published or "~"  # "~" sorts after every digit
    return (
        when,
        document.doc_id if document else "",
        event.sources[0].begin if event.sources else 0,
        event.iri,
    )


def _quotations(rows: _Rows, source: _Source) -> tuple[QuotationEntry, ...]:
    grouped: dict[str, tuple[str, set[SourceSentence]]] = {}
    for row in rows:
        _, found = grouped.setdefault(row["node"], (row["quote"], set()))
        if (sentence := source(row)) is not None:
            found.add(sentence)
    entries = [QuotationEntry(quote, tuple(sorted(found))) for quote, found in grouped.values()]
    return tuple(sorted(entries, key=lambda q: (q.sources[:1], q.text)))


def _specific(classes: Iterable[str]) -> tuple[str, ...]:
    present = set(classes)
    hidden = {PARENT_CLASS[c] for c in present if c in PARENT_CLASS}
    if present - {"Agent"}:
        hidden.add("Agent")
    return tuple(sorted(present - hidden))


def _rows(
    store: KGStore,
    sparql: str,
    substitutions: Mapping[str, ox.NamedNode | ox.Literal] | None = None,
) -> list[dict[str, str]]:
    solutions = store.query(sparql, dict(substitutions or {}))
    names = [v.value for v in solutions.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in solutions]


def _local(iri: str) -> str:
    for namespace in (ONTOLOGY_IRI, PLOVER_IRI):
        if iri.startswith(namespace):
            return iri[len(namespace) :]
    return re.split(r"[/#]", iri.rstrip("/#"))[-1] or iri


# -- text ---------------------------------------------------------------------------------
def format_profile(profile: EntityProfile, prefixes: Mapping[str, str] | None = None) -> str:
    """The profile as plain text for a terminal: headed sections, one item a line, each
    source sentence quoted under its item with its document."""
    short = (lambda iri: compact_iri(iri, prefixes)) if prefixes else (lambda iri: iri)
    lines = [
        f"{profile.label}  ({', '.join(profile.types) or 'no class'})",
        f"  {short(profile.iri)}",
    ]
    if profile.alt_labels:
        lines.append(f"  also: {'; '.join(profile.alt_labels)}")

    def section(title: str, count: int) -> None:
        lines.extend(["", f"{title} ({count})"])

    def quote(sources: Iterable[SourceSentence]) -> None:
        for s in sources:
            lines.append(f"      {_quoted(s.text)}")
            lines.append(f"        — {_document_line(s.document)}")

    if profile.posts:
        section("Posts", len(profile.posts))
        for post in profile.posts:
            title = f"{post.title}, " if post.title else ""
            date = f" ({post.date})" if post.date else ""
            lines.append(f"  • {title}{post.organization.label}{date}")
            quote(post.sources)
    if profile.facts:
        section("Facts", len(profile.facts))
        for fact in profile.facts:
            arrow = f"{fact.predicate} →" if fact.direction == "out" else f"← {fact.predicate}"
            extra = "; ".join(filter(None, (fact.title, fact.date)))
            lines.append(f"  • {arrow} {fact.other.label}" + (f" ({extra})" if extra else ""))
            quote(fact.sources)
    if profile.events:
        section("Events", len(profile.events))
        for event in profile.events:
            head = [event.date or "undated", event.event_type, f"as {', '.join(event.roles)}"]
            if event.modality and event.modality != "asserted":
                head.append(event.modality)
            lines.append("  • " + " · ".join(head))
            with_whom = defaultdict(list)
            for other in event.others:
                with_whom[other.role].append(other.entity.label)
            for role, names in with_whom.items():
                lines.append(f"      {role}: {', '.join(names)}")
            for name in ("trigger", "mode", "amount"):
                if value := getattr(event, name):
                    lines.append(f"      {name}: {value}")
            quote(event.sources)
    if profile.quotations:
        section("Quotations", len(profile.quotations))
        for quotation in profile.quotations:
            lines.append(f"  • {_quoted(quotation.text)}")
            quote(quotation.sources)
    section("Documents", len(profile.documents))
    lines.extend(f"  • {_document_line(d)}" for d in profile.documents)
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    """``text`` in quotation marks, unless it already opens with one."""
    return text if text[:1] in "“\"'‘" else f"“{text}”"


def _document_line(document: DocumentRef) -> str:
    parts = [document.title or document.doc_id]
    if document.published:
        parts.append(document.published)
    parts.append(f"[{document.doc_id}]")
    return " ".join(parts)
