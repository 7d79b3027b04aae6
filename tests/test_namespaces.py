"""kg.namespaces.KG mirrors ontology/kg.ttl term for term."""

from __future__ import annotations

from rdflib import RDF, Graph

from kg.config import ontology_dir
from kg.namespaces import KG, ONTOLOGY_IRI


def test_kg_namespace_and_ontology_declare_the_same_terms() -> None:
    g = Graph().parse(ontology_dir() / "kg.ttl", format="turtle")
    declared = {
        str(s).removeprefix(ONTOLOGY_IRI)
        for s in g.subjects(RDF.type, None)
        if str(s).startswith(ONTOLOGY_IRI) and str(s) != ONTOLOGY_IRI
    }
    mirrored = set(KG.__annotations__)
    assert mirrored == declared
