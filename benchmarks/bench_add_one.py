#!/usr/bin/env python
"""What adding one document to (or removing one from) a large store costs, quickly.

Run from the repository root:

    .venv/bin/python benchmarks/bench_add_one.py [--sizes 1000,10000] [--runs 3]
                                                 [--out /tmp/add-one.json]

``bench_build.py`` measures the same things (its no-op rebuild and ``_add_one``) after
building the replicated corpus for real, which at 10,000 documents takes half an hour on
two cores. Every copy of a story reads the same (``write_corpus`` only adds whitespace), so
this script extracts each of the corpus's stories once and puts each copy's reading in the
ledger under the copy's own document, as ``kg.build.build`` would; the store-wide resolution
then writes every graph (that pass is timed too). On that store it measures, each in a fresh
process as ``bench_build.py`` does: a no-op rebuild, a build of the corpus plus one new story
(into a copy of the store), and ``kg.build.remove_documents`` of one story (into another
copy). Nothing is written inside the repository except the ``--out`` file.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import bench_build

JSON = dict[str, Any]

REMOVE = """
import sys, time
from kg.build import remove_documents
from kg.store import open_store
with open_store(sys.argv[1], sys.argv[2], create=False) as store:
    started = time.perf_counter()
    remove_documents(store, [sys.argv[3]])
    print(time.perf_counter() - started)
"""


def extract_worker(payload: JSON) -> None:
    """Each story's reading, by the real extractor, to ``payload['readings']`` (JSON lines)."""
    from kg.config import Settings
    from kg.extract import Extractor
    from kg.ingest import ingest
    from kg.ledger import extraction_to_json
    from kg.model import Document

    corpus = Path(payload["corpus"])
    documents = [d for d in ingest([corpus]) if isinstance(d, Document)]
    with Path(payload["readings"]).open("w", encoding="utf-8") as handle:
        for reading in Extractor(Settings()).pipe(documents):
            handle.write(extraction_to_json(reading) + "\n")
    bench_build.emit({"stories": len(documents)})


def synth_worker(payload: JSON) -> None:
    """A store of the corpus ``payload['corpus']`` as a build would leave it, each copy's
    reading its story's; the store-wide resolution pass is timed, and this process's peak
    RSS (which that pass sets: the readings are put one at a time) reported."""
    from kg.config import DEFAULT_BASE_IRI
    from kg.ingest import ingest
    from kg.ledger import extraction_from_json
    from kg.model import Document
    from kg.resolve import entity_table, resolve_store
    from kg.store import open_store

    lines = Path(payload["readings"]).read_text(encoding="utf-8").splitlines()
    stories = [extraction_from_json(line) for line in lines]
    with open_store(payload["store"], DEFAULT_BASE_IRI) as store:
        documents = (d for d in ingest([payload["corpus"]]) if isinstance(d, Document))
        for i, document in enumerate(documents):
            reading = dataclasses.replace(stories[i % len(stories)], document=document)
            source = str(Path(document.path or "").absolute())
            store.ledger.put(reading, entity_table(reading), source)
        rss_before = bench_build.current_rss_mib()
        started = time.perf_counter()
        report = resolve_store(store)
        seconds = time.perf_counter() - started
        quads = len(store)
    bench_build.emit(
        {
            "resolve_seconds": seconds,
            "rewritten": len(report.rewritten),
            "merges": report.merges,
            "quads": quads,
            "rss_before_resolve_mib": rss_before,
            "peak_rss_mib": bench_build.peak_rss_mib(),
        }
    )


WORKERS = {"extract": extract_worker, "synth": synth_worker}


def worker(kind: str, payload: JSON) -> JSON:
    """One of this script's workers in a fresh process: its result."""
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", kind]
    done = subprocess.run(
        [*command, "--payload", json.dumps(payload)], capture_output=True, text=True, check=True
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith(bench_build.MARK))
    result: JSON = json.loads(line[len(bench_build.MARK) :])
    return result


def build_worker(payload: JSON) -> JSON:
    """``bench_build.py``'s build worker in a fresh process: its result and wall time."""
    command = [sys.executable, str(Path(bench_build.__file__)), "--worker", "build"]
    started = time.perf_counter()
    done = subprocess.run(
        [*command, "--payload", json.dumps(payload)], capture_output=True, text=True, check=True
    )
    wall = time.perf_counter() - started
    line = next(x for x in done.stdout.splitlines() if x.startswith(bench_build.MARK))
    result = json.loads(line[len(bench_build.MARK) :])
    keep = ("seconds", "read", "skipped", "timers", "peak_rss_mib", "loadavg_before")
    return {k: result[k] for k in keep} | {"wall": wall}


def remove_one(store: Path, doc_id: str) -> JSON:
    from kg.config import DEFAULT_BASE_IRI

    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", REMOVE, str(store), DEFAULT_BASE_IRI, doc_id],
        capture_output=True,
        text=True,
        check=True,
    )
    return {"seconds": float(done.stdout.strip()), "wall": time.perf_counter() - started}


def measure(n: int, records: list[JSON], readings: Path, workdir: Path, runs: int) -> JSON:
    from kg.config import DEFAULT_BASE_IRI

    folder = workdir / f"n{n}"
    corpus = folder / f"{bench_build.STEM}.jsonl"
    store = folder / "store"
    bench_build.write_corpus(records, n, corpus)
    print(f"[add-one] N={n}: synthesize and resolve", file=sys.stderr)
    synth = {"corpus": str(corpus), "store": str(store), "readings": str(readings)}
    row: JSON = {"n": n, "synthesized": worker("synth", synth)}
    payload = {"corpus": str(corpus), "store": str(store), "base_iri": DEFAULT_BASE_IRI}
    extra = folder / "added" / "extra.jsonl"
    extra.parent.mkdir(parents=True, exist_ok=True)
    extra.write_text(json.dumps(records[0] | {"id": "added-1"}) + "\n", encoding="utf-8")
    first = f"{bench_build.STEM}-c00000-{records[0].get('id') or 0}"
    row |= {"noop": [], "add_one": [], "remove_one": []}
    for run in range(runs):
        print(f"[add-one] N={n}: run {run + 1} of {runs}", file=sys.stderr)
        row["noop"].append(build_worker(payload))
        copy = folder / "copy"
        shutil.copytree(store, copy)
        paths = [str(corpus), str(extra)]
        row["add_one"].append(build_worker(payload | {"store": str(copy), "paths": paths}))
        shutil.rmtree(copy)
        shutil.copytree(store, copy)
        row["remove_one"].append(remove_one(copy, first))
        shutil.rmtree(copy)
    shutil.rmtree(folder, ignore_errors=True)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=bench_build.DEFAULT_CORPUS)
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated document counts")
    parser.add_argument("--runs", type=int, default=3, help="measurements of each kind")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("--payload", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        WORKERS[args.worker](json.loads(args.payload))
        return 0
    if args.out is None:
        parser.error("--out is required")
    records = bench_build.read_records(args.corpus)
    workdir = Path(tempfile.mkdtemp(prefix="kg-add-one-"))
    try:
        print("[add-one] extracting each story once", file=sys.stderr)
        corpus = workdir / "stories" / f"{bench_build.STEM}.jsonl"
        bench_build.write_corpus(records, len(records), corpus)
        readings = workdir / "readings.jsonl"
        worker("extract", {"corpus": str(corpus), "readings": str(readings)})
        sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
        rows = [measure(n, records, readings, workdir, args.runs) for n in sizes]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    results = {"machine": bench_build.machine_info(), "corpus": str(args.corpus), "sizes": rows}
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    for row in rows:
        best = {k: min(r["seconds"] for r in row[k]) for k in ("noop", "add_one", "remove_one")}
        print(
            f"N={row['n']}: full resolve {row['synthesized']['resolve_seconds']:.1f} s; "
            f"best of {args.runs}: no-op {best['noop']:.2f} s, add one {best['add_one']:.2f} s, "
            f"remove one {best['remove_one']:.2f} s (in the library)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
