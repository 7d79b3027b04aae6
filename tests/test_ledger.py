"""The ledger: each document's own reading, its source and the view its graph was written with."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import sample_extractions

from kg.errors import StoreError
from kg.ledger import LEDGER_FILE, extraction_from_json, extraction_to_json, open_ledger


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
