"""kg: turn diplomatic news and official statements into an RDF knowledge graph."""

__version__ = "0.1.0"
