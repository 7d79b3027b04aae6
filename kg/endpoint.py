"""The SPARQL 1.1 Protocol core of ``kg serve``: which requests run, how, and in what format.

Safety is by construction, not by good behaviour of the query:

- Read-only. Queries run in worker processes that open the store with
  ``pyoxigraph.Store.read_only`` and only ever call ``query``; updates are refused before
  they reach one (``refuse_unsafe``), so a clear 403 is an answer, not the only guard.
- No requests to other hosts. Oxigraph would follow ``SERVICE <http://…>`` over HTTP, and
  ``LOAD`` fetches a document, so both are refused. They are found by reading the query's
  tokens — comments, strings, IRIs, prefixed names and variables are skipped — so the word
  "service" in a literal or a name such as ``ex:load`` is not refused.
- Bounded time. pyoxigraph cannot cancel a running query, so each runs in a process of its
  own: when it runs past the time limit the process is killed (memory and all) and a fresh
  one takes its place. Each worker also has an address-space limit, so a query that piles
  up rows for a huge ORDER BY dies instead of exhausting the machine.
- Bounded size. At most ``max_rows`` rows or triples are returned; a larger result is an
  error that says to add a LIMIT, never a silently cut table.

Only the standard library and pyoxigraph are imported at the top: worker processes start by
importing this module, and a replacement for a killed worker should be ready fast.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import multiprocessing
import os
import queue
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox

from kg import errors
from kg.binding import Term, bind_parameters, parameter_terms
from kg.errors import (
    EndpointUnavailable,
    FormatNotAcceptable,
    KGError,
    QueryError,
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
    ResultTooLarge,
    StoreError,
)
from kg.sparql_results import json_term

DEFAULT_TIMEOUT = 5.0
DEFAULT_MAX_ROWS = 10_000
DEFAULT_WORKERS = 2
# Room for Python, Oxigraph's read buffers and an honest large result; a runaway sort
# reaches it in seconds and is stopped by the kernel rather than by the machine's OOM killer.
DEFAULT_MEMORY_LIMIT = 4 * 1024**3
# A worker opens the store and imports pyoxigraph; this is how long that may take.
_STARTUP_TIMEOUT = 60.0

# The HTTP status each refusal is answered with (kg/serve.py): first matching class wins.
HTTP_STATUS: tuple[tuple[type[KGError], int], ...] = (
    (QueryRefused, 403),
    (QueryTimeout, 503),
    (EndpointUnavailable, 503),
    (FormatNotAcceptable, 406),
    (ResultTooLarge, 422),
    (QuerySyntaxError, 400),
    (QueryError, 400),
    (KGError, 500),
)


def http_status(error: KGError) -> int:
    return next(status for cls, status in HTTP_STATUS if isinstance(error, cls))


# -- what may run -------------------------------------------------------------------------
# One SPARQL lexeme at a time. Everything whose text cannot be a keyword is "skip":
# comments, strings (long forms first), IRI references, variables, blank node labels,
# language tags and prefixed names; "word" is then a bare keyword or function name.
_LEXEME = re.compile(
    r"""
    (?P<skip>
        \#[^\n\r]*
      | '''(?:[^'\\]|\\.|'(?!''))*'''
      | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
      | '(?:[^'\\\n\r]|\\.)*'
      | "(?:[^"\\\n\r]|\\.)*"
      | <[^<>"{}|^`\\\x00-\x20]*>
      | [?$]\w+
      | _:[\w.-]*
      | @[A-Za-z]+(?:-[A-Za-z0-9]+)*
      | [A-Za-z][\w.-]*:[\w.:%\\-]*
      | :[\w.:%\\-]*
    )
  | (?P<word>[A-Za-z]\w*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)
_REFUSALS = {
    "SERVICE": "SERVICE is refused: this endpoint makes no requests to other hosts "
    "(federated queries are off)",
    "LOAD": "LOAD is refused: this endpoint is read-only and fetches nothing from other hosts",
}
_READ_ONLY = (
    "updates are refused: this endpoint is read-only (INSERT, DELETE, LOAD, CLEAR, CREATE, "
    "DROP, COPY, MOVE and ADD are not run) — change the store with `kg build`"
)


def keywords(sparql: str) -> list[str]:
    """The bare words of ``sparql``, upper-cased: keywords and function names, never the
    inside of a comment, string, IRI, prefixed name or variable."""
    return [m.group("word").upper() for m in _LEXEME.finditer(sparql) if m.group("word")]


def refuse_unsafe(sparql: str) -> None:
    """Raise ``QueryRefused`` for an update, ``SERVICE`` or ``LOAD``; anything else is left
    to the SPARQL parser."""
    words = set(keywords(sparql))
    for word, message in _REFUSALS.items():
        if word in words:
            raise QueryRefused(message)
    if words & _UPDATE_KEYWORDS:
        raise QueryRefused(_READ_ONLY)


def refuse_update_request() -> None:
    """An ``update=`` parameter or an ``application/sparql-update`` body."""
    raise QueryRefused(_READ_ONLY)


# -- result formats -----------------------------------------------------------------------
@dataclass(frozen=True)
class ResultFormat:
    """One way of writing a result: ``name`` for ``?format=``, the ``Content-Type`` sent, and
    the media types in ``Accept`` that choose it."""

    name: str
    content_type: str
    accepts: tuple[str, ...]
    # Other ``?format=`` values that choose it: SPARQLWrapper, for one, sends format=json
    # and format=xml whatever the query form.
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class SolutionFormat(ResultFormat):
    """A format for SELECT and ASK results."""

    writer: ox.QueryResultsFormat


@dataclass(frozen=True)
class GraphFormat(ResultFormat):
    """A format for CONSTRUCT and DESCRIBE results."""

    writer: ox.RdfFormat


_Format = TypeVar("_Format", bound=ResultFormat)


# First of each list is the default for ``*/*`` or no Accept header.
SOLUTION_FORMATS: tuple[SolutionFormat, ...] = (
    SolutionFormat(
        "json",
        "application/sparql-results+json",
        ("application/sparql-results+json", "application/json"),
        ("srj",),
        ox.QueryResultsFormat.JSON,
    ),
    SolutionFormat(
        "xml",
        "application/sparql-results+xml",
        ("application/sparql-results+xml", "application/xml", "text/xml"),
        ("srx",),
        ox.QueryResultsFormat.XML,
    ),
    SolutionFormat("csv", "text/csv; charset=utf-8", ("text/csv",), (), ox.QueryResultsFormat.CSV),
    SolutionFormat(
        "tsv",
        "text/tab-separated-values; charset=utf-8",
        ("text/tab-separated-values",),
        (),
        ox.QueryResultsFormat.TSV,
    ),
)
GRAPH_FORMATS: tuple[GraphFormat, ...] = (
    GraphFormat(
        "turtle",
        "text/turtle; charset=utf-8",
        ("text/turtle", "application/x-turtle", "application/turtle"),
        ("ttl",),
        ox.RdfFormat.TURTLE,
    ),
    GraphFormat(
        "jsonld",
        "application/ld+json",
        ("application/ld+json", "application/json"),
        ("json-ld", "json"),
        ox.RdfFormat.JSON_LD,
    ),
    GraphFormat(
        "ntriples",
        "application/n-triples",
        ("application/n-triples", "text/plain"),
        ("nt", "n-triples"),
        ox.RdfFormat.N_TRIPLES,
    ),
    GraphFormat(
        "rdfxml",
        "application/rdf+xml",
        ("application/rdf+xml", "application/xml", "text/xml"),
        ("xml", "rdf"),
        ox.RdfFormat.RDF_XML,
    ),
)


def _media_ranges(accept: str) -> list[str]:
    """The media ranges of an Accept header, most preferred first (q, then specificity,
    then the client's order); ranges with q=0 are left out."""
    ranked = []
    for position, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            specificity = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
            ranked.append((-quality, -specificity, position, media.lower()))
    return [media for *_, media in sorted(ranked)]


def choose_format(
    formats: Sequence[_Format], accept: str | None, name: str | None = None
) -> _Format:
    """The format to answer with: ``name`` (a ``?format=`` value) if given, else the best
    match for ``accept``, else the first."""
    if name:
        for fmt in formats:
            if name.lower() in (fmt.name, *fmt.aliases, *fmt.accepts):
                return fmt
        known = ", ".join(f.name for f in formats)
        raise FormatNotAcceptable(f"unknown format {name!r} for this result — use one of {known}")
    if not accept or not accept.strip():
        return formats[0]
    ranges = _media_ranges(accept)
    for media in ranges:
        if media == "*/*":
            return formats[0]
        for fmt in formats:
            if media in fmt.accepts or (
                media.endswith("/*") and fmt.content_type.startswith(media[:-1])
            ):
                return fmt
    offered = ", ".join(f.content_type.split(";")[0] for f in formats)
    raise FormatNotAcceptable(f"cannot answer in {accept!r} — this result can be {offered}")


# -- running one query --------------------------------------------------------------------
@dataclass(frozen=True)
class Job:
    """One query request as the protocol gave it."""

    sparql: str
    accept: str | None = None
    format: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    # kg extension: values bound to projected variables, as the query library does.
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Answer:
    content_type: str
    body: bytes


def run_job(store: ox.Store, job: Job, prefixes: Mapping[str, str], max_rows: int) -> Answer:
    """Evaluate ``job`` on ``store`` and write its result (in the calling process)."""
    refuse_unsafe(job.sparql)
    try:

        def evaluate(sparql: str) -> Any:
            return store.query(
                sparql,
                prefixes=dict(prefixes),
                use_default_graph_as_union=not job.default_graphs,
                default_graph=[ox.NamedNode(g) for g in job.default_graphs] or None,
                named_graphs=[ox.NamedNode(g) for g in job.named_graphs] or None,
            )

        def first_column(sparql: str) -> list[Term]:
            return [row[0] for row in evaluate(sparql) if row[0] is not None]

        sparql = job.sparql
        if job.params:
            # As the library runner does: a name resolved to its nodes where the query
            # asks for them (?p_iri, ?p_key), and every value written in as a constant.
            terms = parameter_terms(sparql, dict(job.params), first_column)
            sparql = bind_parameters(sparql, terms)
        results = evaluate(sparql)
        if isinstance(results, ox.QueryTriples):
            graph_format = choose_format(GRAPH_FORMATS, job.accept, job.format)
            triples = _at_most(results, max_rows, "triples")
            # Not kgid:, whose local names hold "/": Oxigraph would write kgid:person\/x.
            declared = {p: iri for p, iri in prefixes.items() if p != "kgid"}
            body = ox.serialize(triples, format=graph_format.writer, prefixes=declared)
            return Answer(graph_format.content_type, body or b"")
        fmt = choose_format(SOLUTION_FORMATS, job.accept, job.format)
        if isinstance(results, ox.QueryBoolean):
            return Answer(fmt.content_type, results.serialize(format=fmt.writer) or b"")
        variables = [v.value for v in results.variables]
        rows = _at_most(results, max_rows, "rows")
        return Answer(fmt.content_type, _write_solutions(variables, rows, fmt))
    except SyntaxError as exc:
        raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from None
    except ValueError as exc:  # an invalid graph IRI or variable name in the request
        raise QueryError(f"bad request: {exc}") from None
    except RuntimeError as exc:
        raise QueryError(f"query failed: {exc}") from None
    except OSError as exc:
        raise StoreError(f"query failed while reading the store: {exc}") from None


def _at_most(results: Any, max_rows: int, what: str) -> list[Any]:
    taken = list(itertools.islice(results, max_rows + 1))
    if len(taken) > max_rows:
        raise ResultTooLarge(
            f"the result has more than {max_rows:,} {what}, this endpoint's limit — add a LIMIT "
            "(and OFFSET to page through it) or narrow the query"
        )
    return taken


def _write_solutions(variables: list[str], rows: list[Any], fmt: SolutionFormat) -> bytes:
    """JSON written here (the rows have been counted, so pyoxigraph's own writer can no
    longer stream them); other formats by pyoxigraph from that JSON."""
    bindings = [{v: json_term(row[v]) for v in variables if row[v] is not None} for row in rows]
    document = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if fmt.writer == ox.QueryResultsFormat.JSON:
        return data
    parsed = ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=fmt.writer) or b""


# -- worker processes ---------------------------------------------------------------------
def _worker_main(
    conn: Connection,
    store_dir: str,
    prefixes: dict[str, str],
    max_rows: int,
    memory_limit: int | None,
) -> None:
    """A worker's life: open the store read-only, then answer jobs until the pipe closes."""
    if memory_limit:
        import resource

        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
        # Oxigraph aborts with a message on stderr when an allocation fails; the parent
        # reports the stopped worker itself, so the message would only be noise.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
    try:
        store = ox.Store.read_only(store_dir)
    except OSError as exc:
        conn.send(("error", "StoreError", f"{store_dir}: cannot open the store read-only ({exc})"))
        return
    conn.send(("ready",))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer = run_job(store, job, prefixes, max_rows)
            conn.send(("ok", answer.content_type, answer.body))
        except KGError as exc:
            conn.send(("error", type(exc).__name__, str(exc)))
        except MemoryError:
            conn.send(("error", "EndpointUnavailable", _OUT_OF_MEMORY))


_OUT_OF_MEMORY = (
    "the query's worker stopped — most likely the query needed more memory than this "
    "endpoint allows; narrow it or add a LIMIT"
)


@dataclass
class _Worker:
    process: Any
    conn: Connection

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)


@dataclass
class WorkerPool:
    """Worker processes over one store, each running one query at a time."""

    store_dir: Path
    prefixes: Mapping[str, str]
    size: int = DEFAULT_WORKERS
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    memory_limit: int | None = DEFAULT_MEMORY_LIMIT
    _idle: queue.Queue[_Worker] = field(default_factory=queue.Queue, init=False, repr=False)
    _closed: bool = field(default=False, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _all: list[_Worker] = field(default_factory=list, init=False, repr=False)

    def start(self) -> WorkerPool:
        """Start every worker and wait until each has opened the store (or say why not)."""
        for _ in range(self.size):
            self._idle.put(self._spawn())
        return self

    def _spawn(self) -> _Worker:
        # "spawn", not fork: a forked child would share the parent's open Oxigraph handle.
        context = multiprocessing.get_context("spawn")
        parent_end, child_end = context.Pipe()
        process = context.Process(
            target=_worker_main,
            args=(
                child_end,
                str(self.store_dir),
                dict(self.prefixes),
                self.max_rows,
                self.memory_limit,
            ),
            name="kg-sparql-worker",
            daemon=True,
        )
        process.start()
        child_end.close()
        worker = _Worker(process, parent_end)
        with self._lock:
            self._all.append(worker)
        try:
            ready = parent_end.poll(_STARTUP_TIMEOUT) and parent_end.recv()
        except (EOFError, OSError):
            ready = None
        if not ready or ready[0] != "ready":
            self._forget(worker)
            message = ready[2] if ready else "the worker process did not start"
            raise StoreError(message)
        return worker

    def _forget(self, worker: _Worker) -> None:
        worker.stop()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)

    def _replace(self, worker: _Worker) -> None:
        """Stop ``worker`` and start another in the background, so the answer is not held
        up by a process start."""
        self._forget(worker)

        def respawn() -> None:
            if self._closed:
                return
            try:
                fresh = self._spawn()
            except StoreError:
                return  # the next request will find no idle worker and say so
            if self._closed:
                self._forget(fresh)
            else:
                self._idle.put(fresh)

        threading.Thread(target=respawn, name="kg-sparql-respawn", daemon=True).start()

    def run(self, job: Job) -> Answer:
        """Run ``job`` in a worker, stopping it at the time limit."""
        refuse_unsafe(job.sparql)  # before a worker is taken: refusals cost nothing
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise EndpointUnavailable(
                f"every query worker is busy (there are {self.size}) — try again shortly"
            ) from None
        try:
            worker.conn.send(job)
            finished = worker.conn.poll(self.timeout)
            reply = worker.conn.recv() if finished else None
        except (EOFError, OSError):
            self._replace(worker)
            raise EndpointUnavailable(_OUT_OF_MEMORY) from None
        if reply is None:
            self._replace(worker)
            raise QueryTimeout(
                f"the query ran longer than {self.timeout:g} s, this endpoint's limit, and "
                "was stopped — narrow it, add a LIMIT, or start kg serve with a longer --timeout"
            )
        self._idle.put(worker)
        if reply[0] == "ok":
            return Answer(reply[1], reply[2])
        error_class = getattr(errors, reply[1], KGError)
        if not (isinstance(error_class, type) and issubclass(error_class, KGError)):
            error_class = KGError
        raise error_class(reply[2])

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers, self._all = self._all, []
        for worker in workers:
            worker.stop()
