"""What every reader needs: safe decoding, sidecar metadata, dates."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from kg.errors import DocumentError

_BINARY_SNIFF = 8192


def open_bytes(path: Path) -> BinaryIO:
    """The file opened for reading bytes, or a ``DocumentError`` saying why it cannot be."""
    try:
        handle = path.open("rb")
        if path.is_dir():  # some platforms open a directory without complaint
            raise IsADirectoryError
        return handle
    except FileNotFoundError:
        raise DocumentError(str(path), "no such file", "check the path") from None
    except IsADirectoryError:
        raise DocumentError(str(path), "is a directory", "pass the folder itself") from None
    except PermissionError:
        raise DocumentError(str(path), "permission denied", "make it readable") from None


def check_not_binary(path: Path, head: bytes) -> None:
    if b"\x00" in head[:_BINARY_SNIFF]:
        raise DocumentError(str(path), "looks binary", "give kg a text, Markdown or HTML file")


def not_utf8(path: Path, offset: int) -> DocumentError:
    return DocumentError(
        str(path),
        f"is not UTF-8 (byte {offset})",
        "re-save it as UTF-8 (e.g. iconv -f cp1252 -t utf-8)",
    )


def empty(path: Path) -> DocumentError:
    return DocumentError(str(path), "is empty", "remove it or add its text")


def read_text(path: Path) -> str:
    """The file's text, or a ``DocumentError`` that says what is wrong and how to fix it."""
    with open_bytes(path) as handle:
        raw = handle.read()
    check_not_binary(path, raw)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise not_utf8(path, exc.start) from None
    if not text.strip():
        raise empty(path)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_date(value: Any, where: str) -> date | None:
    """An ISO date or timestamp as a ``date``; ``None`` stays ``None``."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value if not isinstance(value, datetime) else value.date()
    if isinstance(value, str):
        candidate = value.strip().replace("Z", "+00:00")
        try:
            return datetime.fromisoformat(candidate).date()
        except ValueError:
            pass
        try:
            return date.fromisoformat(candidate[:10])
        except ValueError:
            pass
    raise DocumentError(where, f"date {value!r} is not ISO 8601", "write it as YYYY-MM-DD")


def sidecar(path: Path) -> dict[str, Any]:
    """Metadata from ``NAME.meta.json`` beside ``NAME.ext``, or ``{}``."""
    meta_path = path.with_name(path.stem + ".meta.json")
    if not meta_path.exists():
        return {}
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DocumentError(
            str(meta_path), f"is not valid JSON ({exc})", "fix the sidecar or delete it"
        ) from None
    if not isinstance(meta, dict):
        raise DocumentError(str(meta_path), "is not a JSON object", 'write {"title": …}')
    return meta


def str_or_none(value: Any) -> str | None:
    return str(value).strip() or None if value not in (None, "") else None
