"""The ledger: each document's own reading, its source and the view its graph was written with."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import sample_extractions

from kg.errors import StoreError
from kg.ledger import (
    LEDGER_FILE,
    StaleIndex,
    extraction_from_json,
    extraction_to_json,
    open_ledger,
)


def test_an_extraction_survives_the_round_trip() -> None:
    for extraction in sample_extractions():
        assert extraction_from_json(extraction_to_json(extraction)) == extraction


def test_rows_views_and_removal(tmp_path: Path) -> None:
    a, b = sample_extractions()
    ledger = open_ledger(tmp_path)
    ledger.put(a, [{"key": "country/cambodia"}], "/docs/a.txt")
    ledger.put(b, [], None)
    rows = ledger.rows()
    assert set(rows) == {"a-talks", "b-aid"}
    assert rows["a-talks"].source == "/docs/a.txt" and rows["a-talks"].view is None
    ledger.set_view("a-talks", "abc")
    assert ledger.rows()["a-talks"].view == "abc"
    assert dict(ledger.entity_tables())["a-talks"] == [{"key": "country/cambodia"}]
    assert ledger.extraction("b-aid") == b
    ledger.put(a, [], "/docs/a.txt")  # a re-read document has no view until it is written
    assert ledger.rows()["a-talks"].view is None
    ledger.remove(["a-talks"])
    assert set(ledger.rows()) == {"b-aid"}
    with pytest.raises(StoreError, match="a-talks: the store keeps no reading"):
        ledger.extraction("a-talks")
    ledger.set_setting("resolution", "x")
    assert ledger.setting("resolution") == "x" and ledger.setting("other") is None
    ledger.close()
    assert (tmp_path / LEDGER_FILE).is_file()
    again = open_ledger(tmp_path)
    assert set(again.rows()) == {"b-aid"}
    again.close()


def test_in_memory_ledger_keeps_nothing_on_disk() -> None:
    ledger = open_ledger(None)
    assert ledger.rows() == {}
    ledger.close()


def test_readings_come_a_page_at_a_time_in_id_order_and_allow_writes_between() -> None:
    import dataclasses

    (a, _) = sample_extractions()
    ledger = open_ledger(None)
    ids = [f"doc-{i}" for i in (4, 0, 3, 1, 2)]
    for doc_id in ids:
        document = dataclasses.replace(a.document, doc_id=doc_id)
        ledger.put(dataclasses.replace(a, document=document), [{"key": doc_id}], None)
    seen = []
    for doc_id, table, view in ledger.readings(page=2):
        assert table == [{"key": doc_id}] and view is None
        ledger.set_view(doc_id, "v")  # the resolution pass writes as it reads
        seen.append(doc_id)
    assert seen == sorted(ids)
    assert {row.view for row in ledger.rows().values()} == {"v"}
    assert [doc_id for doc_id, _, _ in ledger.readings(page=5)] == sorted(ids)
    ledger.close()


SOKHONN = ("lone-name", "sokhonn", "person/prak-sokhonn")


def test_contributions_are_summed_into_the_index_which_says_what_changed() -> None:
    ledger = open_ledger(None)
    change = ledger.replace_contributions("a", ["lone-name"], [(*SOKHONN, 1)])
    assert change == {SOKHONN: 1}
    assert ledger.add_to_tally(change) == {("lone-name", "sokhonn")}
    label = ("label", "person/prak-sokhonn", "Prak Sokhonn")
    change = ledger.replace_contributions("b", ["lone-name", "label"], [(*SOKHONN, 1), (*label, 2)])
    # "sokhonn" held that key already: only the label's names changed
    assert ledger.add_to_tally(change) == {("label", "person/prak-sokhonn")}
    assert list(ledger.tallies()) == [(*label, 2), (*SOKHONN, 2)]
    assert ledger.tally(["lone-name"], ["sokhonn", "other"]) == [(*SOKHONN, 2)]
    assert ledger.contributors(["lone-name"], ["sokhonn"]) == {"a", "b"}
    # replacing one kind of a document's contributions leaves its others
    change = ledger.replace_contributions("b", ["lone-name"], [])
    assert change == {SOKHONN: -1}
    assert ledger.add_to_tally(change) == set()  # still a's
    assert ledger.contributors(["label"], ["person/prak-sokhonn"]) == {"b"}
    summed = list(ledger.tallies())
    ledger.retally(["lone-name", "label"])  # summing afresh gives the same index
    assert list(ledger.tallies()) == summed == [(*label, 2), (*SOKHONN, 1)]
    with pytest.raises(StaleIndex):
        ledger.add_to_tally({("lone-name", "sokhonn", "person/chea-sokhonn"): -1})
    ledger.close()


def test_documents_wait_to_be_counted_and_then_to_be_written() -> None:
    a, b = sample_extractions()
    ledger = open_ledger(None)
    ledger.put(a, [], None)
    ledger.put(b, [], None)
    ledger.remove(["b-aid"])
    assert ledger.unresolved() == (["a-talks"], ["b-aid"])
    ledger.resolved()
    assert ledger.unresolved() == ([], [])
    ledger.add_unwritten(["b-aid", "a-talks"])
    # a removed document has no entity table: only its records are left to remove
    assert ledger.unwritten() == [("a-talks", [], None), ("b-aid", None, None)]
    assert ledger.unwritten(page=1) == [("a-talks", [], None)]
    ledger.written(["a-talks", "b-aid"])
    assert ledger.unwritten() == []
    ledger.replace_contributions("a-talks", ["label"], [("label", "x", "X", 1)])
    ledger.reset_index()  # to count it all again: nothing counted, everything unwritten
    assert ledger.contributors(["label"], ["x"]) == set()
    assert [doc_id for doc_id, _, _ in ledger.unwritten()] == ["a-talks"]
    assert dict(ledger.tables(["b-aid", "a-talks"])) == {"a-talks": []}
    ledger.close()


def test_a_transaction_writes_everything_or_nothing(tmp_path: Path) -> None:
    ledger = open_ledger(tmp_path)
    with pytest.raises(RuntimeError), ledger.transaction():
        ledger.set_setting("index", "1")
        with ledger.transaction():  # joins the outer one
            ledger.add_unwritten(["a"])
        raise RuntimeError("killed")
    assert ledger.setting("index") is None and ledger.unwritten() == []
    with ledger.transaction():
        ledger.set_setting("index", "1")
        ledger.add_unwritten(["a"])
    ledger.close()
    again = open_ledger(tmp_path)
    assert again.setting("index") == "1" and [d for d, _, _ in again.unwritten()] == ["a"]
    again.close()
