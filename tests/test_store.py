"""The on-disk store: creating, reopening, per-document graphs, refusing what is not a store."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import BASE, CAMBODIA, fill_store, sample_extractions
from rdflib import RDFS, Literal, URIRef

from kg.errors import KGError, QuerySyntaxError, StoreError
from kg.graph import IRIs, document_graph
from kg.model import Extraction
from kg.store import KGStore, open_store

IRI = IRIs(BASE)


def nquads(store: KGStore) -> list[str]:
    """The store's quads as sorted N-Quads lines (Oxigraph's own order is not a contract)."""
    return sorted(str(q) + " ." for q in store.quads())


def quads_of(store: KGStore, doc_id: str) -> set[str]:
    graph = str(IRI.graph(doc_id))
    return {str(q) for q in store.quads() if q.graph_name.value == graph}  # type: ignore[union-attr]


def graph_names(store: KGStore) -> set[str]:
    return {q.graph_name.value for q in store.quads()}  # type: ignore[union-attr]


def test_open_store_creates_a_new_folder(tmp_path: Path) -> None:
    folder = tmp_path / "deep" / "new-store"
    with open_store(folder, BASE) as store:
        assert len(store) == 0
        assert store.documents() == {}
        assert store.path == folder
        assert store.iris.base == BASE
    assert (folder / "kg-store.txt").is_file()
    assert (folder / "oxigraph").is_dir()


def test_open_store_accepts_an_empty_folder(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    with open_store(folder, BASE) as store:
        assert len(store) == 0
    assert (folder / "kg-store.txt").is_file()


def test_open_store_in_memory() -> None:
    with open_store(None, BASE) as store:
        assert store.path is None
        fill_store(store, sample_extractions())
        assert set(store.documents()) == {"a-talks", "b-aid"}


def test_reopen_keeps_everything(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    with open_store(folder, BASE) as store:
        fill_store(store, sample_extractions())
        before = nquads(store)
        documents = store.documents()
    assert before
    with open_store(folder, BASE) as store:
        assert nquads(store) == before
        assert store.documents() == documents


def test_a_closed_store_says_so(tmp_path: Path) -> None:
    with open_store(tmp_path / "store", BASE) as store:
        fill_store(store, sample_extractions())
    with pytest.raises(StoreError, match="closed"):
        store.documents()
    # ... and no longer holds the lock: a second open works at once.
    with open_store(tmp_path / "store", BASE) as again:
        assert set(again.documents()) == {"a-talks", "b-aid"}


def test_a_store_open_twice_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    with open_store(folder, BASE), pytest.raises(StoreError) as info, open_store(folder, BASE):
        pass
    message = str(info.value)
    assert message.startswith(f"{folder}: cannot open the store")
    assert "another kg command may be using it" in message


def test_documents_carry_graph_and_text_hash(tmp_path: Path) -> None:
    a, b = sample_extractions()
    with open_store(tmp_path / "store", BASE) as store:
        fill_store(store, [a, b])
        stored = store.documents()
    assert set(stored) == {"a-talks", "b-aid"}
    for extraction in (a, b):
        doc = extraction.document
        record = stored[doc.doc_id]
        assert record.doc_id == doc.doc_id
        assert record.graph == str(IRI.graph(doc.doc_id))
        assert record.sha256 == doc.sha256
        assert len(record.sha256) == 64


def test_put_document_replaces_only_its_own_graph(tmp_path: Path) -> None:
    a, b = sample_extractions()
    with open_store(tmp_path / "store", BASE) as store:
        fill_store(store, [a, b])
        a_before, b_before = quads_of(store, "a-talks"), quads_of(store, "b-aid")
        assert a_before and b_before
        assert graph_names(store) == {str(IRI.graph("a-talks")), str(IRI.graph("b-aid"))}

        # Document a is edited: new text, one entity fewer, no events.
        changed = dataclasses.replace(
            a,
            document=dataclasses.replace(a.document, text=a.document.text + " More."),
            entities=a.entities[:3],
            facts=(),
            events=(),
        )
        store.put_document("a-talks", document_graph(changed, BASE))

        assert quads_of(store, "b-aid") == b_before
        a_after = quads_of(store, "a-talks")
        expected = {
            str(ox.Quad(_ox(s), _ox(p), _ox(o), ox.NamedNode(str(IRI.graph("a-talks")))))
            for s, p, o in document_graph(changed, BASE)
        }
        assert a_after == expected
        assert a_after != a_before
        assert store.documents()["a-talks"].sha256 == changed.document.sha256
        assert store.documents()["b-aid"].sha256 == b.document.sha256


def test_put_document_twice_is_idempotent(tmp_path: Path) -> None:
    a, _ = sample_extractions()
    with open_store(tmp_path / "store", BASE) as store:
        store.put_document("a-talks", document_graph(a, BASE))
        once = nquads(store)
        store.put_document("a-talks", document_graph(a, BASE))
        assert nquads(store) == once


def test_remove_document(tmp_path: Path) -> None:
    a, b = sample_extractions()
    with open_store(tmp_path / "store", BASE) as store:
        fill_store(store, [a, b])
        b_quads = quads_of(store, "b-aid")
        store.remove_document("a-talks")
        assert set(store.documents()) == {"b-aid"}
        assert quads_of(store, "a-talks") == set()
        assert quads_of(store, "b-aid") == b_quads
        store.remove_document("never-stored")  # silently nothing


def test_refuses_a_folder_that_is_not_a_store(tmp_path: Path) -> None:
    folder = tmp_path / "my-documents"
    folder.mkdir()
    (folder / "thesis.txt").write_text("precious\n", encoding="utf-8")
    with pytest.raises(StoreError) as info, open_store(folder, BASE):
        pass
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{folder}: ")
    assert "not a kg store" in message
    assert "--store" in message
    assert sorted(p.name for p in folder.iterdir()) == ["thesis.txt"]  # left untouched


def test_refuses_a_file(tmp_path: Path) -> None:
    path = tmp_path / "store.txt"
    path.write_text("not a folder\n", encoding="utf-8")
    with pytest.raises(StoreError) as info, open_store(path, BASE):
        pass
    message = str(info.value)
    assert message.startswith(f"{path}: is a file")
    assert "--store" in message
    assert path.read_text(encoding="utf-8") == "not a folder\n"


def test_store_errors_are_user_errors() -> None:
    assert issubclass(StoreError, KGError)
    assert StoreError.exit_code == 1


def test_labels(tmp_path: Path) -> None:
    a, b = sample_extractions()
    cambodia, australia = IRI.entity(CAMBODIA), IRI.entity("country/australia")
    nobody = IRI.entity("person/nobody")
    with open_store(tmp_path / "store", BASE) as store:
        assert store.labels([str(cambodia)]) == {}
        fill_store(store, [a, b])
        assert store.labels([]) == {}
        assert store.labels([str(cambodia), str(australia), str(nobody)]) == {
            str(cambodia): "Cambodia",
            str(australia): "Australia",
        }


def test_labels_takes_the_least_label_when_documents_disagree(tmp_path: Path) -> None:
    a, b = sample_extractions()
    renamed = _relabel(b, CAMBODIA, "Kingdom of Cambodia")
    cambodia = str(IRI.entity(CAMBODIA))
    with open_store(tmp_path / "store", BASE) as store:
        fill_store(store, [a, renamed])
        assert store.labels([cambodia]) == {cambodia: "Cambodia"}
        labels = {
            row["l"].value
            for row in store.query(f"SELECT ?l WHERE {{ <{cambodia}> rdfs:label ?l }}")
        }
        assert labels == {"Cambodia", "Kingdom of Cambodia"}


def test_query_runs_over_the_union_with_prefixes(tmp_path: Path) -> None:
    with open_store(tmp_path / "store", BASE) as store:
        fill_store(store, sample_extractions())
        rows = list(store.query("SELECT DISTINCT ?d WHERE { ?d a kg:Document } ORDER BY ?d"))
        assert [r["d"].value for r in rows] == [
            str(IRI.document("a-talks")),
            str(IRI.document("b-aid")),
        ]
        with pytest.raises(QuerySyntaxError, match="SPARQL syntax error"):
            store.query("SELECT ?x WHERE { ?x ")


def test_dataset_and_union_graph(tmp_path: Path) -> None:
    with open_store(tmp_path / "store", BASE) as store:
        fill_store(store, sample_extractions())
        dataset = store.dataset()
        union = store.union_graph()
        assert len(list(dataset.quads((None, None, None, None)))) == len(store)
        assert len(union) == len({(q.subject, q.predicate, q.object) for q in store.quads()})
        assert (URIRef(IRI.entity(CAMBODIA)), RDFS.label, Literal("Cambodia")) in union


def test_read_only_stores_open_beside_a_writer_and_refuse_writes(tmp_path: Path) -> None:
    path = tmp_path / "store"
    with open_store(path, BASE) as writer:
        fill_store(writer, sample_extractions())
        writer.flush()
        with (
            open_store(path, BASE, read_only=True) as first,
            open_store(path, BASE, read_only=True) as second,
        ):
            assert len(first) == len(second) == len(writer)
            with pytest.raises(StoreError, match="could not write"):
                first.put_document("x", document_graph(sample_extractions()[0], BASE))


def test_a_read_only_open_needs_an_existing_store(tmp_path: Path) -> None:
    with (
        pytest.raises(StoreError, match="no kg store here"),
        open_store(tmp_path / "none", BASE, read_only=True),
    ):
        pass
    assert not (tmp_path / "none").exists()


# -- helpers --------------------------------------------------------------------------------


def _ox(term: object) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(term)


def _relabel(extraction: Extraction, key: str, label: str) -> Extraction:
    entities = tuple(
        dataclasses.replace(e, label=label) if e.key == key else e for e in extraction.entities
    )
    return dataclasses.replace(extraction, entities=entities)
