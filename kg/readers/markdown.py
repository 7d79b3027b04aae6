"""Markdown with optional YAML front matter; markup is reduced to the prose it shows."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from kg.errors import DocumentError
from kg.model import Document
from kg.readers._common import parse_date, read_text, sidecar, str_or_none

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n(?:---|\.\.\.)\n", re.DOTALL)
_MARKUP = [
    (re.compile(r"^\s{0,3}#{1,6}\s*", re.MULTILINE), ""),  # headings
    (re.compile(r"^\s{0,3}>\s?", re.MULTILINE), ""),  # block quotes
    (re.compile(r"^\s*[-*+]\s+", re.MULTILINE), ""),  # bullets
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])"), r"\2"),  # italics
    (re.compile(r"`([^`]*)`"), r"\1"),  # code
]


def strip_markdown(text: str) -> str:
    for pattern, replacement in _MARKUP:
        text = pattern.sub(replacement, text)
    return text.strip() + "\n"


def _yaml_problem(exc: Exception) -> str:
    """PyYAML's multi-line report as one line, with the line number in the file."""
    problem = getattr(exc, "problem", None)
    mark = getattr(exc, "problem_mark", None)
    if problem and mark is not None:
        return f"{problem} at line {mark.line + 2}"  # 0-based, after the opening ---
    return " ".join(str(exc).split())


def read(path: Path) -> Iterator[Document | DocumentError]:
    text = read_text(path)
    meta: dict[str, Any] = dict(sidecar(path))
    match = _FRONT_MATTER.match(text)
    if match:
        try:
            front = yaml.safe_load(match.group(1)) or {}
        except (yaml.YAMLError, ValueError) as exc:
            # ValueError: a well-formed but impossible value, such as ``date: 2024-02-30``.
            raise DocumentError(
                str(path),
                f"front matter is not valid YAML ({_yaml_problem(exc)})",
                "fix the --- block",
            ) from None
        if not isinstance(front, dict):
            raise DocumentError(str(path), "front matter is not a mapping", "use key: value")
        meta = {**front, **meta}
        text = text[match.end() :]
    body = strip_markdown(text)
    if not body.strip():
        raise DocumentError(str(path), "has front matter but no text", "add the article text")
    yield Document(
        doc_id=path.stem,
        text=body,
        path=str(path),
        title=str_or_none(meta.get("title")),
        published=parse_date(meta.get("date", meta.get("published")), str(path)),
        source=str_or_none(meta.get("source")),
        url=str_or_none(meta.get("url")),
    )
