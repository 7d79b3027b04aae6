"""Questions the extraction tests ask of an ``Extraction``."""

from __future__ import annotations

from kg.model import Event, Extraction


def events_of(extraction: Extraction, event_type: str, trigger: str | None = None) -> list[Event]:
    return [
        e
        for e in extraction.events
        if e.event_type == event_type and (trigger is None or e.trigger == trigger)
    ]


def only_event(extraction: Extraction, event_type: str, trigger: str | None = None) -> Event:
    found = events_of(extraction, event_type, trigger)
    assert len(found) == 1, f"expected one {event_type} {trigger or ''}: {extraction.events}"
    return found[0]
