"""GraphML for Gephi, yEd and Cytoscape: entities, topics and events as nodes.

Binary facts (memberOf, affiliatedWith, …) become edges between entities, carrying the
post title and source sentences of their provenance nodes; an event links to its roles
(actor → event → target, participant, about, topic, location). Every attribute is a
string, and nodes and edges are added in sorted order so that the attribute keys and the
element order — hence the bytes — depend on the graph's content alone.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import BinaryIO

import networkx as nx
import pyoxigraph as ox

from kg.exporters.turtle import Subject, Term, union_triples
from kg.namespaces import ONTOLOGY_IRI, SCHEMA
from kg.store import KGStore

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDF_TYPE = _RDF + "type"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_DCTERMS_TITLE = "http://purl.org/dc/terms/title"
_PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"

_FACTS = ("affiliatedWith", "partOf", "memberOf", "chairs", "hosts", "locatedIn")
# (role property, edge runs from the role's filler to the event?)
_ROLES = (
    ("actor", True),
    ("target", False),
    ("participant", False),
    ("about", False),
    ("topic", False),
    ("location", False),
)
# Most specific first: a node's "type" is the first of these that it has.
_CLASS_ORDER = (
    "Person",
    "Country",
    "GovernmentBody",
    "InternationalOrganization",
    "Forum",
    "Programme",
    "Agreement",
    "Policy",
    "Framework",
    "Organization",
    "Summit",
    "Meeting",
    "Event",
    "Place",
    "Topic",
    "Agent",
)
_KG = ONTOLOGY_IRI
# Plain strings: the index is keyed by str, and rdflib's URIRef does not compare equal to
# a str of the same IRI as a dict key.
_TEXT, _IN_DOCUMENT, _EVENT_TYPE = _KG + "text", _KG + "inDocument", _KG + "eventType"
_DATE, _MODE, _MODALITY, _TRIGGER = _KG + "date", _KG + "mode", _KG + "modality", _KG + "trigger"
_AMOUNT, _TITLE = _KG + "amount", _KG + "title"
_VALUE, _CURRENCY = str(SCHEMA["value"]), str(SCHEMA["currency"])


# Characters XML 1.0 cannot hold at all, not even escaped (control characters from a
# PDF's text, say); GraphML readers reject a file that contains one.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_safe(attrs: dict[str, str]) -> dict[str, str]:
    return {k: _NOT_XML.sub("\ufffd", v) for k, v in attrs.items() if v}


def _name(term: Subject | Term) -> str:
    """An IRI or literal's plain value; the N-Triples text of anything else."""
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else str(term)


class _Index:
    """The union graph as subject → predicate → objects, for lookups by IRI."""

    def __init__(self, store: KGStore) -> None:
        self.spo: dict[str, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
        for s, p, o in union_triples(store):
            self.spo[_name(s)][p.value].append(o)
        for predicates in self.spo.values():
            for objects in predicates.values():
                objects.sort(key=str)

    def objects(self, subject: str, predicate: str) -> list[Term]:
        return self.spo.get(subject, {}).get(predicate, [])

    def first(self, subject: str, predicate: str) -> str:
        objects = self.objects(subject, predicate)
        return _name(objects[0]) if objects else ""

    def iris(self, subject: str, predicate: str) -> list[str]:
        return [o.value for o in self.objects(subject, predicate) if isinstance(o, ox.NamedNode)]

    def classes(self, subject: str) -> list[str]:
        iris = self.iris(subject, _RDF_TYPE)
        return [iri.removeprefix(_KG) for iri in iris if iri.startswith(_KG)]

    def sentences(self, subject: str) -> list[str]:
        return [self.first(m, _TEXT) for m in self.iris(subject, _PROV_DERIVED)]

    def document(self, subject: str) -> str:
        for mention in self.iris(subject, _PROV_DERIVED):
            for document in self.iris(mention, _IN_DOCUMENT):
                return self.first(document, _DCTERMS_TITLE)
        return ""


def _most_specific(classes: list[str]) -> str:
    ranked = [c for c in _CLASS_ORDER if c in classes] or sorted(classes)
    return ranked[0] if ranked else ""


def _specific_types(classes: list[str]) -> str:
    broader = {"Agent"}
    if {"GovernmentBody", "InternationalOrganization"} & set(classes):
        broader.add("Organization")
    if {"Forum", "Programme", "Agreement", "Policy"} & set(classes):
        broader.add("Framework")
    if {"Meeting", "Summit"} & set(classes):
        broader.add("Event")
    kept = [c for c in classes if c not in broader] or classes
    return ", ".join(sorted(kept))


def build_graph(store: KGStore) -> nx.MultiDiGraph:
    """The store as a networkx multigraph, nodes and edges inserted in sorted order."""
    index = _Index(store)
    graph = nx.MultiDiGraph()
    nodes: dict[str, dict[str, str]] = {}
    for subject in index.spo:
        classes = index.classes(subject)
        label = index.first(subject, _RDFS_LABEL)
        if "Event" in classes:
            attrs = {
                "label": label,
                "type": _most_specific(classes),
                "eventType": index.first(subject, _EVENT_TYPE).rsplit("/", 1)[-1],
                "date": index.first(subject, _DATE),
                "mode": index.first(subject, _MODE),
                "modality": index.first(subject, _MODALITY),
                "trigger": index.first(subject, _TRIGGER),
            }
            for amount in index.iris(subject, _AMOUNT):
                attrs["amount"] = index.first(amount, _RDFS_LABEL)
                attrs["value"] = index.first(amount, _VALUE)
                attrs["currency"] = index.first(amount, _CURRENCY)
            attrs["sentence"] = "\n".join(index.sentences(subject))
            attrs["document"] = index.document(subject)
        elif label and ("Topic" in classes or index.objects(subject, _IN_DOCUMENT)):
            attrs = {"label": label, "type": _most_specific(classes)}
            attrs["types"] = _specific_types(classes)
        else:
            continue
        attrs["iri"] = subject
        nodes[subject] = _xml_safe(attrs)
    for subject in sorted(nodes):
        graph.add_node(subject, **nodes[subject])

    edges: dict[tuple[str, str, str], dict[str, str]] = {}
    provenance: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for statement in index.spo:
        if _RDF + "Statement" not in index.iris(statement, _RDF_TYPE):
            continue
        triple = (
            index.first(statement, _RDF + "subject"),
            index.first(statement, _RDF + "object"),
            index.first(statement, _RDF + "predicate").removeprefix(_KG),
        )
        provenance[triple].append(statement)
    for subject in nodes:
        for name in _FACTS:
            for obj in index.iris(subject, _KG + name):
                if obj not in nodes:
                    continue
                statements = provenance.get((subject, obj, name), [])
                sentences = sorted({s for st in statements for s in index.sentences(st)})
                titles = sorted({index.first(st, _TITLE) for st in statements} - {""})
                dates = sorted({index.first(st, _DATE) for st in statements} - {""})
                attrs = {"label": name, "title": "; ".join(titles), "date": "; ".join(dates)}
                attrs["sentence"] = "\n".join(sentences)
                edges[(subject, obj, name)] = _xml_safe(attrs)
        for role, towards_event in _ROLES:
            for filler in index.iris(subject, _KG + role):
                if filler in nodes:
                    ends = (filler, subject) if towards_event else (subject, filler)
                    edges[(*ends, role)] = {"label": role}
    # GraphML edge ids must be unique in the file: number the edges in their sorted order.
    for number, ((source, target, _), attrs) in enumerate(sorted(edges.items())):
        graph.add_edge(source, target, key=f"e{number}", **attrs)
    return graph


def export(store: KGStore, out: BinaryIO) -> None:
    # The plain-XML writer, not lxml's: its output does not depend on whether lxml is
    # installed.
    nx.write_graphml_xml(build_graph(store), out, encoding="utf-8")
