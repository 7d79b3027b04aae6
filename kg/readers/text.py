"""Plain text, with metadata from a ``NAME.meta.json`` sidecar."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kg.errors import DocumentError
from kg.model import Document
from kg.readers._common import parse_date, read_text, sidecar, str_or_none


def read(path: Path) -> Iterator[Document | DocumentError]:
    meta = sidecar(path)
    yield Document(
        doc_id=path.stem,
        text=read_text(path),
        path=str(path),
        title=str_or_none(meta.get("title")),
        published=parse_date(meta.get("date", meta.get("published")), str(path)),
        source=str_or_none(meta.get("source")),
        url=str_or_none(meta.get("url")),
    )
