"""Money parsing (kg/extract/money.py): symbols, currency words, qualifiers, multipliers.

Pure: no spaCy pipeline. Amounts are written for these tests.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.extract.money import parse_amounts


def amounts(text: str) -> list[tuple[Decimal, str, str]]:
    return [(a.value, a.currency, a.text) for _, _, a in parse_amounts(text)]


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("$12 million", 12_000_000, "USD"),
        ("$250,000", 250_000, "USD"),
        ("US$1.2 billion", 1_200_000_000, "USD"),
        ("A$40 million", 40_000_000, "AUD"),
        ("NZ$20 million", 20_000_000, "NZD"),
        ("€4.5 million", 4_500_000, "EUR"),
        ("¥300 million", 300_000_000, "JPY"),
        ("£3bn", 3_000_000_000, "GBP"),
        ("$5m", 5_000_000, "USD"),
    ],
)
def test_symbol_amounts(text: str, value: int, currency: str) -> None:
    assert amounts(f"The fund pledged {text} to the project.") == [(Decimal(value), currency, text)]


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("3.2 billion euros", 3_200_000_000, "EUR"),
        ("180 million Nepali rupees", 180_000_000, "NPR"),
        ("250 million Nepalese rupees", 250_000_000, "NPR"),
        ("70 million rupees", 70_000_000, "INR"),
        ("50 million Australian dollars", 50_000_000, "AUD"),
        ("15 dollars", 15, "USD"),
        ("2,500,000 yen", 2_500_000, "JPY"),
        ("1.5 trillion won", 1_500_000_000_000, "KRW"),
        ("40 Swiss francs", 40, "CHF"),
    ],
)
def test_word_amounts(text: str, value: int, currency: str) -> None:
    assert amounts(f"The fund pledged {text} to the project.") == [(Decimal(value), currency, text)]


def test_values_are_whole_decimals_when_they_can_be() -> None:
    ((value, _, _),) = amounts("$12 million")
    assert value == Decimal(12_000_000)
    assert str(value) == "12000000"
    ((fraction, _, _),) = amounts("$0.5")
    assert fraction == Decimal("0.5")


def test_offsets_point_at_the_amount() -> None:
    text = "Oslo gave $5 million and €2 million."
    found = parse_amounts(text)
    assert [text[start:end] for start, end, _ in found] == ["$5 million", "€2 million"]
    assert [a.currency for _, _, a in found] == ["USD", "EUR"]


@pytest.mark.parametrize(
    "text",
    [
        "About 12 million people live in the delta.",
        "In 2024 the fund grew.",
        "The price rose by 5 percent.",
        "Dollar reserves were discussed.",
    ],
)
def test_numbers_without_currency_are_no_amounts(text: str) -> None:
    assert parse_amounts(text) == []


def test_year_before_the_verb_won_is_no_amount() -> None:
    assert parse_amounts("Brazil, which in 2019 won the bid, will host the games.") == []


def test_number_before_the_adjective_real_is_no_amount() -> None:
    assert parse_amounts("Officials listed 3 real risks to the harvest.") == []
