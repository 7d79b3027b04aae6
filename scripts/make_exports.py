"""Rebuild the committed seed exports in exports/ from seeds/.

    python scripts/make_exports.py [--seeds DIR] [--out DIR]

Builds the seed documents into a temporary store (never ./kg-store) under the default base
IRI and the default spaCy pipeline, whatever KG_* variables are set, then writes
seed.ttl, seed.trig, seed.jsonld and seed.html (the graph page). Every output is
deterministic, so the files can be committed and diffed; tests/test_exports_fresh.py fails
when they no longer match what the code produces.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from kg.build import build
from kg.config import DEFAULT_BASE_IRI, Settings
from kg.errors import KGError
from kg.exporters import EXPORTERS, export
from kg.store import KGStore, open_store
from kg.viz import render_html

ROOT = Path(__file__).resolve().parent.parent
NAME = "seed"
# (exporter format, file suffix)
RDF_EXPORTS = (("turtle", "ttl"), ("trig", "trig"), ("jsonld", "jsonld"))
VIZ_SUFFIX = "html"
VIZ_TITLE = "kg seed graph"


def outputs(out: Path) -> list[Path]:
    """Every file ``make_exports`` writes into ``out``."""
    return [out / f"{NAME}.{suffix}" for _, suffix in RDF_EXPORTS] + [out / f"{NAME}.{VIZ_SUFFIX}"]


def _write_text_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(text.encode("utf-8"))
    os.replace(tmp, path)


def write_exports(store: KGStore, out: Path) -> list[Path]:
    written = []
    for fmt, suffix in RDF_EXPORTS:
        if fmt not in EXPORTERS:
            raise KGError(f"kg.exporters has no {fmt!r} exporter — cannot write {NAME}.{suffix}")
        written.append(export(store, fmt, out / f"{NAME}.{suffix}"))
    page = out / f"{NAME}.{VIZ_SUFFIX}"
    _write_text_atomically(page, render_html(store, title=VIZ_TITLE))
    written.append(page)
    return written


def make_exports(seeds: Path, out: Path) -> list[Path]:
    """Build ``seeds`` into a temporary store and write the exports into ``out``."""
    from kg.extract import Extractor  # spaCy loads only when the build needs it

    settings = Settings(base_iri=DEFAULT_BASE_IRI, pipeline=None)
    out.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix="kg-seed-store-") as tmp,
        open_store(Path(tmp) / "store", settings.base_iri) as store,
    ):
        report = build([seeds], store, lambda: Extractor(settings))
        if report.errors:
            raise report.errors[0]
        if not store.documents():
            raise KGError(f"{seeds}: no seed documents were built")
        return write_exports(store, out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="seed folder")
    parser.add_argument("--out", type=Path, default=ROOT / "exports", help="output folder")
    args = parser.parse_args(argv)
    try:
        written = make_exports(args.seeds, args.out)
    except KGError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
