"""Execution engines: how documents are turned into extractions — in this process, in a
pool of local processes, or on a Dask cluster.

Every engine maps the same function, ``extract_chunk``, over chunks of documents cut from
the stream in input order, and hands the results back in that order: the build resolves
and writes them in the parent (the Oxigraph store has one writer), so the store comes out
the same whatever the engine or the number of workers. At most a few chunks per worker are
in flight at any time, so memory does not grow with the corpus.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from functools import cache
from itertools import islice
from typing import TYPE_CHECKING, Any, Protocol

from kg.config import Settings
from kg.errors import DocumentError, EngineError, KGError
from kg.model import Document, Extraction

if TYPE_CHECKING:  # spaCy loads lazily, only in the processes that extract
    from kg.extract import Extractor

# Two nlp.pipe batches (Extractor.pipe's batch size is 16) per chunk: big enough that a task
# is seconds of work, small enough that the window of chunks in flight stays small. Chunks
# are cut the same way for every engine, so spaCy sees the same batches whatever runs them.
CHUNK_SIZE = 32
# Chunks queued per worker beyond the one it is working on, so a worker never waits for the
# parent, yet the parent never holds more than a few chunks of documents and results.
AHEAD = 2

Outcome = Extraction | KGError


@dataclass(frozen=True)
class EngineOptions:
    """How to run extraction: ``workers`` processes (or Dask workers to start), and for the
    Dask engine the address of a running scheduler (``None`` starts a local cluster)."""

    workers: int = 1
    scheduler: str | None = None
    chunk_size: int = CHUNK_SIZE


class Engine(Protocol):
    def __call__(
        self, chunks: Iterator[list[Document]], settings: Settings, options: EngineOptions
    ) -> Iterator[list[Outcome]]:
        """The outcome of every document of every chunk, chunk by chunk, in input order."""
        ...


def chunked(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(documents)
    while chunk := list(islice(iterator, size)):
        yield chunk


# -- the per-document work, the same on every engine ---------------------------------------
def extract_chunk(extractor: Extractor, documents: list[Document]) -> list[Outcome]:
    """Every document of the chunk read by ``extractor``; a document the rules choke on is
    reported as an error in its place, and the rest of the chunk is still read."""
    try:
        # Strings spaCy interns while reading the chunk are freed when the zone closes, so
        # its vocabulary does not grow with every new name and number in the corpus.
        with extractor.nlp.memory_zone():
            return list(extractor.pipe(documents))
    except Exception as exc:  # one bad document must not stop the batch: find it
        if len(documents) == 1:
            return [_failure(documents[0], exc)]
    return [outcome for d in documents for outcome in extract_chunk(extractor, [d])]


def _failure(document: Document, exc: Exception) -> KGError:
    if isinstance(exc, KGError):
        return exc
    problem = f"could not be read ({type(exc).__name__}: {exc})".replace("\n", " ")
    return DocumentError(document.path or document.doc_id, problem, "report it as a kg bug")


@cache
def _extractor(settings: Settings) -> Extractor:
    """One extractor (one spaCy pipeline load) per process and settings."""
    from kg.extract import Extractor

    return Extractor(settings)


def extract_with(settings: Settings, documents: list[Document]) -> list[Outcome]:
    """``extract_chunk`` with this process's extractor: the task that worker processes run."""
    return extract_chunk(_extractor(settings), documents)


# -- engines ---------------------------------------------------------------------------------
def run_local(
    chunks: Iterator[list[Document]],
    settings: Settings,
    options: EngineOptions,
    extractor: Callable[[], Extractor] | None = None,
) -> Iterator[list[Outcome]]:
    """In this process, chunk after chunk; ``extractor`` is called once, on the first chunk."""
    loaded: Extractor | None = None
    for chunk in chunks:
        if loaded is None:
            loaded = extractor() if extractor else _extractor(settings)
        yield extract_chunk(loaded, chunk)


def _windowed(
    submit: Callable[[list[Document]], Any],
    result: Callable[[Any], list[Outcome]],
    chunks: Iterator[list[Document]],
    window: int,
) -> Iterator[list[Outcome]]:
    """Keep ``window`` chunks in flight and yield their results in submission order."""
    pending: deque[Any] = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


def run_processes(
    chunks: Iterator[list[Document]], settings: Settings, options: EngineOptions
) -> Iterator[list[Outcome]]:
    """``options.workers`` local processes, each loading the pipeline once.

    The processes are spawned, so a script that calls this (through ``build``) must guard
    its entry point with ``if __name__ == "__main__":``, as ``multiprocessing`` requires.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    first = next(chunks, None)
    if first is None:
        return  # nothing to extract: start no process, load no pipeline
    # Spawned, not forked: the parent holds the open store and its threads.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=options.workers, mp_context=context) as pool:

        def submit(chunk: list[Document]) -> Future[list[Outcome]]:
            return pool.submit(extract_with, settings, chunk)

        def result(future: Future[list[Outcome]]) -> list[Outcome]:
            return future.result()

        stream = _prepend(first, chunks)
        yield from _windowed(submit, result, stream, options.workers * (1 + AHEAD))


def run_dask(
    chunks: Iterator[list[Document]], settings: Settings, options: EngineOptions
) -> Iterator[list[Outcome]]:
    """On a Dask cluster: the scheduler at ``options.scheduler``, or a local cluster of
    ``options.workers`` processes started for this build."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise EngineError(
            "the dask engine needs Dask distributed — run `pip install 'kg[dask]'`"
        ) from None
    first = next(chunks, None)
    if first is None:
        return
    cluster = None
    try:
        if options.scheduler:
            client = Client(options.scheduler, timeout="20s")
        else:
            cluster = LocalCluster(
                n_workers=options.workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
            client = Client(cluster)
    except (OSError, TimeoutError) as exc:
        where = options.scheduler or "a local cluster"
        raise EngineError(f"cannot reach the Dask scheduler at {where} ({exc})") from None
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))

        def submit(chunk: list[Document]) -> Any:
            # pure=False: two chunks with equal documents are still two tasks.
            return client.submit(extract_with, settings, chunk, pure=False)

        def result(future: Any) -> list[Outcome]:
            outcome: list[Outcome] = future.result()
            future.release()
            return outcome

        stream = _prepend(first, chunks)
        yield from _windowed(submit, result, stream, workers * (1 + AHEAD))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _prepend(first: list[Document], rest: Iterator[list[Document]]) -> Iterator[list[Document]]:
    yield first
    yield from rest


ENGINES: dict[str, Engine] = {
    "local": run_local,
    "processes": run_processes,
    "dask": run_dask,
}


def default_engine(options: EngineOptions) -> str:
    """``local`` for one worker, ``processes`` for several."""
    return "processes" if options.workers > 1 else "local"
