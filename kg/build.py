"""The whole path for a batch: ingest → extract → resolve → graph → store.

Unchanged documents (same text hash, same extractor) are skipped without loading spaCy;
a changed one replaces its own named graph and nothing else. A document that cannot be
read is reported and the batch goes on. Extraction runs on an engine (``kg.engines``):
this process, local worker processes, or a Dask cluster; writing always happens here.
Each document's own reading goes to the store's ledger as it arrives. Documents built
earlier from under one of the folders given and gone from there now are removed (pruned).
Last, the store-wide resolution (``kg.resolve.resolve_store``) decides which names across
documents are one entity and writes the graphs whose entities it (re-)identified.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kg.config import Settings
from kg.engines import ENGINES, EngineOptions, chunked, run_local
from kg.errors import DocumentError, EngineError, InputError, KGError
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


# (documents done, documents in all or None while the input is still being read, last id)
Progress = Callable[[int, int | None, str], None]


def build(
    paths: Iterable[str | Path],
    store: KGStore,
    extractor: Callable[[], Extractor] | None = None,
    *,
    published: date | None = None,
    force: bool = False,
    progress: Progress | None = None,
    prune: bool = True,
    engine: str = "local",
    options: EngineOptions | None = None,
    settings: Settings | None = None,
) -> BuildReport:
    """Build every document under ``paths`` into ``store``.

    Documents stream from the input through the ``engine`` (see ``kg.engines``) and back,
    in input order, to this process, which puts each one's own reading in the ledger:
    nothing is held for the whole corpus but the stored documents' hashes and the ids seen.
    ``extractor`` is called (once) only when some document needs extracting by the local
    engine, so a no-op rebuild never loads the spaCy pipeline; the other engines load it in
    their workers from ``settings``. With ``prune``, documents once built from under a
    folder of ``paths`` and no longer found there are removed from the store. The
    store-wide resolution then writes the graphs.
    """
    started = time.perf_counter()
    paths = list(paths)
    options = options or EngineOptions()
    settings = settings or Settings()
    if engine not in ENGINES:
        known = ", ".join(sorted(ENGINES))
        raise EngineError(f"unknown engine {engine!r} — use one of {known}")
    if options.workers < 1:
        raise EngineError(f"--workers {options.workers}: give at least one worker")
    errors: list[KGError] = []
    # Only the hash of each stored document, the ids the ledger has a reading of and the
    # ids this build saw are kept: these are what grows with the store and the input.
    stored = {doc_id: known.sha256 for doc_id, known in store.documents().items()}
    kept = set(store.ledger.rows())
    seen: set[str] = set()
    tally = {"seen": 0, "skipped": 0, "done": 0}
    total: int | None = None

    def todo() -> Iterator[Document]:
        nonlocal total
        for item in ingest(paths, published=published):
            if isinstance(item, DocumentError):
                errors.append(item)
                continue
            tally["seen"] += 1
            seen.add(item.doc_id)
            # A document the ledger has no reading of (a store built before it) is read again.
            fresh = stored.get(item.doc_id) == item.sha256 and item.doc_id in kept
            if not force and fresh:
                tally["skipped"] += 1
                tally["done"] += 1
                if progress and tally["skipped"] % 500 == 0:
                    progress(tally["done"], None, item.doc_id)
                continue
            yield item
        total = tally["seen"]

    counts = {"entities": 0, "facts": 0, "events": 0}
    if progress:
        progress(0, None, "")
    chunks = chunked(todo(), options.chunk_size)
    if engine == "local":
        results = run_local(chunks, settings, options, extractor)
    else:
        results = ENGINES[engine](chunks, settings, options)
    for outcomes in results:
        for outcome in outcomes:
            if isinstance(outcome, KGError):
                errors.append(outcome)
                continue
            doc_id = outcome.document.doc_id
            # The document's own reading goes to the ledger; its graph is written by the
            # resolution pass below, under the store-wide identities (a new reading has no
            # view in the ledger, so the pass writes its graph without being told).
            path = outcome.document.path
            source = str(Path(path).absolute()) if path else None
            try:
                store.ledger.put(outcome, entity_table(outcome), source)
            except KGError as exc:
                errors.append(exc)
                continue
            counts["entities"] += len(outcome.entities)
            counts["facts"] += len(outcome.facts)
            counts["events"] += len(outcome.events)
            tally["done"] += 1
            if progress:
                progress(tally["done"], total, doc_id)
    removed: tuple[str, ...] = ()
    if prune:
        removed = prune_documents(store, paths, seen, errors)
    try:
        resolution = resolve_store(store)
    except KGError as exc:
        errors.append(exc)
        merges = 0
    else:
        merges = resolution.merges
    store.flush()
    if progress:
        progress(tally["done"], tally["seen"], "")
    return BuildReport(
        read=tally["seen"] - tally["skipped"],
        skipped=tally["skipped"],
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
