"""The whole path for a batch: ingest → extract → resolve → graph → store.

Unchanged documents (same text hash, same extractor) are skipped without loading spaCy;
a changed one replaces its own named graph and nothing else. A document that cannot be
read is reported and the batch goes on. Extraction runs on an engine (``kg.engines``):
this process, local worker processes, or a Dask cluster; writing always happens here.
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
from kg.errors import DocumentError, EngineError, KGError
from kg.graph import document_graph
from kg.ingest import ingest
from kg.model import Document
from kg.resolve import resolve
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

    def summary(self) -> str:
        return (
            f"{self.read} documents read, {self.skipped} skipped (unchanged), "
            f"{self.failed} failed · {self.entities} entities, {self.facts} facts, "
            f"{self.events} events · {self.seconds:.1f} s"
        )


# Oxigraph (RocksDB) keeps writes in memory tables until they fill: with its many indexes
# that grew by about 100 MiB per 450 documents written. Flushing every so many documents
# keeps them small, at no measurable cost in speed.
FLUSH_EVERY = 250

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
    engine: str = "local",
    options: EngineOptions | None = None,
    settings: Settings | None = None,
) -> BuildReport:
    """Build every document under ``paths`` into ``store``.

    Documents stream from the input through the ``engine`` (see ``kg.engines``) and back,
    in input order, to this process, which resolves and writes each one into the store:
    nothing is held for the whole corpus but the stored documents' hashes. ``extractor``
    is called (once) only when some document needs extracting by the local engine, so a
    no-op rebuild never loads the spaCy pipeline; the other engines load it in their
    workers from ``settings``.
    """
    started = time.perf_counter()
    options = options or EngineOptions()
    settings = settings or Settings()
    if engine not in ENGINES:
        known = ", ".join(sorted(ENGINES))
        raise EngineError(f"unknown engine {engine!r} — use one of {known}")
    if options.workers < 1:
        raise EngineError(f"--workers {options.workers}: give at least one worker")
    errors: list[KGError] = []
    # Only the hash of each stored document is kept, not its record: this map is the one
    # thing the build holds that grows with the store.
    stored = {doc_id: known.sha256 for doc_id, known in store.documents().items()}
    tally = {"seen": 0, "skipped": 0, "done": 0, "written": 0}
    total: int | None = None

    def todo() -> Iterator[Document]:
        nonlocal total
        for item in ingest(paths, published=published):
            if isinstance(item, DocumentError):
                errors.append(item)
                continue
            tally["seen"] += 1
            if not force and stored.get(item.doc_id) == item.sha256:
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
            try:
                resolved = resolve(outcome, store.labels, lambda k: str(store.iris.entity(k)))
                store.put_document(doc_id, document_graph(resolved, store.iris.base))
            except KGError as exc:
                errors.append(exc)
                continue
            counts["entities"] += len(resolved.entities)
            counts["facts"] += len(resolved.facts)
            counts["events"] += len(resolved.events)
            tally["done"] += 1
            tally["written"] += 1
            if tally["written"] % FLUSH_EVERY == 0:
                store.flush()
            if progress:
                progress(tally["done"], total, doc_id)
    store.flush()
    if progress:
        progress(tally["done"], tally["seen"], "")
    return BuildReport(
        read=tally["seen"] - tally["skipped"],
        skipped=tally["skipped"],
        failed=len(errors),
        seconds=time.perf_counter() - started,
        errors=tuple(errors),
        **counts,
    )
