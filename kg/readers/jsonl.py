"""JSON Lines: one document per line, ``text`` plus metadata fields.

Recognised fields: ``id``, ``text`` (required), ``title``, ``published``/``date``,
``source``/``section``, ``url``. A bad line is reported with its line number; the rest of
the file is still read (the error is yielded in its place). The file is read line by line,
so a feed of a million stories never sits in memory whole.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from kg.errors import DocumentError
from kg.model import Document
from kg.readers._common import (
    check_not_binary,
    empty,
    not_utf8,
    open_bytes,
    parse_date,
    str_or_none,
)

_SAFE_ID = re.compile(r"[^A-Za-z0-9._-]+")


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """Numbered lines, decoded one at a time; ``\r\n`` and a lone ``\r`` end a line too."""
    with open_bytes(path) as handle:
        check_not_binary(path, handle.peek(8192) if hasattr(handle, "peek") else b"")
        offset, number, seen = 0, 0, False
        for raw in handle:
            pieces = raw.rstrip(b"\n").removesuffix(b"\r").split(b"\r")
            start = offset
            offset += len(raw)
            for piece in pieces:
                number += 1
                try:
                    line = piece.decode("utf-8-sig" if start == 0 else "utf-8")
                except UnicodeDecodeError as exc:
                    raise not_utf8(path, start + exc.start) from None
                start += len(piece) + 1
                if line.strip():
                    seen = True
                    yield number, line
        if not seen:
            raise empty(path)


def read(path: Path) -> Iterator[Document | DocumentError]:
    for number, line in _lines(path):
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield DocumentError(where, f"is not valid JSON ({exc.msg})", "fix or drop that line")
            continue
        if not isinstance(record, dict) or not str(record.get("text") or "").strip():
            yield DocumentError(where, 'has no "text" field', 'give each line a "text"')
            continue
        raw_id = str(record.get("id") or number)
        try:
            published = parse_date(record.get("published", record.get("date")), where)
        except DocumentError as exc:
            yield exc
            continue
        yield Document(
            doc_id=f"{path.stem}-{_SAFE_ID.sub('-', raw_id)}",
            text=str(record["text"]),
            path=where,
            title=str_or_none(record.get("title")),
            published=published,
            source=str_or_none(record.get("source") or record.get("section")),
            url=str_or_none(record.get("url")),
        )
