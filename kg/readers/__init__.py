"""Document readers, one module per file format, registered by file suffix.

A reader takes a path and yields ``Document`` records (one for most formats, one per line
for JSON Lines). To add a format: write ``kg/readers/<format>.py`` with a ``read`` function
and add its suffixes to ``READERS``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from kg.errors import DocumentError
from kg.model import Document
from kg.readers import html, jsonl, markdown, text

# A reader yields a DocumentError in place of a record it cannot read, so that one bad
# line of a JSON Lines file does not hide the others.
Reader = Callable[[Path], Iterator[Document | DocumentError]]

READERS: dict[str, Reader] = {
    ".txt": text.read,
    ".md": markdown.read,
    ".markdown": markdown.read,
    ".html": html.read,
    ".htm": html.read,
    ".jsonl": jsonl.read,
}
