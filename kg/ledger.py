"""What the build keeps beside the graph, one row per document.

The named graph of a document holds its entities under their cross-document identities
(``person/prak-sokhonn`` where the text only said "Sokhonn"), so the graph alone cannot say
what the document itself read. The ledger keeps that: the document's own extraction, before
any merge, so that a later resolution can undo a merge exactly; where the document came from,
so that a rebuild can tell which documents were deleted from its input; and a fingerprint of
the resolution its graph was last written with, so that only graphs whose resolution changed
are rewritten. It is SQLite (one file in the store folder, or in memory), because a row is
written per document and the resolution pass reads every row's entity table.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from kg.errors import StoreError
from kg.model import (
    Document,
    Entity,
    Event,
    Evidence,
    Extraction,
    Fact,
    MonetaryAmount,
    Quotation,
    Span,
)

LEDGER_FILE = "ledger.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS document (
    doc_id TEXT PRIMARY KEY,
    source TEXT,                -- absolute path it was read from ("file.jsonl:3" for a line)
    entities TEXT NOT NULL,     -- JSON: the entity table the resolution pass reads
    extraction TEXT NOT NULL,   -- JSON: the whole extraction, keys as the document read them
    view TEXT                   -- fingerprint of the resolution its graph holds; NULL: none yet
);
CREATE TABLE IF NOT EXISTS setting (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


# Any change to the set of readings means the store must be resolved again; the resolution
# pass sets "resolved" when it is done, so a build that changed nothing can skip it.
RESOLVED = "resolved"
_STALE = f"DELETE FROM setting WHERE name = '{RESOLVED}'"


# Rows per read of ``Ledger.readings``: what a pass over the ledger holds at a time.
READ_PAGE = 256


@dataclass(frozen=True)
class LedgerRow:
    doc_id: str
    source: str | None
    view: str | None


class Ledger:
    """The store's per-document bookkeeping; ``open_ledger`` makes one."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection
        self._db.executescript(_SCHEMA)

    def put(self, extraction: Extraction, entities: Any, source: str | None) -> None:
        """Record a document's own reading; its graph is not written yet (``view`` NULL)."""
        with self._db:
            self._db.execute(_STALE)
            self._db.execute(
                "INSERT OR REPLACE INTO document VALUES (?, ?, ?, ?, NULL)",
                (
                    extraction.document.doc_id,
                    source,
                    json.dumps(entities, ensure_ascii=False, sort_keys=True),
                    extraction_to_json(extraction),
                ),
            )

    def rows(self) -> dict[str, LedgerRow]:
        cursor = self._db.execute("SELECT doc_id, source, view FROM document ORDER BY doc_id")
        return {r[0]: LedgerRow(r[0], r[1], r[2]) for r in cursor}

    def entity_tables(self) -> Iterator[tuple[str, Any]]:
        """Every document's entity table, by document id, in id order."""
        for doc_id, entities, _ in self.readings():
            yield doc_id, entities

    def readings(self, page: int | None = None) -> Iterator[tuple[str, Any, str | None]]:
        """Every document's id, entity table and ``view``, in id order.

        Rows are fetched a page at a time: the caller holds one page, not the ledger, and
        may write to the ledger between rows (no read cursor is open while it does)."""
        page = page or READ_PAGE
        select = "SELECT doc_id, entities, view FROM document"
        rows = self._db.execute(f"{select} ORDER BY doc_id LIMIT ?", (page,)).fetchall()
        while True:
            for doc_id, entities, view in rows:
                yield doc_id, json.loads(entities), view
            if len(rows) < page:
                return
            rows = self._db.execute(
                f"{select} WHERE doc_id > ? ORDER BY doc_id LIMIT ?", (rows[-1][0], page)
            ).fetchall()

    def extraction(self, doc_id: str) -> Extraction:
        row = self._db.execute(
            "SELECT extraction FROM document WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            raise StoreError(f"{doc_id}: the store keeps no reading of this document")
        return extraction_from_json(row[0])

    def set_view(self, doc_id: str, view: str) -> None:
        with self._db:
            self._db.execute("UPDATE document SET view = ? WHERE doc_id = ?", (view, doc_id))

    def remove(self, doc_ids: Sequence[str]) -> None:
        with self._db:
            self._db.execute(_STALE)
            self._db.executemany("DELETE FROM document WHERE doc_id = ?", [(d,) for d in doc_ids])

    def setting(self, name: str) -> str | None:
        row = self._db.execute("SELECT value FROM setting WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def set_setting(self, name: str, value: str) -> None:
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO setting VALUES (?, ?)", (name, value))

    def close(self) -> None:
        self._db.close()


def open_ledger(folder: Path | None) -> Ledger:
    """The ledger in ``folder`` (created if missing), or an in-memory one for ``None``."""
    target = ":memory:" if folder is None else str(folder / LEDGER_FILE)
    try:
        connection = sqlite3.connect(target)
        if folder is not None:
            # Two commits per document (its reading, then its view): with the default
            # rollback journal each waits for several fsyncs. In WAL mode a commit that
            # returned survives the process being killed (only a power cut can lose the
            # last ones, as with Oxigraph's own writes), and each costs a few times less.
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
        return Ledger(connection)
    except sqlite3.Error as exc:
        raise StoreError(f"{target}: cannot open the store's ledger ({exc})") from None


# -- extractions as JSON ------------------------------------------------------------------


def _evidence(data: dict[str, Any]) -> Evidence:
    return Evidence(Span(**data["sentence"]), data["extractor"])


def extraction_to_json(extraction: Extraction) -> str:
    """The extraction as JSON; ``extraction_from_json`` gives back an equal record."""

    def plain(value: Any) -> Any:
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, tuple | list):
            return [plain(v) for v in value]
        if hasattr(value, "__dataclass_fields__"):
            return {name: plain(getattr(value, name)) for name in value.__dataclass_fields__}
        return value

    return json.dumps(plain(extraction), ensure_ascii=False, sort_keys=True)


def extraction_from_json(text: str) -> Extraction:
    data = json.loads(text)
    doc = data["document"]
    published = date.fromisoformat(doc["published"]) if doc["published"] else None
    entities = tuple(
        Entity(
            key=e["key"],
            types=tuple(e["types"]),
            label=e["label"],
            aliases=tuple(e["aliases"]),
            mentions=tuple(Span(**m) for m in e["mentions"]),
            iso_code=e["iso_code"],
            wikidata=e["wikidata"],
        )
        for e in data["entities"]
    )
    facts = tuple(
        Fact(
            f["subject"],
            f["predicate"],
            f["object"],
            _evidence(f["evidence"]),
            title=f["title"],
            date=f["date"],
        )
        for f in data["facts"]
    )
    events = []
    for e in data["events"]:
        amount = e["amount"]
        fields: dict[str, Any] = {
            k: tuple(v) if isinstance(v, list) else v
            for k, v in e.items()
            if k not in {"evidence", "amount"}
        }
        events.append(
            Event(
                **fields,
                evidence=_evidence(e["evidence"]),
                amount=MonetaryAmount(Decimal(amount["value"]), amount["currency"], amount["text"])
                if amount
                else None,
            )
        )
    quotations = tuple(
        Quotation(tuple(q["speakers"]), q["text"], _evidence(q["evidence"]))
        for q in data["quotations"]
    )
    return Extraction(
        document=Document(**{**doc, "published": published}),
        entities=entities,
        facts=facts,
        events=tuple(events),
        quotations=quotations,
        extractor_version=data["extractor_version"],
    )
