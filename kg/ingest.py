"""Stage 1: find documents under the given paths and read them into ``Document`` records."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from kg.errors import DocumentError
from kg.model import Document
from kg.readers import READERS

# Files that travel beside documents and are not documents themselves.
_COMPANION_SUFFIXES = (".meta.json", ".gold.json")


def is_document(path: Path) -> bool:
    name = path.name.lower()
    if name.startswith(".") or name.endswith(_COMPANION_SUFFIXES):
        return False
    return path.suffix.lower() in READERS


def discover(paths: Iterable[str | Path]) -> Iterator[Path | DocumentError]:
    """Every readable document under ``paths`` (recursively, sorted), or an error per bad path."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and is_document(p))
            if not found:
                known = ", ".join(sorted(READERS))
                yield DocumentError(
                    str(path),
                    "holds no documents",
                    f"add files ending in {known}, or check the path",
                )
            yield from found
        elif path.is_file():
            if path.suffix.lower() in READERS:
                yield path
            else:
                known = ", ".join(sorted(READERS))
                yield DocumentError(str(path), "has an unknown format", f"use one of {known}")
        else:
            yield DocumentError(str(path), "no such file or directory", "check the path")


def ingest(
    paths: Iterable[str | Path], *, published: date | None = None
) -> Iterator[Document | DocumentError]:
    """Read every document under ``paths``; a bad one becomes a ``DocumentError`` in the stream.

    ``published`` overrides each document's publication date (the CLI's ``--date``).
    """
    for found in discover(paths):
        if isinstance(found, DocumentError):
            yield found
            continue
        reader = READERS[found.suffix.lower()]
        try:
            for item in reader(found):
                if isinstance(item, Document) and published is not None:
                    item = dataclasses.replace(item, published=published)
                yield item
        except DocumentError as exc:
            yield exc
