"""HTML pages: the visible prose of ``<body>``, metadata from ``<title>`` and ``<meta>``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from kg.errors import DocumentError
from kg.model import Document
from kg.readers._common import parse_date, read_text, sidecar, str_or_none

_SKIP = {"script", "style", "noscript", "template", "svg", "head", "nav", "footer", "form"}
_BLOCK = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "article",
    "section", "blockquote", "tr", "table", "header", "main", "figcaption", "pre", "dd", "dt",
}  # fmt: skip
_DATE_META = ("article:published_time", "date", "dc.date", "dcterms.date", "pubdate")


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.meta: dict[str, str] = {}
        self._skip_depth = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag == "meta":
            values = {k: v or "" for k, v in attrs}
            name = (values.get("property") or values.get("name") or "").lower()
            if name and "content" in values:
                self.meta.setdefault(name, values["content"])
        if tag in _SKIP:
            self._skip_depth += 1
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _SKIP and self._skip_depth:
            self._skip_depth -= 1
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._skip_depth:
            self.parts.append(data)


def html_to_text(markup: str) -> tuple[str, dict[str, str], str | None]:
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text)]
    body = "\n\n".join(p for p in paragraphs if p)
    title = " ".join("".join(parser.title).split()) or None
    return body, parser.meta, title


def read(path: Path) -> Iterator[Document | DocumentError]:
    body, meta_tags, title = html_to_text(read_text(path))
    if not body:
        raise DocumentError(str(path), "has no visible text", "check it is the article page")
    meta = sidecar(path)
    published = meta.get("date", meta.get("published"))
    if published is None:
        published = next((meta_tags[k] for k in _DATE_META if k in meta_tags), None)
    yield Document(
        doc_id=path.stem,
        text=body + "\n",
        path=str(path),
        title=str_or_none(meta.get("title") or meta_tags.get("og:title") or title),
        published=parse_date(published, str(path)),
        source=str_or_none(meta.get("source") or meta_tags.get("og:site_name")),
        url=str_or_none(meta.get("url") or meta_tags.get("og:url")),
    )
