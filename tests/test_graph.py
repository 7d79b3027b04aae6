"""document_graph on hand-made Extraction records: IRIs, provenance, datatypes, classes."""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
from datetime import date
from decimal import Decimal

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib import namespace as rdflib_namespace
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from kg.graph import IRIs, date_literal, document_graph, slugify
from kg.model import (
    AGENT_CLASSES,
    Document,
    Entity,
    Event,
    Evidence,
    Extraction,
    Fact,
    MonetaryAmount,
    Quotation,
    Span,
)
from kg.namespaces import KG, NIF, PLOVER, SCHEMA, WD

BASE = "https://example.org/kg/"
RULE = "test:graph"

SENTENCES = (
    "Japanese Foreign Minister Yoko Kamikawa met Philippine Foreign Secretary Enrique Manalo "
    "in Manila on 12 January.",
    "Japan chairs the Quad working group and hosts the 2025 Osaka Summit.",
    "Japan will provide the Philippines $20 million for coast guard training in 2024.",
    'Manalo said "we thank Japan for its support".',
    "The two sides will hold a strategic dialogue in March.",
)
TEXT = " ".join(SENTENCES)


def evidence(index: int) -> Evidence:
    sentence = SENTENCES[index]
    start = TEXT.index(sentence)
    return Evidence(Span(start, start + len(sentence), sentence), RULE)


JAPAN, PHILIPPINES = "country/japan", "country/philippines"
KAMIKAWA, MANALO = "person/yoko-kamikawa", "person/enrique-manalo"
MOFA = "organization/ministry-of-foreign-affairs-of-japan"
UN = "organization/united-nations"
QUAD = "framework/quad"
DIALOGUE = "framework/strategic-dialogue"
MANILA = "place/manila"
OSAKA_SUMMIT = "event/2025-osaka-summit"


def extraction(doc_id: str = "jp-ph") -> Extraction:
    doc = Document(
        doc_id,
        TEXT,
        title="Japan and the Philippines talk",
        published=date(2024, 1, 13),
        source="Test Wire",
        url="https://example.org/jp-ph",
    )
    return Extraction(
        document=doc,
        entities=(
            Entity(
                JAPAN, ("Country",), "Japan", ("Japanese", "Japan"), iso_code="JP", wikidata="Q17"
            ),
            Entity(PHILIPPINES, ("Country",), "Philippines", ("Philippine",), iso_code="PH"),
            Entity(KAMIKAWA, ("Person",), "Yoko Kamikawa"),
            Entity(MANALO, ("Person",), "Enrique Manalo", ("Manalo",)),
            Entity(MOFA, ("GovernmentBody",), "Ministry of Foreign Affairs of Japan"),
            Entity(UN, ("InternationalOrganization", "Framework"), "United Nations"),
            Entity(QUAD, ("Forum",), "Quad"),
            Entity(DIALOGUE, ("Programme",), "strategic dialogue"),
            Entity(MANILA, ("Place",), "Manila"),
            Entity(OSAKA_SUMMIT, ("Summit",), "2025 Osaka Summit"),
        ),
        facts=(
            Fact(KAMIKAWA, "affiliatedWith", JAPAN, evidence(0), title="Foreign Minister"),
            Fact(
                MANALO,
                "affiliatedWith",
                PHILIPPINES,
                evidence(0),
                title="Foreign Secretary",
                date="--01-12",
            ),
            Fact(JAPAN, "chairs", QUAD, evidence(1), date="2025"),
            Fact(JAPAN, "hosts", OSAKA_SUMMIT, evidence(1), date="2025-04"),
            Fact(JAPAN, "memberOf", UN, evidence(1)),
            Fact(MOFA, "partOf", JAPAN, evidence(0), date="2024-01-12"),
        ),
        events=(
            Event(
                "meeting",
                "CONSULT",
                "met",
                evidence(0),
                kind="Meeting",
                actors=(JAPAN, PHILIPPINES),
                participants=(KAMIKAWA, MANALO),
                date="--01-12",
                location=MANILA,
                mode="in person",
            ),
            Event(
                "aid",
                "AID",
                "provide",
                evidence(2),
                actors=(JAPAN,),
                targets=(PHILIPPINES,),
                topics=("coast guard training",),
                date="2024",
                modality="planned",
                amount=MonetaryAmount(Decimal("20000000"), "USD", "$20 million"),
            ),
            Event(
                "thanks",
                "SUPPORT",
                "thank",
                evidence(3),
                actors=(MANALO,),
                targets=(JAPAN,),
                about=("event:aid",),
                date="2024-01-12",
            ),
            Event(
                "dialogue",
                "CONSULT",
                "hold",
                evidence(4),
                actors=(JAPAN, PHILIPPINES),
                about=(DIALOGUE,),
                date="2024-03",
                modality="planned",
            ),
        ),
        quotations=(Quotation((MANALO,), "we thank Japan for its support", evidence(3)),),
        extractor_version="kg test / pipeline 0",
    )


@pytest.fixture(scope="module")
def graph() -> Graph:
    return document_graph(extraction(), BASE)


IRI = IRIs(BASE)
# A plain Namespace: pytest probes module globals, and rdflib.XSD warns on unknown names.
XSD = Namespace(str(rdflib_namespace.XSD))
DOC = IRI.document("jp-ph")


def sorted_nt(g: Graph) -> list[str]:
    return sorted(line for line in g.serialize(format="nt").splitlines() if line.strip())


# -- IRIs ---------------------------------------------------------------------------------


def test_iri_scheme() -> None:
    assert IRI.entity(JAPAN) == URIRef(BASE + "country/japan")
    assert IRI.document("d") == URIRef(BASE + "document/d")
    assert IRI.graph("d") == URIRef(BASE + "graph/d")
    assert IRI.mention("d", 3, 9) == URIRef(BASE + "mention/d/3-9")
    assert IRI.event("d", "k") == URIRef(BASE + "event/d/k")
    assert IRI.topic("Coast Guard  training!") == URIRef(BASE + "topic/coast-guard-training")
    assert re.fullmatch(re.escape(BASE) + r"fact/d/[0-9a-f]{12}", IRI.node("fact", "d", "x"))
    assert IRI.node("fact", "d", "a", "b") == IRI.node("fact", "d", "a", "b")
    assert IRI.node("fact", "d", "a", "b") != IRI.node("fact", "d", "ab")
    assert IRIs("https://example.org/kg").base == BASE
    assert IRIs("https://example.org/kg#").base == "https://example.org/kg#"


def test_slugify() -> None:
    assert slugify("Ministry of Foreign Affairs") == "ministry-of-foreign-affairs"
    assert slugify("  ") == "x"


def test_graph_is_named_after_the_document(graph: Graph) -> None:
    assert graph.identifier == IRI.graph("jp-ph")


def test_same_extraction_gives_the_same_triples(graph: Graph) -> None:
    assert sorted_nt(document_graph(extraction(), BASE)) == sorted_nt(graph)


def test_the_triples_the_build_writes_are_the_graphs(graph: Graph) -> None:
    from kg.graph import document_triples
    from kg.store import open_store

    triples = document_triples(extraction(), BASE)
    assert set(triples) == set(graph)
    with open_store(None, BASE) as from_graph, open_store(None, BASE) as from_triples:
        from_graph.put_document("jp-ph", graph)
        from_triples.put_document("jp-ph", triples)
        assert sorted(map(str, from_graph.quads())) == sorted(map(str, from_triples.quads()))


def test_order_of_records_does_not_matter(graph: Graph) -> None:
    x = extraction()
    shuffled = dataclasses.replace(
        x,
        entities=x.entities[::-1],
        facts=x.facts[::-1],
        events=x.events[::-1],
    )
    assert sorted_nt(document_graph(shuffled, BASE)) == sorted_nt(graph)


def test_iris_do_not_depend_on_the_hash_seed() -> None:
    script = (
        f"import sys; sys.path.insert(0, {os.path.dirname(__file__)!r}); import test_graph as t; "
        "from kg.graph import document_graph; "
        "print('\\n'.join(t.sorted_nt(document_graph(t.extraction(), t.BASE))))"
    )
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_no_blank_nodes(graph: Graph) -> None:
    for triple in graph:
        for term in triple:
            assert isinstance(term, URIRef | Literal), term
    for s, _, _ in graph:
        assert str(s).startswith(BASE), s


def test_other_base_iri_moves_every_instance() -> None:
    other = document_graph(extraction(), "https://other.example/id")
    subjects = {str(s) for s in other.subjects()}
    assert subjects and all(s.startswith("https://other.example/id/") for s in subjects)


# -- the document node -----------------------------------------------------------------------


def test_document_node(graph: Graph) -> None:
    doc = extraction().document
    assert (DOC, RDF.type, KG.Document) in graph
    assert graph.value(DOC, DCTERMS.identifier) == Literal("jp-ph")
    assert graph.value(DOC, KG.sha256) == Literal(doc.sha256)
    assert graph.value(DOC, KG.extractor) == Literal("kg test / pipeline 0")
    assert graph.value(DOC, DCTERMS.title) == Literal("Japan and the Philippines talk")
    assert graph.value(DOC, DCTERMS.source) == Literal("Test Wire")
    assert graph.value(DOC, SCHEMA.url) == Literal("https://example.org/jp-ph")
    assert graph.value(DOC, DCTERMS.date) == Literal("2024-01-13", datatype=XSD.date)


def test_document_without_metadata() -> None:
    g = document_graph(Extraction(Document("bare", "Nothing happened.")), BASE)
    doc = IRI.document("bare")
    assert set(g.predicates(doc)) == {
        RDF.type,
        DCTERMS.identifier,
        KG.sha256,
        KG.extractor,
        KG.searchKey,
    }
    assert str(g.value(doc, KG.extractor)).startswith("kg ")  # the library's own version
    assert len(g) == 5


def test_search_keys_are_lower_case_names() -> None:
    """Every name an entity, topic or document can be looked up by, once, in lower case."""
    document = Document("JP-PH", "Nothing happened.", title="Japan and the Philippines")
    entity = Entity("country/japan", ("Country",), "Japan", ("Japanese", "JAPAN"))
    g = document_graph(Extraction(document, entities=(entity,)), BASE)
    keys = {str(k) for k in g.objects(IRI.entity("country/japan"), KG.searchKey)}
    assert keys == {"japan", "japanese"}
    doc_keys = {str(k) for k in g.objects(IRI.document("JP-PH"), KG.searchKey)}
    assert doc_keys == {"jp-ph", "japan and the philippines"}


# -- provenance ----------------------------------------------------------------------------


def provenance_nodes(graph: Graph) -> set[URIRef]:
    """Reported events (subjects of kg:eventType), n-ary facts, statements, quotations.

    A named event that is only an entity ("2025 Osaka Summit") is a kg:Event too, but it
    is not a reported act and carries no provenance (ontology/shapes.ttl, EventShape).
    """
    nodes = {n for n in graph.subjects(KG.eventType, None) if isinstance(n, URIRef)}
    for cls in (KG.Position, KG.Chairmanship, KG.Hosting, KG.Quotation, RDF.Statement):
        nodes |= {n for n in graph.subjects(RDF.type, cls) if isinstance(n, URIRef)}
    return nodes


def test_provenance_nodes_are_all_there(graph: Graph) -> None:
    nodes = provenance_nodes(graph)
    assert len(set(graph.subjects(RDF.type, KG.Event))) == 4 + 1  # and the named summit
    assert len(set(graph.subjects(KG.eventType, None))) == 4
    assert len(set(graph.subjects(RDF.type, RDF.Statement))) == 6
    assert len(set(graph.subjects(RDF.type, KG.Position))) == 2
    assert len(set(graph.subjects(RDF.type, KG.Chairmanship))) == 1
    assert len(set(graph.subjects(RDF.type, KG.Hosting))) == 1
    assert len(set(graph.subjects(RDF.type, KG.Quotation))) == 1
    assert len(nodes) == 4 + 6 + 1


def test_every_statement_is_derived_from_a_mention(graph: Graph) -> None:
    text = extraction().document.text
    nodes = provenance_nodes(graph)
    assert nodes
    for node in nodes:
        mentions = list(graph.objects(node, PROV.wasDerivedFrom))
        assert len(mentions) == 1, node
        (mention,) = mentions
        assert (mention, RDF.type, KG.Mention) in graph
        begin = graph.value(mention, NIF.beginIndex)
        end = graph.value(mention, NIF.endIndex)
        assert isinstance(begin, Literal) and begin.datatype == XSD.integer
        assert isinstance(end, Literal) and end.datatype == XSD.integer
        assert graph.value(mention, KG.text) == Literal(text[begin.toPython() : end.toPython()])
        assert graph.value(mention, KG.inDocument) == DOC
        assert mention == IRI.mention("jp-ph", begin.toPython(), end.toPython())
        assert graph.value(node, KG.extractor) == Literal(RULE)


def test_one_mention_per_sentence(graph: Graph) -> None:
    mentions = set(graph.subjects(RDF.type, KG.Mention))
    assert len(mentions) == len(SENTENCES)


# -- facts ---------------------------------------------------------------------------------


def test_facts_are_direct_triples_and_reified(graph: Graph) -> None:
    japan, quad = IRI.entity(JAPAN), IRI.entity(QUAD)
    assert (japan, KG.chairs, quad) in graph
    assert (japan, KG.memberOf, IRI.entity(UN)) in graph
    assert (IRI.entity(MOFA), KG.partOf, japan) in graph
    (statement,) = graph.subjects(RDF.predicate, KG.chairs)
    assert graph.value(statement, RDF.subject) == japan
    assert graph.value(statement, RDF.object) == quad
    assert (statement, RDF.type, KG.Chairmanship) in graph
    assert graph.value(statement, KG.holder) == japan
    assert graph.value(statement, KG.about) == quad


def test_position_node(graph: Graph) -> None:
    kamikawa = IRI.entity(KAMIKAWA)
    (position,) = (
        n for n in graph.subjects(RDF.type, KG.Position) if graph.value(n, KG.holder) == kamikawa
    )
    assert graph.value(position, KG.organization) == IRI.entity(JAPAN)
    assert graph.value(position, KG.title) == Literal("Foreign Minister")
    assert (kamikawa, KG.affiliatedWith, IRI.entity(JAPAN)) in graph


def test_hosting_node(graph: Graph) -> None:
    (hosting,) = graph.subjects(RDF.type, KG.Hosting)
    assert graph.value(hosting, KG.holder) == IRI.entity(JAPAN)
    assert graph.value(hosting, KG.about) == IRI.entity(OSAKA_SUMMIT)


# -- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "datatype"),
    [
        ("2024", XSD.gYear),
        ("--01-12", XSD.gMonthDay),
        ("2024-01-12", XSD.date),
        ("2024-01", XSD.gYearMonth),
    ],
)
def test_date_literal(value: str, datatype: URIRef) -> None:
    literal = date_literal(value)
    assert str(literal) == value
    assert literal.datatype == datatype


def fact_date(graph: Graph, subject: str, predicate: URIRef) -> Literal:
    (statement,) = (
        n
        for n in graph.subjects(RDF.predicate, predicate)
        if graph.value(n, RDF.subject) == IRI.entity(subject)
    )
    value = graph.value(statement, KG.date)
    assert isinstance(value, Literal)
    return value


def test_dates_in_the_graph_have_the_narrowest_type(graph: Graph) -> None:
    def event_date(key: str) -> Literal:
        value = graph.value(IRI.event("jp-ph", key), KG.date)
        assert isinstance(value, Literal)
        return value

    assert event_date("meeting") == Literal("--01-12", datatype=XSD.gMonthDay)
    assert event_date("aid") == Literal("2024", datatype=XSD.gYear)
    assert event_date("thanks") == Literal("2024-01-12", datatype=XSD.date)
    assert event_date("dialogue") == Literal("2024-03", datatype=XSD.gYearMonth)
    assert fact_date(graph, JAPAN, KG.chairs) == Literal("2025", datatype=XSD.gYear)
    assert fact_date(graph, JAPAN, KG.hosts) == Literal("2025-04", datatype=XSD.gYearMonth)
    assert fact_date(graph, MOFA, KG.partOf) == Literal("2024-01-12", datatype=XSD.date)
    assert fact_date(graph, MANALO, KG.affiliatedWith) == Literal("--01-12", datatype=XSD.gMonthDay)
    for _, _, value in graph.triples((None, KG.date, None)):
        assert isinstance(value, Literal)
        assert value.datatype in {XSD.gYear, XSD.gMonthDay, XSD.date, XSD.gYearMonth}


# -- classes -------------------------------------------------------------------------------


def types_of(graph: Graph, key: str) -> set[str]:
    return {str(t).removeprefix(str(KG._NS)) for t in graph.objects(IRI.entity(key), RDF.type)}


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (JAPAN, {"Country", "Agent"}),
        (KAMIKAWA, {"Person", "Agent"}),
        (MOFA, {"GovernmentBody", "Organization", "Agent"}),
        (UN, {"InternationalOrganization", "Organization", "Framework", "Agent"}),
        (QUAD, {"Forum", "Framework"}),
        (DIALOGUE, {"Programme", "Framework"}),
        (MANILA, {"Place"}),
        (OSAKA_SUMMIT, {"Summit", "Event"}),
    ],
)
def test_entity_classes_with_superclasses_and_agent(
    graph: Graph, key: str, expected: set[str]
) -> None:
    assert types_of(graph, key) == expected


def test_agent_exactly_for_agent_classes(graph: Graph) -> None:
    for entity in extraction().entities:
        is_agent = (IRI.entity(entity.key), RDF.type, KG.Agent) in graph
        assert is_agent == bool(set(entity.types) & AGENT_CLASSES), entity.key


def test_entity_labels_aliases_and_links(graph: Graph) -> None:
    japan = IRI.entity(JAPAN)
    assert list(graph.objects(japan, RDFS.label)) == [Literal("Japan")]
    assert set(graph.objects(japan, SKOS.altLabel)) == {Literal("Japanese")}  # not the label
    assert graph.value(japan, KG.iso3166) == Literal("JP")
    assert graph.value(japan, OWL.sameAs) == WD.Q17
    assert graph.value(japan, KG.inDocument) == DOC
    assert graph.value(IRI.entity(KAMIKAWA), OWL.sameAs) is None


# -- events and quotations -------------------------------------------------------------------


def test_event_roles_and_attributes(graph: Graph) -> None:
    meeting = IRI.event("jp-ph", "meeting")
    assert {KG.Event, KG.Meeting} == set(graph.objects(meeting, RDF.type))
    assert graph.value(meeting, KG.eventType) == PLOVER.CONSULT
    assert graph.value(meeting, RDFS.label) == Literal("consult: met")
    assert set(graph.objects(meeting, KG.actor)) == {IRI.entity(JAPAN), IRI.entity(PHILIPPINES)}
    assert set(graph.objects(meeting, KG.participant)) == {
        IRI.entity(KAMIKAWA),
        IRI.entity(MANALO),
    }
    assert graph.value(meeting, KG.location) == IRI.entity(MANILA)
    assert graph.value(meeting, KG.mode) == Literal("in person")
    assert graph.value(meeting, KG.modality) == Literal("asserted")
    assert graph.value(meeting, KG.trigger) == Literal("met")
    plain = IRI.event("jp-ph", "aid")
    assert set(graph.objects(plain, RDF.type)) == {KG.Event}


def test_event_amount_topic_and_about(graph: Graph) -> None:
    aid = IRI.event("jp-ph", "aid")
    amount = graph.value(aid, KG.amount)
    assert (amount, RDF.type, KG.MonetaryAmount) in graph
    assert graph.value(amount, SCHEMA.value) == Literal(Decimal("20000000"), datatype=XSD.decimal)
    assert graph.value(amount, SCHEMA.currency) == Literal("USD")
    assert graph.value(amount, RDFS.label) == Literal("$20 million")
    topic = graph.value(aid, KG.topic)
    assert topic == IRI.topic("coast guard training")
    assert (topic, RDF.type, KG.Topic) in graph
    assert graph.value(aid, KG.modality) == Literal("planned")
    thanks = IRI.event("jp-ph", "thanks")
    assert graph.value(thanks, KG.about) == aid  # "event:aid" is the event, not an entity
    assert graph.value(IRI.event("jp-ph", "dialogue"), KG.about) == IRI.entity(DIALOGUE)


def test_quotation(graph: Graph) -> None:
    (quote,) = graph.subjects(RDF.type, KG.Quotation)
    assert graph.value(quote, KG.text) == Literal("we thank Japan for its support")
    assert graph.value(quote, KG.speaker) == IRI.entity(MANALO)
    assert str(quote).startswith(BASE + "quotation/jp-ph/")
