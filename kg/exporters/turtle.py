"""Turtle: the union of every document graph, subjects in sorted order.

rdflib's Turtle output is stable, but it declares only the prefixes it uses — never
``kgid:``, whose IRIs hold slashes — and its TriG writer orders graphs by store iteration.
This writer sorts subjects, predicates and objects itself and declares every project
prefix with ``kgid:``, so the bytes depend on the triples alone (blank nodes aside: the
store holds none).
An IRI becomes a prefixed name only when its local part needs no escaping (``kg:Country``);
instance IRIs with slashes stay in full (``<https://…/id/country/cambodia>``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import BinaryIO

import pyoxigraph as ox

from kg.namespaces import PREFIXES
from kg.store import KGStore

Subject = ox.NamedNode | ox.BlankNode | ox.Triple
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Triple = tuple[Subject, ox.NamedNode, Term]

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
# Labels first: a block then reads as "what it is, what it is called, the rest".
_LEADING_PREDICATES = (
    _RDF_TYPE,
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#altLabel",
)
# A Turtle PN_LOCAL that needs no backslash escapes.
_PLAIN_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
_WRAP_AT = 100


def store_prefixes(store: KGStore) -> dict[str, str]:
    return PREFIXES | {"kgid": store.iris.base}


class TurtleTerms:
    """Renders terms in Turtle syntax under a fixed set of prefixes."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.prefixes = dict(sorted(prefixes.items()))
        self._longest_first = sorted(prefixes.items(), key=lambda item: -len(item[1]))

    def prefix_lines(self) -> list[str]:
        return [f"@prefix {prefix}: <{iri}> ." for prefix, iri in self.prefixes.items()]

    def iri(self, iri: str) -> str:
        for prefix, namespace in self._longest_first:
            if iri.startswith(namespace) and _PLAIN_LOCAL.fullmatch(iri[len(namespace) :]):
                return f"{prefix}:{iri[len(namespace) :]}"
        return str(ox.NamedNode(iri))

    def term(self, term: Term) -> str:
        if isinstance(term, ox.NamedNode):
            return self.iri(term.value)
        if isinstance(term, ox.Literal):
            quoted = str(ox.Literal(term.value))  # N-Triples escaping is valid Turtle
            if term.language:
                return f"{quoted}@{term.language}"
            if term.datatype.value in (_XSD_STRING, _RDF_LANG_STRING):
                return quoted
            return f"{quoted}^^{self.iri(term.datatype.value)}"
        if isinstance(term, ox.Triple):
            parts = (self.term(term.subject), self.term(term.predicate), self.term(term.object))
            return "<< " + " ".join(parts) + " >>"
        return str(term)


def _predicate_key(predicate: ox.NamedNode) -> tuple[int, str]:
    value = predicate.value
    if value in _LEADING_PREDICATES:
        return (_LEADING_PREDICATES.index(value), value)
    return (len(_LEADING_PREDICATES), value)


def subject_blocks(
    triples: Iterable[Triple], terms: TurtleTerms, indent: str = ""
) -> Iterator[str]:
    """One Turtle block per subject, subjects, predicates and objects in a fixed order."""
    by_subject: dict[str, dict[ox.NamedNode, set[Term]]] = defaultdict(lambda: defaultdict(set))
    subjects: dict[str, Subject] = {}
    for subject, predicate, obj in triples:
        key = str(subject)
        subjects[key] = subject
        by_subject[key][predicate].add(obj)
    inner = indent + "    "
    for key in sorted(by_subject):
        lines = [indent + terms.term(subjects[key])]
        predicates = sorted(by_subject[key], key=_predicate_key)
        for i, predicate in enumerate(predicates):
            verb = "a" if _predicate_key(predicate)[0] == 0 else terms.term(predicate)
            objects = sorted(terms.term(o) for o in by_subject[key][predicate])
            end = " ." if i == len(predicates) - 1 else " ;"
            one_line = f"{inner}{verb} {', '.join(objects)}{end}"
            if len(objects) == 1 or len(one_line) <= _WRAP_AT:
                lines.append(one_line)
            else:
                lines.append(f"{inner}{verb}")
                lines += [f"{inner}    {o}," for o in objects[:-1]]
                lines.append(f"{inner}    {objects[-1]}{end}")
        yield "\n".join(lines)


def union_triples(store: KGStore) -> set[Triple]:
    """Every triple of every graph, once (a fact stated in two documents is one triple)."""
    return {(q.subject, q.predicate, q.object) for q in store.quads()}


def export(store: KGStore, out: BinaryIO) -> None:
    terms = TurtleTerms(store_prefixes(store))
    parts = ["\n".join(terms.prefix_lines()), *subject_blocks(union_triples(store), terms)]
    out.write(("\n\n".join(parts) + "\n").encode("utf-8"))
