"""Execution engines: chunking, order, a bad document, and — loading spaCy — the same store
from one worker, two worker processes and a two-worker Dask cluster."""

from __future__ import annotations

import pickle
import sys
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import pytest

from kg.build import build
from kg.config import Settings
from kg.engines import (
    ENGINES,
    EngineOptions,
    _windowed,
    chunked,
    extract_chunk,
    run_dask,
    run_local,
)
from kg.errors import DocumentError, EngineError
from kg.exporters import export
from kg.model import Document, Extraction
from kg.store import open_store

DATA = Path(__file__).parent / "data" / "scale"
BASE = "https://example.org/kg/"


def docs(n: int) -> list[Document]:
    return [Document(f"d{i}", f"Text {i}.", path=f"d{i}.txt") for i in range(n)]


class FakeNLP:
    def memory_zone(self) -> Any:
        return nullcontext()


class FakeExtractor:
    """Reads a document into an empty extraction; chokes on any text containing "boom"."""

    def __init__(self) -> None:
        self.nlp = FakeNLP()
        self.calls = 0

    def pipe(self, documents: list[Document]) -> Iterator[Extraction]:
        self.calls += 1
        for document in documents:
            if "boom" in document.text:
                raise ValueError("rule failed\non two lines")
            yield Extraction(document=document)


def test_chunked_cuts_in_input_order() -> None:
    chunks = list(chunked(iter(docs(7)), 3))
    assert [[d.doc_id for d in c] for c in chunks] == [
        ["d0", "d1", "d2"],
        ["d3", "d4", "d5"],
        ["d6"],
    ]


def test_windowed_keeps_order_and_a_bounded_number_in_flight() -> None:
    in_flight: list[int] = []
    most = 0

    def submit(chunk: list[Document]) -> list[Document]:
        nonlocal most
        in_flight.append(1)
        most = max(most, len(in_flight))
        return chunk

    def result(chunk: list[Document]) -> list[Any]:
        in_flight.pop()
        return [d.doc_id for d in chunk]

    out = list(_windowed(submit, result, chunked(iter(docs(20)), 2), window=3))
    assert [i for c in out for i in c] == [f"d{i}" for i in range(20)]
    assert most == 3


def test_a_document_the_rules_choke_on_is_an_error_in_its_place() -> None:
    extractor = FakeExtractor()
    chunk = docs(3)
    chunk[1] = Document("bad", "boom", path="bad.txt")
    outcomes = extract_chunk(extractor, chunk)  # type: ignore[arg-type]
    assert [type(o).__name__ for o in outcomes] == ["Extraction", "DocumentError", "Extraction"]
    error = outcomes[1]
    assert isinstance(error, DocumentError)
    assert str(error).startswith("bad.txt: could not be read (ValueError: rule failed on two")
    assert "\n" not in str(error)


def test_the_local_engine_loads_the_extractor_once_and_only_when_needed() -> None:
    made: list[FakeExtractor] = []

    def factory() -> FakeExtractor:
        made.append(FakeExtractor())
        return made[-1]

    assert list(run_local(iter([]), Settings(), EngineOptions(), factory)) == []  # type: ignore[arg-type]
    assert made == []
    out = list(run_local(chunked(iter(docs(5)), 2), Settings(), EngineOptions(), factory))  # type: ignore[arg-type]
    assert len(made) == 1 and made[0].calls == 3
    assert [o.document.doc_id for c in out for o in c] == [f"d{i}" for i in range(5)]  # type: ignore[union-attr]


def test_errors_cross_process_boundaries() -> None:
    error = DocumentError("a.txt", "is empty", "add text")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.path, copy.problem, copy.fix, str(copy)) == (
        "a.txt",
        "is empty",
        "add text",
        str(error),
    )


def test_an_unknown_engine_or_no_worker_is_a_one_line_error(tmp_path: Path) -> None:
    with open_store(None, BASE) as store:
        with pytest.raises(EngineError, match="unknown engine 'gpu' — use one of dask, local"):
            build([DATA], store, engine="gpu")
        with pytest.raises(EngineError, match="at least one worker"):
            build([DATA], store, options=EngineOptions(workers=0))
    assert set(ENGINES) == {"local", "processes", "dask"}


def test_the_dask_engine_without_dask_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed → ImportError
    with pytest.raises(EngineError, match=r"pip install 'kg\[dask\]'"):
        list(run_dask(chunked(iter(docs(1)), 1), Settings(), EngineOptions()))


def nquads(store_path: Path, out: Path) -> bytes:
    with open_store(store_path, BASE, create=False) as store:
        export(store, "nquads", out)
    return out.read_bytes()


@pytest.mark.slow
def test_one_worker_two_processes_and_dask_build_the_same_store(tmp_path: Path) -> None:
    settings = Settings(base_iri=BASE, pipeline=None)
    runs = {
        "one": ("local", EngineOptions()),
        # one document a chunk, so both processes get work
        "processes": ("processes", EngineOptions(workers=2, chunk_size=1)),
    }
    try:
        import distributed  # noqa: F401

        runs["dask"] = ("dask", EngineOptions(workers=2, chunk_size=2))
    except ImportError:  # pragma: no cover - dask is in the dev extra
        pass
    dumps = {}
    for name, (engine, options) in runs.items():
        with open_store(tmp_path / name, BASE) as store:
            report = build([DATA], store, engine=engine, options=options, settings=settings)
        assert (report.read, report.failed) == (5, 0), report.errors
        dumps[name] = nquads(tmp_path / name, tmp_path / f"{name}.nq")
    assert dumps["one"].count(b"\n") > 100
    for name, dump in dumps.items():
        assert dump == dumps["one"], name


def test_the_build_flushes_the_store_as_it_goes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.store

    corpus = tmp_path / "feed.jsonl"
    corpus.write_text("".join(f'{{"id": "{i}", "text": "Talks {i}."}}\n' for i in range(7)))
    # The graphs are written by the store-wide resolution pass, which flushes as it goes.
    monkeypatch.setattr(kg.store, "FLUSH_EVERY", 3)
    flushes = 0
    with open_store(None, BASE) as store:
        real = store.flush

        def counting() -> None:
            nonlocal flushes
            flushes += 1
            real()

        monkeypatch.setattr(store, "flush", counting)
        report = build([corpus], store, FakeExtractor)  # type: ignore[arg-type]
        assert len(store.documents()) == 7
    assert (report.read, report.failed) == (7, 0)
    assert flushes == 3  # after the 3rd and 6th documents, and at the end
