"""The pipeline's entity repairs (kg/extract/pipeline.py), read through the Extraction.

Each repair gets a sentence that needs it and one that must not set it off: institution
names kept whole, titles and honorifics split off names, named events, framework phrases,
surname repairs. Sentences are written for these tests (not the seed's or the dev corpus').
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from spacy.tokens import Span

from kg.model import EVENT, FRAMEWORK, GOVERNMENT_BODY, PERSON, SUMMIT, Entity, Extraction

pytestmark = pytest.mark.slow

Extract = Callable[..., Extraction]


def entities(extraction: Extraction) -> dict[str, Entity]:
    return {e.key: e for e in extraction.entities}


def labels(extraction: Extraction) -> set[str]:
    return {e.label for e in extraction.entities}


def entity(extraction: Extraction, key: str) -> Entity:
    found = entities(extraction)
    assert key in found, f"{key} not among {sorted(found)}"
    return found[key]


def keys_of_kind(extraction: Extraction, kind: str) -> set[str]:
    return {e.key for e in extraction.entities if e.key.startswith(f"{kind}/")}


# --- institution names (_institution_names) -------------------------------------------------


def test_coordinated_institution_name_is_kept_whole(extract: Extract) -> None:
    x = extract("The Ghanaian Ministry of Agriculture and Rural Development hosted a workshop.")
    body = entity(x, "organization/ghana-ministry-of-agriculture-and-rural-development")
    assert body.label == "Ministry of Agriculture and Rural Development"
    assert body.types == (GOVERNMENT_BODY,)
    assert "Rural Development" not in labels(x)
    assert "Ministry of Agriculture" not in labels(x)


def test_institution_name_stops_at_a_lower_case_conjunct(extract: Extract) -> None:
    x = extract("The Ministry of Health and the World Bank signed a memorandum.")
    assert entity(x, "organization/ministry-of-health").label == "Ministry of Health"
    assert "organization/world-bank" in entities(x)
    assert not [label for label in labels(x) if "Health" in label and "Bank" in label]


def test_institution_name_stops_before_of_state(extract: Extract) -> None:
    x = extract(
        "Officials from the Ministry of Agriculture and Rural Development of Ghana attended."
    )
    assert "Ministry of Agriculture and Rural Development" in labels(x)
    assert not [label for label in labels(x) if label.endswith(" of")]


def test_a_union_is_an_institution(extract: Extract) -> None:
    x = extract("Members of the Ghana National Dockworkers Union marched in Accra on Monday.")
    assert "organization/ghana-national-dockworkers-union" in entities(x)


def test_a_known_union_keeps_its_name(extract: Extract) -> None:
    x = extract("The African Union and the European Union met in Brussels.")
    assert {"organization/african-union", "organization/eu"} <= set(entities(x))


def test_general_before_an_institution_head_is_part_of_the_name(extract: Extract) -> None:
    x = extract(
        "The trucks were handed over by China to Ghana's General Commissariat of Customs at a "
        "ceremony in Accra."
    )
    body = entity(x, "organization/general-commissariat-of-customs")
    assert body.label == "General Commissariat of Customs"
    assert not [e for e in x.entities if e.types == (PERSON,)]


def test_general_as_a_rank_stays_out_of_names(extract: Extract) -> None:
    x = extract("Lieutenant General Kofi Mensah, head of the Ghana Armed Forces, spoke.")
    assert "Kofi Mensah" in labels(x)
    assert not [label for label in labels(x) if "General" in label]


def test_a_known_body_s_name_goes_on_through_its_complement(extract: Extract) -> None:
    x = extract(
        "Japan pledged funds to the UN Relief and Works Agency for Palestine Refugees (UNRWA) "
        "on Monday."
    )
    assert "organization/unrwa" in entities(x)
    assert not [label for label in labels(x) if label.startswith("Works Agency")]


def test_a_known_body_before_an_adjunct_keeps_its_name(extract: Extract) -> None:
    x = extract("The World Bank for its part made no comment.")
    assert "organization/world-bank" in entities(x)


# --- titles and honorifics glued to names (_clean) ------------------------------------------


def test_title_glued_to_name_is_split_into_a_post(extract: Extract) -> None:
    x = extract("Norwegian Ambassador Ingrid Solberg presented her credentials in Accra.")
    person = entity(x, "person/ingrid-solberg")
    assert person.label == "Ingrid Solberg"
    assert person.types == (PERSON,)
    posts = [(f.object, f.title) for f in x.facts if f.subject == person.key]
    assert posts == [("country/norway", "Ambassador")]


def test_honorific_is_trimmed_but_is_not_a_post(extract: Extract) -> None:
    x = extract("Dr. Ingrid Solberg presented the report in Accra.")
    assert entity(x, "person/ingrid-solberg").label == "Ingrid Solberg"
    assert not [f for f in x.facts if f.predicate == "affiliatedWith"]


# --- named events (_named_events) -------------------------------------------------------------


def test_numbered_forum_is_a_named_event(extract: Extract) -> None:
    x = extract("Delegates gathered in Lisbon for the 5th Ocean Forum.")
    event = entity(x, "named-event/5th-ocean-forum")
    assert event.label == "5th Ocean Forum"
    assert event.types == (EVENT,)


def test_year_and_conference_make_a_named_event(extract: Extract) -> None:
    x = extract("Delegates attended the 2026 Lisbon Ocean Conference.")
    assert entity(x, "named-event/2026-lisbon-ocean-conference").types == (EVENT,)


def test_named_summit_is_a_summit(extract: Extract) -> None:
    x = extract("Kenya's hosting of the 4th Nairobi Climate Summit drew praise.")
    assert entity(x, "named-event/4th-nairobi-climate-summit").types == (SUMMIT,)


def test_unnumbered_forum_is_not_a_named_event(extract: Extract) -> None:
    x = extract("Delegates gathered in Lisbon for the Ocean Forum.")
    assert keys_of_kind(x, "named-event") == set()


def test_lone_summit_is_not_a_named_event(extract: Extract) -> None:
    x = extract("Leaders arrived for the Summit on Friday.")
    assert keys_of_kind(x, "named-event") == set()


def test_a_name_before_an_exercise_noun_names_the_exercise(extract: Extract) -> None:
    x = extract("Chile and Peru will resume the Cobra Gold joint naval exercise in May.")
    assert entity(x, "named-event/cobra-gold").types == (EVENT,)
    assert keys_of_kind(x, "person") == set()


def test_a_name_after_an_exercise_noun_names_the_exercise(extract: Extract) -> None:
    x = extract("Norway and Sweden began the NATO exercise Steadfast Noon 2024 on Monday.")
    assert keys_of_kind(x, "named-event") == {"named-event/steadfast-noon-2024"}


def test_a_state_or_a_day_beside_an_exercise_is_no_name(extract: Extract) -> None:
    x = extract("Peru joined the Chilean military exercise, and the drills Monday went well.")
    assert keys_of_kind(x, "named-event") == set()


def test_a_capital_and_a_capitalised_framework_head_name_a_framework(extract: Extract) -> None:
    x = extract("Angola has mediated between the two neighbours under the Luanda Process.")
    assert keys_of_kind(x, "framework") == {"framework/luanda-process"}
    assert keys_of_kind(x, "place") == set()


def test_a_capital_before_a_lowercase_framework_word_stays_a_place(extract: Extract) -> None:
    x = extract("Peru praised the Lima cooperation with Chile.")
    assert keys_of_kind(x, "framework") == set()
    assert keys_of_kind(x, "place") == {"place/lima"}


def test_an_organisation_s_organ_is_not_a_namesake_in_the_gazetteer(extract: Extract) -> None:
    x = extract("The African Union's Peace and Security Council will meet on Friday.")
    assert keys_of_kind(x, "organization") == {
        "organization/african-union",
        "organization/peace-and-security-council",
    }


def test_the_un_s_security_council_stays_the_gazetteer_s(extract: Extract) -> None:
    x = extract("The UN's Security Council will meet on Friday.")
    assert "organization/unsc" in keys_of_kind(x, "organization")


def test_a_state_inside_a_longer_framework_name_is_part_of_the_name(extract: Extract) -> None:
    x = extract("Korea will double the number of Global Korea Scholarship places.")
    assert keys_of_kind(x, "framework") == {"framework/global-korea-scholarship"}


def test_a_state_opening_a_framework_word_stays_the_state(extract: Extract) -> None:
    x = extract("Peru praised Korea Cooperation in the region.")
    assert keys_of_kind(x, "framework") == set()


def test_a_policy_of_something_is_named_by_what_it_holds(extract: Extract) -> None:
    x = extract("Laos adheres to a policy of permanent neutrality and non-alignment.")
    assert keys_of_kind(x, "framework") == {"framework/permanent-neutrality-and-non-alignment"}


def test_the_policy_of_a_government_is_no_policy_named(extract: Extract) -> None:
    x = extract("The policy of the government is clear.")
    assert keys_of_kind(x, "framework") == set()


def test_people_before_a_name_an_acronym_spells_are_no_part_of_it(extract: Extract) -> None:
    x = extract("Leaders of the Pacific Islands Forum (PIF) met in Apia.")
    assert "framework/pacific-islands-forum" in {e.key for e in x.entities}
    assert keys_of_kind(x, "named-event") == set()


def test_a_body_before_a_name_an_acronym_spells_stays_in_the_organ_s_name(
    extract: Extract,
) -> None:
    x = extract("The Permanent Council of the Organization of American States (OAS) met.")
    assert "organization/permanent-council-of-the-organization-of-american-states" in {
        e.key for e in x.entities
    }


def test_a_name_before_a_treaty_noun_names_the_treaty(extract: Extract) -> None:
    x = extract("Tuvalu urged Australia to speed up visa places under the Falepili Union treaty.")
    assert keys_of_kind(x, "framework") == {"framework/falepili-union"}
    assert keys_of_kind(x, "organization") == set()


def test_a_body_before_a_cooperation_noun_stays_a_body(extract: Extract) -> None:
    x = extract("Laos praised the Korea International Cooperation Agency cooperation with Peru.")
    assert keys_of_kind(x, "framework") == set()


def test_year_before_a_conference_belongs_to_its_name(extract: Extract) -> None:
    x = extract("Kenya's hosting of the 2026 Nairobi Water Conference drew praise.")
    assert keys_of_kind(x, "named-event") == {"named-event/2026-nairobi-water-conference"}


# --- framework phrases (_framework_phrases) ---------------------------------------------------


def test_proper_name_adjective_and_framework_noun_is_a_framework(extract: Extract) -> None:
    x = extract("Officials discussed Arctic scientific cooperation in Tromso.")
    framework = entity(x, "framework/arctic-scientific-cooperation")
    assert framework.label == "Arctic scientific cooperation"
    assert framework.types == (FRAMEWORK,)


def test_demonym_and_framework_noun_is_not_a_framework(extract: Extract) -> None:
    x = extract("Officials discussed Finnish maritime cooperation in Riga.")
    assert keys_of_kind(x, "framework") == set()
    assert "country/finland" in entities(x)


# --- surname repairs (_surname_repairs) -------------------------------------------------------


def test_surname_tagged_as_place_is_repaired_to_the_person(extract: Extract) -> None:
    x = extract(
        "Finance Minister Bola Adeyemi met investors. Adeyemi said Nigeria would borrow less."
    )
    assert "Adeyemi" in entity(x, "person/bola-adeyemi").aliases
    assert keys_of_kind(x, "place") == set()
    assert keys_of_kind(x, "person") == {"person/bola-adeyemi"}


def test_surname_tagged_as_organization_is_repaired_to_the_person(extract: Extract) -> None:
    x = extract("Amina Wanjiru Kamau met students. Later, Kamau visited Ghana.")
    assert "Kamau" in entity(x, "person/amina-wanjiru-kamau").aliases
    assert keys_of_kind(x, "organization") == set()


def test_untagged_surname_is_repaired_to_the_person(extract: Extract) -> None:
    x = extract(
        "Chilean Foreign Minister Diego Fuentes spoke in Lima. Fuentes thanked Peru for the "
        "invitation."
    )
    fuentes = entity(x, "person/diego-fuentes")
    assert "Fuentes" in fuentes.aliases
    assert len(fuentes.mentions) == 2
    assert keys_of_kind(x, "person") == {"person/diego-fuentes"}


def test_lone_name_without_an_earlier_full_name_is_not_made_a_person(extract: Extract) -> None:
    x = extract("“Yes, we agree with that view,” Fuentes said.")
    assert keys_of_kind(x, "person") == set()


# --- people's names the model stopped short (_clean, _rest_of_name) --------------------------


def test_a_hyphenated_given_name_keeps_its_lower_case_half(extract: Extract) -> None:
    x = extract("South Korean President Park Seo-yeon met the delegation in Seoul.")
    assert "Park Seo-yeon" in labels(x)


def test_a_lower_case_word_after_a_name_stays_out(extract: Extract) -> None:
    x = extract("President Park Seo-yeon – now retired – met the delegation in Seoul.")
    assert not [label for label in labels(x) if "now" in label]


@pytest.mark.parametrize(
    "text",
    [
        "Army spokesman Colonel Jean-Baptiste Mutombo Kalenga said the shells hit a camp.",
        "Army spokesman Colonel Jean-Paul Mbuyi Kalonda said the shells hit a camp.",
        "UN spokesman Colonel Jean-Claude Mbuyi Tshibanda said the shells hit a camp.",
    ],
)
def test_a_name_the_model_read_as_two_or_left_untagged_is_one(extract: Extract, text: str) -> None:
    people = [e.label for e in extract(text).entities if e.types == (PERSON,)]
    assert len(people) == 1 and len(people[0].split()) == 3


def test_two_names_joined_by_and_stay_two(extract: Extract) -> None:
    x = extract("Talks between Kwame Asante and John Mahama ended on Monday.")
    assert {"Kwame Asante", "John Mahama"} <= labels(x)


def test_a_name_set_off_before_a_post_is_a_person(extract: Extract) -> None:
    x = extract(
        "The trucks were received in the presence of Touch Vannarith, Deputy Prime Minister "
        "and Minister of Commerce."
    )
    assert "Touch Vannarith" in labels(x)


def test_a_place_set_off_before_a_post_is_no_person(extract: Extract) -> None:
    x = extract(
        "The ceremony took place at Chaktomuk Conference Hall, the Deputy Prime Minister said."
    )
    assert not [e for e in x.entities if e.types == (PERSON,)]


def test_a_first_name_after_a_post_belongs_to_the_name(extract: Extract) -> None:
    x = extract('"Trade must go on," SACU Executive Secretary Ana Paula Nhantumbo told reporters.')
    assert "Ana Paula Nhantumbo" in labels(x)


def test_a_portfolio_word_before_a_name_stays_out_of_it(extract: Extract) -> None:
    x = extract("The Minister of Foreign Affairs Kittipong Sirisawat spoke on Monday.")
    assert "Kittipong Sirisawat" in labels(x)


def test_a_project_s_name_goes_on_to_name_where_it_is(extract: Extract) -> None:
    x = extract(
        "Officials marked the start of the Project for the Improvement of Rural Roads in "
        "Svay Rieng on Monday."
    )
    project = entity(x, "framework/project-for-the-improvement-of-rural-roads-in-svay-rieng")
    assert project.types == (FRAMEWORK,)


def test_a_project_s_name_stops_before_a_whole_state(extract: Extract) -> None:
    x = extract(
        "Officials marked the start of the Project for the Improvement of Rural Roads in "
        "Laos on Monday."
    )
    assert "country/laos" in entities(x)
    assert "Project for the Improvement of Rural Roads" in labels(x)


# --- names after honorifics, portfolios inside titles ----------------------------------------


def test_words_after_an_honorific_are_a_persons_name(extract: Extract) -> None:
    x = extract("H.E. Sar Pisey, Secretary of State, received the delegation in Phnom Penh.")
    assert entity(x, "person/sar-pisey").label == "Sar Pisey"


def test_title_after_an_honorific_is_no_name(extract: Extract) -> None:
    x = extract("H.E. Deputy Prime Minister welcomed the delegation in Phnom Penh.")
    assert not [e for e in x.entities if e.key.startswith("person/")]


def test_long_honorific_is_trimmed_from_the_name(extract: Extract) -> None:
    x = extract("Samdech Moha Bovor Thipadei Sar Pisey opened the bridge in Kampot.")
    assert "Sar Pisey" in labels(x)
    assert not [label for label in labels(x) if "Moha" in label]


def test_portfolio_inside_a_title_is_no_body(extract: Extract) -> None:
    x = extract(
        "Sar Pisey, Minister of Culture and Fine Arts and Regional Integration, opened the show."
    )
    assert "Regional Integration" not in labels(x)
    assert "Fine Arts" not in labels(x)


def test_portfolio_inside_a_ministry_name_stays_in_the_name(extract: Extract) -> None:
    x = extract("The Ministry of Culture and Regional Integration opened the show.")
    assert "Ministry of Culture and Regional Integration" in labels(x)


# --- names opened by hyphenated parties ("India–Kenya Joint Commission") -------------------


@pytest.mark.parametrize(
    "name",
    [
        "Ghana–Togo Joint Commission",
        "Chile-New Zealand Joint Working Group",
        "Peru-Mercosur Free Trade Agreement",
    ],
)
def test_hyphenated_parties_open_the_name(extract: Extract, name: str) -> None:
    x = extract(f"Officials convened the {name} in Accra on Monday.")
    assert name in labels(x)


def test_spaced_dash_joins_no_names(extract: Extract) -> None:
    x = extract("Officials from Ghana - the host - convened the Joint Commission in Accra.")
    assert not [label for label in labels(x) if label.startswith("Ghana") and label != "Ghana"]


def test_instrument_name_stops_before_a_date(extract: Extract) -> None:
    x = extract("Peru and Mercosur signed the Peru-Mercosur Free Trade Agreement on Tuesday.")
    assert "Peru-Mercosur Free Trade Agreement" in labels(x)
    assert not [label for label in labels(x) if "Tuesday" in label]


def test_proper_nouns_after_a_rank_are_a_persons_name(extract: Extract) -> None:
    x = extract("Troops under Lieutenant Colonel Amadou Keita entered the town.")
    assert "Amadou Keita" in labels(x)


def test_body_after_a_title_word_is_no_name(extract: Extract) -> None:
    x = extract("The Executive Board approved the loan on Monday.")
    assert not [e for e in x.entities if e.key.startswith("person/")]


def test_count_before_a_head_word_names_no_event(extract: Extract) -> None:
    x = extract("Delegates came from all 18 Forum members.")
    assert not [e for e in x.entities if e.key.startswith("named-event/")]


def test_ordinal_before_a_head_word_names_an_event(extract: Extract) -> None:
    x = extract("Leaders gathered at the 54th Forum in Suva.")
    assert "54th Forum" in labels(x)


# --- states inside other names: regions and currencies --------------------------------------


def test_region_named_after_a_continent_is_no_state(extract: Extract) -> None:
    x = extract("Exports to Latin America and Central America rose.")
    assert "country/united-states" not in entities(x)
    assert {"Latin America", "Central America"} <= labels(x)


def test_currency_named_for_a_state_is_no_mention_of_it(extract: Extract) -> None:
    x = extract("Chile lent 5 million U.S. dollars to Peru.")
    assert "country/united-states" not in entities(x)


def test_state_after_a_compass_word_of_its_own_name_stays(extract: Extract) -> None:
    x = extract("South Africa and North Korea met in Pretoria.")
    assert {"country/south-africa", "country/north-korea"} <= set(entities(x))


# --- places the model takes for people (_relabel, on spans labelled PERSON by hand) ----------


def _relabelled(extractor: Any, text: str, name: str) -> Span:
    from kg.extract.gazetteer import default_gazetteer
    from kg.extract.pipeline import _relabel

    doc = extractor.nlp(text)
    start = next(t.i for t in doc if text[t.idx :].startswith(name))
    end = next(t.i for t in doc if t.idx + len(t) >= text.index(name) + len(name)) + 1
    return _relabel(Span(doc, start, end, label="PERSON"), default_gazetteer())


@pytest.mark.parametrize(
    ("text", "name", "place"),
    [
        ("The delegation will travel to Arequipa on Friday.", "Arequipa", "Arequipa"),
        (
            "Engineers inspected the Tinajones reservoir on Monday.",
            "Tinajones",
            "Tinajones reservoir",
        ),
        ("Thousands marched along Grau Avenue in Lima.", "Grau Avenue", "Grau Avenue"),
    ],
)
def test_person_in_a_place_context_is_a_place(
    extractor: Any, text: str, name: str, place: str
) -> None:
    span = _relabelled(extractor, text, name)
    assert span.text == place
    assert span.label_ in {"LOC", "GPE"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Minister Rosa Quispe wrote to Juan Soto about the treaty.", "Juan Soto"),
        ("The treaty was signed between Juan Soto and Rosa Quispe.", "Juan Soto"),
    ],
)
def test_person_written_to_or_signing_stays_a_person(extractor: Any, text: str, name: str) -> None:
    span = _relabelled(extractor, text, name)
    assert (span.text, span.label_) == (name, "PERSON")


def test_city_before_an_instrument_is_part_of_its_name(extract: Extract) -> None:
    x = extract("Chile said Peru violated the Vienna Convention on Diplomatic Relations.")
    assert "Vienna Convention on Diplomatic Relations" in labels(x)


def test_city_apart_from_an_instrument_stays_a_city(extract: Extract) -> None:
    x = extract("Officials in Vienna signed the Convention on Cluster Munitions.")
    assert {"Vienna", "Convention on Cluster Munitions"} <= labels(x)


def test_two_coordinated_instruments_are_two_names(extract: Extract) -> None:
    x = extract("Ministers discussed the Andean Trade Agreement and the Caribbean Trade Agreement.")
    assert {"Andean Trade Agreement", "Caribbean Trade Agreement"} <= labels(x)


def test_portfolio_is_no_person_and_the_name_after_it_is(extract: Extract) -> None:
    x = extract(
        "Ghana's Cabinet Secretary for Trade and Diaspora Affairs, Ama Serwaa Owusu, signed "
        "the note in Accra."
    )
    assert "Diaspora Affairs" not in labels(x)
    assert [e for e in x.entities if e.key.startswith("person/") and "Owusu" in e.label]


def test_body_listed_after_a_comma_stays_a_body(extract: Extract) -> None:
    x = extract("Delegates of the Ministry of Trade, the African Union and Interpol met.")
    assert not [e for e in x.entities if e.key.startswith("person/")]


def test_exchange_of_notes_is_an_instrument_apart_from_its_project(extract: Extract) -> None:
    x = extract(
        "The Exchange of Notes for the Project for Rural Water was signed by Peru and Chile."
    )
    assert {"Exchange of Notes", "Project for Rural Water"} <= labels(x)


def test_stock_exchange_is_no_instrument(extract: Extract) -> None:
    x = extract("Shares fell on the Lima Stock Exchange on Monday.")
    assert not [e for e in x.entities if e.key.startswith("framework/")]
