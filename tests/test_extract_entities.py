"""Entity mentions and in-document coreference (kg/extract/entities.py).

Demonyms, "the Chilean side", "both sides" / "the two sides", "the Kingdom", capitals as
subjects, surnames, pronouns and bracketed acronyms: for each, a sentence that must map the
words to the right entity and one that must not. Sentences are written for these tests.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from extraction_helpers import events_of, only_event

from kg.model import COUNTRY, PERSON, Entity, Extraction

pytestmark = pytest.mark.slow

Extract = Callable[..., Extraction]


def entities(extraction: Extraction) -> dict[str, Entity]:
    return {e.key: e for e in extraction.entities}


def entity(extraction: Extraction, key: str) -> Entity:
    found = entities(extraction)
    assert key in found, f"{key} not among {sorted(found)}"
    return found[key]


# --- gazetteer names and demonyms -------------------------------------------------------------


def test_demonym_is_a_mention_of_its_country(extract: Extract) -> None:
    x = extract("Kenyan Foreign Minister Amina Yusuf arrived in Accra.")
    kenya = entity(x, "country/kenya")
    assert kenya.types == (COUNTRY,)
    assert kenya.label == "Kenya"
    assert kenya.iso_code == "KE"
    assert "Kenyan" in kenya.aliases


def test_regional_adjective_is_not_a_country(extract: Extract) -> None:
    x = extract("Officials reviewed Andean regional cooperation in Quito.")
    assert not [e for e in x.entities if COUNTRY in e.types]


# --- "the Chilean side", "the Chilean government" ---------------------------------------------


def test_demonym_side_stands_for_the_state(extract: Extract) -> None:
    x = extract(
        "Peru and Chile held talks in Lima. The Chilean side thanked Peru for its hospitality."
    )
    assert "the Chilean side" in entity(x, "country/chile").aliases
    thanks = only_event(x, "SUPPORT", "thanked")
    assert thanks.actors == ("country/chile",)
    assert thanks.targets == ("country/peru",)


def test_demonym_government_stands_for_the_state(extract: Extract) -> None:
    x = extract("Peru and Chile held talks in Lima. The Chilean government praised Peru.")
    assert "the Chilean government" in entity(x, "country/chile").aliases


def test_demonym_before_other_nouns_is_no_state_phrase(extract: Extract) -> None:
    x = extract("The Chilean people praised Peru.")
    assert not [a for a in entity(x, "country/chile").aliases if "people" in a]


# --- "both sides", "the two sides" ------------------------------------------------------------


@pytest.mark.parametrize("phrase", ["Both sides", "The two sides"])
def test_pair_phrase_stands_for_the_two_states(extract: Extract, phrase: str) -> None:
    x = extract(f"Norway and Ghana signed a fisheries accord. {phrase} agreed to share catch data.")
    agree = only_event(x, "AGREE")
    assert set(agree.actors) == {"country/norway", "country/ghana"}


def test_pair_phrase_with_one_state_named_stands_for_nobody(extract: Extract) -> None:
    x = extract("Norway signed a fisheries accord. Both sides agreed to share catch data.")
    assert events_of(x, "AGREE") == []


def test_pair_phrase_stands_for_the_two_bodies_just_named_as_subject(extract: Extract) -> None:
    x = extract(
        "Senior officials of ASEAN and the European Union called on Myanmar and Thailand to "
        "reopen their border, as the two sides reviewed their partnership at a meeting in Jakarta."
    )
    assert only_event(x, "CONSULT", "meeting").actors == ("framework/asean", "organization/eu")


def test_pair_phrase_is_not_the_pair_a_clause_speaks_of(extract: Extract) -> None:
    x = extract(
        "Ghana and Togo discussed the trade pact between Mercosur and the European Union. "
        "Both sides agreed to study it."
    )
    assert set(only_event(x, "AGREE").actors) == {"country/ghana", "country/togo"}


def test_pair_phrase_is_not_the_pair_that_acts_on_it(extract: Extract) -> None:
    x = extract(
        "Ghana and Togo signed a border deal on Monday. The African Union and the European "
        "Union welcomed the deal and urged both governments to implement it."
    )
    assert set(only_event(x, "REQUEST", "urged").targets) == {"country/ghana", "country/togo"}


# --- "police" with no article: the report's own state's ---------------------------------------


def test_police_with_no_article_are_the_dateline_state_s(extract: Extract) -> None:
    x = extract("PHNOM PENH, May 3 – Two Thai fishermen were detained by police in Kampot.")
    assert only_event(x, "COERCE", "detained").actors == ("country/cambodia",)


def test_police_of_a_named_body_are_not_the_dateline_state_s(extract: Extract) -> None:
    x = extract("PHNOM PENH, May 3 – Two Thai fishermen were detained by UN police in Kampot.")
    assert only_event(x, "COERCE", "detained").actors == ("organization/un",)


# --- "the Kingdom" ----------------------------------------------------------------------------


def test_the_kingdom_is_the_one_kingdom_named(extract: Extract) -> None:
    x = extract(
        "Thailand and Chile signed a trade pact in Santiago. The Kingdom welcomed the outcome."
    )
    assert "the Kingdom" in entity(x, "country/thailand").aliases
    assert "Kingdom" not in {e.label for e in x.entities}
    assert only_event(x, "SUPPORT", "welcomed").actors == ("country/thailand",)


def test_the_kingdom_with_two_kingdoms_named_stays_unresolved(extract: Extract) -> None:
    x = extract(
        "Thailand and Norway signed a trade pact in Oslo. The Kingdom welcomed the outcome."
    )
    assert not [e for e in x.entities if "the Kingdom" in e.aliases]
    assert events_of(x, "SUPPORT", "welcomed") == []


def test_the_kingdom_with_no_kingdom_named_stays_unresolved(extract: Extract) -> None:
    x = extract("Chile and Peru signed a trade pact. The Kingdom welcomed the outcome.")
    assert not [e for e in x.entities if "the Kingdom" in e.aliases]
    assert events_of(x, "SUPPORT", "welcomed") == []


def test_the_kingdom_in_lower_case_is_the_one_kingdom_named(extract: Extract) -> None:
    x = extract("Saudi Arabia and Iran held talks in Beijing. The kingdom also thanked Oman.")
    assert only_event(x, "SUPPORT", "thanked").actors == ("country/saudi-arabia",)


def test_a_kingdom_with_its_own_name_is_no_reference(extract: Extract) -> None:
    x = extract("Chile and Peru signed a trade pact. The Hashemite kingdom of Jordan welcomed it.")
    assert not [e for e in x.entities if "the kingdom" in e.aliases]


# --- "Minister of Water Resources Shavkat Ergashev": the name after a portfolio ---------------


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("The deal was signed by Uzbek Minister of Water Resources Shavkat Ergashev.",
         "person/shavkat-ergashev"),
        ("The deal was signed by Minister of Foreign Affairs Prak Sokhonn.",
         "person/prak-sokhonn"),
        ("It was signed by Canadian Minister of International Trade Claire Beaulieu-Hart.",
         "person/claire-beaulieu-hart"),
        ("New Zealand Minister for the Pacific Aroha Tane spoke on Monday.",
         "person/aroha-tane"),
    ],
)  # fmt: skip
def test_the_name_after_a_posts_portfolio_is_a_person(
    extract: Extract, text: str, person: str
) -> None:
    assert person in {e.key for e in extract(text).entities}


def test_a_region_named_without_a_post_names_no_person(extract: Extract) -> None:
    x = extract("Funding for the Pacific Resilience Facility rose on Monday.")
    assert not [e for e in x.entities if PERSON in e.types]


def test_a_body_named_after_a_portfolio_is_no_person(extract: Extract) -> None:
    x = extract("The Minister of Foreign Affairs Office Director spoke on Monday.")
    assert not [e for e in x.entities if PERSON in e.types]


# --- a defined acronym recurring where the model tagged nothing -------------------------------


def test_a_defined_acronym_names_its_entity_where_it_recurs(extract: Extract) -> None:
    x = extract(
        "The Congolese Armed Forces of Kivu (FACK) said on Tuesday that shells fell on Goma. "
        "Rwanda accused the FACK of shelling Gisenyi."
    )
    accusation = only_event(x, "ACCUSE", "accused")
    assert accusation.targets == ("organization/congolese-armed-forces-of-kivu",)


def test_an_undefined_acronym_names_nothing(extract: Extract) -> None:
    x = extract("Rwanda accused the FACK of shelling Gisenyi.")
    assert only_event(x, "ACCUSE", "accused").targets == ()


def test_a_defined_acronym_inside_another_name_is_not_its_entity(extract: Extract) -> None:
    x = extract(
        "The 25th ASEAN-EU Senior Officials' Meeting (SOM) was held in Phnom Penh. The 26th "
        "ASEAN-EU SOM will be hosted by the EU next year."
    )
    hosted = {f.object for f in x.facts if f.predicate == "hosts"}
    assert not any("25th" in key for key in hosted)


# --- capitals as subjects ---------------------------------------------------------------------


def test_capital_as_subject_stands_for_its_state(extract: Extract) -> None:
    x = extract("Ottawa criticised Ghana over the delay.")
    assert "Ottawa" in entity(x, "country/canada").aliases
    accuse = only_event(x, "ACCUSE")
    assert accuse.actors == ("country/canada",)
    assert accuse.targets == ("country/ghana",)


def test_capital_as_subject_of_support_stands_for_its_state(extract: Extract) -> None:
    x = extract("Thailand and Chile signed a trade pact. Bangkok welcomed the outcome.")
    assert "Bangkok" in entity(x, "country/thailand").aliases
    assert only_event(x, "SUPPORT", "welcomed").actors == ("country/thailand",)


def test_capital_as_a_location_stays_a_place(extract: Extract) -> None:
    x = extract("The talks were held in Nairobi.")
    assert "place/nairobi" in entities(x)
    assert "country/kenya" not in entities(x)


def test_capital_tagged_as_organization_still_stands_for_its_state(extract: Extract) -> None:
    x = extract("Nairobi welcomed the decision by Ghana.")
    assert "organization/nairobi" not in entities(x)
    assert only_event(x, "SUPPORT", "welcomed").actors == ("country/kenya",)


# --- surnames (entity-level coreference) ------------------------------------------------------


def test_surname_refers_to_the_person_named_earlier(extract: Extract) -> None:
    x = extract("Ghanaian President Kofi Boateng opened the fair. Boateng praised Kenya.")
    boateng = entity(x, "person/kofi-boateng")
    assert boateng.label == "Kofi Boateng"
    assert "Boateng" in boateng.aliases
    assert "person/boateng" not in entities(x)
    praise = only_event(x, "SUPPORT", "praised")
    assert "person/kofi-boateng" in praise.actors
    assert praise.targets == ("country/kenya",)


def test_other_surname_is_another_person(extract: Extract) -> None:
    x = extract("Ghanaian President Kofi Boateng opened the fair. Otieno praised Kenya.")
    assert "Otieno" not in entity(x, "person/kofi-boateng").aliases
    assert "person/otieno" in entities(x)
    assert "person/kofi-boateng" not in only_event(x, "SUPPORT", "praised").actors


def test_untagged_surname_refers_to_the_person_named_earlier(extract: Extract) -> None:
    x = extract("Indian envoy Rahul Mehta arrived in Accra. Mehta thanked Ghana.")
    assert "Mehta" in entity(x, "person/rahul-mehta").aliases
    assert "person/rahul-mehta" in only_event(x, "SUPPORT", "thanked").actors


# --- pronouns ---------------------------------------------------------------------------------


def test_its_refers_to_the_state_before_it(extract: Extract) -> None:
    x = extract("Norway reaffirmed its support for Ghana.")
    support = only_event(x, "SUPPORT")
    assert support.actors == ("country/norway",)
    assert support.targets == ("country/ghana",)


def test_he_refers_to_the_one_person_named_before(extract: Extract) -> None:
    x = extract(
        "Chilean Foreign Minister Diego Fuentes arrived in Lima. He thanked Peru for the "
        "invitation."
    )
    thanks = only_event(x, "SUPPORT", "thanked")
    assert set(thanks.actors) == {"person/diego-fuentes", "country/chile"}
    assert thanks.targets == ("country/peru",)


def test_he_with_two_people_named_before_stays_unresolved(extract: Extract) -> None:
    x = extract(
        "Diego Fuentes and Lucia Salas arrived in Lima. He thanked Peru for the invitation."
    )
    assert events_of(x, "SUPPORT", "thanked") == []


# --- acronyms defined in brackets -------------------------------------------------------------


def test_bracketed_acronym_names_the_entity_before_it(extract: Extract) -> None:
    x = extract("The Nordic Energy Institute (NEI) published a study. NEI said prices would fall.")
    institute = entity(x, "organization/nordic-energy-institute")
    assert "NEI" in institute.aliases
    assert len(institute.mentions) >= 2
    assert [e.key for e in x.entities if e.key.startswith("organization/")] == [institute.key]


def test_bracketed_word_that_is_no_acronym_is_no_alias(extract: Extract) -> None:
    x = extract("The Nordic Energy Institute (Oslo) published a study.")
    assert entity(x, "organization/nordic-energy-institute").aliases == ()


# --- places the model takes for people or bodies ----------------------------------------------


def test_names_in_a_list_after_in_are_places(extract: Extract) -> None:
    x = extract("The project will build roads in Champasak, Salavan and Attapeu.")
    assert "place/salavan" in entities(x)
    assert not any(k.startswith("person/") for k in entities(x))


def test_person_after_a_title_stays_a_person(extract: Extract) -> None:
    x = extract("The envoy met Minister Salavan Keo in Vientiane.")
    assert not any(k == "place/salavan-keo" for k in entities(x))


def test_demonym_before_a_place_word_names_a_place(extract: Extract) -> None:
    x = extract("Both sides discussed peace on the Korean Peninsula.")
    assert "place/korean-peninsula" in entities(x)
    assert "country/south-korea" not in entities(x)


def test_a_region_s_name_before_a_feature_of_nature_names_the_feature(extract: Extract) -> None:
    x = extract("Patrol boats from both navies sailed through the East China Sea on Monday.")
    assert "place/east-china-sea" in entities(x)
    assert "country/china" not in entities(x)


def test_a_feature_of_nature_named_after_a_state_is_a_place(extract: Extract) -> None:
    x = extract("Navies from both states patrolled the Gulf of Guinea on Monday.")
    assert "place/gulf-of-guinea" in entities(x)
    assert "country/guinea" not in entities(x)


def test_a_state_after_of_that_names_no_feature_stays_the_state(extract: Extract) -> None:
    x = extract("The President of Guinea arrived in Accra on Monday.")
    assert "country/guinea" in entities(x)


def test_a_state_before_a_word_that_is_no_feature_of_nature_stays_the_state(
    extract: Extract,
) -> None:
    x = extract("Officials from Ghana Customs inspected the cargo.")
    assert not any(k.startswith("place/ghana") for k in entities(x))


def test_capital_as_a_place(extract: Extract) -> None:
    x = extract("The ministers met in Kuwait City on Monday.")
    assert "place/kuwait-city" in entities(x)
    assert "country/kuwait" not in entities(x)


def test_capital_standing_for_its_government(extract: Extract) -> None:
    x = extract("Kuwait City announced new aid.")
    assert "country/kuwait" in entities(x)


# --- "the ministry", "the bloc": bodies named before -----------------------------------------


def test_the_ministry_is_the_ministry_named_before(extract: Extract) -> None:
    x = extract(
        "Ghana's Ministry of Foreign Affairs summoned the envoy. "
        "The ministry accused Togo of violating the border."
    )
    accusation = [e for e in x.events if e.event_type == "ACCUSE"]
    assert accusation
    assert any(a.startswith("organization/") and "ministry" in a for a in accusation[0].actors)


def test_the_ministry_with_no_ministry_before_is_nobody(extract: Extract) -> None:
    x = extract("The ministry accused Togo of violating the border.")
    assert not [e for e in x.events if e.event_type == "ACCUSE"]


def test_the_bloc_is_the_grouping_named_before(extract: Extract) -> None:
    x = extract("ECOWAS met in Abuja on Monday. The bloc condemned the coup in Niger.")
    condemnation = [e for e in x.events if e.event_type == "ACCUSE"]
    assert condemnation and "organization/ecowas" in condemnation[0].actors


# --- forms two states share (ambiguous.yaml) -------------------------------------------------


def test_shared_demonym_resolves_to_the_one_state_the_report_names(extract: Extract) -> None:
    x = extract("Fighting flared in the east of the DRC. Congolese troops returned fire.")
    fire = only_event(x, "ASSAULT", "returned")
    assert fire.actors == ("country/democratic-republic-of-the-congo",)


def test_shared_demonym_without_a_named_state_stays_unresolved(extract: Extract) -> None:
    x = extract("Congolese troops returned fire.")
    assert not [e for e in x.entities if e.key.startswith("country/")]


# --- "the Royal Government": a government's style without its state -------------------------


def test_royal_government_stands_for_the_home_state(extract: Extract) -> None:
    x = extract(
        "BANGKOK, May 3 – On behalf of the Royal Government, Minister Anong Srisuk thanked "
        "Laos for its help."
    )
    assert "Royal Government" not in {e.label for e in x.entities}
    thanks = only_event(x, "SUPPORT", "thanked")
    assert thanks.targets == ("country/laos",)


def test_royal_government_of_a_named_state_is_that_state_only(extract: Extract) -> None:
    x = extract("BANGKOK, May 3 – The Federal Government of Nigeria thanked Laos for its help.")
    assert not [e for e in x.entities if e.key == "country/thailand" and "Government" in e.aliases]


# --- datelines under a press release's heading -----------------------------------------------


PRESS_RELEASE = (
    "PRESS RELEASE\n\nLima, 4 June 2025 – H.E. Rosa Quispe, Minister of Foreign Affairs, "
    "received a courtesy call by the Ambassador of Chile. The government welcomed the visit."
)


def test_title_case_dateline_under_a_heading_is_the_home_place(extract: Extract) -> None:
    x = extract(PRESS_RELEASE)
    assert "place/lima" in entities(x)
    # Peru is named nowhere: "the government" of a report filed from Lima brings it in.
    assert "country/peru" in entities(x)


def test_subject_hung_under_a_dateline_is_found(extract: Extract) -> None:
    call = only_event(extract(PRESS_RELEASE), "CONSULT", "received")
    assert "person/rosa-quispe" in call.targets
    assert call.actors == ("country/chile",)


def test_city_opening_a_sentence_mid_report_is_no_dateline(extract: Extract) -> None:
    x = extract("Peru and Chile met on Monday.\nLima, the host, praised the talks.")
    assert "place/lima" not in entities(x)


def test_a_capital_in_capitals_opening_a_report_is_its_dateline(extract: Extract) -> None:
    x = extract(
        "PORT MORESBY, May 3 – The Ministry of Foreign Affairs said talks with Indonesia "
        "would resume. Papua New Guinea and Indonesia disagree over fishing rights."
    )
    assert "place/port-moresby" in entities(x)
    # the unqualified ministry is the dateline state's
    assert ("organization/ministry-of-foreign-affairs", "partOf", "country/papua-new-guinea") in {
        (f.subject, f.predicate, f.object) for f in x.facts
    }


def test_a_word_in_capitals_opening_a_report_is_no_dateline(extract: Extract) -> None:
    x = extract("BREAKING, May 3 – The Ministry of Foreign Affairs said talks would resume.")
    assert not any(e.key.startswith("place/") for e in x.entities)


# --- "the Forum", "the group": a named grouping by its head word ----------------------------


def test_forum_by_its_head_word_is_the_forum_named_before(extract: Extract) -> None:
    x = extract(
        "Leaders of the Pacific Islands Forum met in Apia. Fiji and Samoa, the Forum's "
        "founding members, spoke first."
    )
    assert {f.subject for f in x.facts if f.object == "framework/pacific-islands-forum"} >= {
        "country/fiji",
        "country/samoa",
    }
    assert not [e for e in x.entities if e.label == "Forum"]


def test_head_word_with_no_grouping_named_before_stands_for_nothing(extract: Extract) -> None:
    x = extract("Fiji and Samoa, the Forum's founding members, spoke first.")
    assert not [f for f in x.facts if f.predicate == "memberOf"]


# --- a lower-case description of a named framework ------------------------------------------


def test_description_stands_for_the_one_framework_it_describes(extract: Extract) -> None:
    x = extract(
        "Thousands of farmers marched in Lima against a proposed free trade agreement. Talks "
        "on the Andean Free Trade Agreement began in 2019."
    )
    protest = only_event(x, "PROTEST", "marched")
    assert protest.about == ("framework/andean-free-trade-agreement",)
    assert protest.actors == ()  # a crowd is no state


def test_description_matching_two_frameworks_stands_for_neither(extract: Extract) -> None:
    x = extract(
        "Thousands of farmers marched in Lima against a free trade agreement. Ministers "
        "discussed the Andean Free Trade Agreement and the Caribbean Free Trade Agreement."
    )
    assert only_event(x, "PROTEST", "marched").about == ()


def test_both_ministers_stand_for_the_two_states(extract: Extract) -> None:
    x = extract(
        "Colombian Foreign Minister Ana Ruiz met Peruvian Foreign Minister Luis Soto in Lima. "
        "Both ministers expressed support for a regional response to migration."
    )
    support = only_event(x, "SUPPORT", "support")
    assert set(support.actors) == {"country/colombia", "country/peru"}


def test_the_two_speakers_stand_for_the_two_states(extract: Extract) -> None:
    x = extract(
        "Peruvian Speaker Ana Ruiz received Chilean Speaker Luis Soto in Lima. The two "
        "speakers signed a Memorandum of Understanding on Parliamentary Cooperation."
    )
    signing = only_event(x, "SUPPORT", "signed")
    assert {"country/peru", "country/chile"} <= set(signing.actors)


def test_ministers_without_both_stand_for_no_pair(extract: Extract) -> None:
    x = extract(
        "Colombian Foreign Minister Ana Ruiz met Peruvian Foreign Minister Luis Soto in Lima. "
        "Many ministers expressed support for a regional response to migration."
    )
    assert events_of(x, "SUPPORT") == []


# --- "of the Ministry": the ministry named before ------------------------------------------------


def test_the_ministry_tagged_alone_is_the_ministry_named_before(extract: Extract) -> None:
    x = extract(
        "The Exchange of Notes for the Bridge Project was signed on Friday at the Ministry of "
        "Public Works and Transport in Vientiane by Somsak Vongsa, Secretary of State of the "
        "Ministry, and Japanese Ambassador Kenji Sato."
    )
    assert [e.key for e in x.entities if "GovernmentBody" in e.types] == [
        "organization/ministry-of-public-works-and-transport"
    ]


def test_the_ministry_tagged_alone_with_none_named_before_is_a_body(extract: Extract) -> None:
    x = extract(
        "The Exchange of Notes for the Bridge Project was signed on Friday in Vientiane by "
        "Somsak Vongsa, Secretary of State of the Ministry, and Japanese Ambassador Kenji Sato."
    )
    assert [e.label for e in x.entities if "GovernmentBody" in e.types] == ["Ministry"]
