"""Money: "$28 million", "€8 million", "2.5 billion euros", "250 million Nepali rupees"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

import yaml

from kg.config import ontology_dir
from kg.model import MonetaryAmount


@dataclass(frozen=True)
class _Currencies:
    symbols: dict[str, str]
    words: dict[str, dict[str, str]]
    multipliers: dict[str, int]
    needs_multiplier: frozenset[str]


@cache
def _currencies() -> _Currencies:
    data = yaml.safe_load((ontology_dir() / "gazetteer" / "currencies.yaml").read_text("utf-8"))
    return _Currencies(
        data["symbols"],
        data["words"],
        data["multipliers"],
        frozenset(data.get("needs_multiplier", ())),
    )


_NUMBER = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"


@cache
def _pattern() -> re.Pattern[str]:
    c = _currencies()
    symbols = "|".join(re.escape(s) for s in sorted(c.symbols, key=len, reverse=True))
    mult = "|".join(sorted(c.multipliers, key=len, reverse=True))
    words = "|".join(sorted(c.words, key=len, reverse=True))
    return re.compile(
        rf"(?:(?P<sym>{symbols})\s?{_NUMBER}(?:\s?(?P<mult1>{mult})\b)?)"
        rf"|(?:{_NUMBER.replace('num', 'num2')}\s?(?:(?P<mult2>{mult})\s+)?"
        rf"(?P<qual>(?:[A-Z][a-z]+\s){{0,2}})(?P<word>{words})(?:s|es)?\b)",
        re.IGNORECASE,
    )


def parse_amounts(text: str) -> list[tuple[int, int, MonetaryAmount]]:
    """Every amount in ``text`` with its character offsets."""
    c = _currencies()
    found = []
    for match in _pattern().finditer(text):
        if match.group("sym"):
            number, mult = match.group("num"), match.group("mult1")
            symbol = match.group("sym")
            currency = c.symbols.get(symbol) or c.symbols.get(symbol.upper())
        else:
            number, mult = match.group("num2"), match.group("mult2")
            word = match.group("word").lower()
            if word in c.needs_multiplier and not mult:
                continue  # "in 2019 won", "3 real risks": words that are rarely money alone
            variants = c.words[word]
            qualifier = match.group("qual").strip().lower()
            currency = variants.get(qualifier, variants["default"])
        if currency is None:
            continue
        try:
            value = Decimal(number.replace(",", ""))
        except InvalidOperation:
            continue
        if mult:
            value *= c.multipliers[mult.lower()]
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))
        found.append((match.start(), match.end(), MonetaryAmount(value, currency, match.group(0))))
    return found


def is_currency_word(word: str) -> bool:
    """Whether ``word`` names a currency ("yen", "dollars")."""
    lower = word.lower()
    words = _currencies().words
    return lower in words or lower.rstrip("s") in words or lower.removesuffix("es") in words
