"""Binary facts (kg/extract/facts.py FACT_RULES, and framework engagement from events.py).

Posts before names and in apposition, bodies within bodies and places, bodies of named
states, unqualified national bodies, events of frameworks, memberships, chairmanships and
hostings: each rule with a sentence that triggers it and one that must not. Sentences are
written for these tests.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from kg.model import SUMMIT, Extraction, Fact

pytestmark = pytest.mark.slow

Extract = Callable[..., Extraction]


def triples(extraction: Extraction, predicate: str | None = None) -> set[tuple[str, str, str]]:
    return {
        (f.subject, f.predicate, f.object)
        for f in extraction.facts
        if predicate is None or f.predicate == predicate
    }


def fact(extraction: Extraction, subject: str, predicate: str, obj: str) -> Fact:
    found = [
        f
        for f in extraction.facts
        if (f.subject, f.predicate, f.object) == (subject, predicate, obj)
    ]
    assert found, f"no {subject} {predicate} {obj} among {sorted(triples(extraction))}"
    return found[0]


# --- posts_before_names -----------------------------------------------------------------------


def test_post_before_name_with_demonym(extract: Extract) -> None:
    x = extract("Kenyan Foreign Minister Amina Yusuf arrived in Accra.")
    post = fact(x, "person/amina-yusuf", "affiliatedWith", "country/kenya")
    assert post.title == "Foreign Minister"
    assert post.evidence.extractor == "post_before_name"


def test_post_before_name_with_possessive_state(extract: Extract) -> None:
    x = extract("Ghana's Foreign Minister Kwame Mensah opened the fair.")
    assert fact(x, "person/kwame-mensah", "affiliatedWith", "country/ghana").title == (
        "Foreign Minister"
    )


def test_name_without_post_has_no_affiliation(extract: Extract) -> None:
    x = extract("Amina Yusuf arrived in Accra on a private trip.")
    assert triples(x, "affiliatedWith") == set()


def test_post_with_portfolio_before_name_with_possessive_state(extract: Extract) -> None:
    x = extract("Peru's Defence Minister Rosa Quispe opened the fair.")
    assert fact(x, "person/rosa-quispe", "affiliatedWith", "country/peru").title == (
        "Defence Minister"
    )
    assert "organization/defence" not in {e.key for e in x.entities}


# --- posts_in_apposition ----------------------------------------------------------------------


def test_post_in_apposition_of_a_body(extract: Extract) -> None:
    x = extract("Lars Eriksen, director of the Nordic Energy Institute, spoke to reporters.")
    post = fact(x, "person/lars-eriksen", "affiliatedWith", "organization/nordic-energy-institute")
    assert post.title == "director"
    assert post.evidence.extractor == "post_in_apposition"


def test_post_in_apposition_qualified_by_demonym(extract: Extract) -> None:
    x = extract("Amina Yusuf, the Kenyan foreign minister, arrived in Accra.")
    post = fact(x, "person/amina-yusuf", "affiliatedWith", "country/kenya")
    assert post.title == "foreign minister"


def test_apposition_without_post_has_no_affiliation(extract: Extract) -> None:
    x = extract("Lars Eriksen, who grew up in Bergen, spoke to reporters.")
    assert triples(x, "affiliatedWith") == set()


# --- bodies_within_bodies ---------------------------------------------------------------------


def test_body_at_body_is_part_of_it(extract: Extract) -> None:
    x = extract("The Centre for Marine Studies at the University of Bergen published the survey.")
    part = fact(
        x, "organization/centre-for-marine-studies", "partOf", "organization/university-of-bergen"
    )
    assert part.evidence.extractor == "body_within_body"


def test_coordinated_bodies_are_not_parts_of_each_other(extract: Extract) -> None:
    x = extract("The Centre for Marine Studies and the University of Bergen published the survey.")
    assert triples(x, "partOf") == set()


def test_body_in_a_city_is_located_there(extract: Extract) -> None:
    x = extract("The Embassy of Norway in Lima hosted a reception.")
    located = fact(x, "organization/embassy-of-norway", "locatedIn", "place/lima")
    assert located.evidence.extractor == "located_in"


def test_body_travelling_to_a_city_is_not_located_there(extract: Extract) -> None:
    x = extract("Delegates from the Ocean Forum flew to Lisbon.")
    assert triples(x, "locatedIn") == set()


# --- bodies_of_named_states -------------------------------------------------------------------


def test_demonym_qualified_body_is_part_of_the_country(extract: Extract) -> None:
    x = extract("The Norwegian Directorate of Fisheries released a report.")
    body = "organization/norway-directorate-of-fisheries"
    assert fact(x, body, "partOf", "country/norway").evidence.extractor == "body_of_demonym"
    aliases = {e.key: e.aliases for e in x.entities}[body]
    assert "Norwegian Directorate of Fisheries" in aliases


def test_an_organ_an_organisation_owns_is_part_of_it(extract: Extract) -> None:
    x = extract("The African Union's Peace and Security Council will meet on Friday.")
    part = fact(
        x, "organization/peace-and-security-council", "partOf", "organization/african-union"
    )
    assert part.evidence.extractor == "organ_of_owner"


def test_an_organ_named_by_its_organisation_is_part_of_it(extract: Extract) -> None:
    x = extract("Ghana asked the ECOWAS Commission to send observers.")
    part = fact(x, "organization/ecowas-commission", "partOf", "organization/ecowas")
    assert part.evidence.extractor == "body_named_for_parent"


def test_a_word_after_an_organisation_that_names_no_organ_is_no_body(extract: Extract) -> None:
    x = extract("ECOWAS leaders met in Abuja on Friday.")
    assert "partOf" not in {p for _, p, _ in triples(x)}


def test_body_named_for_a_state_is_part_of_it(extract: Extract) -> None:
    x = extract("The Central Bank of Kenya raised interest rates.")
    part = fact(x, "organization/central-bank-of-kenya", "partOf", "country/kenya")
    assert part.evidence.extractor == "body_named_for_state"


@pytest.mark.parametrize(
    ("text", "body", "state"),
    [
        (
            "On Friday the Malawi Defence Force opened a new base.",
            "organization/malawi-defence-force",
            "country/malawi",
        ),
        (
            "On Friday the Royal Danish Navy opened a new base.",
            "organization/royal-danish-navy",
            "country/denmark",
        ),
        (
            "On Friday the United Kingdom Hydrographic Office opened a new base.",
            "organization/united-kingdom-hydrographic-office",
            "country/united-kingdom",
        ),
    ],
)
def test_force_or_office_named_for_a_state_is_part_of_it(
    extract: Extract, text: str, body: str, state: str
) -> None:
    assert fact(x := extract(text), body, "partOf", state).evidence.extractor == (
        "body_named_for_state"
    ), sorted(triples(x))


def test_union_named_for_a_state_is_no_state_body(extract: Extract) -> None:
    x = extract("On Friday the Malawi Teachers Union opened a new office.")
    assert triples(x, "partOf") == set()


def test_body_with_no_state_in_sight_is_part_of_nothing(extract: Extract) -> None:
    x = extract("The Directorate of Fisheries released a report.")
    assert triples(x, "partOf") == set()


# --- unqualified_national_bodies --------------------------------------------------------------


def test_unqualified_ministry_without_evidence_is_left_unplaced(extract: Extract) -> None:
    # Guessing the most-mentioned state was wrong about as often as right on the dev corpus.
    x = extract("Peru and Chile held talks. The Ministry of Health announced new rules.")
    assert not triples(x, "partOf")


def test_unqualified_ministry_of_a_post_holders_state(extract: Extract) -> None:
    x = extract(
        "Peruvian Minister Rosa Quispe met Chilean officials in Lima. "
        "Ministry of Health adviser Rosa Quispe said more aid would follow."
    )
    part = fact(x, "organization/ministry-of-health", "partOf", "country/peru")
    assert part.evidence.extractor == "unqualified_national_body"


def test_unqualified_ministry_in_a_capital(extract: Extract) -> None:
    x = extract("Peru and Chile held talks at the Ministry of Foreign Affairs in Santiago.")
    fact(x, "organization/ministry-of-foreign-affairs", "partOf", "country/chile")


def test_unqualified_ministry_belongs_to_the_state_never_used_as_qualifier(
    extract: Extract,
) -> None:
    x = extract(
        "Peru and Chile held talks. The Chilean Ministry of Mining and the Ministry of Energy "
        "announced new rules."
    )
    assert ("organization/chile-ministry-of-mining", "partOf", "country/chile") in triples(x)
    assert ("organization/ministry-of-energy", "partOf", "country/peru") in triples(x)


def test_unqualified_institute_is_no_national_body(extract: Extract) -> None:
    x = extract("Peru and Chile held talks. The Institute of Andean Studies announced new rules.")
    assert triples(x, "partOf") == set()


# --- named_events_of_frameworks ---------------------------------------------------------------


def test_named_event_of_a_framework_is_part_of_it(extract: Extract) -> None:
    x = extract("Peru is a member of APEC. Peru's hosting of the 31st APEC Summit was praised.")
    part = fact(x, "named-event/31st-apec-summit", "partOf", "framework/apec")
    assert part.evidence.extractor == "event_of_framework"


def test_named_event_of_no_framework_is_part_of_nothing(extract: Extract) -> None:
    x = extract("Peru's hosting of the 3rd Lima Climate Summit was praised.")
    assert triples(x, "partOf") == set()


# --- memberships ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "member", "group"),
    [
        ("Chile is a member of APEC.", "country/chile", "framework/apec"),
        ("Chile, a member of APEC, sent observers.", "country/chile", "framework/apec"),
        ("Peru joined the WTO in 1995.", "country/peru", "organization/wto"),
        (
            "Chile and Peru, both APEC members, sent observers.",
            "country/peru",
            "framework/apec",
        ),
        (
            "Officials came from all 21 APEC members, including Chile, Peru and Mexico.",
            "country/mexico",
            "framework/apec",
        ),
    ],
)
def test_membership(extract: Extract, text: str, member: str, group: str) -> None:
    x = extract(text)
    assert fact(x, member, "memberOf", group).evidence.extractor == "membership"


def test_sending_observers_is_no_membership(extract: Extract) -> None:
    x = extract("Colombia sent observers to APEC.")
    assert triples(x, "memberOf") == set()


def test_states_listed_apart_from_a_membership_phrase_are_no_members(extract: Extract) -> None:
    x = extract("Colombia and Ecuador met on Monday; APEC members, said the host, were invited.")
    assert triples(x, "memberOf") == set()


# --- memberships the gazetteer knows, where the text names both ---------------------------------


def test_a_known_member_named_with_its_grouping_is_a_member(extract: Extract) -> None:
    x = extract("Sweden and Norway took part in the NATO exercise in Lapland on Monday.")
    assert triples(x, "memberOf") == {
        ("country/sweden", "memberOf", "organization/nato"),
        ("country/norway", "memberOf", "organization/nato"),
    }
    assert fact(x, "country/norway", "memberOf", "organization/nato").evidence.extractor == (
        "known_membership"
    )


def test_a_state_outside_the_grouping_is_no_member(extract: Extract) -> None:
    x = extract("Finland and Ukraine took part in the EU exercise in Lapland on Monday.")
    assert triples(x, "memberOf") == {("country/finland", "memberOf", "organization/eu")}


def test_joining_a_grouping_s_exercise_is_no_membership(extract: Extract) -> None:
    x = extract("Ukraine joined the NATO exercise in Lapland on Monday.")
    assert triples(x, "memberOf") == set()


def test_a_known_member_named_in_another_sentence_is_no_member(extract: Extract) -> None:
    x = extract("Norway hosted the drills in Lapland. NATO said they had gone well.")
    assert triples(x, "memberOf") == set()


# --- framework engagement (events.py) ---------------------------------------------------------


def test_cooperating_within_frameworks_reveals_membership(extract: Extract) -> None:
    # (states and bodies whose membership the gazetteer does not list)
    x = extract("Vietnam and Thailand will cooperate within the WTO and the OECD.")
    assert triples(x, "memberOf") == {
        (state, "memberOf", body)
        for state in ("country/vietnam", "country/thailand")
        for body in ("organization/wto", "organization/oecd")
    }
    assert {f.evidence.extractor for f in x.facts} == {"framework_engagement"}


def test_cooperating_with_a_body_of_a_grouping_reveals_no_membership(extract: Extract) -> None:
    x = extract(
        "Vietnam and Thailand will cooperate within the European External Action Service, "
        "the diplomatic service of the European Union."
    )
    assert not any(f.object == "organization/eeas" for f in x.facts if f.predicate == "memberOf")


def test_criticising_frameworks_reveals_no_membership(extract: Extract) -> None:
    x = extract("Colombia criticised ASEAN and APEC.")
    assert triples(x, "memberOf") == set()


# --- chairmanships ----------------------------------------------------------------------------


def test_possessive_chairmanship_of_a_framework(extract: Extract) -> None:
    x = extract("Peru's chairmanship of APEC ended in November.")
    assert triples(x, "chairs") == {("country/peru", "chairs", "framework/apec")}


def test_chairing_in_a_relative_clause_with_a_date(extract: Extract) -> None:
    x = extract("Laos, which chairs ASEAN this year, sent observers.", date(2024, 5, 2))
    assert fact(x, "country/laos", "chairs", "framework/asean").date == "2024"


def test_chairmanship_of_an_unnamed_body_is_no_fact(extract: Extract) -> None:
    x = extract("Peru's chairmanship of the committee ended in November.")
    assert triples(x, "chairs") == set()


# --- hostings ---------------------------------------------------------------------------------


def test_possessive_hosting_of_a_numbered_summit(extract: Extract) -> None:
    x = extract("Kenya's hosting of the 4th Nairobi Climate Summit drew praise.")
    summit = "named-event/4th-nairobi-climate-summit"
    assert triples(x, "hosts") == {("country/kenya", "hosts", summit)}
    assert {e.key: e.types for e in x.entities}[summit] == (SUMMIT,)


def test_will_host_a_summit_next_year(extract: Extract) -> None:
    x = extract("Ghana will host the 4th Accra Cocoa Summit next year.", date(2024, 3, 14))
    assert fact(x, "country/ghana", "hosts", "named-event/4th-accra-cocoa-summit").date == "2025"


def test_hosting_of_refugees_is_no_hosting_fact(extract: Extract) -> None:
    x = extract("Kenya's hosting of refugees drew praise.")
    assert triples(x, "hosts") == set()


# --- national bodies named for their state --------------------------------------------------


def test_body_whose_name_begins_with_its_state(extract: Extract) -> None:
    x = extract("The Qatar Fund for Development financed the project.")
    fact(x, "organization/qatar-fund-for-development", "partOf", "country/qatar")


def test_association_named_for_a_state_is_not_part_of_it(extract: Extract) -> None:
    x = extract("The Argentine Industrial Union criticised the deal.")
    assert not triples(x, "partOf")


# --- chair posts --------------------------------------------------------------------------------


def test_chair_post_says_who_chairs(extract: Extract) -> None:
    x = extract("Ghanaian President Kofi Mensah, the current chairperson of the AU, spoke.")
    fact(x, "person/kofi-mensah", "chairs", "organization/african-union")


def test_other_post_chairs_nothing(extract: Extract) -> None:
    x = extract("Ghanaian President Kofi Mensah, the current envoy of the AU, spoke.")
    assert not triples(x, "chairs")


# --- titles with portfolios ------------------------------------------------------------------


def test_title_may_open_with_its_portfolio(extract: Extract) -> None:
    x = extract("Indian External Affairs Minister Ravi Menon arrived in Accra.")
    post = fact(x, "person/ravi-menon", "affiliatedWith", "country/india")
    assert post.title == "External Affairs Minister"


# --- places of states, events held in places, chairs by passive --------------------------------


def test_place_the_text_puts_in_a_state(extract: Extract) -> None:
    x = extract("The aid was shipped through the Kenyan port of Mombasa.")
    fact(x, "place/mombasa", "locatedIn", "country/kenya")


def test_place_named_alone_is_put_nowhere(extract: Extract) -> None:
    x = extract("The aid was shipped through Mombasa.")
    assert not triples(x, "locatedIn")


def test_named_event_held_in_a_place(extract: Extract) -> None:
    x = extract("The 9th Nile Basin Summit was held in Kampala on Monday.")
    fact(x, "named-event/9th-nile-basin-summit", "locatedIn", "place/kampala")


def test_named_event_discussed_in_a_place_is_not_located(extract: Extract) -> None:
    x = extract("The 9th Nile Basin Summit was discussed by officials in Kampala.")
    assert not triples(x, "locatedIn")


def test_meeting_co_chaired_by_a_person(extract: Extract) -> None:
    x = extract("The 9th Nile Basin Summit was co-chaired by Grace Achieng.")
    fact(x, "person/grace-achieng", "chairs", "named-event/9th-nile-basin-summit")


def test_meeting_attended_by_a_person_is_not_chaired(extract: Extract) -> None:
    x = extract("The 9th Nile Basin Summit was attended by Grace Achieng.")
    assert not triples(x, "chairs")


# --- ministers_of_named_ministries ------------------------------------------------------------


def test_minister_of_a_named_ministry_serves_in_it(extract: Extract) -> None:
    x = extract(
        "Sar Pisey, Deputy Prime Minister, Minister of Culture and Fine Arts of Cambodia, "
        "opened the show at the Ministry of Culture and Fine Arts."
    )
    post = fact(
        x, "person/sar-pisey", "affiliatedWith", "organization/ministry-of-culture-and-fine-arts"
    )
    assert post.evidence.extractor == "minister_of_ministry"
    assert post.title == "Minister of Culture and Fine Arts"


def test_minister_of_an_unnamed_ministry_serves_in_no_body(extract: Extract) -> None:
    x = extract("Sar Pisey, Minister of Culture and Fine Arts of Cambodia, opened the show.")
    assert {f.object for f in x.facts if f.predicate == "affiliatedWith"} == {"country/cambodia"}


# --- joint_bodies -----------------------------------------------------------------------------


def test_states_a_joint_commission_is_named_for_are_its_members(extract: Extract) -> None:
    x = extract("The Ghana–Togo Joint Commission met in Accra on Monday.")
    body = "organization/ghana-togo-joint-commission"
    assert fact(x, "country/ghana", "memberOf", body).evidence.extractor == "joint_body"
    assert ("country/togo", "memberOf", body) in triples(x)


def test_states_a_joint_fund_is_named_for_are_no_members(extract: Extract) -> None:
    x = extract("The Ghana–Togo Development Fund paid for the road in Accra.")
    assert triples(x, "memberOf") == set()


# --- chairmanships: held presidencies, chairs in apposition, "it was chaired by" -------------


def test_holding_a_groupings_presidency_is_chairing_it(extract: Extract) -> None:
    x = extract(
        "Mercosur leaders met. Paraguay, which holds the bloc's rotating presidency, spoke."
    )
    assert ("country/paraguay", "chairs", "framework/mercosur") in triples(x)


def test_holding_a_states_presidency_is_no_chairmanship(extract: Extract) -> None:
    x = extract("Ana Ruiz, who holds Paraguay's presidency, spoke in Asuncion.")
    assert triples(x, "chairs") == set()


def test_chair_in_apposition_chairs_the_grouping(extract: Extract) -> None:
    x = extract("The summit was opened by Amina Dlamini, the current SADC chairperson.")
    assert ("person/amina-dlamini", "chairs", "organization/sadc") in triples(x)


def test_it_chaired_by_someone_is_the_meeting_named_before(extract: Extract) -> None:
    x = extract(
        "The 9th APEC Ministerial Meeting on Water was held in Lima. It was chaired by "
        "Peruvian Minister Rosa Andrade."
    )
    meeting = "named-event/9th-apec-ministerial-meeting-on-water"
    assert ("person/rosa-andrade", "chairs", meeting) in triples(x)


def test_it_chaired_by_someone_with_no_meeting_named_chairs_nothing(extract: Extract) -> None:
    x = extract("It was chaired by Ecuadorian Minister Rosa Andrade.")
    assert triples(x, "chairs") == set()


def test_the_meeting_chaired_by_someone_is_the_meeting_named_before(extract: Extract) -> None:
    x = extract(
        "The 9th APEC Ministerial Meeting on Water opened in Lima on Monday. The meeting, "
        "hosted by Peru, was chaired by Peruvian Minister Rosa Andrade."
    )
    meeting = "named-event/9th-apec-ministerial-meeting-on-water"
    assert ("person/rosa-andrade", "chairs", meeting) in triples(x)
    assert ("country/peru", "hosts", meeting) in triples(x)


def test_a_proposal_chaired_by_someone_is_no_meeting(extract: Extract) -> None:
    x = extract(
        "The 9th APEC Ministerial Meeting on Water opened in Lima on Monday. The proposal, "
        "drafted by Peru, was backed by Peruvian Minister Rosa Andrade."
    )
    assert triples(x, "chairs") == set()
    assert triples(x, "hosts") == set()


# --- places_of_states: "Apia, the Samoan capital", "Suva, Fiji" -------------------------------


@pytest.mark.parametrize(
    ("text", "place", "state"),
    [
        ("Leaders met in Suva, the Fijian capital, on Friday.", "place/suva", "country/fiji"),
        (
            "Leaders will meet in Auckland, New Zealand, next year.",
            "place/auckland",
            "country/new-zealand",
        ),
    ],
)
def test_place_set_off_with_its_state(extract: Extract, text: str, place: str, state: str) -> None:
    assert fact(extract(text), place, "locatedIn", state).evidence.extractor == "place_of"


def test_places_and_states_in_a_list_are_not_placed(extract: Extract) -> None:
    x = extract("Delegates from Auckland, Fiji and Samoa met on Friday.")
    assert triples(x, "locatedIn") == set()


# --- posts_before_apposed_names ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "person", "owner"),
    [
        (
            "Ghana's ambassador to the UN, Kwame Mensah, told the session it was the victim.",
            "person/kwame-mensah",
            "country/ghana",
        ),
        (
            "Peru, represented by its ambassador to ASEAN, Luis Soto, pledged support.",
            "person/luis-soto",
            "country/peru",
        ),
    ],
)
def test_owners_title_before_an_apposed_name_is_a_post(
    extract: Extract, text: str, person: str, owner: str
) -> None:
    post = fact(extract(text), person, "affiliatedWith", owner)
    assert post.evidence.extractor == "post_before_apposed_name"


def test_name_listed_after_a_title_holder_gets_no_post(extract: Extract) -> None:
    x = extract("Ghana's ambassador spoke first, Kwame Mensah said later in Accra.")
    assert not [f for f in x.facts if f.evidence.extractor == "post_before_apposed_name"]


# --- parents the gazetteer knows; capitals of named states -------------------------------------


def test_a_known_body_of_a_named_grouping_is_part_of_it(extract: Extract) -> None:
    x = extract(
        "The United Nations Development Programme will run the project. The UN said it "
        "would report in May."
    )
    assert fact(x, "organization/undp", "partOf", "organization/un").evidence.extractor == (
        "known_parent"
    )


def test_a_known_body_is_part_of_nothing_the_report_does_not_name(extract: Extract) -> None:
    x = extract("The United Nations Development Programme will run the project.")
    assert triples(x, "partOf") == set()


def test_a_capital_is_in_its_named_state(extract: Extract) -> None:
    x = extract("Tunisia and the EU will hold a new round of talks in Tunis next month.")
    assert fact(x, "place/tunis", "locatedIn", "country/tunisia").evidence.extractor == (
        "capital_of_state"
    )


def test_a_capital_is_in_no_state_the_report_does_not_name(extract: Extract) -> None:
    x = extract("The EU will hold a new round of talks in Tunis next month.")
    assert triples(x, "locatedIn") == set()


def test_a_city_standing_for_a_body_is_in_no_state(extract: Extract) -> None:
    x = extract("EU foreign ministers met in Brussels on Monday.")
    assert ("place/brussels", "locatedIn", "organization/eu") not in triples(x, "locatedIn")


# --- a national post left unqualified is the home state's -------------------------------------


def test_an_unqualified_post_in_a_report_from_a_capital_is_that_state_s(extract: Extract) -> None:
    x = extract(
        "ACCRA, May 3 – Ghana will reopen its border with Togo. Foreign Minister Kwame Asante "
        "said the crossing would open on Monday."
    )
    post = fact(x, "person/kwame-asante", "affiliatedWith", "country/ghana")
    assert (post.title, post.evidence.extractor) == ("Foreign Minister", "post_of_home_state")


def test_a_qualified_post_is_the_qualifying_state_s(extract: Extract) -> None:
    x = extract(
        "ACCRA, May 3 – Ghana will reopen its border with Togo. Togolese Foreign Minister "
        "Kofi Mensah said the crossing would open on Monday."
    )
    assert triples(x, "affiliatedWith") == {
        ("person/kofi-mensah", "affiliatedWith", "country/togo")
    }


def test_a_post_in_a_report_from_an_unnamed_state_s_capital_stays_open(extract: Extract) -> None:
    x = extract(
        "ACCRA, May 3 – Togo will reopen its border with Benin. Foreign Minister Kofi Mensah "
        "said the crossing would open on Monday."
    )
    assert triples(x, "affiliatedWith") == set()


def test_an_unqualified_post_without_a_dateline_stays_open(extract: Extract) -> None:
    x = extract(
        "Ghana will reopen its border with Togo. Foreign Minister Kwame Asante said the "
        "crossing would open on Monday."
    )
    assert triples(x, "affiliatedWith") == set()


def test_without_a_dateline_the_home_state_is_the_one_never_qualified(extract: Extract) -> None:
    x = extract(
        "Ghana protested to Togo's Ministry of Trade on Monday. Foreign Minister Kwame Asante "
        "said the crossing would stay closed."
    )
    post = fact(x, "person/kwame-asante", "affiliatedWith", "country/ghana")
    assert post.evidence.extractor == "post_of_home_state"


def test_a_post_after_a_ministry_noun_is_the_named_ministry_s(extract: Extract) -> None:
    x = extract(
        "ACCRA, May 3 – The Ministry of Foreign Affairs summoned Togo's ambassador. \"We "
        'regret the incident," ministry spokesperson Kwame Asante said.'
    )
    post = fact(
        x, "person/kwame-asante", "affiliatedWith", "organization/ministry-of-foreign-affairs"
    )
    assert (post.title, post.evidence.extractor) == ("spokesperson", "post_of_body_referred_to")


def test_a_post_after_a_ministry_noun_with_no_ministry_named_is_the_home_state_s(
    extract: Extract,
) -> None:
    x = extract(
        'ACCRA, May 3 – Ghana summoned Togo\'s ambassador. "We regret the incident," '
        "ministry spokesperson Kwame Asante said."
    )
    assert ("person/kwame-asante", "affiliatedWith", "country/ghana") in triples(
        x, "affiliatedWith"
    )


# --- a body described in apposition as a state's ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "body", "state"),
    [
        (
            "The report was written by the Internal Security Agency (ABW), the Polish "
            "counter-intelligence agency, in March.",
            "organization/internal-security-agency",
            "country/poland",
        ),
        (
            "The Federal Security Service, Russia's domestic intelligence service, said it "
            "had detained two men.",
            "organization/federal-security-service",
            "country/russia",
        ),
    ],
)
def test_a_body_in_apposition_to_a_state_s_body_is_part_of_it(
    extract: Extract, text: str, body: str, state: str
) -> None:
    x = extract(text)
    assert fact(x, body, "partOf", state).evidence.extractor == "body_of_state_in_apposition"


def test_a_body_beside_a_state_s_named_body_is_no_part_of_the_state(extract: Extract) -> None:
    x = extract(
        "The Internal Security Agency (ABW), the Polish Ministry of Interior and the police "
        "met on Monday."
    )
    assert ("organization/internal-security-agency", "partOf", "country/poland") not in triples(
        x, "partOf"
    )


def test_a_post_for_a_region_is_the_qualifying_state_s(extract: Extract) -> None:
    x = extract("New Zealand's Minister for the Pacific Aroha Tane spoke on Monday.")
    post = fact(x, "person/aroha-tane", "affiliatedWith", "country/new-zealand")
    assert post.title == "Minister for the Pacific"


def test_a_pair_a_grouping_speaks_to_is_no_member_of_it(extract: Extract) -> None:
    x = extract(
        "Ghana and Togo declared a ceasefire on Monday. ECOWAS welcomed the ceasefire and "
        "urged both governments to implement it."
    )
    assert triples(x, "memberOf") == set()


def test_states_named_with_a_grouping_that_lists_them_are_members(extract: Extract) -> None:
    x = extract("ECOWAS welcomed the ceasefire and urged Ghana and Togo to implement it.")
    assert triples(x, "memberOf") == {
        ("country/ghana", "memberOf", "organization/ecowas"),
        ("country/togo", "memberOf", "organization/ecowas"),
    }
