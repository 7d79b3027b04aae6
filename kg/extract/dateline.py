"""Datelines: the place and date that open a report ("NEW DELHI, Oct 17 –").

A dateline says where a report was filed, and so which state "the government" means; the
parser, for its part, often takes it for the subject of the first sentence.
"""

from __future__ import annotations

from spacy.tokens import Doc

DASHES = frozenset(["—", "–", "-"])


def opens_dateline(doc: Doc, start: int, end: int) -> bool:
    """Whether the words ``doc[start:end]`` are a dateline's place: "KATHMANDU, Sept 14 –",
    or "Phnom Penh, 19 November 2024 –" under a press release's heading — a place opening a
    line near the top, then a comma or dash (and, in title case, a date and a dash)."""
    following = doc[end] if end < len(doc) else None
    if following is None or following.text not in {",", ":", *DASHES}:
        return False
    previous = doc[start - 1] if start > 0 else None
    opens_line = previous is None or "\n" in previous.text_with_ws
    if not opens_line or doc[start].idx > 300:
        return False
    if all(t.is_upper or t.is_punct for t in doc[start:end]):
        return True
    rest = doc[end + 1 : end + 7]
    dated = any(t.ent_type_ == "DATE" for t in rest) and any(t.text in DASHES for t in rest)
    return following.text == "," and dated
