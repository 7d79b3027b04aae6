"""What the build keeps beside the graph, one row per document.

The named graph of a document holds its entities under their cross-document identities
(``person/prak-sokhonn`` where the text only said "Sokhonn"), so the graph alone cannot say
what the document itself read. The ledger keeps that: the document's own extraction, before
any merge, so that a later resolution can undo a merge exactly; where the document came from,
so that a rebuild can tell which documents were deleted from its input; and a fingerprint of
the resolution its graph was last written with, so that only graphs whose resolution changed
are rewritten. It is SQLite (one file in the store folder, or in memory), because a row is
written per document and the resolution pass reads every row's entity table.

It also keeps the store index the resolution rules read (``kg.resolve``), as each document's
counted contribution to it and the sums of those: adding or removing a document changes the
index by that document's contribution, and the documents that read a name of it can be found
when the name changes. The ledger only stores and sums; what a contribution is, is the
resolution's business.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
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
-- documents read or removed since the resolution pass last counted them
CREATE TABLE IF NOT EXISTS unresolved (doc_id TEXT PRIMARY KEY) WITHOUT ROWID;
-- what each document adds to the store index: n times (kind, name, value)
CREATE TABLE IF NOT EXISTS contribution (
    doc_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (doc_id, kind, name, value)
) WITHOUT ROWID;
-- which documents contribute to a name (those to look at again when it changes)
CREATE INDEX IF NOT EXISTS contribution_by_name ON contribution (kind, name, value);
-- the store index: the contributions of every document, summed (rows with n > 0 only)
CREATE TABLE IF NOT EXISTS tally (
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (kind, name, value)
) WITHOUT ROWID;
-- documents whose graph and resolution records are to be checked against the index
CREATE TABLE IF NOT EXISTS unwritten (doc_id TEXT PRIMARY KEY) WITHOUT ROWID;
"""


class StaleIndex(StoreError):
    """The index disagrees with the contributions it sums: it must be counted again."""


# A contribution row, and a change to the index: (kind, name, value) → count.
Contribution = tuple[str, str, str, int]
Tally = Mapping[tuple[str, str, str], int]


# Any change to the set of readings means the store must be resolved again; the resolution
# pass sets "resolved" when it is done, so a build that changed nothing can skip it.
RESOLVED = "resolved"
_STALE = f"DELETE FROM setting WHERE name = '{RESOLVED}'"


# Rows per read of ``Ledger.readings``: what a pass over the ledger holds at a time.
READ_PAGE = 256
# Names per SQL statement that looks several up (SQLite's limit on parameters is 32,766).
_NAMES_PER_QUERY = 500


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
        self._in_transaction = False

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Every write inside is committed together at the end, or none if it raises or
        the process dies first; a write outside one is committed on its own."""
        if self._in_transaction:
            yield
            return
        self._in_transaction = True
        try:
            with self._db:
                yield
        finally:
            self._in_transaction = False

    def put(self, extraction: Extraction, entities: Any, source: str | None) -> None:
        """Record a document's own reading; its graph is not written yet (``view`` NULL)."""
        doc_id = extraction.document.doc_id
        with self.transaction():
            self._db.execute(_STALE)
            self._db.execute(
                "INSERT OR REPLACE INTO document VALUES (?, ?, ?, ?, NULL)",
                (
                    doc_id,
                    source,
                    json.dumps(entities, ensure_ascii=False, sort_keys=True),
                    extraction_to_json(extraction),
                ),
            )
            self._db.execute("INSERT OR IGNORE INTO unresolved VALUES (?)", (doc_id,))

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

    def tables(self, doc_ids: Iterable[str]) -> Iterator[tuple[str, Any]]:
        """The entity table of each of ``doc_ids`` the ledger keeps a reading of, in id order,
        a page at a time (as ``readings``)."""
        ordered = sorted(set(doc_ids))
        for start in range(0, len(ordered), READ_PAGE):
            page = ordered[start : start + READ_PAGE]
            marks = ",".join("?" * len(page))
            rows = self._db.execute(
                f"SELECT doc_id, entities FROM document WHERE doc_id IN ({marks}) ORDER BY doc_id",
                page,
            ).fetchall()
            for doc_id, entities in rows:
                yield doc_id, json.loads(entities)

    def set_view(self, doc_id: str, view: str) -> None:
        with self.transaction():
            self._db.execute("UPDATE document SET view = ? WHERE doc_id = ?", (view, doc_id))

    def remove(self, doc_ids: Sequence[str]) -> None:
        with self.transaction():
            self._db.execute(_STALE)
            self._db.executemany("DELETE FROM document WHERE doc_id = ?", [(d,) for d in doc_ids])
            self._db.executemany(
                "INSERT OR IGNORE INTO unresolved VALUES (?)", [(d,) for d in doc_ids]
            )

    def setting(self, name: str) -> str | None:
        row = self._db.execute("SELECT value FROM setting WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def set_setting(self, name: str, value: str) -> None:
        with self.transaction():
            self._db.execute("INSERT OR REPLACE INTO setting VALUES (?, ?)", (name, value))

    def clear_setting(self, name: str) -> None:
        with self.transaction():
            self._db.execute("DELETE FROM setting WHERE name = ?", (name,))

    # -- the store index ------------------------------------------------------------------

    def unresolved(self) -> tuple[list[str], list[str]]:
        """The documents read since the index last counted them, and those removed since."""
        rows = self._db.execute(
            "SELECT u.doc_id, d.doc_id IS NOT NULL FROM unresolved u "
            "LEFT JOIN document d ON d.doc_id = u.doc_id ORDER BY u.doc_id"
        ).fetchall()
        return [r[0] for r in rows if r[1]], [r[0] for r in rows if not r[1]]

    def resolved(self) -> None:
        """The index has counted every document read or removed so far."""
        with self.transaction():
            self._db.execute("DELETE FROM unresolved")

    def reset_index(self) -> None:
        """Forget the index: every document is to be counted and written again."""
        with self.transaction():
            for table in ("contribution", "tally", "unresolved"):
                self._db.execute(f"DELETE FROM {table}")
            self._db.execute("INSERT OR IGNORE INTO unwritten SELECT doc_id FROM document")

    def replace_contributions(
        self, doc_id: str, kinds: Sequence[str], rows: Iterable[Contribution]
    ) -> Counter[tuple[str, str, str]]:
        """Make ``rows`` the document's contributions of ``kinds`` (each of one of them);
        the change to the index this makes, which the caller adds with ``add_to_tally``."""
        marks = ",".join("?" * len(kinds))
        where = f"doc_id = ? AND kind IN ({marks})"
        change: Counter[tuple[str, str, str]] = Counter()
        for kind, name, value, n in self._db.execute(
            f"SELECT kind, name, value, n FROM contribution WHERE {where}", (doc_id, *kinds)
        ):
            change[kind, name, value] -= n
        new = [row for row in rows if row[3]]
        for kind, name, value, n in new:
            change[kind, name, value] += n
        with self.transaction():
            self._db.execute(f"DELETE FROM contribution WHERE {where}", (doc_id, *kinds))
            self._db.executemany(
                "INSERT INTO contribution VALUES (?, ?, ?, ?, ?)",
                [(doc_id, *row) for row in new],
            )
        return Counter({key: n for key, n in change.items() if n})

    def add_to_tally(self, change: Tally) -> set[tuple[str, str]]:
        """Add ``change`` to the index; the (kind, name) whose set of values changed (a
        value's count went from zero or to zero)."""
        changed = set()
        with self.transaction():
            for (kind, name, value), n in change.items():
                row = self._db.execute(
                    "SELECT n FROM tally WHERE kind = ? AND name = ? AND value = ?",
                    (kind, name, value),
                ).fetchone()
                before = row[0] if row else 0
                after = before + n
                if after < 0:
                    raise StaleIndex(f"the index counts {kind} {name!r} {value!r} below zero")
                if after:
                    self._db.execute(
                        "INSERT OR REPLACE INTO tally VALUES (?, ?, ?, ?)",
                        (kind, name, value, after),
                    )
                else:
                    self._db.execute(
                        "DELETE FROM tally WHERE kind = ? AND name = ? AND value = ?",
                        (kind, name, value),
                    )
                if (before > 0) != (after > 0):
                    changed.add((kind, name))
        return changed

    def retally(self, kinds: Sequence[str]) -> None:
        """Sum the index of ``kinds`` again from every document's contributions."""
        marks = ",".join("?" * len(kinds))
        with self.transaction():
            self._db.execute(f"DELETE FROM tally WHERE kind IN ({marks})", kinds)
            self._db.execute(
                "INSERT INTO tally SELECT kind, name, value, SUM(n) FROM contribution "
                f"WHERE kind IN ({marks}) GROUP BY kind, name, value HAVING SUM(n) > 0",
                kinds,
            )

    def tally(self, kinds: Sequence[str], names: Iterable[str]) -> list[Contribution]:
        """The index's (kind, name, value, count) for ``names`` under any of ``kinds``."""
        found: list[Contribution] = []
        marks = ",".join("?" * len(kinds))
        for chunk in _chunks(sorted(set(names))):
            found += self._db.execute(
                f"SELECT kind, name, value, n FROM tally WHERE kind IN ({marks}) "
                f"AND name IN ({','.join('?' * len(chunk))})",
                (*kinds, *chunk),
            ).fetchall()
        return found

    def tallies(self) -> Iterator[Contribution]:
        """The whole index, in order: for checks, not for the rules."""
        yield from self._db.execute("SELECT kind, name, value, n FROM tally ORDER BY 1, 2, 3")

    def contributors(self, kinds: Sequence[str], names: Iterable[str]) -> set[str]:
        """The documents that contribute to any of ``names`` under any of ``kinds``."""
        found: set[str] = set()
        for kind in kinds:
            for chunk in _chunks(sorted(set(names))):
                rows = self._db.execute(
                    "SELECT DISTINCT doc_id FROM contribution WHERE kind = ? "
                    f"AND name IN ({','.join('?' * len(chunk))})",
                    (kind, *chunk),
                )
                found.update(r[0] for r in rows)
        return found

    def add_unwritten(self, doc_ids: Iterable[str]) -> None:
        with self.transaction():
            self._db.executemany(
                "INSERT OR IGNORE INTO unwritten VALUES (?)", [(d,) for d in doc_ids]
            )

    def unwritten(self, page: int | None = None) -> list[tuple[str, Any, str | None]]:
        """The first ``page`` documents to write, each with its entity table and ``view``
        (``None`` and ``None`` for one that was removed)."""
        rows = self._db.execute(
            "SELECT u.doc_id, d.entities, d.view FROM unwritten u "
            "LEFT JOIN document d ON d.doc_id = u.doc_id ORDER BY u.doc_id LIMIT ?",
            (page or READ_PAGE,),
        ).fetchall()
        return [(d, json.loads(e) if e is not None else None, v) for d, e, v in rows]

    def written(self, doc_ids: Iterable[str]) -> None:
        with self.transaction():
            self._db.executemany("DELETE FROM unwritten WHERE doc_id = ?", [(d,) for d in doc_ids])

    def close(self) -> None:
        self._db.close()


def _chunks(names: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(names), _NAMES_PER_QUERY):
        yield names[start : start + _NAMES_PER_QUERY]


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
