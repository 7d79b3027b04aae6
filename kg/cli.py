"""The ``kg`` command: a thin adapter from the shell to the library.

It parses options, calls the library, prints, and turns a ``KGError`` into one line on
stderr and a non-zero exit code. No pipeline logic lives here.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg.config import DEFAULT_STORE, Settings
from kg.errors import KGError

app = typer.Typer(
    name="kg",
    help="Turn diplomatic news and statements into an RDF knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

StoreOption = Annotated[
    Path,
    typer.Option("--store", envvar="KG_STORE", help="Store folder (created if missing)."),
]
BaseOption = Annotated[
    str | None,
    typer.Option("--base-iri", envvar="KG_BASE_IRI", help="Base IRI for entity IRIs."),
]
PipelineOption = Annotated[
    str | None,
    typer.Option("--pipeline", envvar="KG_PIPELINE", help="spaCy pipeline to load by name."),
]

EndpointOption = Annotated[
    str | None,
    typer.Option(
        "--endpoint",
        help="Query this SPARQL endpoint (URL) instead of the local store.",
    ),
]

F = TypeVar("F", bound=Callable[..., Any])
_CELL = 60  # characters of a table cell shown in the terminal


def _one_line(error: object) -> str:
    """The error's message on one line (a parser's message may span several), as markup-safe
    text."""
    return escape(re.sub(r"\s*\n\s*", " ", str(error)).strip())


def _print_error(error: object) -> None:
    err.print(f"[red]error:[/red] {_one_line(error)}", highlight=False, soft_wrap=True)


def _finish(problems: Sequence[object], summary: str) -> None:
    """Each problem of a batch on its own line, then the summary; non-zero if any."""
    for problem in problems:
        _print_error(problem)
    out.print(summary, highlight=False, soft_wrap=True)
    if problems:
        raise typer.Exit(1)


def friendly(func: F) -> F:
    """Run a command; a ``KGError`` becomes one line on stderr and its exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KGError as exc:
            _print_error(exc)
            raise typer.Exit(exc.exit_code) from None

    return wrapper  # type: ignore[return-value]


def _settings(store: Path, base_iri: str | None, pipeline: str | None = None) -> Settings:
    defaults = Settings()
    return Settings(
        base_iri=base_iri or defaults.base_iri, pipeline=pipeline or defaults.pipeline, store=store
    )


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date — use YYYY-MM-DD") from None


@app.command()
@friendly
def build(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt .md .html .jsonl).")],
    store: StoreOption = Path(DEFAULT_STORE),
    base_iri: BaseOption = None,
    pipeline: PipelineOption = None,
    published: Annotated[
        str | None, typer.Option("--date", help="Publication date for every document.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild unchanged documents.")] = False,
    no_prune: Annotated[
        bool,
        typer.Option(
            "--no-prune", help="Keep documents built from these folders that are gone from them."
        ),
    ] = False,
    workers: Annotated[
        int, typer.Option("--workers", "-j", help="Processes that read documents.")
    ] = 1,
    engine: Annotated[
        str | None,
        typer.Option("--engine", help="local, processes or dask (default: by --workers)."),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Dask scheduler address (dask engine; else a local one)."),
    ] = None,
) -> None:
    """Read documents and write their knowledge graph into the store."""
    from kg.build import build as run_build
    from kg.engines import EngineOptions, default_engine
    from kg.errors import EngineError
    from kg.extract import Extractor
    from kg.store import open_store

    settings = _settings(store, base_iri, pipeline)
    options = EngineOptions(workers=workers, scheduler=scheduler)
    engine = engine or ("dask" if scheduler else default_engine(options))
    if scheduler and engine != "dask":
        raise EngineError(f"--scheduler is for the dask engine, not {engine!r} — add --engine dask")
    published_on = _parse_date(published)  # before the store is created
    columns = (
        TextColumn("[bold]building"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
    )
    with (
        open_store(store, settings.base_iri) as kg_store,
        Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar,
    ):
        task = bar.add_task("", total=None)

        def progress(done: int, total: int | None, doc_id: str) -> None:
            bar.update(task, completed=done, total=total, description=doc_id)

        report = run_build(
            paths,
            kg_store,
            lambda: Extractor(settings),
            published=published_on,
            force=force,
            progress=progress,
            prune=not no_prune,
            engine=engine,
            options=options,
            settings=settings,
        )
    _finish(report.errors, report.summary())


@app.command()
@friendly
def query(
    sparql: Annotated[
        str | None, typer.Argument(help="SPARQL text, or the name of a library query.")
    ] = None,
    file: Annotated[
        Path | None, typer.Option("-f", "--file", help="Read SPARQL from a file.")
    ] = None,
    params: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="Library query parameter k=v.")
    ] = None,
    list_queries: Annotated[bool, typer.Option("--list", help="List library queries.")] = False,
    fmt: Annotated[str, typer.Option("--format", help="table, csv, tsv or json.")] = "table",
    store: StoreOption = Path(DEFAULT_STORE),
    base_iri: BaseOption = None,
    endpoint: EndpointOption = None,
) -> None:
    """Run SPARQL over the store (or a named query from the library)."""
    from kg import query as q
    from kg.errors import QueryError

    if list_queries:
        table = Table("name", "parameters", "what it answers")
        for library_query in q.list_queries():
            names = ", ".join(p.name for p in library_query.params)
            table.add_row(library_query.name, names, library_query.title)
        out.print(table)
        return
    from_file: q.LibraryQuery | None = None
    if file is not None:
        try:
            sparql = file.read_text(encoding="utf-8")
        except OSError as exc:
            raise QueryError(f"{file}: cannot read the query ({exc.strerror})") from None
        if q.has_library_header(sparql):
            # a copy of a library query, edited: its parameters work as the library's do
            from_file = q.parse_library_query(file.stem, sparql, file)
    if not sparql:
        raise QueryError("give a SPARQL query, -f FILE, a library query name, or --list")
    bound: dict[str, str] = {}
    for item in params or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise QueryError(f"--param {item!r}: write it as name=value")
        bound[key.strip()] = value
    settings = _settings(store, base_iri)
    limit: int | None = None
    with _query_target(store, settings.base_iri, endpoint) as target:
        is_name = all(c.isalnum() or c in "-_" for c in sparql.strip())
        if is_name or from_file is not None:
            library_query = from_file or q.load_query(sparql.strip())
            result = q.run_library_query(target, library_query, bound)
            limit_value = library_query.bind(bound).get("limit", "")
            limit = int(limit_value) if limit_value.isdigit() else None
        else:
            result = q.run_query(target, sparql, bound)
    formats = {"csv": q.to_csv, "tsv": q.to_tsv, "json": q.to_json}
    if fmt in formats:
        sys.stdout.write(formats[fmt](result))
        return
    if fmt != "table":
        raise QueryError(f"unknown --format {fmt!r} — use table, csv, tsv or json")
    headers, rows = q.table_rows(result)
    table = Table(*headers, show_lines=False)
    for row in rows:
        # Long cells (sentences) are shortened on screen; --format csv|tsv|json has them whole.
        table.add_row(*(c if len(c) <= _CELL else c[: _CELL - 1] + "…" for c in row))
    out.print(table)
    # A library query's limit cuts the listing: say so, and how to see more.
    cut = " — the query's limit: --param limit=N for more" if len(rows) == limit else ""
    err.print(f"{len(rows)} row(s){cut}")


@contextmanager
def _query_target(store: Path, base_iri: str, endpoint: str | None) -> Iterator[Any]:
    """The local store, or the remote SPARQL endpoint when one is given."""
    if endpoint is None:
        from kg.store import open_store

        with open_store(store, base_iri, create=False) as kg_store:
            yield kg_store
        return
    from kg.remote import SparqlEndpoint

    with SparqlEndpoint(endpoint, base_iri) as remote:
        yield remote


@app.command()
@friendly
def push(
    endpoint: Annotated[
        str | None,
        typer.Option(
            "--endpoint",
            help="The server's SPARQL query endpoint (e.g. http://localhost:7878/query).",
        ),
    ] = None,
    graph_store: Annotated[
        str | None,
        typer.Option(
            "--graph-store",
            help="Its Graph Store Protocol URL, if not the usual one for --endpoint.",
        ),
    ] = None,
    changed_only: Annotated[
        bool,
        typer.Option("--changed-only", help="Skip graphs whose content the server already has."),
    ] = False,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds per request.")] = 60.0,
    store: StoreOption = Path(DEFAULT_STORE),
    base_iri: BaseOption = None,
) -> None:
    """Send each document's graph to a SPARQL server, replacing the graph there."""
    from kg.errors import RemoteError
    from kg.remote import SparqlEndpoint, graph_store_url
    from kg.remote import push as run_push
    from kg.store import open_store

    if endpoint is None and graph_store is None:
        raise RemoteError("give the server: --endpoint URL (and --graph-store URL if needed)")
    target = graph_store or graph_store_url(endpoint or "")
    settings = _settings(store, base_iri)
    columns = (
        TextColumn("[bold]pushing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
    )
    with ExitStack() as stack:
        kg_store = stack.enter_context(open_store(store, settings.base_iri, create=False))
        remote = None
        if endpoint is not None:
            remote = stack.enter_context(
                SparqlEndpoint(endpoint, settings.base_iri, timeout=timeout)
            )
        bar = stack.enter_context(
            Progress(*columns, console=err, transient=True, disable=not err.is_terminal)
        )
        task = bar.add_task("", total=None)

        def progress(done: int, total: int, doc_id: str) -> None:
            bar.update(task, completed=done, total=total, description=doc_id)

        report = run_push(
            kg_store,
            target,
            endpoint=remote,
            changed_only=changed_only,
            timeout=timeout,
            progress=progress,
        )
    _finish(report.failures, report.summary())


@app.command()
@friendly
def export(
    fmt: Annotated[str, typer.Option("--format", help="turtle, trig, nquads, jsonld, graphml.")],
    out_path: Annotated[Path, typer.Option("--out", help="File to write.")],
    store: StoreOption = Path(DEFAULT_STORE),
    base_iri: BaseOption = None,
) -> None:
    """Export the store (Turtle, TriG, N-Quads, JSON-LD, GraphML)."""
    from kg.exporters import export as run_export
    from kg.store import open_store

    settings = _settings(store, base_iri)
    with open_store(store, settings.base_iri, create=False) as kg_store:
        run_export(kg_store, fmt, out_path)
    out.print(f"wrote {out_path}", highlight=False, markup=False, soft_wrap=True)


@app.command()
@friendly
def viz(
    out_path: Annotated[Path, typer.Option("--out", help="HTML file to write.")],
    collapse_events: Annotated[
        bool, typer.Option("--collapse-events", help="Draw events as actor → target edges.")
    ] = False,
    title: Annotated[str, typer.Option("--title", help="Page title.")] = "kg graph",
    focus: Annotated[
        str | None,
        typer.Option(
            "--focus", help="Draw around one entity: IRI, id (country/cambodia) or label."
        ),
    ] = None,
    hops: Annotated[int, typer.Option("--hops", help="Steps out from --focus.")] = 1,
    classes: Annotated[
        list[str] | None,
        typer.Option("--type", help="Keep entities of this class (repeatable), e.g. Country."),
    ] = None,
    event_types: Annotated[
        list[str] | None,
        typer.Option("--event-type", help="Keep events of this PLOVER type (repeatable)."),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Keep records dated from YYYY[-MM[-DD]].")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Keep records dated up to YYYY[-MM[-DD]].")
    ] = None,
    documents: Annotated[
        list[str] | None,
        typer.Option("--document", help="Keep records from this document id (repeatable)."),
    ] = None,
    max_nodes: Annotated[
        int, typer.Option("--max-nodes", help="Reduce a bigger graph to this many nodes.")
    ] = 2000,
    store: StoreOption = Path(DEFAULT_STORE),
    base_iri: BaseOption = None,
) -> None:
    """Write an interactive HTML graph that works offline."""
    from kg.errors import ExportError
    from kg.store import open_store
    from kg.viz import VizFilter, render_html

    selection = VizFilter.parse(
        focus=focus,
        hops=hops,
        classes=classes or (),
        event_types=event_types or (),
        since=since,
        until=until,
        documents=documents or (),
    )
    settings = _settings(store, base_iri)
    with open_store(store, settings.base_iri, create=False) as kg_store:
        page = render_html(
            kg_store,
            collapse_events=collapse_events,
            title=title,
            selection=selection,
            max_nodes=max_nodes,
        )
    try:
        tmp = out_path.with_name(f".{out_path.name}.tmp")
        tmp.write_text(page, encoding="utf-8")
        tmp.replace(out_path)
    except OSError as exc:
        raise ExportError(
            f"{out_path}: cannot write ({exc.strerror}) — choose another --out"
        ) from None
    out.print(f"wrote {out_path}", highlight=False, markup=False, soft_wrap=True)


@app.command()
@friendly
def evaluate(
    gold: Annotated[list[Path], typer.Argument(help="Gold files (*.gold.json).")],
    docs: Annotated[
        Path | None, typer.Option("--docs", help="Folder to find the gold documents in.")
    ] = None,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="List misses and FPs.")] = False,
    pipeline: PipelineOption = None,
    base_iri: BaseOption = None,
) -> None:
    """Score the extractor against gold readings (precision / recall / F1)."""
    from kg.build import build as run_build
    from kg.evaluate import evaluate as run_evaluate
    from kg.evaluate import format_report
    from kg.extract import Extractor

    settings = _settings(Path(DEFAULT_STORE), base_iri, pipeline)
    extractor = functools.cache(lambda: Extractor(settings))

    def build_documents(paths: list[Path], kg_store: Any) -> None:
        report = run_build(paths, kg_store, extractor)
        if report.errors:
            raise report.errors[0]

    scores = run_evaluate(gold, docs, build=build_documents, base_iri=settings.base_iri)
    out.print(format_report(scores, verbose=verbose), highlight=False, markup=False, soft_wrap=True)


@app.command()
@friendly
def validate(
    store: StoreOption = Path(DEFAULT_STORE),
    base_iri: BaseOption = None,
) -> None:
    """Check the store against the SHACL shapes in ontology/shapes.ttl."""
    from kg.errors import ValidationFailed
    from kg.store import open_store
    from kg.validate import validate_store

    settings = _settings(store, base_iri)
    with open_store(store, settings.base_iri, create=False) as kg_store:
        report = validate_store(kg_store)
    if report.conforms:
        out.print("conforms: the store satisfies every shape")
        return
    out.print(report.summary(limit=None), highlight=False, markup=False, soft_wrap=True)
    count = sum(1 for v in report.violations if v.severity == "Violation")
    raise ValidationFailed(f"{count} SHACL violation(s)")


@app.command()
@friendly
def show(
    entity: Annotated[
        str, typer.Argument(help="A label, an id such as person/kin-phea, or an IRI.")
    ],
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    store: StoreOption = Path(DEFAULT_STORE),
    base_iri: BaseOption = None,
) -> None:
    """Show one entity: its names, posts, facts and events, each with its source sentence."""
    import json

    from kg.errors import QueryError
    from kg.profile import entity_profile, format_profile
    from kg.query import store_prefixes
    from kg.store import open_store

    if fmt not in ("text", "json"):
        raise QueryError(f"unknown --format {fmt!r} — use text or json")
    settings = _settings(store, base_iri)
    with open_store(store, settings.base_iri, create=False) as kg_store:
        profile = entity_profile(kg_store, entity)
        prefixes = store_prefixes(kg_store)
    if fmt == "json":
        sys.stdout.write(json.dumps(profile.as_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    out.print(
        format_profile(profile, prefixes), end="", highlight=False, markup=False, soft_wrap=True
    )


@app.command()
@friendly
def explain(
    entity: Annotated[str, typer.Argument(help="A label, an alias, or an IRI (kgid:person/…).")],
    store: StoreOption = Path(DEFAULT_STORE),
    base_iri: BaseOption = None,
) -> None:
    """Show which names from which documents make up an entity, and why."""
    from kg.explain import explain as run_explain
    from kg.explain import format_explanation
    from kg.store import open_store

    settings = _settings(store, base_iri)
    with open_store(store, settings.base_iri, create=False) as kg_store:
        explanations = run_explain(kg_store, entity)
        base = kg_store.iris.base
    text = "\n\n".join(format_explanation(e, base) for e in explanations)
    out.print(text, highlight=False, markup=False, soft_wrap=True)


@app.command()
@friendly
def serve(
    store: StoreOption = Path(DEFAULT_STORE),
    base_iri: BaseOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on (0: any free).")] = 7878,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds a query may run before it is stopped.")
    ] = 5.0,
    max_rows: Annotated[
        int, typer.Option("--max-rows", help="Most rows (or triples) a query may return.")
    ] = 10_000,
    workers: Annotated[
        int, typer.Option("--workers", help="Queries that can run at the same time.")
    ] = 2,
    cors: Annotated[
        str, typer.Option("--cors", help="Access-Control-Allow-Origin for /sparql ('' for none).")
    ] = "*",
) -> None:
    """Serve the store: a read-only SPARQL endpoint at /sparql and pages to explore it."""
    import signal

    from kg.serve import create_server

    settings = _settings(store, base_iri)
    server = create_server(
        store,
        settings.base_iri,
        host=host,
        port=port,
        timeout=timeout,
        max_rows=max_rows,
        workers=workers,
        cors_origin=cors or None,
    )
    out.print(
        f"serving {store} at {server.url} · SPARQL endpoint {server.url}sparql · "
        f"read-only, {timeout:g} s and {max_rows:,} rows per query · Ctrl+C stops",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt  # a service manager's SIGTERM stops it as Ctrl+C does

    signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@app.command()
@friendly
def remove(
    doc_ids: Annotated[list[str], typer.Argument(help="Ids of the documents to remove.")],
    store: StoreOption = Path(DEFAULT_STORE),
    base_iri: BaseOption = None,
) -> None:
    """Remove documents from the store, and what only they supported."""
    from kg.build import remove_documents
    from kg.store import open_store

    settings = _settings(store, base_iri)
    with open_store(store, settings.base_iri, create=False) as kg_store:
        removed = remove_documents(kg_store, doc_ids)
    out.print(f"removed {len(removed)}: {', '.join(removed)}", highlight=False, soft_wrap=True)


def main() -> None:  # pragma: no cover
    app()
