"""The whole path for a batch: ingest → extract → resolve → graph → store.

Unchanged documents (same text hash, same extractor) are skipped without loading spaCy;
a changed one replaces its own named graph and nothing else. A document that cannot be
read is reported and the batch goes on. Documents built earlier from under one of the
folders given and gone from there now are removed (pruned). Last, the store-wide
resolution (``kg.resolve.resolve_store``) decides which names across documents are one
entity and rewrites the graphs whose entities it re-identified.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import DocumentError, InputError, KGError
from kg.ingest import ingest
from kg.model import Document
from kg.resolve import entity_table, resolve_store
from kg.store import KGStore

if TYPE_CHECKING:  # spaCy loads lazily, only when a document needs reading
    from kg.extract import Extractor


@dataclass(frozen=True)
class BuildReport:
    read: int = 0
    skipped: int = 0
    failed: int = 0
    entities: int = 0
    facts: int = 0
    events: int = 0
    seconds: float = 0.0
    errors: tuple[KGError, ...] = field(default_factory=tuple)
    removed: tuple[str, ...] = ()
    merges: int = 0

    def summary(self) -> str:
        # "removed N" only when something was, so that the usual line stays as it was.
        removed = f", removed {len(self.removed)}" if self.removed else ""
        return (
            f"{self.read} documents read, {self.skipped} skipped (unchanged), "
            f"{self.failed} failed{removed} · {self.entities} entities, {self.facts} facts, "
            f"{self.events} events · {self.seconds:.1f} s"
        )


Progress = Callable[[int, int, str], None]


def build(
    paths: Iterable[str | Path],
    store: KGStore,
    extractor: Callable[[], Extractor],
    *,
    published: date | None = None,
    force: bool = False,
    progress: Progress | None = None,
    prune: bool = True,
) -> BuildReport:
    """Build every document under ``paths`` into ``store``.

    ``extractor`` is called (once) only when some document needs extracting, so a no-op
    rebuild never loads the spaCy pipeline. With ``prune``, documents once built from under
    a folder of ``paths`` and no longer found there are removed from the store.
    """
    started = time.perf_counter()
    paths = list(paths)
    documents: list[Document] = []
    errors: list[KGError] = []
    for item in ingest(paths, published=published):
        if isinstance(item, DocumentError):
            errors.append(item)
        else:
            documents.append(item)
    stored = store.documents()
    kept = store.ledger.rows()
    todo: list[Document] = []
    skipped = 0
    for document in documents:
        known = stored.get(document.doc_id)
        # A document the ledger has no reading of (a store built before it) is read again.
        fresh = known is not None and known.sha256 == document.sha256 and document.doc_id in kept
        if not force and fresh:
            skipped += 1
        else:
            todo.append(document)
    counts = {"entities": 0, "facts": 0, "events": 0}
    total = len(documents)
    done = skipped
    if progress:
        progress(done, total, "")
    written: list[str] = []
    if todo:
        for extraction in extractor().pipe(todo):
            doc_id = extraction.document.doc_id
            # The document's own reading goes to the ledger; its graph is written by the
            # resolution pass below, under the store-wide identities.
            path = extraction.document.path
            source = str(Path(path).absolute()) if path else None
            store.ledger.put(extraction, entity_table(extraction), source)
            written.append(doc_id)
            counts["entities"] += len(extraction.entities)
            counts["facts"] += len(extraction.facts)
            counts["events"] += len(extraction.events)
            done += 1
            if progress:
                progress(done, total, doc_id)
    removed: tuple[str, ...] = ()
    if prune:
        removed = prune_documents(store, paths, {d.doc_id for d in documents}, errors)
    try:
        resolution = resolve_store(store, written=written)
    except KGError as exc:
        errors.append(exc)
        merges = 0
    else:
        merges = resolution.merges
    store.flush()
    return BuildReport(
        read=len(documents) - skipped,
        skipped=skipped,
        failed=len(errors),
        seconds=time.perf_counter() - started,
        errors=tuple(errors),
        removed=removed,
        merges=merges,
        **counts,
    )


def stale_documents(
    store: KGStore, paths: Iterable[str | Path], seen: set[str], errors: Iterable[KGError] = ()
) -> tuple[str, ...]:
    """Documents built from under one of the folders in ``paths`` that this build did not
    find there (deleted, or a line gone from a JSON Lines file). A document whose file
    failed to read this time is kept: it is still there, only unreadable."""
    roots = [Path(p).absolute() for p in paths if Path(p).is_dir()]
    unreadable = {str(Path(e.path).absolute()) for e in errors if isinstance(e, DocumentError)}
    stale = []
    for doc_id, row in store.ledger.rows().items():
        if doc_id in seen or row.source is None:
            continue
        source = Path(row.source)
        file = str(source).rpartition(":")[0] if ":" in source.name else str(source)
        if file in unreadable or row.source in unreadable:
            continue
        if any(source.is_relative_to(root) for root in roots):
            stale.append(doc_id)
    return tuple(stale)


def prune_documents(
    store: KGStore, paths: Iterable[str | Path], seen: set[str], errors: Iterable[KGError] = ()
) -> tuple[str, ...]:
    """Remove the ``stale_documents``; resolution is left to the caller."""
    stale = stale_documents(store, paths, seen, errors)
    for doc_id in stale:
        store.remove_document(doc_id)
    return stale


def remove_documents(store: KGStore, doc_ids: Iterable[str]) -> tuple[str, ...]:
    """Remove documents by id, then resolve again: what only they supported goes, and a
    merge they made possible is undone. An unknown id removes nothing and says so."""
    wanted = list(dict.fromkeys(doc_ids))
    known = set(store.documents()) | set(store.ledger.rows())
    unknown = [d for d in wanted if d not in known]
    if unknown:
        raise InputError(
            f"no document {', '.join(unknown)} in the store — "
            "`kg query 'SELECT ?id WHERE { ?d a kg:Document ; dcterms:identifier ?id }'` lists them"
        )
    for doc_id in wanted:
        store.remove_document(doc_id)
    resolve_store(store)
    store.flush()
    return tuple(wanted)
