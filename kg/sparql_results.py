"""RDF terms in the W3C SPARQL 1.1 Query Results JSON format.

Shared by ``kg query --format json`` and the ``kg serve`` endpoint. It imports only
pyoxigraph, so the endpoint's worker processes, which start by importing their module,
stay quick to replace.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

# Literals of these datatypes are written without one, as the format prescribes.
_PLAIN_DATATYPES = (
    "http://www.w3.org/2001/XMLSchema#string",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString",
)


def json_term(term: Any) -> dict[str, Any]:
    """One RDF term in the SPARQL JSON results format (SPARQL-star for quoted triples)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in _PLAIN_DATATYPES:
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": json_term(term.subject),
            "predicate": json_term(term.predicate),
            "object": json_term(term.object),
        },
    }
