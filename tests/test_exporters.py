"""Exports: faithful, byte-for-byte deterministic, and written atomically (no spaCy)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import networkx as nx
import pytest
from conftest import BASE
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.errors import ExportError
from kg.exporters import EXPORTERS, export
from kg.store import KGStore

RDF_FORMATS = {"turtle": "turtle", "trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}
KEEPS_GRAPHS = {"trig", "nquads"}
TESTS = Path(__file__).parent
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")


def exported(store: KGStore, fmt: str) -> bytes:
    buffer = io.BytesIO()
    EXPORTERS[fmt](store, buffer)
    return buffer.getvalue()


def test_registry_has_every_format() -> None:
    assert set(EXPORTERS) == {"turtle", "trig", "nquads", "jsonld", "graphml"}


# -- faithful -----------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_rdf_exports_parse_back_to_the_same_triples(sample_store: KGStore, fmt: str) -> None:
    data = exported(sample_store, fmt).decode("utf-8")
    if fmt in KEEPS_GRAPHS:
        parsed = Dataset()
        parsed.parse(data=data, format=RDF_FORMATS[fmt])
        quads = {(s, p, o, g) for s, p, o, g in parsed.quads((None, None, None, None))}
        expected = set(sample_store.dataset().quads((None, None, None, None)))
        assert len(quads) == len(sample_store) == len(expected)
        assert quads == expected
        assert {str(g) for *_, g in quads} == {f"{BASE}graph/a-talks", f"{BASE}graph/b-aid"}
    else:
        graph = Graph().parse(data=data, format=RDF_FORMATS[fmt])
        union = sample_store.union_graph()
        assert len(graph) == len(union)
        assert set(graph) == set(union)


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_tricky_literals_survive(make_store: Callable[..., KGStore], fmt: str) -> None:
    store = make_store()
    node = URIRef(f"{BASE}place/phnom-penh")
    extra = Graph()
    extra.add((node, RDF.type, URIRef("https://w3id.org/kgir/ontology#Place")))
    extra.add((node, RDFS.label, Literal('Phnom "Penh"\nline two\\ \t é 🙂')))
    extra.add((node, RDFS.label, Literal("ភ្នំពេញ", lang="km")))
    extra.add((node, RDFS.comment, Literal("0042", datatype=XSD_INTEGER)))
    extra.add((node, RDFS.seeAlso, URIRef("http://example.org/a b?c=d#e".replace(" ", "%20"))))
    store.put_document("c-extra", extra)
    data = exported(store, fmt).decode("utf-8")
    if fmt in KEEPS_GRAPHS:
        parsed = Dataset()
        parsed.parse(data=data, format=RDF_FORMATS[fmt])
        assert set(parsed.quads((None, None, None, None))) == set(
            store.dataset().quads((None, None, None, None))
        )
    else:
        assert set(Graph().parse(data=data, format=RDF_FORMATS[fmt])) == set(store.union_graph())


def test_graphml_has_entities_events_and_facts(sample_store: KGStore) -> None:
    graph = nx.read_graphml(io.BytesIO(exported(sample_store, "graphml")), force_multigraph=True)
    nodes = dict(graph.nodes(data=True))
    cambodia = nodes[f"{BASE}country/cambodia"]
    assert (cambodia["label"], cambodia["type"]) == ("Cambodia", "Country")
    asean = nodes[f"{BASE}organization/asean"]
    assert asean["types"] == "Framework, InternationalOrganization"
    meeting = nodes[f"{BASE}event/a-talks/e1"]
    assert (meeting["eventType"], meeting["type"], meeting["date"], meeting["mode"]) == (
        "CONSULT",
        "Meeting",
        "2024-01-12",
        "video conference",
    )
    aid = nodes[f"{BASE}event/b-aid/aid"]
    assert (aid["value"], aid["currency"], aid["amount"]) == ("28000000", "USD", "$28 million")
    assert {n["type"] for n in nodes.values()} == {
        "Country",
        "Person",
        "GovernmentBody",
        "Organization",
        "InternationalOrganization",
        "Topic",
        "Event",
        "Meeting",
    }
    assert len(nodes) == 10 + 5  # entities and topics, events
    edges = {
        (u.rsplit("/", 1)[-1], v.rsplit("/", 1)[-1], d["label"]): d
        for u, v, d in graph.edges(data=True)
    }
    assert edges[("cambodia", "asean", "memberOf")]["sentence"] == "Cambodia is a member of ASEAN."
    assert edges[("justin-whyatt", "australia", "affiliatedWith")]["title"] == "ambassador"
    assert ("soeung-rathchavy", "e1", "actor") in edges  # actor → event → target
    assert ("e1", "justin-whyatt", "target") in edges
    assert ("aid", "demining", "topic") in edges
    keys = [key for *_, key in graph.edges(keys=True)]
    assert len(keys) == len(set(keys)) == len(edges)  # GraphML edge ids are unique


def test_graphml_survives_characters_xml_cannot_hold(make_store: Callable[..., KGStore]) -> None:
    store = make_store()
    node = URIRef(f"{BASE}organization/odd")
    extra = Graph()
    extra.add((node, RDF.type, URIRef("https://w3id.org/kgir/ontology#Organization")))
    extra.add((node, RDFS.label, Literal('Odd\x07 <Body> & "Co"\x0c')))
    extra.add((node, URIRef("https://w3id.org/kgir/ontology#inDocument"), URIRef(f"{BASE}x")))
    store.put_document("c-odd", extra)
    graph = nx.read_graphml(io.BytesIO(exported(store, "graphml")), force_multigraph=True)
    assert graph.nodes[str(node)]["label"] == 'Odd\ufffd <Body> & "Co"\ufffd'


# -- deterministic ------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_exports_are_byte_identical(make_store: Callable[..., KGStore], fmt: str) -> None:
    first, second = make_store(), make_store(reverse=True)
    assert exported(first, fmt) == exported(first, fmt)
    assert exported(first, fmt) == exported(second, fmt)


def test_exports_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    # rdflib's JSON-LD writer iterates a set, so output order may follow PYTHONHASHSEED;
    # building and exporting in fresh interpreters with different seeds catches that.
    script = (
        "import sys, pathlib\n"
        f"sys.path[:0] = [{str(TESTS)!r}, {str(TESTS.parent)!r}]\n"
        "from conftest import BASE, fill_store, sample_extractions\n"
        "from kg.store import open_store\n"
        "from kg.exporters import EXPORTERS, export\n"
        "out = pathlib.Path(sys.argv[1])\n"
        "with open_store(None, BASE) as store:\n"
        "    fill_store(store, sample_extractions(), reverse=sys.argv[2] == '1')\n"
        "    for fmt in EXPORTERS:\n"
        "        export(store, fmt, out / fmt)\n"
    )
    for seed in ("1", "2"):
        (tmp_path / seed).mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-c", script, str(tmp_path / seed), seed], check=True, env=env
        )
    for fmt in EXPORTERS:
        assert (tmp_path / "1" / fmt).read_bytes() == (tmp_path / "2" / fmt).read_bytes(), fmt


def test_nquads_lines_are_sorted(sample_store: KGStore) -> None:
    lines = exported(sample_store, "nquads").decode("utf-8").splitlines()
    assert lines == sorted(lines)
    assert len(lines) == len(sample_store)


# -- prefixes -----------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["turtle", "trig"])
def test_turtle_and_trig_bind_the_project_prefixes(sample_store: KGStore, fmt: str) -> None:
    text = exported(sample_store, fmt).decode("utf-8")
    assert "@prefix kg: <https://w3id.org/kgir/ontology#> ." in text
    assert f"@prefix kgid: <{BASE}> ." in text
    assert "@prefix plover: <https://w3id.org/kgir/plover/> ." in text
    assert "kg:eventType plover:CONSULT" in text


def test_jsonld_has_a_compact_context(sample_store: KGStore) -> None:
    document = json.loads(exported(sample_store, "jsonld"))
    assert document["@context"]["kg"] == "https://w3id.org/kgir/ontology#"
    assert document["@context"]["kgid"] == BASE
    ids = [node["@id"] for node in document["@graph"]]
    assert "kgid:country/cambodia" in ids
    assert ids == sorted(ids)


# -- atomic writes ------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_export_writes_the_file_and_no_temporaries(
    sample_store: KGStore, tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / f"graph.{fmt}"
    assert export(sample_store, fmt, target) == target
    assert target.read_bytes() == exported(sample_store, fmt)
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_export_replaces_an_existing_file(sample_store: KGStore, tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    target.write_text("old")
    export(sample_store, "turtle", target)
    assert target.read_bytes() == exported(sample_store, "turtle")


def test_a_failed_export_leaves_the_old_file(
    sample_store: KGStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def half_then_fail(store: KGStore, out: BinaryIO) -> None:
        out.write(b"@prefix half-written")
        raise RuntimeError("boom")

    monkeypatch.setitem(EXPORTERS, "broken", half_then_fail)
    target = tmp_path / "graph.ttl"
    target.write_text("the old export")
    with pytest.raises(RuntimeError, match="boom"):
        export(sample_store, "broken", target)
    assert target.read_text() == "the old export"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_a_write_error_becomes_an_export_error(
    sample_store: KGStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(store: KGStore, out: BinaryIO) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(EXPORTERS, "full", disk_full)
    with pytest.raises(ExportError, match="No space left"):
        export(sample_store, "full", tmp_path / "graph.ttl")
    assert list(tmp_path.iterdir()) == []


def test_unwritable_paths_say_what_to_do(sample_store: KGStore, tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "graph.ttl"
    with pytest.raises(ExportError) as info:
        export(sample_store, "turtle", missing)
    assert str(missing) in str(info.value) and "create it" in str(info.value)
    with pytest.raises(ExportError, match="is a folder"):
        export(sample_store, "turtle", tmp_path)
    with pytest.raises(ExportError, match="turtle"):
        export(sample_store, "rdfxml", tmp_path / "graph.rdf")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_read_only_folder(sample_store: KGStore, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError, match=str(folder)):
            export(sample_store, "turtle", folder / "graph.ttl")
    finally:
        folder.chmod(0o700)
