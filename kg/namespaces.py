"""The one place vocabulary terms come from.

``KG`` mirrors ``ontology/kg.ttl`` term for term (``tests/test_namespaces.py`` keeps them in
step), so a typo in a property name fails at import time, not silently in a query.
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/kgir/ontology#"
PLOVER_IRI = "https://w3id.org/kgir/plover/"


class KG(DefinedNamespace):
    _NS = Namespace(ONTOLOGY_IRI)
    _fail = True

    # classes
    Agent: URIRef
    Person: URIRef
    Country: URIRef
    Organization: URIRef
    GovernmentBody: URIRef
    InternationalOrganization: URIRef
    Framework: URIRef
    Forum: URIRef
    Programme: URIRef
    Agreement: URIRef
    Policy: URIRef
    Event: URIRef
    Meeting: URIRef
    Summit: URIRef
    Place: URIRef
    Topic: URIRef
    MonetaryAmount: URIRef
    Document: URIRef
    Mention: URIRef
    Position: URIRef
    Chairmanship: URIRef
    Hosting: URIRef
    Quotation: URIRef
    Merge: URIRef
    AmbiguousName: URIRef

    # relations between entities
    affiliatedWith: URIRef
    partOf: URIRef
    memberOf: URIRef
    chairs: URIRef
    hosts: URIRef
    locatedIn: URIRef

    # n-ary nodes
    holder: URIRef
    organization: URIRef
    title: URIRef

    # events
    eventType: URIRef
    actor: URIRef
    target: URIRef
    participant: URIRef
    about: URIRef
    topic: URIRef
    amount: URIRef
    date: URIRef
    location: URIRef
    mode: URIRef
    trigger: URIRef
    modality: URIRef

    # quotations and provenance
    speaker: URIRef
    text: URIRef
    inDocument: URIRef
    extractor: URIRef
    sha256: URIRef
    iso3166: URIRef
    searchKey: URIRef

    # cross-document resolution (the resolution graph)
    localEntity: URIRef
    mergedInto: URIRef
    candidate: URIRef
    surfaceForm: URIRef
    resolutionRule: URIRef


def term(local_name: str) -> URIRef:
    """The ``kg:`` term with this local name; an unknown name raises ``AttributeError``."""
    iri: URIRef = getattr(KG, local_name)
    return iri


PLOVER = Namespace(PLOVER_IRI)
SCHEMA = Namespace("https://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES: dict[str, str] = {
    "kg": ONTOLOGY_IRI,
    "plover": PLOVER_IRI,
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "org": str(ORG),
    "schema": str(SCHEMA),
    "nif": str(NIF),
    "sem": str(SEM),
    "wd": str(WD),
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind every project prefix on ``graph`` (and ``kgid:`` for the instance base)."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph


def sparql_prologue(extra: dict[str, str] | None = None) -> str:
    prefixes = {**PREFIXES, **(extra or {})}
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in prefixes.items())
