"""The project's own knowledge, loaded from ``ontology/gazetteer/``.

Countries (names, ISO codes, demonyms, capitals), international organisations and
frameworks (with acronyms), and the words of titles and honorifics. Everything the
extractor knows by name comes from these files, never from code.
"""

from __future__ import annotations

import csv
import dataclasses
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kg.config import ontology_dir
from kg.errors import GazetteerError
from kg.graph import slugify
from kg.model import COUNTRY, FRAMEWORK, ORGANIZATION

_FRAMEWORK_CLASSES = {FRAMEWORK, "Forum", "Programme", "Agreement", "Policy"}
# Ruler ids of capitals: the entity layer decides whether the city or its government is meant.
CAPITAL_PREFIX = "capital:"


@dataclass(frozen=True)
class GazetteerEntry:
    key: str
    label: str
    types: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    iso2: str | None = None
    wikidata: str | None = None
    metonyms: tuple[str, ...] = ()  # cities that stand for the body ("Brussels" → EU)
    # A grouping's members (entry keys); only read where a document names both together.
    members: frozenset[str] = frozenset()
    parent: str | None = None  # the body this one belongs to (entry key): UNDP → UN

    @property
    def is_kingdom(self) -> bool:
        return any("kingdom" in a.lower() for a in (self.label, *self.aliases))


@dataclass(frozen=True)
class Titles:
    heads: frozenset[str]
    modifiers: frozenset[str]
    honorifics: tuple[str, ...]  # longest first, so "Samdech Techo" wins over "Samdech"
    not_names: frozenset[str] = frozenset()

    def is_title_word(self, word: str) -> bool:
        """Whether ``word`` can be part of a post title ("Deputy", "minister")."""
        lower = word.lower()
        return lower in self.heads or lower in self.modifiers


@dataclass(frozen=True)
class Gazetteer:
    entries: dict[str, GazetteerEntry]
    titles: Titles
    by_surface: dict[str, str] = field(default_factory=dict)  # exact surface form → key
    by_demonym: dict[str, str] = field(default_factory=dict)  # lower-case demonym → key
    by_capital: dict[str, str] = field(default_factory=dict)  # capital → country key
    # "Congolese" → both Congos: the document settles which (ambiguous.yaml)
    shared_forms: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def lookup(self, surface: str) -> GazetteerEntry | None:
        key = self.by_surface.get(surface) or self.by_surface.get(_title_case(surface))
        return self.entries.get(key) if key else None

    def country_of_demonym(self, word: str) -> GazetteerEntry | None:
        key = self.by_demonym.get(word.lower())
        return self.entries[key] if key else None

    def ruler_patterns(self) -> list[dict[str, Any]]:
        """EntityRuler patterns: every name, acronym, demonym (NORP) with the entry's key."""
        patterns: list[dict[str, Any]] = []
        for entry in self.entries.values():
            label = "GPE" if COUNTRY in entry.types else "ORG"
            names = {entry.label, *entry.aliases}
            # Typeset text writes "People’s"; the gazetteer writes "People's".
            names |= {n.replace("'", "’") for n in names}
            for name in sorted(names):
                patterns.append({"label": label, "pattern": name, "id": entry.key})
            for demonym in entry.demonyms:
                patterns.append({"label": "NORP", "pattern": demonym, "id": entry.key})
            for capital in entry.capitals:
                if capital in self.by_surface:
                    continue  # a city-state: "Singapore" is the state
                # Its own pattern, so that "Kuwait City" is read whole, not as "Kuwait"; in
                # capitals too, as a dateline writes it ("PHNOM PENH, March 6 –").
                for form in {capital, capital.upper()}:
                    patterns.append(
                        {"label": "GPE", "pattern": form, "id": CAPITAL_PREFIX + capital}
                    )
        return patterns


def _title_case(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in text.split())


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(x.strip() for x in (cell or "").split("|") if x.strip())


def _load_countries(path: Path) -> list[GazetteerEntry]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            GazetteerEntry(
                key=f"country/{slugify(row['label'])}",
                label=row["label"].strip(),
                types=(COUNTRY,),
                aliases=_split(row.get("aliases")),
                demonyms=_split(row.get("demonyms")),
                capitals=_split(row.get("capitals")),
                iso2=(row.get("iso2") or "").strip() or None,
            )
            for row in csv.DictReader(handle)
        ]


def _load_organizations(path: Path) -> list[GazetteerEntry]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if isinstance(data, dict):
        data = data.get("organizations") or data.get("entries") or []
    entries = []
    for item in data:
        types = tuple(item.get("types") or (ORGANIZATION,))
        kind = "framework" if types[0] in _FRAMEWORK_CLASSES else "organization"
        slug = item.get("slug") or slugify(item["label"])
        entries.append(
            GazetteerEntry(
                key=f"{kind}/{slug}",
                label=item["label"],
                types=types,
                aliases=tuple(item.get("aliases") or ()),
                wikidata=item.get("wikidata"),
                metonyms=tuple(item.get("metonyms") or ()),
                members=frozenset(str(m) for m in item.get("members") or ()),
                parent=item.get("parent"),
            )
        )
    return entries


def _resolve_links(entries: dict[str, GazetteerEntry]) -> None:
    """Turn the ISO codes and slugs of members and parents into entry keys, in place."""
    by_code = {e.iso2: e.key for e in entries.values() if e.iso2}
    by_slug = {e.key.split("/", 1)[1]: e.key for e in entries.values() if COUNTRY not in e.types}
    for key, entry in list(entries.items()):
        if entry.parent is not None:
            if entry.parent not in by_slug:
                raise GazetteerError(
                    f"organizations.yaml: {entry.label} has a parent {entry.parent!r} that is "
                    "the slug of no entry"
                )
            entry = entries[key] = dataclasses.replace(entry, parent=by_slug[entry.parent])
        if not entry.members:
            continue
        unknown = sorted(m for m in entry.members if m not in by_code and m not in by_slug)
        if unknown:
            raise GazetteerError(
                f"organizations.yaml: {entry.label} lists members {', '.join(unknown)} that are "
                'neither ISO codes of countries.csv nor slugs of other entries (quote "NO": '
                "YAML reads it as false)"
            )
        keys = frozenset(by_code.get(m) or by_slug[m] for m in entry.members)
        entries[key] = dataclasses.replace(entry, members=keys)


def _load_titles(path: Path) -> Titles:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Titles(
        heads=frozenset(w.lower() for w in data["heads"]),
        modifiers=frozenset(w.lower() for w in data["modifiers"]),
        honorifics=tuple(sorted(data["honorifics"], key=len, reverse=True)),
        not_names=frozenset(w.lower() for w in data.get("not_names", ())),
    )


def load_gazetteer(folder: Path | None = None) -> Gazetteer:
    folder = folder or ontology_dir() / "gazetteer"
    entries: dict[str, GazetteerEntry] = {}
    for entry in _load_countries(folder / "countries.csv") + _load_organizations(
        folder / "organizations.yaml"
    ):
        entries[entry.key] = entry
    _resolve_links(entries)
    by_surface: dict[str, str] = {}
    by_demonym: dict[str, str] = {}
    by_capital: dict[str, str] = {}
    for entry in entries.values():
        for name in (entry.label, *entry.aliases):
            by_surface.setdefault(name, entry.key)
            by_surface.setdefault(name.replace("'", "’"), entry.key)
        for demonym in entry.demonyms:
            by_demonym.setdefault(demonym.lower(), entry.key)
        for capital in entry.capitals:
            by_capital.setdefault(capital, entry.key)
    for entry in entries.values():
        for city in entry.metonyms:
            by_capital[city] = entry.key  # "Brussels" in the news is the EU, not Belgium
    return Gazetteer(
        entries,
        _load_titles(folder / "titles.yaml"),
        by_surface,
        by_demonym,
        by_capital,
        _load_shared_forms(folder / "ambiguous.yaml", entries),
    )


def _load_shared_forms(
    path: Path, entries: dict[str, GazetteerEntry]
) -> dict[str, tuple[str, ...]]:
    if not path.exists():
        return {}
    by_iso2 = {e.iso2: e.key for e in entries.values() if e.iso2}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {
        form: tuple(by_iso2[code] for code in codes if code in by_iso2)
        for form, codes in data.items()
    }


@cache
def default_gazetteer() -> Gazetteer:
    return load_gazetteer()
