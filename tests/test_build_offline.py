"""build() with a stand-in extractor (no spaCy): one graph across documents, pruning on
rebuild, explicit removal — whatever the order the documents were built in."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import BASE
from resolution_helpers import (
    CHEA,
    MFA,
    PRAK_FULL,
    PRAK_HONORIFIC,
    PRAK_SURNAME,
    StandIn,
    write_corpus,
)

from kg.build import build, remove_documents
from kg.errors import InputError
from kg.graph import IRIs
from kg.store import KGStore, open_store

IRI = IRIs(BASE)
PRAK = str(IRI.entity("person/prak-sokhonn"))
LONE = str(IRI.entity("person/sokhonn"))


def readings(*items: tuple[str, object]) -> dict:
    return {item[1].document.doc_id: item for item in items}


def nquads(store: KGStore) -> list[str]:
    return sorted(f"{q} ." for q in store.quads())


def subjects(store: KGStore, doc_id: str | None = None) -> set[str]:
    graph = str(IRI.graph(doc_id)) if doc_id else None
    return {q.subject.value for q in store.quads() if graph is None or q.graph_name.value == graph}


def labels(store: KGStore, iri: str) -> set[str]:
    rows = store.query(f"SELECT DISTINCT ?l WHERE {{ <{iri}> rdfs:label ?l }}")
    return {r["l"].value for r in rows}


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, StandIn]:
    extractions = write_corpus(
        tmp_path / "docs", readings(PRAK_FULL, PRAK_HONORIFIC, PRAK_SURNAME, CHEA)
    )
    (tmp_path / "docs" / "chea.txt").unlink()  # added by the tests that want it
    return tmp_path / "docs", StandIn(extractions)


def test_three_names_in_three_documents_are_one_person(corpus: tuple[Path, StandIn]) -> None:
    folder, stand_in = corpus
    with open_store(None, BASE) as store:
        report = build([folder], store, lambda: stand_in)
        assert report.merges == 2  # the lone surname, the state's ministry
        assert LONE not in subjects(store)
        assert {PRAK} <= subjects(store, "surname") and {PRAK} <= subjects(store, "full")
        assert labels(store, PRAK) == {"Prak Sokhonn"}  # never the lone surname
        alt = {
            r["a"].value for r in store.query(f"SELECT ?a WHERE {{ <{PRAK}> skos:altLabel ?a }}")
        }
        assert alt == {"Sokhonn"}
        # the event of the surname-only report now has Prak Sokhonn as its actor
        actors = {
            r["a"].value
            for r in store.query(
                "SELECT ?a WHERE { GRAPH ?g { ?e kg:actor ?a } "
                f"FILTER(?g = <{IRI.graph('surname')}>) }}"
            )
        }
        assert actors == {PRAK}


def test_the_result_does_not_depend_on_build_order(tmp_path: Path) -> None:
    items = readings(PRAK_FULL, PRAK_HONORIFIC, PRAK_SURNAME, CHEA)
    extractions = write_corpus(tmp_path / "docs", items)
    stand_in = StandIn(extractions)
    with open_store(None, BASE) as once, open_store(None, BASE) as one_by_one:
        build([tmp_path / "docs"], once, lambda: stand_in)
        for doc_id in sorted(items, reverse=True):
            path = tmp_path / "docs" / f"{doc_id}.txt"
            build([path], one_by_one, lambda: stand_in)
        assert nquads(once) == nquads(one_by_one)


def test_resolving_a_page_and_a_record_at_a_time_gives_the_same_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.ledger

    items = readings(PRAK_FULL, PRAK_HONORIFIC, PRAK_SURNAME, CHEA)
    stand_in = StandIn(write_corpus(tmp_path / "docs", items))
    with open_store(None, BASE) as whole, open_store(None, BASE) as in_pieces:
        build([tmp_path / "docs"], whole, lambda: stand_in)
        monkeypatch.setattr(kg.ledger, "READ_PAGE", 1)  # the records too: a page's at a time
        build([tmp_path / "docs"], in_pieces, lambda: stand_in)
        assert nquads(whole) == nquads(in_pieces)
        assert any(q.graph_name.value == str(IRI.resolution()) for q in in_pieces.quads())


def test_a_rebuild_changes_nothing_and_reads_nothing(corpus: tuple[Path, StandIn]) -> None:
    folder, stand_in = corpus
    with open_store(None, BASE) as store:
        build([folder], store, lambda: stand_in)
        before = nquads(store)

        def refuse() -> StandIn:
            raise AssertionError("nothing needed reading")

        report = build([folder], store, refuse)
        assert (report.read, report.skipped, report.removed) == (0, 3, ())
        assert nquads(store) == before


def test_a_later_document_that_makes_the_surname_ambiguous_undoes_the_merge(
    corpus: tuple[Path, StandIn],
) -> None:
    folder, stand_in = corpus
    with open_store(None, BASE) as store:
        build([folder], store, lambda: stand_in)
        merged = nquads(store)
        (folder / "chea.txt").write_text(CHEA[0], encoding="utf-8")
        report = build([folder], store, lambda: stand_in)
        assert stand_in.read[-1:] == ["chea"]  # only the new document was read
        assert LONE in subjects(store, "surname")
        assert PRAK not in subjects(store, "surname")
        assert labels(store, LONE) == {"Sokhonn"}
        ambiguous = list(
            store.query(
                "SELECT ?c WHERE { GRAPH kgid:resolution { ?m a kg:AmbiguousName ; "
                f"kg:localEntity <{LONE}> ; kg:candidate ?c }} }}"
            )
        )
        assert sorted(r["c"].value for r in ambiguous) == [
            str(IRI.entity("person/chea-sokhonn")),
            PRAK,
        ]
        assert report.read == 1
        # ... and deleting that document merges them again: the store is as before it.
        (folder / "chea.txt").unlink()
        report = build([folder], store, lambda: stand_in)
        assert report.removed == ("chea",)
        assert "removed 1" in report.summary()
        assert nquads(store) == merged


def test_ministries_of_two_states_stay_two(corpus: tuple[Path, StandIn]) -> None:
    folder, stand_in = corpus
    (folder / "chea.txt").write_text(CHEA[0], encoding="utf-8")
    with open_store(None, BASE) as store:
        build([folder], store, lambda: stand_in)
        ministries = {
            r["m"].value for r in store.query("SELECT DISTINCT ?m WHERE { ?m a kg:GovernmentBody }")
        }
        assert ministries == {
            str(IRI.entity("organization/cambodia-ministry-of-foreign-affairs")),
            str(IRI.entity("organization/japan-ministry-of-foreign-affairs")),
        }
        assert str(IRI.entity(MFA)) not in subjects(store)


def test_deleting_a_document_removes_only_what_it_alone_supported(
    corpus: tuple[Path, StandIn],
) -> None:
    folder, stand_in = corpus
    (folder / "chea.txt").write_text(CHEA[0], encoding="utf-8")
    with open_store(None, BASE) as store:
        build([folder], store, lambda: stand_in)
        chea = str(IRI.entity("person/chea-sokhonn"))
        japan_mfa = str(IRI.entity("organization/japan-ministry-of-foreign-affairs"))
        assert {chea, japan_mfa} <= subjects(store)
        (folder / "chea.txt").unlink()
        report = build([folder], store, lambda: stand_in)
        assert report.removed == ("chea",)
        assert set(store.documents()) == {"full", "honorific", "surname"}
        assert chea not in subjects(store) and japan_mfa not in subjects(store)
        # Japan is still named by the other documents
        assert str(IRI.entity("country/japan")) in subjects(store)
        assert labels(store, str(IRI.entity("country/japan"))) == {"Japan"}


def test_prune_leaves_documents_from_other_roots_and_can_be_turned_off(
    corpus: tuple[Path, StandIn], tmp_path: Path
) -> None:
    folder, stand_in = corpus
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.move(folder / "full.txt", elsewhere / "full.txt")
    with open_store(None, BASE) as store:
        build([folder], store, lambda: stand_in)
        build([elsewhere], store, lambda: stand_in)
        assert set(store.documents()) == {"full", "honorific", "surname"}
        (folder / "surname.txt").unlink()
        kept = build([folder], store, lambda: stand_in, prune=False)
        assert kept.removed == ()
        assert "removed" not in kept.summary()
        assert "surname" in store.documents()
        pruned = build([folder], store, lambda: stand_in)
        assert pruned.removed == ("surname",)
        assert set(store.documents()) == {"full", "honorific"}  # full came from elsewhere


def test_a_file_that_fails_to_read_is_not_pruned(corpus: tuple[Path, StandIn]) -> None:
    folder, stand_in = corpus
    with open_store(None, BASE) as store:
        build([folder], store, lambda: stand_in)
        (folder / "surname.txt").write_bytes(b"\x00binary now\x00")
        report = build([folder], store, lambda: stand_in)
        assert report.failed == 1 and report.removed == ()
        assert "surname" in store.documents()


def test_remove_documents_by_id(corpus: tuple[Path, StandIn]) -> None:
    folder, stand_in = corpus
    with open_store(None, BASE) as store:
        build([folder], store, lambda: stand_in)
        before = nquads(store)
        with pytest.raises(InputError, match="no document nope in the store"):
            remove_documents(store, ["full", "nope"])
        assert nquads(store) == before  # an unknown id removes nothing
        assert remove_documents(store, ["full", "honorific"]) == ("full", "honorific")
        assert set(store.documents()) == {"surname"}
        # with no full name left, the lone surname is itself again
        assert LONE in subjects(store, "surname") and PRAK not in subjects(store)
        assert list(store.query("SELECT ?m WHERE { ?m a kg:Merge }")) == []


def test_an_on_disk_store_keeps_its_ledger(corpus: tuple[Path, StandIn], tmp_path: Path) -> None:
    folder, stand_in = corpus
    with open_store(tmp_path / "store", BASE) as store:
        build([folder], store, lambda: stand_in)
        before = nquads(store)
    (folder / "surname.txt").unlink()
    with open_store(tmp_path / "store", BASE) as store:
        report = build([folder], store, lambda: stand_in)
        assert report.removed == ("surname",)
        assert nquads(store) != before
        assert set(store.ledger.rows()) == {"full", "honorific"}


def test_the_pass_runs_only_when_readings_changed_and_rewrites_only_stale_graphs(
    corpus: tuple[Path, StandIn],
) -> None:
    from kg.ledger import RESOLVED
    from kg.resolve import resolve_store

    folder, stand_in = corpus
    with open_store(None, BASE) as store:
        build([folder], store, lambda: stand_in)
        before = nquads(store)
        assert resolve_store(store).rewritten == ()  # nothing changed: skipped
        # as after a build interrupted before its graphs were all rewritten
        store.ledger.set_view("surname", "stale")
        store.ledger.add_unwritten(["surname"])
        store.ledger.set_setting(RESOLVED, "")
        report = resolve_store(store)
        assert report.rewritten == ("surname",)
        assert nquads(store) == before
        # as after the rules changed: the whole index is counted again, every document
        # checked, and only the graphs whose view differs are written
        store.ledger.set_view("full", "stale")
        store.ledger.set_setting("index", "an older one")
        store.ledger.set_setting(RESOLVED, "")
        report = resolve_store(store)
        assert report.rewritten == ("full",)
        assert nquads(store) == before


def test_a_line_gone_from_a_json_lines_file_is_pruned(tmp_path: Path) -> None:
    import json

    folder = tmp_path / "feed"
    folder.mkdir()
    lines = {"full": PRAK_FULL[0], "surname": PRAK_SURNAME[0]}
    stand_in = StandIn({"news-full": PRAK_FULL[1], "news-surname": PRAK_SURNAME[1]})

    def write(ids: list[str]) -> None:
        records = [json.dumps({"id": i, "text": lines[i]}) for i in ids]
        (folder / "news.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")

    write(["full", "surname"])
    with open_store(None, BASE) as store:
        build([folder], store, lambda: stand_in)
        assert PRAK in subjects(store, "news-surname")
        write(["full"])
        report = build([folder], store, lambda: stand_in)
        assert report.removed == ("news-surname",)
        assert set(store.documents()) == {"news-full"}
