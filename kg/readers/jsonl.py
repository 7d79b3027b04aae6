"""JSON Lines: one document per line, ``text`` plus metadata fields.

Recognised fields: ``id``, ``text`` (required), ``title``, ``published``/``date``,
``source``/``section``, ``url``. A bad line is reported with its line number; the rest of
the file is still read (the error is yielded in its place).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from kg.errors import DocumentError
from kg.model import Document
from kg.readers._common import parse_date, read_text, str_or_none

_SAFE_ID = re.compile(r"[^A-Za-z0-9._-]+")


def read(path: Path) -> Iterator[Document | DocumentError]:
    for number, line in enumerate(read_text(path).split("\n"), start=1):
        if not line.strip():
            continue
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
