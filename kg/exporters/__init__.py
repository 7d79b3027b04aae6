"""Exporters, one module per format, registered by name.

An exporter writes the whole store to a binary stream, deterministically: the same store
content gives the same bytes on every run and after any rebuild, so exports can be
committed and diffed. To add a format: write ``kg/exporters/<format>.py`` with an
``export(store, out)`` function and add it to ``EXPORTERS``.

``export`` writes to a temporary file beside the target and renames it into place, so an
interrupted or failed export never leaves a half-written file behind.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from kg.errors import ExportError
from kg.exporters import graphml, jsonld, nquads, trig, turtle
from kg.store import KGStore

Exporter = Callable[[KGStore, BinaryIO], None]

EXPORTERS: dict[str, Exporter] = {
    "turtle": turtle.export,
    "trig": trig.export,
    "nquads": nquads.export,
    "jsonld": jsonld.export,
    "graphml": graphml.export,
}


def export(store: KGStore, fmt: str, out_path: str | os.PathLike[str]) -> Path:
    """Write the store in format ``fmt`` to ``out_path``, atomically; returns the path."""
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        known = ", ".join(sorted(EXPORTERS))
        raise ExportError(f"unknown export format {fmt!r} — use one of: {known}")
    out = Path(out_path)
    if out.is_dir():
        raise ExportError(f"{out}: is a folder — give a file path inside it, such as {out / 'kg'}")
    folder = out.parent
    if not folder.is_dir():
        raise ExportError(
            f"{out}: the folder {folder} does not exist — create it or choose another path"
        )
    tmp = folder / f".{out.name}.{secrets.token_hex(6)}.tmp"
    try:
        # O_EXCL: never write through someone else's file; 0o666 lets the umask decide the
        # final mode, as for any newly created file.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise ExportError(
            f"{out}: cannot write in {folder} ({exc.strerror}) — choose a folder you can write to"
        ) from None
    try:
        with os.fdopen(fd, "wb") as stream:
            exporter(store, stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, out)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise ExportError(
                f"{out}: could not write the {fmt} export ({exc.strerror or exc}) — "
                "check free space and permissions, or choose another path"
            ) from None
        raise
    return out
