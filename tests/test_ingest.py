"""discover() and ingest(): which files are documents, and how bad paths are reported."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from kg.errors import DocumentError
from kg.ingest import discover, ingest, is_document
from kg.model import Document

DATA = Path(__file__).parent / "data" / "readers"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of the reader fixtures plus a nested folder and files that are not documents."""
    folder = tmp_path / "corpus"
    shutil.copytree(DATA, folder)
    nested = folder / "nested" / "deeper"
    nested.mkdir(parents=True)
    (nested / "call.txt").write_text("Japan and the Philippines held a call.\n", encoding="utf-8")
    (nested / "call.gold.json").write_text("{}", encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    (folder / "README").write_text("not a document\n", encoding="utf-8")
    (folder / ".hidden.txt").write_text("an editor's swap file\n", encoding="utf-8")
    return folder


def names(items: list[Path | DocumentError]) -> list[str]:
    return [p.name for p in items if isinstance(p, Path)]


def test_is_document() -> None:
    assert is_document(Path("a.txt"))
    assert is_document(Path("a.MD"))
    assert is_document(Path("dir/a.htm"))
    assert is_document(Path("a.jsonl"))
    assert not is_document(Path("a.meta.json"))
    assert not is_document(Path("a.gold.json"))
    assert not is_document(Path("a.json"))
    assert not is_document(Path(".a.txt"))
    assert not is_document(Path("a.pdf"))


def test_discover_walks_folders_sorted_and_skips_companions(corpus: Path) -> None:
    found = list(discover([corpus]))
    assert all(isinstance(p, Path) for p in found)
    assert names(found) == ["article.html", "call.txt", "statement.md", "visit.txt", "wire.jsonl"]
    relative = [p.relative_to(corpus).as_posix() for p in found if isinstance(p, Path)]
    assert relative == sorted(relative)
    assert "nested/deeper/call.txt" in relative
    for skipped in ("visit.meta.json", "visit.gold.json", "call.gold.json", "notes.pdf"):
        assert skipped not in names(found)
    assert ".hidden.txt" not in names(found)


def test_discover_keeps_the_order_of_the_paths_given(corpus: Path) -> None:
    found = list(discover([corpus / "wire.jsonl", corpus / "visit.txt"]))
    assert names(found) == ["wire.jsonl", "visit.txt"]


def test_discover_reports_bad_paths_and_goes_on(corpus: Path, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    found = list(discover([missing, corpus / "notes.pdf", corpus / "visit.txt"]))
    assert len(found) == 3
    gone, unknown, good = found
    assert isinstance(gone, DocumentError)
    assert str(gone) == f"{missing}: no such file or directory — check the path"
    assert isinstance(unknown, DocumentError)
    assert str(unknown).startswith(f"{corpus / 'notes.pdf'}: has an unknown format — use one of ")
    assert ".txt" in str(unknown) and ".jsonl" in str(unknown)
    assert good == corpus / "visit.txt"


def test_discover_a_sidecar_given_by_name_is_not_a_document(corpus: Path) -> None:
    (found,) = discover([corpus / "visit.meta.json"])
    assert isinstance(found, DocumentError)
    assert "unknown format" in str(found)


@pytest.mark.parametrize("contents", ["nothing", "only companions"])
def test_directory_of_nothing_is_an_error(tmp_path: Path, contents: str) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    if contents == "only companions":
        (folder / "a.meta.json").write_text("{}", encoding="utf-8")
        (folder / "a.gold.json").write_text("{}", encoding="utf-8")
        (folder / "scan.pdf").write_bytes(b"%PDF")
    (error,) = discover([folder])
    assert isinstance(error, DocumentError)
    message = str(error)
    assert "\n" not in message
    assert message.startswith(f"{folder}: holds no documents — ")
    assert ".txt" in message  # the fix says what kg can read


def test_ingest_reads_every_format(corpus: Path) -> None:
    items = list(ingest([corpus]))
    documents = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, DocumentError)]
    assert [d.doc_id for d in documents] == [
        "article",
        "call",
        "statement",
        "visit",
        "wire-a-1",
        "wire-a3",
        "wire-5",
    ]
    assert [str(e).split(": ")[0] for e in errors] == [f"{corpus / 'wire.jsonl'}:2"]
    visit = next(d for d in documents if d.doc_id == "visit")
    assert visit.title == "Wong visits Phnom Penh"
    assert visit.published == date(2024, 3, 4)


def test_ingest_turns_reader_errors_into_items(tmp_path: Path) -> None:
    (tmp_path / "a_good.txt").write_text("Good text.\n", encoding="utf-8")
    (tmp_path / "b_empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "c_binary.md").write_bytes(b"\x00\x01\x02")
    (tmp_path / "d_good.md").write_text("More text.\n", encoding="utf-8")
    items = list(ingest([tmp_path, tmp_path / "missing.html"]))
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Document", "DocumentError", "DocumentError", "Document", "DocumentError"]
    for item in items:
        if isinstance(item, DocumentError):
            assert "\n" not in str(item)
            assert " — " in str(item)


def test_published_overrides_every_document(corpus: Path) -> None:
    override = date(2020, 2, 2)
    items = list(ingest([corpus], published=override))
    documents = [i for i in items if isinstance(i, Document)]
    assert documents
    assert {d.published for d in documents} == {override}
    # Everything else is untouched.
    plain = {d.doc_id: d for d in ingest([corpus]) if isinstance(d, Document)}
    for doc in documents:
        assert doc.text == plain[doc.doc_id].text
        assert doc.title == plain[doc.doc_id].title


def test_published_override_does_not_rescue_a_bad_date(tmp_path: Path) -> None:
    """The sidecar is still read, so its bad date is still reported."""
    (tmp_path / "doc.txt").write_text("Text.\n", encoding="utf-8")
    (tmp_path / "doc.meta.json").write_text('{"date": "soon"}', encoding="utf-8")
    (item,) = ingest([tmp_path], published=date(2024, 1, 1))
    assert isinstance(item, DocumentError)
    assert "'soon'" in str(item)


def test_ingest_accepts_str_paths(corpus: Path) -> None:
    items = list(ingest([str(corpus / "visit.txt")]))
    assert len(items) == 1 and isinstance(items[0], Document)
