"""build() end to end with the real spaCy pipeline: skipping, replacing, failing one file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import BuildReport, build
from kg.config import Settings
from kg.errors import DocumentError
from kg.extract import Extractor
from kg.store import KGStore, open_store

pytestmark = pytest.mark.slow

BASE = "https://example.org/kg/"

DOCUMENTS = {
    "cambodia_australia.txt": (
        "Cambodian Foreign Minister Sok Chenda Sophea met Australian Foreign Minister "
        "Penny Wong in Phnom Penh on Tuesday. The two ministers agreed to strengthen "
        "cooperation on demining and trade. Australia will provide Cambodia $10 million "
        "for clean water projects.\n"
    ),
    "japan_philippines.txt": (
        "Japanese Prime Minister Fumio Kishida held a phone call with Philippine President "
        "Ferdinand Marcos Jr. on Monday. Japan and the Philippines signed an agreement on "
        "maritime security. Marcos thanked Japan for its support.\n"
    ),
    "laos_asean.md": (
        "---\ntitle: Laos chairs ASEAN\ndate: 2024-02-01\nsource: Test Wire\n---\n"
        "Laos, which chairs ASEAN this year, hosted a meeting of foreign ministers in "
        "Vientiane. Indonesia welcomed the Laotian proposal on regional connectivity.\n"
    ),
}


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(Settings(pipeline=None))


@pytest.fixture
def factory(extractor: Extractor) -> Callable[[], Extractor]:
    return lambda: extractor


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in DOCUMENTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "cambodia_australia.meta.json").write_text(
        '{"title": "Cambodia and Australia talk", "date": "2024-01-17"}', encoding="utf-8"
    )
    return folder


def dump(store: KGStore) -> list[str]:
    """The store as sorted N-Quads lines."""
    return sorted(f"{q} ." for q in store.quads())


def quads_of(store: KGStore, doc_id: str) -> list[str]:
    graph = str(store.graph_of(doc_id))
    return sorted(f"{q} ." for q in store.quads() if q.graph_name.value == graph)  # type: ignore[union-attr]


def refuse() -> Extractor:
    raise AssertionError("the extractor factory was called, but nothing needed extracting")


def test_first_build_reads_everything(
    corpus: Path, tmp_path: Path, factory: Callable[[], Extractor]
) -> None:
    calls: list[tuple[int, int | None, str]] = []
    with open_store(tmp_path / "store", BASE) as store:
        report = build([corpus], store, factory, progress=lambda *a: calls.append(a))
        documents = store.documents()
    assert isinstance(report, BuildReport)
    assert (report.read, report.skipped, report.failed) == (3, 0, 0)
    assert report.errors == ()
    assert report.entities > 0 and report.events > 0 and report.facts > 0
    assert set(documents) == {"cambodia_australia", "japan_philippines", "laos_asean"}
    # Documents stream in, so the total is unknown (None) until the input has been read.
    assert calls[0] == (0, None, "")
    assert calls[-1] == (3, 3, "")
    summary = report.summary()
    assert "\n" not in summary
    assert summary.startswith("3 documents read, 0 skipped (unchanged), 0 failed · ")


def test_build_twice_skips_and_changes_nothing(
    corpus: Path, tmp_path: Path, factory: Callable[[], Extractor]
) -> None:
    with open_store(tmp_path / "store", BASE) as store:
        build([corpus], store, factory)
        first = dump(store)
        first_raw = store._store.dump(format=ox.RdfFormat.N_QUADS)
    with open_store(tmp_path / "store", BASE) as store:
        report = build([corpus], store, factory)
        assert (report.read, report.skipped, report.failed) == (0, 3, 0)
        assert (report.entities, report.facts, report.events) == (0, 0, 0)
        assert dump(store) == first
        assert store._store.dump(format=ox.RdfFormat.N_QUADS) == first_raw


def test_no_op_rebuild_does_not_load_the_extractor(
    corpus: Path, tmp_path: Path, factory: Callable[[], Extractor]
) -> None:
    with open_store(tmp_path / "store", BASE) as store:
        build([corpus], store, factory)
        report = build([corpus], store, refuse)
    assert report.skipped == 3
    assert report.read == 0


def test_force_rebuild_gives_the_same_graph(
    corpus: Path, tmp_path: Path, factory: Callable[[], Extractor]
) -> None:
    with open_store(tmp_path / "store", BASE) as store:
        build([corpus], store, factory)
        first = dump(store)
        report = build([corpus], store, factory, force=True)
        assert (report.read, report.skipped) == (3, 0)
        assert dump(store) == first


def test_two_fresh_stores_get_identical_quads(
    corpus: Path, tmp_path: Path, factory: Callable[[], Extractor]
) -> None:
    with open_store(tmp_path / "one", BASE) as one, open_store(tmp_path / "two", BASE) as two:
        build([corpus], one, factory)
        # The second store reads the documents one by one, in reverse order.
        for path in sorted(corpus.iterdir(), reverse=True):
            if not path.name.endswith(".meta.json"):
                build([path], two, factory)
        assert dump(one) == dump(two)


def test_changed_document_replaces_only_its_graph(
    corpus: Path, tmp_path: Path, factory: Callable[[], Extractor]
) -> None:
    with open_store(tmp_path / "store", BASE) as store:
        build([corpus], store, factory)
        before = {doc_id: quads_of(store, doc_id) for doc_id in store.documents()}
        old_hash = store.documents()["japan_philippines"].sha256

        (corpus / "japan_philippines.txt").write_text(
            "Japanese Prime Minister Fumio Kishida visited Manila on Friday. Japan will grant "
            "the Philippines five patrol vessels.\n",
            encoding="utf-8",
        )
        report = build([corpus], store, factory)
        assert (report.read, report.skipped, report.failed) == (1, 2, 0)

        after = {doc_id: quads_of(store, doc_id) for doc_id in store.documents()}
        assert set(after) == set(before)
        assert after["cambodia_australia"] == before["cambodia_australia"]
        assert after["laos_asean"] == before["laos_asean"]
        assert after["japan_philippines"] != before["japan_philippines"]
        assert store.documents()["japan_philippines"].sha256 != old_hash
        assert "phone call" in "\n".join(before["japan_philippines"])
        changed = "\n".join(after["japan_philippines"])
        assert "phone call" not in changed  # nothing of the old text is left
        assert "patrol vessels" in changed


def test_a_bad_file_does_not_stop_the_batch(
    corpus: Path, tmp_path: Path, factory: Callable[[], Extractor]
) -> None:
    (corpus / "scanned.txt").write_bytes(b"\x00\x01binary\x00")
    (corpus / "legacy.txt").write_bytes("Caf\u00e9 diplomacy in Hanoi.\n".encode("cp1252"))
    missing = tmp_path / "missing.html"
    with open_store(tmp_path / "store", BASE) as store:
        report = build([corpus, missing], store, factory)
        stored = set(store.documents())
    assert stored == {"cambodia_australia", "japan_philippines", "laos_asean"}
    assert (report.read, report.failed) == (3, 3)
    assert all(isinstance(e, DocumentError) for e in report.errors)
    messages = sorted(str(e) for e in report.errors)
    assert all("\n" not in m and " — " in m for m in messages)
    assert any(m.startswith(f"{corpus / 'legacy.txt'}: is not UTF-8") for m in messages)
    assert any(m.startswith(f"{corpus / 'scanned.txt'}: looks binary") for m in messages)
    assert any(m.startswith(f"{missing}: no such file") for m in messages)
    assert "3 failed" in report.summary()


def test_a_batch_of_only_bad_files_does_not_load_the_extractor(tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    with open_store(tmp_path / "store", BASE) as store:
        report = build([bad], store, refuse)
        assert len(store) == 0
    assert (report.read, report.failed) == (0, 1)


def test_published_override_and_metadata(
    corpus: Path, tmp_path: Path, factory: Callable[[], Extractor]
) -> None:
    def dates(store: KGStore) -> dict[str, str]:
        rows = store.query(
            "SELECT ?id ?date WHERE { ?d a kg:Document ; dcterms:identifier ?id ; "
            "dcterms:date ?date }"
        )
        return {r["id"].value: r["date"].value for r in rows}

    with open_store(tmp_path / "plain", BASE) as store:
        build([corpus], store, factory)
        assert dates(store) == {"cambodia_australia": "2024-01-17", "laos_asean": "2024-02-01"}
    with open_store(tmp_path / "dated", BASE) as store:
        build([corpus], store, factory, published=date(2023, 5, 5))
        assert set(dates(store).values()) == {"2023-05-05"}
        assert len(dates(store)) == 3


REPORTS = {
    "tokyo-talks.txt": "Cambodian Deputy Prime Minister Prak Sokhonn met Japanese Foreign Minister "
    "Yoko Kamikawa in Tokyo on Monday.\n",
    "courtesy-call.txt": "H.E. Prak Sokhonn received the Australian ambassador in Phnom Penh on "
    "Tuesday. Cambodia's Ministry of Foreign Affairs said he thanked Australia for its support.\n",
    "briefing.txt": "Sokhonn told reporters in Phnom Penh that Cambodia would host the ASEAN "
    "meeting next year.\n",
    "water-grant.txt": "TOKYO, March 4 – Japan will provide Cambodia $5 million for clean water, "
    "the Ministry of Foreign Affairs said on Tuesday.\n",
}


def test_one_person_and_two_ministries_across_documents(
    tmp_path: Path, factory: Callable[[], Extractor]
) -> None:
    from kg.explain import explain

    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    with open_store(tmp_path / "store", BASE) as store:
        build([folder], store, factory)
        people = {r["p"].value for r in store.query("SELECT DISTINCT ?p WHERE { ?p a kg:Person }")}
        assert people == {BASE + "person/prak-sokhonn", BASE + "person/yoko-kamikawa"}
        ministries = {
            r["m"].value for r in store.query("SELECT DISTINCT ?m WHERE { ?m a kg:GovernmentBody }")
        }
        assert ministries == {
            BASE + "organization/cambodia-ministry-of-foreign-affairs",
            BASE + "organization/japan-ministry-of-foreign-affairs",
        }
        (prak,) = explain(store, "Sokhonn")
        rules = {(c.doc_id, c.rule) for c in prak.contributions}
        assert {("briefing", "lone-name"), ("courtesy-call", "honorific")} <= rules
