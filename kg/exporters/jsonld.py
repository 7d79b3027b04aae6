"""JSON-LD: the union graph as a flat, compacted ``@graph`` with the project prefixes.

rdflib's JSON-LD serialiser walks ``set(graph.subjects())``, whose order changes with
Python's hash seed, so this writer builds the document itself: node objects sorted by
``@id``, keys and values sorted, literals kept with their exact lexical form and datatype.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any, BinaryIO

import pyoxigraph as ox

from kg.exporters.turtle import Subject, Term, store_prefixes, union_triples
from kg.store import KGStore

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class _Compactor:
    def __init__(self, prefixes: dict[str, str]) -> None:
        self._longest_first = sorted(prefixes.items(), key=lambda item: -len(item[1]))

    def iri(self, iri: str) -> str:
        for prefix, namespace in self._longest_first:
            rest = iri[len(namespace) :]
            # A suffix starting with "//" would make "prefix://…" read as an absolute IRI.
            if iri.startswith(namespace) and rest and not rest.startswith("//"):
                return f"{prefix}:{rest}"
        return iri

    def node_id(self, term: Subject | Term) -> str:
        if isinstance(term, ox.BlankNode):
            return f"_:{term.value}"
        return self.iri(term.value) if isinstance(term, ox.NamedNode) else str(term)

    def value(self, term: Term) -> Any:
        if not isinstance(term, ox.Literal):
            return {"@id": self.node_id(term)}
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype.value in (_XSD_STRING, _RDF_LANG_STRING):
            return term.value
        return {"@value": term.value, "@type": self.iri(term.datatype.value)}


def _sort_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def export(store: KGStore, out: BinaryIO) -> None:
    prefixes = dict(sorted(store_prefixes(store).items()))
    compact = _Compactor(prefixes)
    nodes: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for subject, predicate, obj in union_triples(store):
        node = nodes[compact.node_id(subject)]
        if predicate.value == _RDF_TYPE:
            node["@type"].append(compact.node_id(obj))
        else:
            node[compact.iri(predicate.value)].append(compact.value(obj))
    graph = []
    for node_id in sorted(nodes):
        entry: dict[str, Any] = {"@id": node_id}
        properties = nodes[node_id]
        for key in sorted(properties, key=lambda k: (k != "@type", k)):
            values = sorted(properties[key], key=_sort_key)
            entry[key] = values[0] if len(values) == 1 else values
        graph.append(entry)
    document = {"@context": prefixes, "@graph": graph}
    out.write((json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
