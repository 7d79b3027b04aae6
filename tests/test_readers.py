"""Each reader on a small fixture: metadata parsed, text right, bad input a one-line error.

The well-formed fixtures live in ``tests/data/readers/``; broken files are written into
``tmp_path`` by each test, so the repository holds no binary or mis-encoded files.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from kg.errors import DocumentError, InputError, KGError
from kg.model import Document
from kg.readers import READERS, Reader, html, jsonl, markdown, text
from kg.readers._common import parse_date, read_text, sidecar

DATA = Path(__file__).parent / "data" / "readers"


def read_all(reader: Reader, path: Path) -> list[Document | DocumentError]:
    return list(reader(path))


def only_document(reader: Reader, path: Path) -> Document:
    (item,) = read_all(reader, path)
    assert isinstance(item, Document), item
    return item


def assert_one_line_error(error: DocumentError, path: Path | str, *words: str) -> None:
    """The message names the file, says what is wrong, and gives a fix — on one line."""
    message = str(error)
    assert "\n" not in message, message
    assert message.startswith(f"{path}: "), message
    assert " — " in message, f"no fix in {message!r}"
    assert error.fix.strip(), message
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"


def test_registry_covers_every_format() -> None:
    assert READERS[".txt"] is text.read
    assert READERS[".md"] is READERS[".markdown"] is markdown.read
    assert READERS[".html"] is READERS[".htm"] is html.read
    assert READERS[".jsonl"] is jsonl.read


def test_document_error_is_a_user_error() -> None:
    error = DocumentError("a.txt", "is empty", "add text")
    assert isinstance(error, InputError)
    assert isinstance(error, KGError)
    assert error.exit_code == 1
    assert str(error) == "a.txt: is empty — add text"


# -- plain text --------------------------------------------------------------------------


def test_text_reads_body_and_sidecar_metadata() -> None:
    path = DATA / "visit.txt"
    doc = only_document(text.read, path)
    assert doc.doc_id == "visit"
    assert doc.path == str(path)
    assert doc.text == path.read_text(encoding="utf-8")
    assert doc.text.startswith("Foreign Minister Penny Wong met")
    assert doc.title == "Wong visits Phnom Penh"
    assert doc.published == date(2024, 3, 4)
    assert doc.source == "Test Wire"
    assert doc.url == "https://example.org/news/wong-visits"


def test_text_without_sidecar_has_no_metadata(tmp_path: Path) -> None:
    path = tmp_path / "bare.txt"
    path.write_text("Laos and Vietnam held talks.\n", encoding="utf-8")
    doc = only_document(text.read, path)
    assert (doc.title, doc.published, doc.source, doc.url) == (None, None, None, None)


def test_text_sidecar_accepts_published_and_timestamps(tmp_path: Path) -> None:
    path = tmp_path / "stamp.txt"
    path.write_text("Talks were held.\n", encoding="utf-8")
    (tmp_path / "stamp.meta.json").write_text(
        '{"published": "2024-03-04T23:10:00Z", "title": "  "}', encoding="utf-8"
    )
    doc = only_document(text.read, path)
    assert doc.published == date(2024, 3, 4)
    assert doc.title is None  # blank metadata is no metadata


def test_text_normalises_newlines_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"\xef\xbb\xbfFirst line.\r\nSecond line.\rThird.\r\n")
    doc = only_document(text.read, path)
    assert doc.text == "First line.\nSecond line.\nThird.\n"


def test_sha256_depends_on_text_only(tmp_path: Path) -> None:
    a = Document("a", "Same text.\n", title="One")
    b = Document("b", "Same text.\n", title="Two")
    assert a.sha256 == b.sha256
    assert a.sha256 != Document("a", "Other text.\n").sha256


# -- Markdown -----------------------------------------------------------------------------


def test_markdown_front_matter_and_prose() -> None:
    path = DATA / "statement.md"
    doc = only_document(markdown.read, path)
    assert doc.doc_id == "statement"
    assert doc.title == "Joint statement on Mekong cooperation"
    assert doc.published == date(2024, 5, 17)  # YAML gives a date object
    assert doc.source == "Ministry Bulletin"
    assert doc.url == "https://example.org/statements/mekong"
    assert doc.text == (
        "Joint statement\n\n"
        "Thailand and Laos signed a memorandum on river management.\n"
        "Both sides welcomed the Mekong initiative.\n"
        '"We stand together," the minister said.\n'
    )
    for markup in ("---", "#", "**", "](", "`", "title:"):
        assert markup not in doc.text


def test_markdown_without_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "plain.md"
    path.write_text("## Talks\n\nJapan and *Vietnam* met.\n", encoding="utf-8")
    doc = only_document(markdown.read, path)
    assert doc.text == "Talks\n\nJapan and Vietnam met.\n"
    assert doc.title is None and doc.published is None


def test_markdown_sidecar_overrides_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "both.md"
    path.write_text("---\ntitle: From front matter\nsource: FM\n---\nText.\n", encoding="utf-8")
    (tmp_path / "both.meta.json").write_text('{"title": "From sidecar"}', encoding="utf-8")
    doc = only_document(markdown.read, path)
    assert doc.title == "From sidecar"
    assert doc.source == "FM"


def test_markdown_invalid_yaml_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.md"
    path.write_text("---\ntitle: [unclosed\n---\nBody text.\n", encoding="utf-8")
    with pytest.raises(DocumentError) as info:
        read_all(markdown.read, path)
    assert_one_line_error(info.value, path, "front matter", "line 2")


def test_markdown_impossible_date_is_a_document_error(tmp_path: Path) -> None:
    path = tmp_path / "feb30.md"
    path.write_text("---\ndate: 2024-02-30\n---\nBody text.\n", encoding="utf-8")
    with pytest.raises(DocumentError) as info:
        read_all(markdown.read, path)
    assert_one_line_error(info.value, path, "day is out of range")


def test_markdown_front_matter_must_be_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "list.md"
    path.write_text("---\n- a\n- b\n---\nBody.\n", encoding="utf-8")
    with pytest.raises(DocumentError) as info:
        read_all(markdown.read, path)
    assert_one_line_error(info.value, path, "not a mapping")


def test_markdown_front_matter_without_text(tmp_path: Path) -> None:
    path = tmp_path / "hollow.md"
    path.write_text("---\ntitle: Nothing here\n---\n\n", encoding="utf-8")
    with pytest.raises(DocumentError) as info:
        read_all(markdown.read, path)
    assert_one_line_error(info.value, path, "no text")


# -- HTML ---------------------------------------------------------------------------------


def test_html_metadata_and_visible_text() -> None:
    path = DATA / "article.html"
    doc = only_document(html.read, path)
    assert doc.doc_id == "article"
    assert doc.title == "Japan pledges aid to the Philippines"
    assert doc.published == date(2024, 6, 2)
    assert doc.source == "Example Times"
    assert doc.url == "https://example.org/japan-aid"
    assert doc.text == (
        "Japan pledges aid\n\n"
        "Japan will grant the Philippines & its coast guard five patrol vessels.\n\n"
        "The two governments signed the agreement in Manila.\n"
    )


def test_html_skips_scripts_navigation_and_head() -> None:
    doc = only_document(html.read, DATA / "article.html")
    for hidden in ("tracking", "should never appear", "injected", "document.write", "Home",
                   "Copyright", "<"):  # fmt: skip
        assert hidden not in doc.text


def test_html_sidecar_overrides_meta_tags(tmp_path: Path) -> None:
    path = tmp_path / "article.html"
    shutil.copy(DATA / "article.html", path)
    (tmp_path / "article.meta.json").write_text(
        '{"title": "Sidecar title", "date": "2024-06-01"}', encoding="utf-8"
    )
    doc = only_document(html.read, path)
    assert doc.title == "Sidecar title"
    assert doc.published == date(2024, 6, 1)
    assert doc.source == "Example Times"  # still from <meta>


def test_html_without_visible_text(tmp_path: Path) -> None:
    path = tmp_path / "shell.html"
    path.write_text("<html><body><script>var x = 1;</script></body></html>", encoding="utf-8")
    with pytest.raises(DocumentError) as info:
        read_all(html.read, path)
    assert_one_line_error(info.value, path, "no visible text")


def test_html_bad_published_time(tmp_path: Path) -> None:
    path = tmp_path / "dated.html"
    path.write_text(
        '<html><head><meta property="article:published_time" content="last Tuesday"></head>'
        "<body><p>Talks were held.</p></body></html>",
        encoding="utf-8",
    )
    with pytest.raises(DocumentError) as info:
        read_all(html.read, path)
    assert_one_line_error(info.value, path, "'last Tuesday'", "YYYY-MM-DD")


# -- JSON Lines ---------------------------------------------------------------------------


def test_jsonl_one_document_per_line_and_an_error_for_the_bad_one() -> None:
    path = DATA / "wire.jsonl"
    items = read_all(jsonl.read, path)
    assert len(items) == 4  # the blank line is not a record
    first, bad, third, fourth = items

    assert isinstance(first, Document)
    assert first.doc_id == "wire-a-1"  # unsafe id characters become "-"
    assert first.text == "Kenya and India signed three agreements."
    assert first.title == "Kenya, India sign deals"
    assert first.published == date(2024, 7, 8)
    assert first.source == "Wire"
    assert first.path == f"{path}:1"

    assert isinstance(bad, DocumentError)
    assert_one_line_error(bad, f"{path}:2", "not valid JSON")

    assert isinstance(third, Document)
    assert third.doc_id == "wire-a3"
    assert third.published == date(2024, 7, 9)  # "date" and a timestamp
    assert third.source == "Asia"  # "section" stands in for "source"
    assert third.url == "https://example.org/a3"

    assert isinstance(fourth, Document)
    assert fourth.doc_id == "wire-5"  # no id: the line number
    assert fourth.published is None


def test_jsonl_line_without_text_or_with_bad_date(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(
        '{"id": "x", "title": "no text"}\n'
        '["not", "an", "object"]\n'
        '{"id": "y", "text": "Talks.", "date": "31/12/2024"}\n'
        '{"id": "z", "text": "Good."}\n',
        encoding="utf-8",
    )
    no_text, not_object, bad_date, good = read_all(jsonl.read, path)
    assert isinstance(no_text, DocumentError)
    assert_one_line_error(no_text, f"{path}:1", '"text"')
    assert isinstance(not_object, DocumentError)
    assert_one_line_error(not_object, f"{path}:2", '"text"')
    assert isinstance(bad_date, DocumentError)
    assert_one_line_error(bad_date, f"{path}:3", "'31/12/2024'", "YYYY-MM-DD")
    assert isinstance(good, Document) and good.doc_id == "feed-z"


# -- what every reader shares: bad files ----------------------------------------------------

ALL_READERS = [
    pytest.param(text.read, ".txt", id="txt"),
    pytest.param(markdown.read, ".md", id="md"),
    pytest.param(html.read, ".html", id="html"),
    pytest.param(jsonl.read, ".jsonl", id="jsonl"),
]


@pytest.mark.parametrize(("reader", "suffix"), ALL_READERS)
def test_missing_file(reader: Reader, suffix: str, tmp_path: Path) -> None:
    path = tmp_path / f"absent{suffix}"
    with pytest.raises(DocumentError) as info:
        read_all(reader, path)
    assert_one_line_error(info.value, path, "no such file", "check the path")


@pytest.mark.parametrize(("reader", "suffix"), ALL_READERS)
def test_binary_file(reader: Reader, suffix: str, tmp_path: Path) -> None:
    path = tmp_path / f"image{suffix}"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(DocumentError) as info:
        read_all(reader, path)
    assert_one_line_error(info.value, path, "binary")


@pytest.mark.parametrize(("reader", "suffix"), ALL_READERS)
@pytest.mark.parametrize("content", [b"", b"  \n\r\n\t\n"], ids=["zero-bytes", "whitespace"])
def test_empty_file(reader: Reader, suffix: str, content: bytes, tmp_path: Path) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(content)
    with pytest.raises(DocumentError) as info:
        read_all(reader, path)
    assert_one_line_error(info.value, path, "empty")


@pytest.mark.parametrize(("reader", "suffix"), ALL_READERS)
def test_cp1252_file(reader: Reader, suffix: str, tmp_path: Path) -> None:
    path = tmp_path / f"legacy{suffix}"
    path.write_bytes("Café talks in Hanoi – “progress”.\n".encode("cp1252"))
    with pytest.raises(DocumentError) as info:
        read_all(reader, path)
    assert_one_line_error(info.value, path, "not UTF-8", "byte 3", "iconv")


@pytest.mark.parametrize(
    ("reader", "suffix"), [p for p in ALL_READERS if p.id != "jsonl"]
)  # JSON Lines has no sidecar
def test_invalid_sidecar_json(reader: Reader, suffix: str, tmp_path: Path) -> None:
    path = tmp_path / f"doc{suffix}"
    path.write_text("<p>Talks were held.</p>\n" if suffix == ".html" else "Talks were held.\n")
    meta = tmp_path / "doc.meta.json"
    meta.write_text('{"title": "unterminated', encoding="utf-8")
    with pytest.raises(DocumentError) as info:
        read_all(reader, path)
    assert_one_line_error(info.value, meta, "not valid JSON", "sidecar")


@pytest.mark.parametrize(("reader", "suffix"), [p for p in ALL_READERS if p.id != "jsonl"])
def test_bad_sidecar_date(reader: Reader, suffix: str, tmp_path: Path) -> None:
    path = tmp_path / f"doc{suffix}"
    path.write_text("<p>Talks were held.</p>\n" if suffix == ".html" else "Talks were held.\n")
    (tmp_path / "doc.meta.json").write_text('{"date": "2024-13-45"}', encoding="utf-8")
    with pytest.raises(DocumentError) as info:
        read_all(reader, path)
    assert_one_line_error(info.value, path, "'2024-13-45'", "not ISO 8601", "YYYY-MM-DD")


# -- the shared helpers -------------------------------------------------------------------


def test_read_text_on_a_directory(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as info:
        read_text(tmp_path)
    assert_one_line_error(info.value, tmp_path, "directory")


def test_sidecar_must_be_an_object(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text("Text.\n", encoding="utf-8")
    (tmp_path / "doc.meta.json").write_text('["title"]', encoding="utf-8")
    with pytest.raises(DocumentError) as info:
        sidecar(path)
    assert_one_line_error(info.value, tmp_path / "doc.meta.json", "not a JSON object")


def test_sidecar_in_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text("Text.\n", encoding="utf-8")
    (tmp_path / "doc.meta.json").write_bytes('{"title": "Café"}'.encode("cp1252"))
    with pytest.raises(DocumentError) as info:
        sidecar(path)
    assert_one_line_error(info.value, tmp_path / "doc.meta.json", "not valid JSON")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("2024-01-12", date(2024, 1, 12)),
        ("2024-01-12T09:30:00Z", date(2024, 1, 12)),
        ("2024-01-12T09:30:00+07:00", date(2024, 1, 12)),
        (" 2024-01-12 ", date(2024, 1, 12)),
        (date(2024, 1, 12), date(2024, 1, 12)),
    ],
)
def test_parse_date_accepts(value: object, expected: date | None) -> None:
    assert parse_date(value, "where.txt") == expected


@pytest.mark.parametrize("value", ["12/01/2024", "January 12", "2024-02-30", 20240112, True])
def test_parse_date_rejects(value: object) -> None:
    with pytest.raises(DocumentError) as info:
        parse_date(value, "where.txt")
    assert_one_line_error(info.value, "where.txt", "not ISO 8601", "YYYY-MM-DD")


def test_jsonl_is_read_line_by_line(tmp_path: Path) -> None:
    """A bad byte on a later line is reported at its offset in the file, after the lines
    before it were read; old Mac line ends still end lines."""
    path = tmp_path / "feed.jsonl"
    first = b'{"id": "a", "text": "Talks."}\r'
    path.write_bytes(
        first + b'{"id": "b", "text": "More talks."}\r\n{"id": "c", "text": "Caf\xe9"}\n'
    )
    items = []
    with pytest.raises(DocumentError) as info:
        for item in jsonl.read(path):
            items.append(item)
    assert [d.doc_id for d in items if isinstance(d, Document)] == ["feed-a", "feed-b"]
    offset = (
        len(first)
        + len(b'{"id": "b", "text": "More talks."}\r\n')
        + len(b'{"id": "c", "text": "Caf')
    )
    assert_one_line_error(info.value, path, "not UTF-8", f"byte {offset}")
