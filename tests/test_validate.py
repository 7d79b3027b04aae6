"""SHACL validation of stored graphs against ontology/shapes.ttl."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import owlrl
import pytest
from rdflib import RDFS, Graph, Literal, term
from rdflib.namespace import PROV

from kg.config import ontology_dir
from kg.errors import KGError
from kg.graph import document_graph
from kg.model import (
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
from kg.store import KGStore, open_store
from kg.validate import (
    ONTOLOGY_FILES,
    SHAPES_FILE,
    ValidationReport,
    validate_graph,
    validate_store,
)

BASE = "https://example.org/id/"
DOC = "d1"
TEXT = (
    "Cambodia thanked Australia for its grant of $28 million. "
    "Deputy Secretary Justin Hayhurst of DFAT said: “We are proud.”"
)

_missing = [f for f in (SHAPES_FILE, *ONTOLOGY_FILES) if not (ontology_dir() / f).is_file()]
needs_shapes = pytest.mark.skipif(
    bool(_missing),
    reason=f"ontology files not written yet: {', '.join(_missing)} in {ontology_dir()}",
)


def evidence(start: int, end: int) -> Evidence:
    return Evidence(Span(start, end, TEXT[start:end]), "test")


def good_extraction() -> Extraction:
    first, second = evidence(0, 57), evidence(57, len(TEXT))
    cam, aus = "country/cambodia", "country/australia"
    dfat, hayhurst = "organization/dfat", "person/justin-hayhurst"
    return Extraction(
        Document(DOC, TEXT, title="Talks"),
        entities=(
            Entity(cam, ("Country",), "Cambodia", ("Cambodian",), iso_code="KH"),
            Entity(aus, ("Country",), "Australia", iso_code="AU"),
            Entity(
                dfat,
                ("GovernmentBody",),
                "Department of Foreign Affairs and Trade",
                ("DFAT",),
            ),
            Entity(hayhurst, ("Person",), "Justin Hayhurst"),
            Entity("framework/asean", ("InternationalOrganization", "Framework"), "ASEAN"),
            Entity("event/asem13", ("Summit",), "13th ASEM Summit"),
        ),
        facts=(
            Fact(hayhurst, "affiliatedWith", dfat, second, title="Deputy Secretary"),
            Fact(dfat, "partOf", aus, second),
            Fact(cam, "chairs", "framework/asean", first, date="2022"),
            Fact(cam, "hosts", "event/asem13", first),
        ),
        events=(
            Event(
                "thanks",
                "SUPPORT",
                "thanked",
                first,
                actors=(cam,),
                targets=(aus,),
                about=("event:grant",),
            ),
            Event(
                "grant",
                "AID",
                "grant",
                first,
                actors=(aus,),
                targets=(cam,),
                amount=MonetaryAmount(Decimal("28000000"), "USD", "$28 million"),
                topics=("vaccines",),
                date="--01-28",
            ),
        ),
        quotations=(Quotation((hayhurst,), "We are proud.", second),),
    )


@pytest.fixture
def store() -> Iterator[KGStore]:
    with open_store(None, BASE) as s:
        yield s


def graph_of(x: Extraction) -> Graph:
    return document_graph(x, BASE)


def report_lines(report: ValidationReport) -> str:
    return report.summary(limit=None)


@needs_shapes
def test_good_document_graph_conforms() -> None:
    report = validate_graph(graph_of(good_extraction()))
    assert report.conforms, report_lines(report)
    assert report.violations == ()
    assert "conforms" in report.summary()


@needs_shapes
def test_good_store_conforms(store: KGStore) -> None:
    # Through Oxigraph, which rewrites some literal datatypes on load (oxigraph#526).
    store.put_document(DOC, graph_of(good_extraction()))
    report = validate_store(store)
    assert report.conforms, report_lines(report)


@needs_shapes
def test_event_without_provenance_is_reported(store: KGStore) -> None:
    graph = graph_of(good_extraction())
    event = store.iris.event(DOC, "thanks")
    graph.remove((event, PROV.wasDerivedFrom, None))
    store.put_document(DOC, graph)
    report = validate_store(store)
    assert not report.conforms
    found = [v for v in report.violations if v.focus == str(event)]
    assert [(v.path, v.severity) for v in found] == [("prov:wasDerivedFrom", "Violation")]
    assert "EventShape" in found[0].shape
    assert found[0].message
    assert str(event) in report.summary(limit=None)


@needs_shapes
def test_two_labels_on_an_entity_are_reported(store: KGStore) -> None:
    graph = graph_of(good_extraction())
    cambodia = store.iris.entity("country/cambodia")
    graph.add((cambodia, RDFS.label, Literal("Kingdom of Cambodia")))
    store.put_document(DOC, graph)
    report = validate_store(store)
    assert not report.conforms
    found = [v for v in report.violations if v.focus == str(cambodia)]
    assert [v.path for v in found] == ["rdfs:label"]
    assert "Label" in found[0].shape
    assert "rdfs:label" in found[0].message


@needs_shapes
def test_labels_disagreeing_across_documents_are_reported(store: KGStore) -> None:
    # The union is what is validated: the same entity named differently in two documents.
    x = good_extraction()
    store.put_document(DOC, graph_of(x))
    other = Extraction(
        Document("d2", "Kampuchea."),
        entities=(Entity("country/cambodia", ("Country",), "Kampuchea", iso_code="KH"),),
    )
    store.put_document("d2", graph_of(other))
    report = validate_store(store)
    cambodia = str(store.iris.entity("country/cambodia"))
    assert any(v.focus == cambodia and v.path == "rdfs:label" for v in report.violations)


@pytest.fixture
def rdflib_converters() -> Iterator[None]:
    """Leave rdflib's global lexical-converter table as the test found it."""
    saved = dict(term._toPythonMapping)
    yield
    term._toPythonMapping.clear()
    term._toPythonMapping.update(saved)


@needs_shapes
def test_partial_dates_survive_an_earlier_rdfs_run(store: KGStore, rdflib_converters: None) -> None:
    # An RDFS closure anywhere earlier in the process (pyshacl inference="rdfs") leaves
    # owlrl's faulty xsd:gMonthDay converter in rdflib; "--01-28" must still validate.
    owlrl.DeductiveClosure(owlrl.RDFS_Semantics).expand(Graph())
    graph = graph_of(good_extraction())  # its "--01-28" literal is made ill-typed
    assert validate_graph(graph).conforms
    store.put_document(DOC, graph)
    assert validate_store(store).conforms


def test_missing_shapes_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KGError, match="SHACL shapes not found"):
        validate_graph(Graph(), shapes_path=tmp_path / "shapes.ttl")


def test_unparsable_shapes_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "shapes.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(KGError, match="cannot parse SHACL shapes"):
        validate_graph(Graph(), shapes_path=bad, ontology_paths=[])


def test_custom_shapes_and_no_ontology(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        """
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <https://example.org/> .
        ex:NameShape a sh:NodeShape ; sh:targetClass ex:Thing ;
            sh:property [ sh:path ex:name ; sh:minCount 1 ] .
        """,
        encoding="utf-8",
    )
    data = Graph().parse(
        data="<https://example.org/a> a <https://example.org/Thing> .", format="turtle"
    )
    report = validate_graph(data, shapes_path=shapes, ontology_paths=[])
    assert not report.conforms
    (violation,) = report.violations
    assert violation.focus == "https://example.org/a"
    assert violation.shape.endswith("NameShape")
    assert violation.path == "ex:name"
    assert violation.message


@needs_shapes
def test_a_resolved_store_conforms_and_a_broken_merge_is_reported(tmp_path: Path) -> None:
    from resolution_helpers import (
        CHEA,
        PRAK_FULL,
        PRAK_HONORIFIC,
        PRAK_SURNAME,
        StandIn,
        write_corpus,
    )

    from kg.build import build
    from kg.graph import resolution_graph
    from kg.namespaces import KG
    from kg.resolve import Merge, Resolution

    items = {i[1].document.doc_id: i for i in (PRAK_FULL, PRAK_HONORIFIC, PRAK_SURNAME, CHEA)}
    stand_in = StandIn(write_corpus(tmp_path / "docs", items))
    with open_store(None, BASE) as resolved:
        build([tmp_path / "docs"], resolved, lambda: stand_in)
        assert list(resolved.query("SELECT ?m WHERE { ?m a kg:AmbiguousName }"))
        report = validate_store(resolved)
        assert report.conforms, report_lines(report)

        merge = Merge("surname", "person/sokhonn", "person/prak-sokhonn", "lone-name", ("Sokhonn",))
        graph = resolution_graph(Resolution({}, {}, (merge,), ()), BASE)
        node = next(graph.subjects(KG.mergedInto, None))
        graph.remove((node, KG.mergedInto, None))
        resolved.put_graph(resolved.iris.resolution(), graph)
        report = validate_store(resolved)
        found = [v for v in report.violations if v.focus == str(node)]
        assert [v.path for v in found] == ["kg:mergedInto"]
        assert "MergeShape" in found[0].shape
