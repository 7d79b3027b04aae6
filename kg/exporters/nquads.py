"""N-Quads: one quad a line, every document's graph kept, lines in sorted order."""

from __future__ import annotations

from typing import BinaryIO

import pyoxigraph as ox

from kg.store import KGStore


def export(store: KGStore, out: BinaryIO) -> None:
    data = ox.serialize(store.quads(), format=ox.RdfFormat.N_QUADS)
    # N-Quads escapes line breaks inside literals, so each line is exactly one quad.
    lines = sorted(set((data or b"").splitlines()))
    out.write(b"".join(line + b"\n" for line in lines))
