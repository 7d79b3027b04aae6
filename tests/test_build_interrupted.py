"""``kg build`` killed with SIGKILL in the middle of writing: the store still opens, every
document graph in it is either absent or complete, and a rerun finishes the job.

The build runs in a subprocess on 64 short documents written here. It is killed as soon
as the store's write-ahead log shows the first document being written — no test hook, only
the files on disk — which lands while the first chunk's graphs are being written or the
second chunk is being read.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

from kg.store import open_store

pytestmark = pytest.mark.slow

BASE = "https://example.org/kg/"
MINISTERS = [
    ("Chile", "Peru", "Lima", "Ana Lopez"),
    ("Kenya", "Uganda", "Kampala", "Grace Wanjiru"),
    ("Norway", "Sweden", "Stockholm", "Lars Berg"),
    ("Vietnam", "Laos", "Vientiane", "Tran Minh"),
]


def write_corpus(path: Path, n: int = 64) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            state, other, capital, name = MINISTERS[i % len(MINISTERS)]
            text = (
                f"Foreign Minister {name} of {state} met officials from {other} in {capital} "
                f"on Monday. {state} will give {other} ${i + 1} million for schools, and the "
                f"two governments agreed to hold talks on trade next month."
            )
            handle.write(json.dumps({"id": f"story-{i:03d}", "text": text}) + "\n")


def kg_build(*args: str) -> list[str]:
    return [sys.executable, "-c", "from kg.cli import app; app()", "build", *args]


def graphs(store_path: Path) -> dict[str, list[str]]:
    """Each named graph's quads as sorted N-Quads lines."""
    found: dict[str, list[str]] = defaultdict(list)
    with open_store(store_path, BASE, create=False) as store:
        for quad in store.quads():
            found[quad.graph_name.value].append(str(quad))  # type: ignore[union-attr]
    return {name: sorted(lines) for name, lines in found.items()}


def wal_bytes(store_path: Path) -> int:
    folder = store_path / "oxigraph"
    try:
        return sum(p.stat().st_size for p in folder.glob("*.log"))
    except FileNotFoundError:  # a log file rotated away between listing and stat
        return 0


def test_a_build_killed_mid_write_leaves_whole_graphs_and_a_rerun_completes(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "wire.jsonl"
    write_corpus(corpus)
    env = os.environ | {"KG_BASE_IRI": BASE}
    clean_store = tmp_path / "clean"
    subprocess.run(kg_build(str(corpus), "--store", str(clean_store)), env=env, check=True)
    clean = graphs(clean_store)
    assert len(clean) == 64

    store = tmp_path / "killed"
    process = subprocess.Popen(kg_build(str(corpus), "--store", str(store)), env=env)
    deadline = time.monotonic() + 120
    # An empty store's log holds a few bytes; a document graph is kilobytes.
    while wal_bytes(store) < 4096 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the build ended before it could be killed"

    survived = graphs(store)
    assert len(survived) < len(clean)  # killed mid-build
    for name, quads in survived.items():
        assert quads == clean[name], f"{name} is half-written"

    rerun = subprocess.run(
        kg_build(str(corpus), "--store", str(store)), env=env, capture_output=True, text=True
    )
    assert rerun.returncode == 0, rerun.stderr
    assert f"{64 - len(survived)} documents read, {len(survived)} skipped" in rerun.stdout
    assert graphs(store) == clean
