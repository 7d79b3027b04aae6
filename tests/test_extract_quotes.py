"""Direct quotations and their speakers (kg/extract/quotes.py). Sentences written for these
tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from extraction_helpers import only_event

from kg.model import Extraction

pytestmark = pytest.mark.slow

Extract = Callable[..., Extraction]

INTRO = "Chilean Foreign Minister Diego Fuentes spoke in Lima."


def test_quote_then_surname_said(extract: Extract) -> None:
    x = extract(f"{INTRO} “We will keep our markets open to every partner,” Fuentes said.")
    (quote,) = x.quotations
    assert quote.speakers == ("person/diego-fuentes",)
    assert quote.text.startswith("We will keep our markets open to every partner")
    assert quote.evidence.extractor == "quotation"
    assert quote.evidence.sentence.text in x.document.text
    assert "“We will keep" in quote.evidence.sentence.text


def test_straight_quotes_and_a_pronoun_speaker(extract: Extract) -> None:
    x = extract(f'{INTRO} "Our ports will stay open to all traders," he told reporters.')
    (quote,) = x.quotations
    assert quote.speakers == ("person/diego-fuentes",)
    assert quote.text.startswith("Our ports will stay open to all traders")


def test_body_speaking_before_a_colon(extract: Extract) -> None:
    x = extract(
        "The Norwegian Directorate of Fisheries said: “Quotas for next season will be cut by "
        "a tenth.”"
    )
    (quote,) = x.quotations
    assert quote.speakers == ("organization/norway-directorate-of-fisheries",)
    assert quote.text == "Quotas for next season will be cut by a tenth."


def test_quoted_words_with_no_reporting_verb_are_no_quotation(extract: Extract) -> None:
    x = extract(
        "A banner at the gate read “Fair trade for every farmer in the valley” in large letters."
    )
    assert x.quotations == ()


def test_short_quoted_word_is_no_quotation(extract: Extract) -> None:
    x = extract(f"{INTRO} “Yes,” Fuentes said.")
    assert x.quotations == ()


# --- attribute_first_person: "I" and "our" inside a quotation are its speaker ----------------


def test_first_person_in_a_quotation_is_its_speaker(extract: Extract) -> None:
    x = extract(
        "“I would like to express our profound gratitude to the Government of Japan for this "
        "grant,” said Peruvian Minister Rosa Quispe."
    )
    gratitude = only_event(x, "SUPPORT", "gratitude")
    assert "person/rosa-quispe" in gratitude.actors
    grant = only_event(x, "AID", "grant")
    assert grant.actors == ("country/japan",)  # the one thanked gave it


def test_first_person_outside_a_quotation_stays_unresolved(extract: Extract) -> None:
    x = extract("I would like to express our gratitude to Japan. Rosa Quispe said so.")
    assert not [e for e in x.events if "person/rosa-quispe" in e.actors]


def test_transfer_announced_beside_thanks_keeps_its_own_roles(extract: Extract) -> None:
    x = extract("Fiji thanked New Zealand and announced a loan of NZ$5 million to Tonga.")
    loan = only_event(x, "AID", "loan")
    assert (loan.actors, loan.targets) == (("country/fiji",), ("country/tonga",))
