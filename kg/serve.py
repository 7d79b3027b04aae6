"""``kg serve``: the store over HTTP — a SPARQL 1.1 Protocol endpoint and analysts' pages.

``create_server`` returns a ``KGServer`` (the standard library's ``ThreadingHTTPServer``)
bound to 127.0.0.1 by default; ``serve_forever`` runs it and ``server_close`` stops it and
its query workers. Routes:

- ``/sparql``: GET ``?query=``, POST form-encoded or ``application/sparql-query``; results
  by content negotiation (``kg.endpoint``), evaluated in worker processes under a time and
  size limit; updates, ``SERVICE`` and ``LOAD`` refused.
- ``/``: the query page (the library queries one click away), ``/entity?iri=…``: one
  entity's profile with its sources (``kg.profile``), ``/graph?iri=…``: its neighbourhood
  drawn by ``kg.viz``. Pages load nothing from other hosts: scripts and styles come from
  ``/assets/`` and a Content-Security-Policy admits nothing else; every string from the
  store is autoescaped or set as DOM text.
"""

from __future__ import annotations

import ipaddress
import threading
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import networkx as nx
from jinja2 import Environment, FunctionLoader, StrictUndefined
from markupsafe import Markup

from kg.endpoint import (
    DEFAULT_MAX_ROWS,
    DEFAULT_MEMORY_LIMIT,
    DEFAULT_TIMEOUT,
    DEFAULT_WORKERS,
    Answer,
    Job,
    WorkerPool,
    http_status,
    refuse_update_request,
)
from kg.errors import EntityError, KGError, QueryError
from kg.query import expand_iri, list_queries, store_prefixes
from kg.store import KGStore, open_store, oxigraph_path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
# A query is text; a request body larger than this is a mistake or an attack.
MAX_BODY = 1024 * 1024
MAX_HOPS = 3
DEFAULT_HOPS = 2

_ASSETS = {
    "/assets/query.js": ("query.js", "text/javascript; charset=utf-8"),
    "/assets/serve.css": ("serve.css", "text/css; charset=utf-8"),
}
# The pages' policy: this server's own scripts, styles and fetches, nothing else, and
# (Trusted Types) no way for a script to turn a string into markup.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'; "
    "require-trusted-types-for 'script'; trusted-types 'none'"
)
_EXAMPLE_QUERY = """SELECT ?type (COUNT(DISTINCT ?event) AS ?events)
WHERE { ?event kg:eventType ?type }
GROUP BY ?type
ORDER BY DESC(?events)
"""
_PARAM_PREFIX = "param."


@dataclass(frozen=True)
class ServeSettings:
    """How ``kg serve`` runs: where, over which store, and its limits."""

    store: Path
    base_iri: str
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    workers: int = DEFAULT_WORKERS
    memory_limit: int | None = DEFAULT_MEMORY_LIMIT
    cors_origin: str | None = "*"


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


class KGServer(ThreadingHTTPServer):
    """The HTTP server; ``url`` is where it listens, ``server_close`` stops everything."""

    daemon_threads = True

    def __init__(self, settings: ServeSettings) -> None:
        if settings.timeout <= 0 or settings.max_rows <= 0 or settings.workers <= 0:
            raise QueryError("--timeout, --max-rows and --workers must be greater than zero")
        self.settings = settings
        self._resources = ExitStack()
        try:
            # Opened read-only, so `kg query` and other readers can run beside the server.
            self.store: KGStore = self._resources.enter_context(
                open_store(settings.store, settings.base_iri, read_only=True)
            )
            self.prefixes = store_prefixes(self.store)
            self.pool = WorkerPool(
                oxigraph_path(settings.store),
                self.prefixes,
                size=settings.workers,
                timeout=settings.timeout,
                max_rows=settings.max_rows,
                memory_limit=settings.memory_limit,
            )
            self._resources.callback(self.pool.close)
            self.pool.start()
            super().__init__((settings.host, settings.port), _Handler)
        except OSError as exc:
            self._resources.close()
            raise KGError(
                f"cannot listen on {settings.host}:{settings.port} ({exc.strerror}) — "
                "choose another --port or --host"
            ) from None
        except BaseException:
            self._resources.close()
            raise
        self.pages = _Pages(self)

    @property
    def url(self) -> str:
        host, port = str(self.server_address[0]), self.server_address[1]
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"

    def server_close(self) -> None:
        super().server_close()
        self._resources.close()


def create_server(
    store: Path | str,
    base_iri: str,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_MAX_ROWS,
    workers: int = DEFAULT_WORKERS,
    memory_limit: int | None = DEFAULT_MEMORY_LIMIT,
    cors_origin: str | None = "*",
) -> KGServer:
    """A server over the store at ``store``, listening but not yet serving (port 0 picks a
    free one); run it with ``serve_forever()`` and stop it with ``shutdown()`` and
    ``server_close()``."""
    return KGServer(
        ServeSettings(
            Path(store),
            base_iri,
            host=host,
            port=port,
            timeout=timeout,
            max_rows=max_rows,
            workers=workers,
            memory_limit=memory_limit,
            cors_origin=cors_origin,
        )
    )


# -- the SPARQL protocol ------------------------------------------------------------------
def sparql_job(
    fields: Mapping[str, list[str]],
    body_query: str | None,
    accept: str | None,
    prefixes: Mapping[str, str],
) -> Job:
    """The ``Job`` a protocol request asks for; ``fields`` are its URL (and form) fields."""
    if "update" in fields:
        refuse_update_request()
    queries = ([body_query] if body_query is not None else []) + fields.get("query", [])
    if len(queries) != 1 or not queries[0].strip():
        raise QueryError(
            "give exactly one SPARQL query: ?query=… (GET), a form field query=… (POST), "
            "or a body of type application/sparql-query"
        )
    # ?format= (or ?output=, as some clients send) names a format, or lists media types.
    requested: str | None = (fields.get("format") or fields.get("output") or [""])[0] or None
    if requested and "/" in requested:
        accept, requested = requested, None
    params = tuple(
        (name[len(_PARAM_PREFIX) :], expand_iri(values[-1], prefixes))
        for name, values in sorted(fields.items())
        if name.startswith(_PARAM_PREFIX)
    )
    return Job(
        sparql=queries[0],
        accept=accept,
        format=requested,
        default_graphs=tuple(fields.get("default-graph-uri", [])),
        named_graphs=tuple(fields.get("named-graph-uri", [])),
        params=params,
    )


def _text(status: int, message: str) -> Response:
    return Response(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode())


# -- pages --------------------------------------------------------------------------------
def _template_source(name: str) -> str:
    return resources.files("kg").joinpath("templates", "serve", name).read_text("utf-8")


class _Pages:
    """The HTML pages, rendered with autoescaping from ``kg/templates/serve``."""

    def __init__(self, server: KGServer) -> None:
        from kg.viz import json_for_script

        self.server = server
        self.env = Environment(
            loader=FunctionLoader(_template_source),
            autoescape=True,
            undefined=StrictUndefined,
        )
        self._json = json_for_script
        self._network: nx.MultiDiGraph | None = None
        self._network_lock = threading.Lock()

    def _render(self, template: str, status: int = 200, **values: Any) -> Response:
        page = self.env.get_template(template).render(
            store_name=self.server.settings.store.name, **values
        )
        return Response(status, "text/html; charset=utf-8", page.encode("utf-8"))

    def error(self, status: int, title: str, message: str) -> Response:
        return self._render("error.html.j2", status, title=title, message=message)

    def query(self) -> Response:
        library = [
            {
                "name": q.name,
                "title": q.title,
                "description": q.description,
                "sparql": q.sparql,
                "params": [
                    {
                        "name": p.name,
                        "description": p.description,
                        "default": p.default,
                        "required": p.required,
                    }
                    for p in q.params
                ],
            }
            for q in list_queries()
        ]
        return self._render(
            "query.html.j2",
            title="SPARQL query",
            library=library,
            library_json=Markup(self._json(library)),
            prefixes_json=Markup(self._json(self.server.prefixes)),
            example=_EXAMPLE_QUERY,
            max_rows=f"{self.server.settings.max_rows:,}",
            timeout=f"{self.server.settings.timeout:g}",
        )

    def entity(self, name: str) -> Response:
        from kg.profile import entity_profile

        try:
            profile = entity_profile(self.server.store, name)
        except EntityError as exc:
            return self.error(404, "No such entity", str(exc))
        return self._render("entity.html.j2", title=profile.label, profile=profile)

    def graph(self, name: str, hops: int) -> Response:
        from kg.profile import resolve_entity
        from kg.viz import render_network

        try:
            iri = resolve_entity(self.server.store, name)
        except EntityError as exc:
            return self.error(404, "No such entity", str(exc))
        network = neighbourhood(self._whole_network(), iri, hops)
        label = network.nodes[iri]["label"] if iri in network else iri
        page = render_network(network, title=f"{label} — {hops}-hop neighbourhood")
        # The page carries its own CSP (inline scripts admitted by hash); this header only
        # adds what a <meta> policy cannot say.
        headers = (("Content-Security-Policy", "frame-ancestors 'none'"),)
        return Response(200, "text/html; charset=utf-8", page.encode("utf-8"), headers)

    def _whole_network(self) -> nx.MultiDiGraph:
        # The store is a read-only snapshot, so the network is built once and kept.
        from kg.viz import build_network

        with self._network_lock:
            if self._network is None:
                self._network = build_network(self.server.store)
            return self._network


def neighbourhood(network: nx.MultiDiGraph, iri: str, hops: int) -> nx.MultiDiGraph:
    """The part of ``network`` within ``hops`` edges of ``iri``, in either direction, with
    every edge among those nodes."""
    if iri not in network:
        return nx.MultiDiGraph(**network.graph)
    near = nx.single_source_shortest_path_length(network.to_undirected(as_view=True), iri, hops)
    return network.subgraph(near).copy()


# -- HTTP ---------------------------------------------------------------------------------
_Route = Callable[["_Handler", Mapping[str, list[str]]], Response]


class _Handler(BaseHTTPRequestHandler):
    server: KGServer
    protocol_version = "HTTP/1.1"
    server_version = "kg-serve"

    def log_message(self, format: str, *args: Any) -> None:
        """The library prints nothing: requests are not logged to stderr."""

    # -- dispatch
    def do_GET(self) -> None:
        self._dispatch(body=None)

    def do_POST(self) -> None:
        self._dispatch(body=self._read_body())

    def do_OPTIONS(self) -> None:
        self._send(Response(204, "text/plain", b"", (("Allow", "GET, POST, OPTIONS"),)))

    def _dispatch(self, body: bytes | Response | None) -> None:
        if isinstance(body, Response):
            self._send(body)
            return
        refused = self._check_host()
        if refused is not None:
            self._send(refused)
            return
        url = urlsplit(self.path)
        fields = parse_qs(url.query, keep_blank_values=True)
        try:
            if url.path == "/sparql":
                response = self._sparql(fields, body)
            elif body is not None:
                response = _text(405, "only /sparql takes POST")
            elif url.path == "/favicon.ico":
                response = Response(204, "image/x-icon", b"")
            elif url.path in _ASSETS:
                response = self._asset(url.path)
            elif url.path in _PAGE_ROUTES:
                response = _PAGE_ROUTES[url.path](self, fields)
            else:
                response = self.server.pages.error(404, "Not found", f"no page at {url.path}")
        except KGError as exc:
            response = _text(http_status(exc), f"error: {exc}")
        self._send(response)

    def _check_host(self) -> Response | None:
        """On a loopback address, refuse requests whose Host is not a loopback name: a web
        page that rebinds its own domain to 127.0.0.1 must not reach the store."""
        if not _is_loopback(self.server.settings.host):
            return None
        name = urlsplit(f"//{self.headers.get('Host', '')}").hostname or ""
        if _is_loopback(name):
            return None
        return _text(403, f"error: unexpected Host {name!r} — use {self.server.url}")

    def _read_body(self) -> bytes | Response:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            return _text(400, "error: Content-Length is not a number")
        if length > MAX_BODY:
            return _text(413, f"error: the request body is over {MAX_BODY:,} bytes")
        return self.rfile.read(length) if length > 0 else b""

    # -- routes
    def _sparql(self, fields: Mapping[str, list[str]], body: bytes | None) -> Response:
        accept = self.headers.get("Accept")
        body_query: str | None = None
        merged = dict(fields)
        if body is not None:
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            text = body.decode("utf-8", errors="replace")
            if content_type == "application/x-www-form-urlencoded":
                for name, values in parse_qs(text, keep_blank_values=True).items():
                    merged[name] = merged.get(name, []) + values
            elif content_type == "application/sparql-query":
                body_query = text
            elif content_type == "application/sparql-update":
                refuse_update_request()
            else:
                return _text(
                    415,
                    f"error: cannot read a body of type {content_type or 'none'!r} — send "
                    "application/x-www-form-urlencoded or application/sparql-query",
                )
        job = sparql_job(merged, body_query, accept, self.server.prefixes)
        answer: Answer = self.server.pool.run(job)
        return Response(200, answer.content_type, answer.body, (("Vary", "Accept"),))

    def _asset(self, path: str) -> Response:
        name, content_type = _ASSETS[path]
        return Response(200, content_type, _template_source(name).encode("utf-8"))

    def _query_page(self, fields: Mapping[str, list[str]]) -> Response:
        return self.server.pages.query()

    def _entity_page(self, fields: Mapping[str, list[str]]) -> Response:
        name = (fields.get("iri") or [""])[-1]
        if not name.strip():
            return self.server.pages.error(400, "Which entity?", "give ?iri=… (or a label)")
        return self.server.pages.entity(name)

    def _graph_page(self, fields: Mapping[str, list[str]]) -> Response:
        name = (fields.get("iri") or [""])[-1]
        try:
            hops = int((fields.get("hops") or [str(DEFAULT_HOPS)])[-1])
        except ValueError:
            hops = -1
        if not 0 < hops <= MAX_HOPS:
            return self.server.pages.error(400, "Bad hops", f"hops is 1 to {MAX_HOPS}")
        if not name.strip():
            return self.server.pages.error(400, "Which entity?", "give ?iri=… (or a label)")
        return self.server.pages.graph(name, hops)

    # -- writing
    def _send(self, response: Response) -> None:
        self.send_response(response.status, HTTPStatus(response.status).phrase)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        names = {name.lower() for name, _ in response.headers}
        if response.content_type.startswith("text/html") and "content-security-policy" not in names:
            self.send_header("Content-Security-Policy", PAGE_CSP)
        origin = self.server.settings.cors_origin
        if origin and urlsplit(self.path).path == "/sparql":
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Accept, Content-Type")
            self.send_header("Access-Control-Max-Age", "86400")
        for name, value in response.headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


_PAGE_ROUTES: dict[str, _Route] = {
    "/": _Handler._query_page,
    "/entity": _Handler._entity_page,
    "/graph": _Handler._graph_page,
}
