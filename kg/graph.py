"""Stage 4: one document's ``Extraction`` becomes its RDF named graph.

IRIs are readable and deterministic: the same extraction under the same base IRI gives
the same triples, so rebuilding a document gives an identical graph.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS, XSD
from rdflib.term import Node

from kg import __version__
from kg.binding import search_key
from kg.model import (
    AGENT_CLASSES,
    Event,
    Evidence,
    Extraction,
    Fact,
    with_superclasses,
)
from kg.namespaces import KG, NIF, PLOVER, SCHEMA, WD, bind_prefixes, term

if TYPE_CHECKING:
    from kg.resolve import Resolution

# Facts whose provenance node is a typed n-ary record, not a bare rdf:Statement.
_NARY_CLASS = {"affiliatedWith": KG.Position, "chairs": KG.Chairmanship, "hosts": KG.Hosting}
_SLUG = re.compile(r"[^a-z0-9]+")

_Provenance = Callable[[URIRef, Evidence], None]
Triple = tuple[Node, Node, Node]


class _Sink(Protocol):
    """Where the graph stage puts triples: an rdflib ``Graph``, or a plain ``Triples`` list."""

    def add(self, triple: Triple, /) -> Any: ...


class Triples(list[Triple]):
    """Triples in the order they were made, repeats included: what the build writes to the
    store, where building an rdflib ``Graph`` (indexing every triple three ways) first cost
    more than making the triples."""

    def add(self, triple: Triple, /) -> None:
        self.append(triple)


def slugify(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-") or "x"


def date_literal(value: str) -> Literal:
    """An ISO (partial) date as a literal of the narrowest XSD date type that fits."""
    if value.startswith("--"):
        return Literal(value, datatype=XSD.gMonthDay)
    if re.fullmatch(r"\d{4}", value):
        return Literal(value, datatype=XSD.gYear)
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return Literal(value, datatype=XSD.gYearMonth)
    return Literal(value, datatype=XSD.date)


class IRIs:
    """The IRI scheme under one base IRI."""

    def __init__(self, base: str) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def entity(self, key: str) -> URIRef:
        return URIRef(self.base + key)

    def document(self, doc_id: str) -> URIRef:
        return URIRef(f"{self.base}document/{doc_id}")

    def graph(self, doc_id: str) -> URIRef:
        return URIRef(f"{self.base}graph/{doc_id}")

    def resolution(self) -> URIRef:
        """The named graph of cross-document resolution records (outside ``graph/``, so that
        no document id can take it)."""
        return URIRef(f"{self.base}resolution")

    def mention(self, doc_id: str, start: int, end: int) -> URIRef:
        return URIRef(f"{self.base}mention/{doc_id}/{start}-{end}")

    def event(self, doc_id: str, key: str) -> URIRef:
        return URIRef(f"{self.base}event/{doc_id}/{key}")

    def topic(self, label: str) -> URIRef:
        return URIRef(f"{self.base}topic/{slugify(label)}")

    def node(self, kind: str, doc_id: str, *parts: str) -> URIRef:
        digest = hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:12]
        return URIRef(f"{self.base}{kind}/{doc_id}/{digest}")


def add_search_keys(g: _Sink, node: URIRef, names: Iterable[str]) -> None:
    for key in {search_key(name) for name in names if name}:
        g.add((node, KG.searchKey, Literal(key)))


def document_graph(extraction: Extraction, base_iri: str) -> Graph:
    """The named graph of one document: its entities, facts, events, quotations, provenance."""
    iris = IRIs(base_iri)
    g = bind_prefixes(Graph(identifier=iris.graph(extraction.document.doc_id)))
    g.bind("kgid", iris.base)
    _document(g, extraction, iris)
    return g


def document_triples(extraction: Extraction, base_iri: str) -> Triples:
    """The triples of ``document_graph`` (a triple may come more than once)."""
    triples = Triples()
    _document(triples, extraction, IRIs(base_iri))
    return triples


def _document(g: _Sink, extraction: Extraction, iris: IRIs) -> None:
    doc = extraction.document
    doc_iri = iris.document(doc.doc_id)
    extractor_version = extraction.extractor_version or f"kg {__version__}"

    g.add((doc_iri, RDF.type, KG.Document))
    g.add((doc_iri, DCTERMS.identifier, Literal(doc.doc_id)))
    add_search_keys(g, doc_iri, (doc.doc_id, doc.title or ""))
    g.add((doc_iri, KG.sha256, Literal(doc.sha256)))
    g.add((doc_iri, KG.extractor, Literal(extractor_version)))
    for predicate, value in (
        (DCTERMS.title, doc.title),
        (DCTERMS.source, doc.source),
        (SCHEMA.url, doc.url),
    ):
        if value:
            g.add((doc_iri, predicate, Literal(value)))
    if doc.published:
        g.add((doc_iri, DCTERMS.date, Literal(doc.published.isoformat(), datatype=XSD.date)))

    def provenance(node: URIRef, evidence: Evidence) -> None:
        span = evidence.sentence
        mention = iris.mention(doc.doc_id, span.start, span.end)
        g.add((mention, RDF.type, KG.Mention))
        g.add((mention, KG.text, Literal(span.text)))
        g.add((mention, NIF.beginIndex, Literal(span.start, datatype=XSD.integer)))
        g.add((mention, NIF.endIndex, Literal(span.end, datatype=XSD.integer)))
        g.add((mention, KG.inDocument, doc_iri))
        g.add((node, PROV.wasDerivedFrom, mention))
        g.add((node, KG.extractor, Literal(evidence.extractor)))

    for entity in extraction.entities:
        node = iris.entity(entity.key)
        classes = with_superclasses(entity.types)
        if classes & AGENT_CLASSES:
            classes.add("Agent")
        for cls in sorted(classes):
            g.add((node, RDF.type, term(cls)))
        g.add((node, RDFS.label, Literal(entity.label)))
        for alias in sorted(set(entity.aliases) - {entity.label}):
            g.add((node, SKOS.altLabel, Literal(alias)))
        add_search_keys(g, node, (entity.label, *entity.aliases))
        if entity.iso_code:
            g.add((node, KG.iso3166, Literal(entity.iso_code)))
        if entity.wikidata:
            g.add((node, OWL.sameAs, WD[entity.wikidata]))
        g.add((node, KG.inDocument, doc_iri))

    for fact in extraction.facts:
        _add_fact(g, iris, doc.doc_id, fact, provenance)

    for event in extraction.events:
        _add_event(g, iris, doc.doc_id, event, provenance)

    for quotation in extraction.quotations:
        span = quotation.evidence.sentence
        node = iris.node("quotation", doc.doc_id, str(span.start), quotation.text)
        g.add((node, RDF.type, KG.Quotation))
        g.add((node, KG.text, Literal(quotation.text)))
        for speaker in quotation.speakers:
            g.add((node, KG.speaker, iris.entity(speaker)))
        provenance(node, quotation.evidence)


def _add_fact(g: _Sink, iris: IRIs, doc_id: str, fact: Fact, provenance: _Provenance) -> None:
    subject, obj = iris.entity(fact.subject), iris.entity(fact.object)
    predicate = term(fact.predicate)
    g.add((subject, predicate, obj))
    node = iris.node("fact", doc_id, fact.subject, fact.predicate, fact.object, fact.title or "")
    g.add((node, RDF.type, RDF.Statement))
    g.add((node, RDF.subject, subject))
    g.add((node, RDF.predicate, predicate))
    g.add((node, RDF.object, obj))
    if fact.predicate in _NARY_CLASS:
        g.add((node, RDF.type, _NARY_CLASS[fact.predicate]))
        g.add((node, KG.holder, subject))
        # A post is held in an organisation; a chairmanship or hosting is about what is
        # chaired or hosted (ontology/kg.ttl).
        g.add((node, KG.organization if fact.predicate == "affiliatedWith" else KG.about, obj))
    if fact.title:
        g.add((node, KG.title, Literal(fact.title)))
    if fact.date:
        g.add((node, KG.date, date_literal(fact.date)))
    provenance(node, fact.evidence)


def _add_event(g: _Sink, iris: IRIs, doc_id: str, event: Event, provenance: _Provenance) -> None:
    node = iris.event(doc_id, event.key)
    g.add((node, RDF.type, KG.Event))
    if event.kind != "Event":
        g.add((node, RDF.type, term(event.kind)))
    g.add((node, KG.eventType, PLOVER[event.event_type]))
    g.add((node, RDFS.label, Literal(f"{event.event_type.lower()}: {event.trigger}")))
    roles: Iterable[tuple[URIRef, tuple[str, ...]]] = (
        (KG.actor, event.actors),
        (KG.target, event.targets),
        (KG.participant, event.participants),
    )
    for predicate, keys in roles:
        for key in keys:
            g.add((node, predicate, iris.entity(key)))
    for key in event.about:
        is_event = key.startswith("event:")
        target = iris.event(doc_id, key.removeprefix("event:")) if is_event else iris.entity(key)
        g.add((node, KG.about, target))
    for topic in event.topics:
        topic_node = iris.topic(topic)
        g.add((topic_node, RDF.type, KG.Topic))
        g.add((topic_node, RDFS.label, Literal(topic)))
        add_search_keys(g, topic_node, (topic,))
        g.add((node, KG.topic, topic_node))
    if event.amount:
        amount = iris.node("amount", doc_id, event.key)
        g.add((amount, RDF.type, KG.MonetaryAmount))
        g.add((amount, SCHEMA.value, Literal(event.amount.value, datatype=XSD.decimal)))
        g.add((amount, SCHEMA.currency, Literal(event.amount.currency)))
        g.add((amount, RDFS.label, Literal(event.amount.text)))
        g.add((node, KG.amount, amount))
    if event.date:
        g.add((node, KG.date, date_literal(event.date)))
    if event.location:
        g.add((node, KG.location, iris.entity(event.location)))
    if event.mode:
        g.add((node, KG.mode, Literal(event.mode)))
    g.add((node, KG.trigger, Literal(event.trigger)))
    g.add((node, KG.modality, Literal(event.modality)))
    provenance(node, event.evidence)


def resolution_graph(resolution: Resolution, base_iri: str) -> Graph:
    """The resolution graph: for each document's entity that the store-wide resolution took
    to be another (or whose name it normalised), a ``kg:Merge`` saying into what, from which
    names and by which rule; for each it left apart, a ``kg:AmbiguousName`` with the
    candidates. Document graphs already use the store-wide IRIs; this graph says why."""
    iris = IRIs(base_iri)
    g = bind_prefixes(Graph(identifier=iris.resolution()))
    g.bind("kgid", iris.base)
    for merge in resolution.merges:
        node = iris.node("merge", merge.doc_id, merge.local, merge.rule)
        g.add((node, RDF.type, KG.Merge))
        g.add((node, KG.localEntity, iris.entity(merge.local)))
        g.add((node, KG.mergedInto, iris.entity(merge.into)))
        g.add((node, KG.resolutionRule, Literal(merge.rule)))
        g.add((node, KG.inDocument, iris.document(merge.doc_id)))
        for form in merge.forms:
            g.add((node, KG.surfaceForm, Literal(form)))
    for ambiguity in resolution.ambiguities:
        node = iris.node("ambiguity", ambiguity.doc_id, ambiguity.local, ambiguity.rule)
        g.add((node, RDF.type, KG.AmbiguousName))
        g.add((node, KG.localEntity, iris.entity(ambiguity.local)))
        g.add((node, KG.resolutionRule, Literal(ambiguity.rule)))
        g.add((node, KG.inDocument, iris.document(ambiguity.doc_id)))
        for candidate in ambiguity.candidates:
            g.add((node, KG.candidate, iris.entity(candidate)))
        for form in ambiguity.forms:
            g.add((node, KG.surfaceForm, Literal(form)))
    return g
