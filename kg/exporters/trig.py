"""TriG: every document keeps its own named graph; graphs and subjects in sorted order."""

from __future__ import annotations

from collections import defaultdict
from typing import BinaryIO

import pyoxigraph as ox

from kg.exporters.turtle import Triple, TurtleTerms, store_prefixes, subject_blocks
from kg.store import KGStore


def export(store: KGStore, out: BinaryIO) -> None:
    terms = TurtleTerms(store_prefixes(store))
    graphs: dict[str, list[Triple]] = defaultdict(list)
    names: dict[str, str] = {}
    for quad in store.quads():
        graph = quad.graph_name
        # The default graph sorts first and is written as a bare { ... } block.
        key = "" if isinstance(graph, ox.DefaultGraph) else str(graph)
        names[key] = "" if isinstance(graph, ox.DefaultGraph) else terms.term(graph) + " "
        graphs[key].append((quad.subject, quad.predicate, quad.object))
    parts = ["\n".join(terms.prefix_lines())]
    for key in sorted(graphs):
        body = "\n\n".join(subject_blocks(graphs[key], terms, indent="    "))
        parts.append(f"{names[key]}{{\n{body}\n}}")
    out.write(("\n\n".join(parts) + "\n").encode("utf-8"))
