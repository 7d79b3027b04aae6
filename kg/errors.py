"""Every error the library raises on purpose.

The CLI turns a ``KGError`` into one line on stderr and the error's ``exit_code``;
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class KGError(Exception):
    """Base class: a problem the user can fix, with a message that says how."""

    exit_code = 1


class InputError(KGError):
    """A document or option the user gave cannot be read."""


class DocumentError(InputError):
    """One document is unusable (missing, empty, binary, undecodable, malformed)."""

    def __init__(self, path: str, problem: str, fix: str) -> None:
        self.path = path
        self.problem = problem
        self.fix = fix
        super().__init__(f"{path}: {problem} — {fix}")

    def __reduce__(self) -> tuple[type[DocumentError], tuple[str, str, str]]:
        # Worker processes send errors back pickled; the default would call __init__ with
        # the one formatted message.
        return (type(self), (self.path, self.problem, self.fix))


class PipelineNotFoundError(KGError):
    """The configured spaCy pipeline is not installed."""


class EngineError(KGError):
    """An execution engine cannot start: a missing extra, an unreachable scheduler."""


class StoreError(KGError):
    """The store cannot be opened, read or written."""


class QuerySyntaxError(KGError):
    """A SPARQL query does not parse."""

    exit_code = 2


class QueryError(KGError):
    """A query is unknown, lacks a parameter, or fails while running."""

    exit_code = 2


class ExportError(KGError):
    """An export format is unknown or its file cannot be written."""


class GoldError(KGError):
    """A gold file is malformed or its document cannot be found."""


class ValidationFailed(KGError):
    """SHACL validation found violations."""


class GazetteerError(KGError):
    """A gazetteer file under the ontology folder says something the extractor cannot use."""


class EntityError(KGError):
    """An entity asked for by name or IRI is not in the store, or the name is ambiguous."""


class QueryRefused(QueryError):
    """A request the endpoint will not run: an update, ``SERVICE`` or ``LOAD``."""


class QueryTimeout(QueryError):
    """A query ran past the endpoint's time limit and was stopped."""


class ResultTooLarge(QueryError):
    """A query's result has more rows (or triples) than the endpoint returns."""


class FormatNotAcceptable(QueryError):
    """No result format the endpoint writes matches what the client accepts."""


class EndpointUnavailable(KGError):
    """The endpoint cannot answer now: every worker is busy, or one stopped unexpectedly."""


class RemoteError(KGError):
    """A remote SPARQL or Graph Store endpoint cannot be reached or refuses a request."""
