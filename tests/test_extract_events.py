"""Events (kg/extract/events.py): types from the trigger lexicon, roles, material transfers,
modality, money, dates and "the meeting" referring back to a reported meeting.

Each rule with a sentence that sets it off and one that must not. Sentences are written for
these tests.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from extraction_helpers import events_of, only_event

from kg.model import EVENT, MEETING, Extraction

pytestmark = pytest.mark.slow

Extract = Callable[..., Extraction]

THURSDAY = date(2024, 3, 14)


# --- SUPPORT: thank ---------------------------------------------------------------------------


def test_thank_is_support_from_the_thanker_to_the_thanked(extract: Extract) -> None:
    x = extract("Ghana thanked Norway for its assistance.")
    thanks = only_event(x, "SUPPORT", "thanked")
    assert thanks.actors == ("country/ghana",)
    assert thanks.targets == ("country/norway",)
    assert thanks.kind == EVENT
    assert thanks.modality == "asserted"
    assert thanks.evidence.extractor == "trigger:thank"


def test_noting_a_position_is_no_event(extract: Extract) -> None:
    x = extract("Ghana noted Norway's position.")
    assert x.events == ()


def test_thanks_for_a_loan_is_about_a_separate_aid_event(extract: Extract) -> None:
    x = extract("Fiji thanked New Zealand for its loan of NZ$20 million.")
    thanks = only_event(x, "SUPPORT", "thanked")
    loan = only_event(x, "AID", "loan")
    assert f"event:{loan.key}" in thanks.about
    assert loan.actors == ("country/new-zealand",)
    assert loan.targets == ("country/fiji",)
    assert loan.amount is not None
    assert (loan.amount.value, loan.amount.currency) == (Decimal(20_000_000), "NZD")


# --- COOPERATE: an exercise --------------------------------------------------------------------


def test_a_named_exercise_begun_by_states_is_their_cooperation(extract: Extract) -> None:
    x = extract("Norway and Sweden began the NATO exercise Steadfast Noon 2024 on Monday.")
    exercise = only_event(x, "COOPERATE", "exercise")
    assert exercise.actors == ("country/norway", "country/sweden")
    assert "named-event/steadfast-noon-2024" in exercise.about


def test_an_unnamed_exercise_with_no_military_word_is_no_event(extract: Extract) -> None:
    x = extract("Norway and Sweden began the exercise on Monday.")
    assert x.events == ()


def test_states_coordinating_releases_cooperate(extract: Extract) -> None:
    x = extract("Kazakhstan and Uzbekistan will coordinate releases from the Shardara reservoir.")
    coordination = only_event(x, "COOPERATE", "coordinate")
    assert coordination.actors == ("country/kazakhstan", "country/uzbekistan")
    assert coordination.modality == "planned"


def test_agreeing_to_coordinate_is_one_agreement(extract: Extract) -> None:
    x = extract("Colombia and Peru agreed to coordinate their positions.")
    assert [e.event_type for e in x.events] == ["AGREE"]


# --- CONSULT: meet, visit ---------------------------------------------------------------------


def test_met_is_a_meeting_with_both_sides_as_actors(extract: Extract) -> None:
    x = extract(
        "Chilean President Diego Fuentes met Peruvian Prime Minister Lucia Salas in Lima on "
        "Monday.",
        THURSDAY,
    )
    meeting = only_event(x, "CONSULT", "met")
    assert meeting.kind == MEETING
    assert set(meeting.actors) == {"country/chile", "country/peru"}
    assert meeting.targets == ()
    assert set(meeting.participants) == {"person/diego-fuentes", "person/lucia-salas"}
    assert meeting.date == "2024-03-11"


def test_meeting_in_a_city_is_located_there(extract: Extract) -> None:
    x = extract("Chile and Peru held talks in Lima.")
    talks = only_event(x, "CONSULT", "talks")
    assert set(talks.actors) == {"country/chile", "country/peru"}
    assert talks.location == "place/lima"
    assert talks.mode is None


def test_meeting_in_a_month_has_no_location(extract: Extract) -> None:
    x = extract("Chile met Peru in March.")
    assert only_event(x, "CONSULT", "met").location is None


def test_meeting_by_video_conference_has_its_mode(extract: Extract) -> None:
    x = extract("Chile and Peru held talks by video conference.")
    assert only_event(x, "CONSULT", "talks").mode == "video conference"


def test_writing_to_someone_is_no_meeting(extract: Extract) -> None:
    x = extract("Chile's president wrote to Peru's prime minister.")
    assert events_of(x, "CONSULT") == []


def test_visit_has_the_visitor_as_actor_and_the_host_as_target(extract: Extract) -> None:
    x = extract("Kenyan President Samuel Otieno visited Ghana last week.", THURSDAY)
    visit = only_event(x, "CONSULT", "visited")
    assert visit.kind == MEETING
    assert visit.actors == ("country/kenya",)
    assert visit.targets == ("country/ghana",)
    assert visit.participants == ("person/samuel-otieno",)


def test_visit_noun_has_the_visitor_as_actor_and_the_host_as_target(extract: Extract) -> None:
    x = extract("Kenyan President Samuel Otieno paid a state visit to Ghana.")
    visit = only_event(x, "CONSULT", "visit")
    assert visit.actors == ("country/kenya",)
    assert visit.targets == ("country/ghana",)


def test_visitors_are_no_visit(extract: Extract) -> None:
    x = extract("Kenyan President Samuel Otieno welcomed visitors from Ghana.")
    assert events_of(x, "CONSULT") == []


# --- two verbs joined in one sentence report two acts, unless they are talk ------------------


def test_two_joined_verbs_of_one_type_are_two_acts(extract: Extract) -> None:
    x = extract("Chile moved troops to the border and placed its navy on alert.")
    assert [e.trigger for e in events_of(x, "MOBILIZE")] == ["moved", "placed"]


def test_an_act_in_a_clause_joined_to_another_of_its_type_is_its_own(extract: Extract) -> None:
    x = extract(
        "China highly valued Chile's adherence to the treaty and would continue to support "
        "Chile's development."
    )
    assert [e.trigger for e in events_of(x, "SUPPORT")] == ["valued", "support"]


def test_an_act_restated_in_a_participle_is_one_act(extract: Extract) -> None:
    x = extract("Chile expressed support for Peru, backing its bid for the council seat.")
    assert [e.trigger for e in events_of(x, "SUPPORT")] == ["support"]


def test_valuing_a_state_s_stance_is_support(extract: Extract) -> None:
    x = extract("Peru valued its ties with Chile.")
    assert only_event(x, "SUPPORT", "valued").targets == ("country/chile",)


def test_a_grant_valued_at_a_sum_is_no_support(extract: Extract) -> None:
    x = extract("The Chilean grant is valued at $5 million.")
    assert events_of(x, "SUPPORT") == []


def test_a_meeting_and_its_talk_in_one_sentence_are_one_meeting(extract: Extract) -> None:
    x = extract("Chile and Peru met in Lima and discussed trade.")
    assert [e.trigger for e in events_of(x, "CONSULT")] == ["met"]


# --- a passive's subject is who was done to, with or without a "by" phrase -------------------


def test_people_held_in_a_relative_clause_are_the_target_by_their_state(extract: Extract) -> None:
    x = extract(
        "Chile welcomed the release of 14 Peruvian fishermen who had been detained in Bolivia."
    )
    detention = only_event(x, "COERCE", "detained")
    assert (detention.actors, detention.targets) == (("country/bolivia",), ("country/peru",))


def test_what_a_symmetric_act_was_done_to_is_not_its_target(extract: Extract) -> None:
    x = extract("Chile and Peru signed an accord that was negotiated in Lima.")
    assert only_event(x, "SUPPORT", "signed").targets == ()


# --- "accused Peru of detaining …": the act laid at the accused's door ---------------------------


def test_a_forceful_act_an_accusation_charges_is_the_accused_s_alleged_act(
    extract: Extract,
) -> None:
    x = extract("Chile accused Peru of detaining two Chilean fishermen.")
    detention = only_event(x, "COERCE", "detaining")
    assert (detention.actors, detention.targets) == (("country/peru",), ("country/chile",))
    assert detention.modality == "hedged"
    assert f"event:{detention.key}" in only_event(x, "ACCUSE", "accused").about


def test_an_accusation_of_words_is_no_act_of_its_own(extract: Extract) -> None:
    x = extract("Chile accused Peru of lying.")
    assert [e.event_type for e in x.events] == ["ACCUSE"]


# --- a charge joined to a reported clause is the reporter's; "no unit fired" denies it --------


def test_a_charge_joined_to_what_a_spokesperson_reports_is_the_spokesperson_s(
    extract: Extract,
) -> None:
    x = extract(
        "General Ana Ruiz, spokesperson of the Chilean army, said no Chilean unit had fired on "
        "Peru and accused Peru of lying."
    )
    assert "person/ana-ruiz" in only_event(x, "ACCUSE", "accused").actors
    assert only_event(x, "ASSAULT", "fired").modality == "negated"


def test_a_forceful_act_joined_to_a_reported_clause_is_the_clause_subject_s(
    extract: Extract,
) -> None:
    x = extract("Chile said Peruvian troops had crossed the border and shelled a village.")
    shelling = only_event(x, "ASSAULT", "shelled")
    assert (shelling.actors, shelling.modality) == (("country/peru",), "asserted")


# --- a force put to use in the passive is its state's; "troops will be sent, X said" -----------


def test_forces_placed_on_alert_are_mobilised_by_their_state(extract: Extract) -> None:
    x = extract("The Chilean army had been placed on heightened readiness.")
    alert = only_event(x, "MOBILIZE", "placed")
    assert (alert.actors, alert.targets) == (("country/chile",), ())


def test_troops_sent_in_the_passive_are_sent_by_who_reports_it(extract: Extract) -> None:
    x = extract(
        "About 600 soldiers will be sent to the border next month, the Brazilian Ministry of "
        "Defence said."
    )
    assert "country/brazil" in only_event(x, "MOBILIZE", "sent").actors


def test_troops_sent_by_a_named_state_are_not_the_reporter_s(extract: Extract) -> None:
    x = extract("Peru said 600 Chilean soldiers had been sent to the border by Chile.")
    assert only_event(x, "MOBILIZE", "sent").actors == ("country/chile",)


# --- "the summit welcomed …": the body whose summit it was --------------------------------------


def test_a_summit_that_acts_is_the_body_whose_summit_it_was(extract: Extract) -> None:
    x = extract(
        "Leaders meeting at a summit of the African Union in Addis Ababa appealed to the UN for "
        "aid. The summit was hosted by Ethiopia. The summit also commended Ethiopia for its "
        "hospitality."
    )
    commended = only_event(x, "SUPPORT", "commended")
    assert (commended.actors, commended.targets) == (
        ("organization/african-union",),
        ("country/ethiopia",),
    )
    assert "organization/african-union" in only_event(x, "CONSULT", "meeting").actors


def test_a_summit_of_no_body_that_acts_is_those_who_met(extract: Extract) -> None:
    x = extract("Chile and Peru held a summit in Lima. The summit called for calm.")
    assert only_event(x, "REQUEST", "called").actors == ("country/chile", "country/peru")


# --- a state or place the act's clause names is what it concerns --------------------------------


def test_a_state_named_in_what_is_asked_is_what_the_request_concerns(extract: Extract) -> None:
    x = extract("The African Union called on the European Union to fund more aid for Sudan.")
    assert "country/sudan" in only_event(x, "REQUEST", "called").about


def test_where_and_with_whom_an_act_happens_is_not_what_it_concerns(extract: Extract) -> None:
    x = extract("Peru agreed to coordinate water releases in Lima with Bolivia.")
    assert only_event(x, "AGREE", "agreed").about == ()


def test_the_dateline_is_not_what_an_act_concerns(extract: Extract) -> None:
    x = extract("LIMA, May 3 – Chile agreed to fund a new port in Arica.")
    assert "place/lima" not in only_event(x, "AGREE", "agreed").about


def test_the_actor_s_own_state_is_not_what_its_act_concerns(extract: Extract) -> None:
    x = extract(
        "The Peruvian Ministry of Foreign Affairs ordered a freeze on the Peruvian assets of "
        "two Chilean firms."
    )
    assert "country/peru" not in only_event(x, "SANCTION", "freeze").about


# --- "both institutions", "both commitments": the last two bodies that acted, pledges made -----


def test_both_institutions_thanked_are_the_last_two_bodies_that_acted(extract: Extract) -> None:
    x = extract(
        "The World Bank approved a loan to Peru. The European Union will add a grant of 5 "
        "million euros. Peruvian minister Ana Ruiz thanked both institutions for their support."
    )
    thanks = only_event(x, "SUPPORT", "thanked")
    assert thanks.targets == ("organization/world-bank", "organization/eu")


def test_both_commitments_welcomed_are_the_last_two_pledges(extract: Extract) -> None:
    x = extract(
        "Canada pledged a grant of $5 million to Haiti. The World Bank approved a loan of "
        "$10 million to Haiti. Haiti welcomed both commitments."
    )
    welcome = only_event(x, "SUPPORT", "welcomed")
    assert welcome.targets == ("country/canada", "organization/world-bank")
    loan = only_event(x, "AID", "loan")
    assert f"event:{loan.key}" in welcome.about


def test_both_institutions_with_one_body_named_are_nobody(extract: Extract) -> None:
    x = extract("The World Bank approved a loan to Peru. Peru thanked both institutions.")
    assert only_event(x, "SUPPORT", "thanked").targets == ()


# --- a meeting of one state with no one else named is none; a body meeting alone is one ------


def test_talk_of_one_state_with_no_one_named_is_no_meeting(extract: Extract) -> None:
    x = extract("Chile said it would not give up on dialogue.")
    assert events_of(x, "CONSULT") == []


def test_a_body_meeting_alone_is_a_meeting(extract: Extract) -> None:
    x = extract("The UN Security Council will meet on Friday.")
    assert only_event(x, "CONSULT", "meet").actors == ("organization/unsc",)


def test_a_visit_has_one_side_and_the_one_visited(extract: Extract) -> None:
    x = extract("Peru's president will visit Chile.")
    visit = only_event(x, "CONSULT", "visit")
    assert (visit.actors, visit.targets) == (("country/peru",), ("country/chile",))


# --- "the meeting" again ----------------------------------------------------------------------

FIRST_MEETING = (
    "Chilean Foreign Minister Diego Fuentes met Peruvian Foreign Minister Lucia Salas in Lima "
    "on Monday."
)


@pytest.mark.parametrize(
    "follow_up",
    [
        "Bolivian Foreign Minister Jorge Mamani also attended the meeting.",
        "Bolivian Foreign Minister Jorge Mamani co-chaired the meeting with Fuentes.",
    ],
)
def test_the_meeting_merges_into_the_meeting_reported(extract: Extract, follow_up: str) -> None:
    x = extract(f"{FIRST_MEETING} {follow_up}", THURSDAY)
    meeting = only_event(x, "CONSULT")
    assert meeting.trigger == "met"
    assert set(meeting.participants) == {
        "person/diego-fuentes",
        "person/lucia-salas",
        "person/jorge-mamani",
    }
    assert set(meeting.actors) == {"country/chile", "country/peru", "country/bolivia"}
    assert meeting.date == "2024-03-11"


def test_a_second_meeting_is_a_meeting_of_its_own(extract: Extract) -> None:
    x = extract(
        f"{FIRST_MEETING} Bolivian Foreign Minister Jorge Mamani will attend a second meeting "
        "in May.",
        THURSDAY,
    )
    met, second = sorted(events_of(x, "CONSULT"), key=lambda e: e.evidence.sentence.start)
    assert set(met.actors) == {"country/chile", "country/peru"}
    assert "person/jorge-mamani" not in met.participants
    assert second.actors == ("country/bolivia",)
    assert second.modality == "planned"


# --- AID with money ---------------------------------------------------------------------------


def test_grant_with_dollars_is_aid_with_a_usd_amount(extract: Extract) -> None:
    x = extract("Norway will grant Ghana $12 million for flood relief.")
    aid = only_event(x, "AID", "grant")
    assert aid.actors == ("country/norway",)
    assert aid.targets == ("country/ghana",)
    assert aid.amount is not None
    assert aid.amount.value == Decimal(12_000_000)
    assert aid.amount.currency == "USD"
    assert aid.amount.text == "$12 million"


def test_grant_without_money_is_aid_without_amount(extract: Extract) -> None:
    x = extract("Norway granted Ghana new scholarships.")
    aid = only_event(x, "AID", "granted")
    assert aid.actors == ("country/norway",)
    assert aid.targets == ("country/ghana",)
    assert aid.amount is None


def test_currency_demonym_is_no_target(extract: Extract) -> None:
    x = extract("Norway will grant Ghana 400 million Japanese yen.")
    aid = only_event(x, "AID", "grant")
    assert aid.amount is not None
    assert (aid.amount.value, aid.amount.currency) == (Decimal(400_000_000), "JPY")
    assert aid.targets == ("country/ghana",)


# --- passive "by" phrase ----------------------------------------------------------------------


def test_passive_signing_takes_its_actors_from_the_by_phrase(extract: Extract) -> None:
    x = extract("The accord was signed by Chile and Peru.")
    signing = only_event(x, "SUPPORT", "signed")
    assert set(signing.actors) == {"country/chile", "country/peru"}


def test_passive_signing_by_people_adds_their_states(extract: Extract) -> None:
    x = extract(
        "The agreement was signed by Chilean Foreign Minister Diego Fuentes and Peruvian "
        "Foreign Minister Lucia Salas."
    )
    signing = only_event(x, "SUPPORT", "signed")
    assert set(signing.actors) == {
        "person/diego-fuentes",
        "person/lucia-salas",
        "country/chile",
        "country/peru",
    }


def test_passive_signing_without_a_by_phrase_has_no_event(extract: Extract) -> None:
    x = extract("The accord was signed in Lima.")
    assert events_of(x, "SUPPORT") == []


# --- modality ---------------------------------------------------------------------------------


def test_did_not_agree_is_negated(extract: Extract) -> None:
    x = extract("Chile and Argentina did not agree on a new fishing quota.")
    agree = only_event(x, "AGREE")
    assert set(agree.actors) == {"country/chile", "country/argentina"}
    assert agree.modality == "negated"


def test_agreed_is_asserted(extract: Extract) -> None:
    x = extract("Chile and Argentina agreed on a new fishing quota.")
    assert only_event(x, "AGREE").modality == "asserted"


def test_will_provide_is_planned(extract: Extract) -> None:
    x = extract("Norway will provide Ghana with solar panels.")
    aid = only_event(x, "AID", "provide")
    assert aid.actors == ("country/norway",)
    assert aid.targets == ("country/ghana",)
    assert aid.modality == "planned"


def test_provided_is_asserted(extract: Extract) -> None:
    x = extract("Norway provided Ghana with solar panels.")
    assert only_event(x, "AID", "provided").modality == "asserted"


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Norway will not provide Ghana with new loans.", "negated"),
        ("Norway may provide Ghana with new loans.", "hedged"),
        ("Norway plans to provide Ghana with new loans.", "planned"),
        ("Norway proposed to provide Ghana with new loans.", "proposed"),
    ],
)
def test_modality_cues(extract: Extract, text: str, modality: str) -> None:
    x = extract(text)
    assert only_event(x, "AID", "provide").modality == modality


def test_is_expected_to_sign_is_hedged(extract: Extract) -> None:
    x = extract("Peru is expected to sign the accord with Bolivia next month.", THURSDAY)
    assert only_event(x, "SUPPORT", "sign").modality == "hedged"


def test_signed_is_not_hedged(extract: Extract) -> None:
    x = extract("Peru signed the accord with Bolivia.")
    signing = only_event(x, "SUPPORT", "signed")
    assert set(signing.actors) == {"country/peru", "country/bolivia"}
    assert signing.modality == "asserted"


def test_is_expected_to_sign_keeps_its_subject_as_actor(extract: Extract) -> None:
    x = extract("Peru is expected to sign the accord with Bolivia next month.", THURSDAY)
    assert set(only_event(x, "SUPPORT", "sign").actors) == {"country/peru", "country/bolivia"}
    alone = extract("Chile is expected to sign the accord.")
    assert only_event(alone, "SUPPORT", "sign").actors == ("country/chile",)


# --- dates ------------------------------------------------------------------------------------


def test_month_day_takes_the_document_year(extract: Extract) -> None:
    x = extract("Norway granted Ghana $3 million on January 28.", date(2024, 2, 10))
    assert only_event(x, "AID").date == "2024-01-28"


def test_month_day_of_an_undated_document_stays_month_day(extract: Extract) -> None:
    x = extract("Norway granted Ghana $3 million on January 28.")
    assert only_event(x, "AID").date == "--01-28"


def test_full_date_is_kept(extract: Extract) -> None:
    x = extract("Norway granted Ghana $3 million on 5 March 2024.", date(2024, 6, 1))
    assert only_event(x, "AID").date == "2024-03-05"


def test_next_year_is_the_year_after_the_document(extract: Extract) -> None:
    x = extract("Norway will grant Ghana $3 million next year.", date(2024, 6, 1))
    assert only_event(x, "AID").date == "2025"


def test_next_year_in_an_undated_document_has_no_date(extract: Extract) -> None:
    x = extract("Norway will grant Ghana $3 million next year.")
    assert only_event(x, "AID").date is None


def test_sentence_without_a_date_gives_no_date(extract: Extract) -> None:
    x = extract("Norway granted Ghana new scholarships.", THURSDAY)
    assert only_event(x, "AID").date is None


def test_dates_are_no_topics(extract: Extract) -> None:
    x = extract(FIRST_MEETING, THURSDAY)
    assert only_event(x, "CONSULT").topics == ()


# --- talk: a meeting only when someone is talked with -----------------------------------------


def test_talks_with_a_partner_are_a_meeting(extract: Extract) -> None:
    x = extract("Ghana talked with Togo on Monday.")
    talks = only_event(x, "CONSULT", "talked")
    assert set(talks.actors) == {"country/ghana", "country/togo"}


def test_talking_about_something_is_no_meeting(extract: Extract) -> None:
    x = extract("Ghana and Togo talked about a new road.")
    assert not events_of(x, "CONSULT")


# --- a referring noun picks the earlier act it stands for --------------------------------------


def test_rejecting_the_sanctions_targets_who_imposed_them(extract: Extract) -> None:
    x = extract(
        "Norway imposed sanctions on Chile on Monday. Peru welcomed the move. "
        "Chile rejected the sanctions on Tuesday."
    )
    rejection = only_event(x, "REJECT", "rejected")
    assert rejection.targets == ("country/norway",)
    sanction = only_event(x, "SANCTION")
    assert f"event:{sanction.key}" in rejection.about


def test_an_object_that_names_no_earlier_act_refers_to_nothing(extract: Extract) -> None:
    x = extract("Norway imposed sanctions on Chile. Chile rejected a new road plan.")
    rejection = only_event(x, "REJECT", "rejected")
    assert not any(a.startswith("event:") for a in rejection.about)


# --- thanks point at the act thanked for --------------------------------------------------------


def test_thanks_for_assistance_are_about_the_aid(extract: Extract) -> None:
    x = extract("Japan granted Fiji $5 million on Monday. Fiji thanked Japan for its assistance.")
    aid = only_event(x, "AID")
    thanks = only_event(x, "SUPPORT", "thanked")
    assert f"event:{aid.key}" in thanks.about


def test_thanks_without_a_reason_are_about_no_act(extract: Extract) -> None:
    x = extract("Japan granted Fiji $5 million on Monday. Fiji thanked Japan.")
    thanks = only_event(x, "SUPPORT", "thanked")
    assert not any(a.startswith("event:") for a in thanks.about)


# --- an announced forceful act is a threat --------------------------------------------------------


def test_planned_sanctions_are_a_threat(extract: Extract) -> None:
    x = extract("Norway will impose sanctions on Chile.")
    assert only_event(x, "THREATEN").actors == ("country/norway",)
    assert not events_of(x, "SANCTION")


def test_imposed_sanctions_are_sanctions(extract: Extract) -> None:
    x = extract("Norway imposed sanctions on Chile.")
    assert only_event(x, "SANCTION").actors == ("country/norway",)
    assert not events_of(x, "THREATEN")


# --- aid whose recipient goes unnamed -----------------------------------------------------------


def test_unnamed_recipient_is_the_state_the_report_is_about(extract: Extract) -> None:
    x = extract(
        "Fiji and Japan held talks in Suva. Fiji thanked Japan. "
        "Japan will provide a grant of $5 million."
    )
    assert only_event(x, "AID").targets == ("country/fiji",)


def test_named_recipient_stays(extract: Extract) -> None:
    x = extract("Fiji and Japan held talks. Japan will provide a grant of $5 million to Tonga.")
    assert only_event(x, "AID").targets == ("country/tonga",)


# --- "they" stands for the last group named --------------------------------------------------


def test_they_stand_for_the_states_named_together(extract: Extract) -> None:
    x = extract("Ghana and Togo held talks on Monday. They also agreed to cooperate on trade.")
    agreement = only_event(x, "AGREE", "agreed")
    assert set(agreement.actors) == {"country/ghana", "country/togo"}


def test_they_with_no_group_before_stands_for_nobody(extract: Extract) -> None:
    x = extract("They agreed to cooperate on trade.")
    assert not events_of(x, "AGREE")


# --- a dateline is never the subject --------------------------------------------------------


def test_dateline_is_not_the_actor(extract: Extract) -> None:
    x = extract("ACCRA, May 3 – Kenyan President Ruto began a state visit to Ghana on Monday.")
    visit = only_event(x, "CONSULT", "visit")
    assert visit.actors == ("country/kenya",)
    assert visit.targets == ("country/ghana",)


def test_a_phrase_set_beside_the_dateline_is_the_subject_whole(extract: Extract) -> None:
    x = extract(
        "LIMA, July 27 – Foreign ministers of Bolivia and the Republic of Chile on Friday "
        "pledged to deepen cooperation in trade."
    )
    assert only_event(x, "AGREE", "pledged").actors == ("country/bolivia", "country/chile")


# --- lexicon entries with conditions ---------------------------------------------------------


def test_held_conference_is_a_meeting(extract: Extract) -> None:
    x = extract("Ghana and Togo held a video conference on Monday.")
    assert only_event(x, "CONSULT", "conference").mode == "video conference"


def test_press_conference_mentioned_is_no_meeting(extract: Extract) -> None:
    x = extract("The conference room in Accra was renovated.")
    assert not events_of(x, "CONSULT")


def test_hosting_a_summit_is_a_meeting(extract: Extract) -> None:
    x = extract("Ghana will host the summit next year.")
    summit = only_event(x, "CONSULT")  # one event, carried by the noun, not also by "host"
    assert summit.actors == ("country/ghana",)
    assert summit.kind == "Summit"
    assert summit.modality == "planned"


def test_hosting_refugees_is_no_meeting(extract: Extract) -> None:
    x = extract("Ghana hosts thousands of refugees.")
    assert not events_of(x, "CONSULT")


def test_firing_at_a_boat_is_an_assault(extract: Extract) -> None:
    x = extract("A Chilean patrol vessel fired at a Peruvian fishing boat on Monday.")
    assert events_of(x, "ASSAULT")


def test_firing_a_minister_is_no_assault(extract: Extract) -> None:
    x = extract("Chile fired its finance minister on Monday.")
    assert not events_of(x, "ASSAULT")


def test_ordering_diplomats_to_leave_is_a_sanction(extract: Extract) -> None:
    x = extract("Chile ordered two Peruvian diplomats to leave the country.")
    assert only_event(x, "SANCTION").actors == ("country/chile",)


def test_ordering_goods_is_no_sanction(extract: Extract) -> None:
    x = extract("Chile ordered two new patrol vessels from Spain.")
    assert not events_of(x, "SANCTION")


def test_staged_protest_is_read_despite_the_lemmatiser(extract: Extract) -> None:
    x = extract("Hundreds of farmers staged a protest outside the Chilean embassy in Lima.")
    assert events_of(x, "PROTEST")


def test_meeting_targets_is_no_meeting(extract: Extract) -> None:
    x = extract("Ghana met its fiscal targets this year, Togo said.")
    assert not events_of(x, "CONSULT")


def test_meeting_a_minister_is_a_meeting(extract: Extract) -> None:
    x = extract("Ghana's foreign minister met Togo's foreign minister in Lome.")
    assert events_of(x, "CONSULT")


def test_the_meeting_co_chaired_is_the_meeting_reported(extract: Extract) -> None:
    x = extract(
        "Ghana and Togo held talks in Lome on Monday. "
        "The meeting was co-chaired by Kwame Mensah and Kossi Agbo."
    )
    meetings = events_of(x, "CONSULT")
    assert len(meetings) == 1
    assert set(meetings[0].participants) == {"person/kwame-mensah", "person/kossi-agbo"}


# --- one meeting named several times is one event --------------------------------------------


def test_a_meeting_named_again_is_one_event(extract: Extract) -> None:
    x = extract(
        "Ghana and Togo held talks in Lome on Monday. "
        "The two countries also discussed border security."
    )
    assert len(events_of(x, "CONSULT")) == 1


def test_a_planned_meeting_is_another_event(extract: Extract) -> None:
    x = extract(
        "Ghana and Togo held talks in Lome on Monday. "
        "Ghana and Togo will hold another round of talks in Accra next month."
    )
    assert len(events_of(x, "CONSULT")) == 2


# --- roles reached through the clause ---------------------------------------------------------


def test_act_in_a_by_clause_belongs_to_the_clause_subject(extract: Extract) -> None:
    x = extract("Chile responded by expelling two Bolivian diplomats.")
    expulsion = only_event(x, "SANCTION", "expelling")
    assert expulsion.actors == ("country/chile",)
    assert expulsion.targets == ("country/bolivia",)


def test_noun_act_a_state_responded_with_is_its_own(extract: Extract) -> None:
    x = extract("Hanoi responded with a formal protest.")
    assert only_event(x, "PROTEST", "protest").actors == ("country/vietnam",)


def test_noun_act_merely_agreed_with_is_no_act_of_the_subject(extract: Extract) -> None:
    x = extract("Hanoi agreed with the protest.")
    assert events_of(x, "PROTEST") == []


def test_unit_of_a_named_force_acts_for_that_force(extract: Extract) -> None:
    x = extract("The trawler was seized on Friday by a patrol vessel of the Ghana Navy.")
    seizure = only_event(x, "COERCE", "seized")
    assert seizure.actors == ("organization/ghana-navy", "country/ghana")


def test_call_on_with_a_bare_infinitive_after_the_object_is_a_request(extract: Extract) -> None:
    x = extract("Fiji called on rich countries to triple adaptation finance.")
    assert only_event(x, "REQUEST", "called").actors == ("country/fiji",)


def test_call_on_followed_by_a_place_is_a_courtesy_call(extract: Extract) -> None:
    x = extract("The Fijian envoy called on the Prime Minister at his office in Suva.")
    assert events_of(x, "REQUEST") == []
    assert only_event(x, "CONSULT", "called").actors == ("country/fiji",)


# --- lexicon entries: upgrading ties, disbursements ------------------------------------------


def test_upgrading_relations_is_a_mutual_agreement(extract: Extract) -> None:
    x = extract("Chile and Peru upgraded their relations to a strategic partnership on Monday.")
    upgrade = only_event(x, "AGREE", "upgraded")
    assert set(upgrade.actors) == {"country/chile", "country/peru"}


def test_upgrading_equipment_is_no_agreement(extract: Extract) -> None:
    x = extract("Chile upgraded its airport on Monday.")
    assert events_of(x, "AGREE") == []


def test_disbursement_is_aid_to_the_recipient(extract: Extract) -> None:
    x = extract("The World Bank approved the disbursement of $40 million to Malawi.")
    aid = only_event(x, "AID", "disbursement")
    assert aid.actors == ("organization/world-bank",)
    assert aid.targets == ("country/malawi",)


# --- actors: leaders of units, the state where people are held -----------------------------


def test_soldiers_led_by_someone_act_for_their_leader(extract: Extract) -> None:
    x = extract("Soldiers led by Colonel Amadou Keita seized the radio station in Bamako.")
    assert only_event(x, "COERCE", "seized").actors == ("person/amadou-keita",)


def test_soldiers_accompanied_by_someone_do_not_act_for_them(extract: Extract) -> None:
    x = extract("Soldiers accompanied by Amadou Keita seized the radio station in Bamako.")
    assert not [e for e in events_of(x, "COERCE") if "person/amadou-keita" in e.actors]


def test_people_held_in_a_state_are_held_by_it(extract: Extract) -> None:
    x = extract("Fourteen Ghanaian traders were detained in Togo last week.")
    assert only_event(x, "COERCE", "detained").actors == ("country/togo",)


def test_people_held_in_a_city_have_no_inferred_captor(extract: Extract) -> None:
    x = extract("Fourteen traders were detained in a warehouse last week.")
    assert events_of(x, "COERCE") == []


def test_material_act_in_a_relative_clause_is_an_act_of_its_own(extract: Extract) -> None:
    x = extract("Ghana welcomed the return of traders who had been detained in Togo.")
    assert only_event(x, "COERCE", "detained").actors == ("country/togo",)
    assert only_event(x, "SUPPORT", "welcomed").actors == ("country/ghana",)


def test_an_act_in_a_relative_clause_with_its_own_subject_is_that_subject_s(
    extract: Extract,
) -> None:
    x = extract("Ghana welcomed the accord that Togo had praised.")
    praise = only_event(x, "SUPPORT", "praised")
    assert praise.actors == ("country/togo",)
    assert not any(a.startswith("event:") for a in praise.about)  # the accord, not the welcome


def test_an_act_in_a_relative_clause_on_a_relative_pronoun_stays_part_of_the_outer_act(
    extract: Extract,
) -> None:
    x = extract("Ghana welcomed the accord, which supports cocoa farmers in both states.")
    assert events_of(x, "SUPPORT", "supports") == []


# --- targets: phrases on a light verb, supplies, pronoun objects ----------------------------


def test_phrase_on_the_light_verb_names_the_target(extract: Extract) -> None:
    x = extract("The European Union expressed solidarity with Lithuania.")
    assert only_event(x, "SUPPORT", "solidarity").targets == ("country/lithuania",)


def test_phrase_on_an_ordinary_verb_names_no_target(extract: Extract) -> None:
    x = extract("The European Union discussed its solidarity with Lithuania.")
    assert not [e for e in events_of(x, "SUPPORT") if "country/lithuania" in e.targets]


def test_supplying_a_state_is_aid_to_it(extract: Extract) -> None:
    x = extract("Kazakhstan will supply Kyrgyzstan with 200 tonnes of wheat.")
    aid = only_event(x, "AID", "supply")
    assert aid.actors == ("country/kazakhstan",)
    assert aid.targets == ("country/kyrgyzstan",)


def test_pronoun_object_is_the_person_who_is_not_the_subject(extract: Extract) -> None:
    x = extract(
        "Peruvian Minister Rosa Quispe met Chilean Minister Juan Soto and invited him to "
        "visit Lima."
    )
    invitation = only_event(x, "AGREE", "invited")
    assert "person/juan-soto" in invitation.targets


def test_pronoun_subject_with_two_people_named_stays_unresolved(extract: Extract) -> None:
    x = extract("Rosa Quispe met Juan Soto. He praised the talks.")
    assert not [e for e in events_of(x, "SUPPORT") if "person/juan-soto" in e.actors]


# --- about: bodies that are not a state's own; where a meeting happens is not its target -----


def test_act_is_about_the_joint_body_it_concerns(extract: Extract) -> None:
    x = extract("Chile and Peru agreed to convene the Chile-Peru Joint Commission in May.")
    agreement = only_event(x, "AGREE", "agreed")
    assert "organization/chile-peru-joint-commission" in agreement.about


def test_act_is_not_about_the_ministry_it_happens_in(extract: Extract) -> None:
    x = extract("Chile and Peru held talks at the Ministry of Foreign Affairs in Lima.")
    talks = only_event(x, "CONSULT", "talks")
    assert not [k for k in talks.about if "ministry" in k]


def test_body_a_meeting_happens_at_is_no_party(extract: Extract) -> None:
    x = extract("Peru received the Chilean envoy at the Ministry of Foreign Affairs.")
    call = only_event(x, "CONSULT", "received")
    assert not [k for k in call.actors + call.targets if "ministry" in k]


def test_adopting_a_declaration_is_agreeing_on_it(extract: Extract) -> None:
    x = extract("Chile and Peru adopted a joint declaration on water security.")
    assert set(only_event(x, "AGREE", "adopted").actors) == {"country/chile", "country/peru"}


def test_adopting_a_child_is_no_agreement(extract: Extract) -> None:
    x = extract("The Chilean minister and her husband adopted a child.")
    assert events_of(x, "AGREE") == []


def test_cancelling_a_states_debt_is_aid(extract: Extract) -> None:
    x = extract("Norway will cancel $60 million of Malawi's debt.")
    aid = only_event(x, "AID", "cancel")
    assert aid.actors == ("country/norway",)
    assert aid.modality == "planned"


def test_cancelling_a_visit_is_no_aid(extract: Extract) -> None:
    x = extract("Norway cancelled the visit to Malawi.")
    assert events_of(x, "AID") == []


def test_forum_is_no_actor_under_the_data_model(extract: Extract) -> None:
    # DATA-MODEL.md: an actor is a kg:Agent; a forum such as the G20 is a kg:Framework.
    x = extract("The G20 adopted a joint declaration on food security.")
    assert events_of(x, "AGREE") == []


def test_aid_a_state_stops_is_no_aid(extract: Extract) -> None:
    x = extract("The United States said it would halt military aid to Ukraine.")
    assert events_of(x, "AID") == []


def test_being_met_with_something_is_no_meeting(extract: Extract) -> None:
    x = extract("Chile's proposal was met with silence in Lima.")
    assert events_of(x, "CONSULT") == []


def test_meeting_with_someone_is_a_meeting(extract: Extract) -> None:
    x = extract("Chile met with Peru on Monday.")
    assert set(only_event(x, "CONSULT", "met").actors) == {"country/chile", "country/peru"}


def test_persons_arrest_is_done_to_them(extract: Extract) -> None:
    x = extract("Officials in Harare confirmed Tendai Moyo's arrest on Tuesday.")
    assert not [e for e in events_of(x, "COERCE") if "person/tendai-moyo" in e.actors]


def test_states_detention_of_someone_is_its_act(extract: Extract) -> None:
    x = extract("Russia's detention of the journalist drew criticism.")
    assert only_event(x, "COERCE", "detention").actors == ("country/russia",)


# --- press releases: courtesy calls received, "his" of a titled subject ----------------------


def test_courtesy_call_received_by_a_host_is_the_callers_act(extract: Extract) -> None:
    x = extract(
        "Peruvian Minister Rosa Quispe received a courtesy call by Chilean Ambassador Juan "
        "Soto to the Republic of Peru."
    )
    call = only_event(x, "CONSULT", "received")
    assert "country/chile" in call.actors
    assert "person/rosa-quispe" in call.targets


def test_possessive_of_a_titled_subject_is_the_post_holders(extract: Extract) -> None:
    x = extract(
        "Rosa Quispe, Deputy Prime Minister of Peru, met Chilean President Juan Soto. "
        "The Deputy Prime Minister expressed her gratitude to Chile."
    )
    gratitude = only_event(x, "SUPPORT", "gratitude")
    assert "person/rosa-quispe" in gratitude.actors
    assert "person/juan-soto" not in gratitude.actors


def test_conjoined_verb_under_a_reported_clause_acts_for_the_speaker(extract: Extract) -> None:
    x = extract(
        "Chilean Foreign Minister Rosa Quispe said the blocks lay within Chile's waters and "
        "accused Lima of trying to intimidate a neighbour."
    )
    accusation = only_event(x, "ACCUSE", "accused")
    assert "person/rosa-quispe" in accusation.actors
    assert accusation.targets == ("country/peru",)


def test_conjoined_verb_with_no_one_above_has_no_actor(extract: Extract) -> None:
    x = extract("The blocks lay within the zone and accused nobody.")
    assert events_of(x, "ACCUSE") == []


def test_shells_fired_from_a_state_are_its_attack(extract: Extract) -> None:
    x = extract("Mortar shells fired from Malian territory struck a Nigerien village on Monday.")
    attack = only_event(x, "ASSAULT", "struck")
    assert attack.actors == ("country/mali",)
    assert attack.targets == ("country/niger",)


def test_shells_of_unknown_origin_have_no_attacker(extract: Extract) -> None:
    x = extract("Mortar shells struck a village in Niger on Monday.")
    assert events_of(x, "ASSAULT") == []


def test_transfer_received_is_about_its_recipient_project(extract: Extract) -> None:
    x = extract("The Rural Roads Project will also receive a grant of 1.5 billion yen from Japan.")
    grant = only_event(x, "AID", "grant")
    assert grant.actors == ("country/japan",)
    assert grant.about == ("framework/rural-roads-project",)


def test_contributing_to_a_facility_is_no_membership(extract: Extract) -> None:
    x = extract("Chile will contribute $5 million to the Andean Resilience Facility.")
    assert only_event(x, "AID", "contribute").about == ("framework/andean-resilience-facility",)
    assert not [f for f in x.facts if f.predicate == "memberOf"]


def test_discussing_the_crisis_is_about_the_reports_state(extract: Extract) -> None:
    x = extract(
        "Soldiers seized power in Guinea-Bissau on Monday. Guinea-Bissau's president fled. "
        "The African Union is expected to discuss the crisis next week."
    )
    talks = only_event(x, "CONSULT", "discuss")
    assert talks.about == ("country/guinea-bissau",)


def test_discussing_a_named_plan_is_about_the_plan_only(extract: Extract) -> None:
    x = extract(
        "Chile and Peru met on Monday. The African Union is expected to discuss the Lima "
        "Water Plan next week."
    )
    talks = only_event(x, "CONSULT", "discuss")
    assert "country/chile" not in talks.about


def test_denying_responsibility_answers_the_act_laid_at_the_deniers_door(
    extract: Extract,
) -> None:
    x = extract(
        "Mortar shells fired from Malian territory struck a Nigerien village on Monday. "
        "Bamako denied any responsibility."
    )
    attack = only_event(x, "ASSAULT", "struck")
    denial = only_event(x, "REJECT", "denied")
    assert denial.targets == ("country/niger",)
    assert f"event:{attack.key}" in denial.about


def test_denying_a_report_answers_no_earlier_act(extract: Extract) -> None:
    x = extract(
        "Mortar shells fired from Malian territory struck a Nigerien village on Monday. "
        "Bamako denied the report."
    )
    denial = only_event(x, "REJECT", "denied")
    assert not any(ref.startswith("event:") for ref in denial.about)


def test_the_act_referred_to_is_the_one_the_report_leads_with(extract: Extract) -> None:
    x = extract(
        "Mortar shells fired from Malian territory struck a Nigerien village on Monday. "
        "Nigerien troops returned fire. Ghana condemned the shelling."
    )
    attack = only_event(x, "ASSAULT", "struck")
    condemnation = only_event(x, "ACCUSE", "condemned")
    assert f"event:{attack.key}" in condemnation.about
    assert condemnation.targets == ("country/mali",)


def test_the_act_reported_with_the_same_word_is_preferred(extract: Extract) -> None:
    x = extract(
        "Mali expelled two Nigerien diplomats. Niger imposed sanctions on Mali. Mali condemned "
        "the sanctions."
    )
    sanctions = only_event(x, "SANCTION", "sanctions")
    assert f"event:{sanctions.key}" in only_event(x, "ACCUSE", "condemned").about


def test_the_invitation_is_the_act_reported_as_inviting(extract: Extract) -> None:
    x = extract(
        "Peru promised Chile to reopen the border crossing. Ecuador invited the Bolivian "
        "foreign minister to attend a summit in Quito. Bolivia accepted the invitation."
    )
    invitation = only_event(x, "AGREE", "invited")
    acceptance = only_event(x, "AGREE", "accepted")
    assert f"event:{invitation.key}" in acceptance.about
    assert acceptance.targets == ("country/ecuador",)


def test_a_call_its_maker_owns_is_the_call_reported(extract: Extract) -> None:
    x = extract(
        "The opposition Citizen Revolution Movement called on the Ecuadorian government to "
        "reopen talks with the International Monetary Fund. Finance Minister Lucia Paredes "
        "rejected the opposition's call to reopen talks with the Fund."
    )
    call = only_event(x, "REQUEST", "called")
    rejection = only_event(x, "REJECT", "rejected")
    assert f"event:{call.key}" in rejection.about
    # the answer goes to the caller, not to the first body named in the object
    assert rejection.targets == ("organization/citizen-revolution-movement",)


def test_an_owned_initiative_may_be_a_new_one(extract: Extract) -> None:
    x = extract(
        "Norway granted Laos $3 million for clean water. Laos welcomed the Norwegian "
        "government's initiative to launch a regional fisheries programme."
    )
    welcome = only_event(x, "SUPPORT", "welcomed")
    assert not any(ref.startswith("event:") for ref in welcome.about)


def test_calls_nobody_owns_take_up_no_reported_call(extract: Extract) -> None:
    x = extract(
        "The opposition Citizen Revolution Movement called on the Ecuadorian government to "
        "reopen talks with the International Monetary Fund. Finance Minister Lucia Paredes "
        "rejected calls to reopen talks with the Fund."
    )
    rejection = only_event(x, "REJECT", "rejected")
    assert not any(ref.startswith("event:") for ref in rejection.about)


def test_the_co_chairs_are_the_people_said_to_chair(extract: Extract) -> None:
    x = extract(
        "The 9th APEC Ministerial Meeting on Water was co-chaired by Peruvian Minister Rosa "
        "Andrade and Chilean Minister Juan Soto. The co-chairs welcomed the Australian pledge."
    )
    welcome = only_event(x, "SUPPORT", "welcomed")
    assert {"person/rosa-andrade", "person/juan-soto"} <= set(welcome.actors)


def test_the_co_chairs_of_no_named_meeting_are_nobody(extract: Extract) -> None:
    x = extract("The co-chairs welcomed the Australian pledge.")
    assert events_of(x, "SUPPORT") == []


# --- prisoners exchanged, funding restored -------------------------------------------------------


def test_states_exchanging_prisoners_retreat(extract: Extract) -> None:
    x = extract("Peru and Chile exchanged prisoners on Monday.")
    assert only_event(x, "RETREAT", "exchanged").actors == ("country/peru", "country/chile")


def test_exchanging_greetings_is_no_retreat(extract: Extract) -> None:
    x = extract("Peru and Chile exchanged greetings on Monday.")
    assert events_of(x, "RETREAT") == []


def test_restored_funding_is_aid(extract: Extract) -> None:
    x = extract("The United States restored funding for demining in Laos.")
    assert only_event(x, "AID", "restored").actors == ("country/united-states",)


def test_restored_order_is_no_aid(extract: Extract) -> None:
    x = extract("Peruvian police restored order in Lima.")
    assert events_of(x, "AID") == []


# --- what is deployed or contributed says whether it is aid or force ---------------------------


def test_relief_teams_deployed_are_aid(extract: Extract) -> None:
    x = extract("Japan deployed medical teams and rescue experts to Nepal.")
    assert only_event(x, "AID", "deployed").targets == ("country/nepal",)


def test_troops_deployed_are_mobilised(extract: Extract) -> None:
    x = extract("Russia deployed troops to the border.")
    assert only_event(x, "MOBILIZE", "deployed").actors == ("country/russia",)


def test_units_contributed_to_an_exercise_are_mobilised(extract: Extract) -> None:
    x = extract("Germany is contributing air-defence units to the exercise.")
    assert only_event(x, "MOBILIZE", "contributing").actors == ("country/germany",)


def test_money_contributed_is_aid(extract: Extract) -> None:
    x = extract("Germany will contribute 5 million euros to Laos.")
    assert only_event(x, "AID", "contribute").targets == ("country/laos",)


# --- arrests with no one named are the dateline state's, when the report names that state ------


def test_arrests_with_no_one_named_are_the_named_dateline_state_s(extract: Extract) -> None:
    x = extract(
        "TUNIS, April 23 – Tunisian unions marched. Police said that 23 people had been arrested."
    )
    assert only_event(x, "COERCE", "arrested").actors == ("country/tunisia",)


def test_arrests_placed_elsewhere_are_not_the_dateline_state_s(extract: Extract) -> None:
    x = extract(
        "TUNIS, April 23 – Tunisian unions marched. Police said 23 people had been arrested "
        "in Sfax."
    )
    assert events_of(x, "COERCE") == []


def test_arrests_are_not_those_of_a_dateline_state_the_report_never_names(
    extract: Extract,
) -> None:
    x = extract(
        "GABORONE, Dec 5 – SADC suspended Lesotho. Lesotho said 23 people had been arrested."
    )
    assert events_of(x, "COERCE") == []


# --- "He also thanked …": the one person who acted in the sentence before ----------------------


HONOURED = (
    "Lima, 4 June 2025 – H.E. Rosa Quispe, Deputy Prime Minister of Peru, received H.E. Jorge "
    "Diaz, Ambassador of Chile, and H.E. Ana Ruiz, Ambassador of Bolivia. H.E. Deputy Prime "
    "Minister expressed her gratitude to Chile for its support. "
)


def test_she_is_the_one_person_who_acted_in_the_sentence_before(extract: Extract) -> None:
    x = extract(HONOURED + "She also thanked the Bolivian Navy for its help.")
    assert "person/rosa-quispe" in only_event(x, "SUPPORT", "thanked").actors


def test_she_after_a_sentence_where_two_people_acted_is_nobody(extract: Extract) -> None:
    x = extract(
        "Foreign Minister Maria Gonzalez and Trade Minister Rosa Quispe thanked Chile. She also "
        "thanked the Bolivian Navy."
    )
    assert [e.trigger for e in events_of(x, "SUPPORT")] == ["thanked"]


# --- a rejected claim is aimed at who made it, not at whom it names ----------------------------


def test_a_rejected_claim_is_aimed_at_its_maker_not_at_whom_it_names(extract: Extract) -> None:
    x = extract(
        "Chile and the United States held talks on Monday. Chile rejected claims that its "
        "port is reserved for the Chinese navy."
    )
    rejection = only_event(x, "REJECT", "rejected")
    assert "country/china" not in rejection.targets
    assert "country/china" in rejection.about


def test_welcomed_remarks_are_aimed_at_the_state_they_name(extract: Extract) -> None:
    x = extract("Chile welcomed remarks that Peru adheres to a policy of neutrality.")
    assert only_event(x, "SUPPORT", "welcomed").targets == ("country/peru",)


# --- "ended a two-day Leaders' Meeting", "also attended" -------------------------------------


def test_ending_a_named_meeting_is_the_meeting(extract: Extract) -> None:
    x = extract("Chile and Peru ended a two-day Pacific Leaders' Meeting in Lima on Thursday.")
    meeting = only_event(x, "CONSULT", "ended")
    assert meeting.actors == ("country/chile", "country/peru")
    assert meeting.about == ("named-event/pacific-leaders-meeting",)


def test_ending_a_war_is_no_meeting(extract: Extract) -> None:
    x = extract("Chile and Peru ended the war in 1884.")
    assert events_of(x, "CONSULT") == []


def test_attending_with_no_object_joins_the_meeting_reported(extract: Extract) -> None:
    x = extract(
        "Chile and Peru held a summit in Lima. The summit was hosted by Peru, and Bolivian "
        "President Luis Arce also attended."
    )
    summit = only_event(x, "CONSULT")
    assert "person/luis-arce" in summit.participants


# --- a warning is a threat when it announces the warner's own act -----------------------------


def test_warning_of_one_s_own_countermeasures_is_a_threat(extract: Extract) -> None:
    x = extract("Bangladesh warned that it would take countermeasures.")
    assert only_event(x, "THREATEN", "warned").actors == ("country/bangladesh",)


def test_warning_that_a_situation_could_worsen_is_no_threat(extract: Extract) -> None:
    x = extract("Chile warned that the situation in the region could spin out of control.")
    assert events_of(x, "THREATEN") == []


def test_a_quoted_warning_stays_a_threat(extract: Extract) -> None:
    x = extract(
        "“Any incursion into our waters will receive a firm response,” Chilean Defence "
        "Minister Ana Soto warned."
    )
    assert "person/ana-soto" in only_event(x, "THREATEN", "warned").actors


# --- "met with success" meets no one; an ambassador withdrawn is a sanction -------------------


def test_meeting_with_success_is_no_meeting(extract: Extract) -> None:
    x = extract("The plan of Chile and Peru has met with little success.")
    assert events_of(x, "CONSULT") == []


def test_meeting_with_a_state_is_a_meeting(extract: Extract) -> None:
    x = extract("Chile met with Peru on Monday.")
    assert only_event(x, "CONSULT", "met").actors == ("country/chile", "country/peru")


def test_withdrawing_an_ambassador_is_a_sanction(extract: Extract) -> None:
    x = extract("Turkey withdrew its ambassador from Israel in 2018.")
    withdrawal = only_event(x, "SANCTION", "withdrew")
    assert (withdrawal.actors, withdrawal.targets) == (("country/turkey",), ("country/israel",))


def test_withdrawing_troops_is_a_retreat(extract: Extract) -> None:
    x = extract("Russia withdrew its troops from the border.")
    assert only_event(x, "RETREAT", "withdrew").actors == ("country/russia",)


# --- sharing intelligence is cooperation; sharing a belief or word of a strike is not -----------


def test_sharing_intelligence_is_cooperation(extract: Extract) -> None:
    x = extract("Chile and Peru will share intelligence on drug trafficking.")
    assert only_event(x, "COOPERATE", "share").actors == ("country/chile", "country/peru")


def test_sharing_a_belief_is_no_cooperation(extract: Extract) -> None:
    x = extract("Kenya sees India as a partner that shares its belief in technology.")
    assert events_of(x, "COOPERATE") == []


# --- words that look like acts but are not (each with the act it can be) ---------------------


def test_granting_access_is_no_aid(extract: Extract) -> None:
    x = extract("Venezuela granted the Portuguese diplomat consular access on Monday.")
    assert events_of(x, "AID") == []


def test_granting_money_is_aid(extract: Extract) -> None:
    x = extract("Japan granted Laos $5 million.")
    assert only_event(x, "AID", "granted").targets == ("country/laos",)


def test_contributions_to_relations_are_no_aid(extract: Extract) -> None:
    x = extract(
        "Cambodia congratulated the ambassador on her contributions to bilateral relations."
    )
    assert events_of(x, "AID") == []


def test_a_reporter_contributing_to_a_report_gives_no_aid(extract: Extract) -> None:
    x = extract("Maria Gonzalez of the Lima bureau contributed to this report.")
    assert events_of(x, "AID") == []


def test_a_giving_verb_that_gives_nothing_to_no_one_is_no_aid(extract: Extract) -> None:
    x = extract("Chilean reporters Ana Soto and Luis Vera contributed from Lima and Cusco.")
    assert events_of(x, "AID") == []


def test_a_giving_verb_with_what_it_gives_is_aid(extract: Extract) -> None:
    x = extract("Japan provided $5 million.")
    assert only_event(x, "AID", "provided").actors == ("country/japan",)


def test_a_contribution_to_a_body_is_aid(extract: Extract) -> None:
    x = extract("Kuwait will make a contribution to UNRWA.")
    assert only_event(x, "AID", "contribution").targets == ("organization/unrwa",)


@pytest.mark.parametrize(
    "text",
    [
        "Asked by reporters if Chile was considering sanctions, Peru said no.",
        "Mauritius conferred its highest honour on the Indian prime minister.",
        "Analyst Rosa Ruiz warned against hospital care in Lima.",
        "The reporter contributed stories about her father.",
        "We will talk them into buying local products.",
    ],
)
def test_look_alike_is_no_event(extract: Extract, text: str) -> None:
    assert extract(text).events == ()


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("Peru asked Chile whether to withdraw, and Chile asked Peru to wait.", "REQUEST"),
        ("Russia warned Finland that it would respond.", "THREATEN"),
        ("Japan contributed $5 million to Peru.", "AID"),
        ("Chile and Peru conferred on Monday.", "CONSULT"),
    ],
)
def test_the_act_itself_is_an_event(extract: Extract, text: str, event_type: str) -> None:
    assert events_of(extract(text), event_type)


def test_a_decided_act_is_asserted_whatever_the_sentence_predicts(extract: Extract) -> None:
    x = extract("Chile's decision to suspend its aid programmes in Peru will hurt farmers.")
    suspension = only_event(x, "SANCTION", "suspend")
    assert suspension.modality == "asserted"


def test_a_suspension_announced_for_later_is_a_threat(extract: Extract) -> None:
    x = extract("Chile will suspend its aid to Peru.")
    assert only_event(x, "THREATEN", "suspend").modality == "planned"


def test_not_accepting_is_rejecting(extract: Extract) -> None:
    x = extract("Peru did not accept the proposal by Chile.")
    assert only_event(x, "REJECT", "accept").targets == ("country/chile",)
    assert events_of(x, "AGREE") == []


def test_not_recognising_a_court_is_rejecting_it(extract: Extract) -> None:
    x = extract("Guyana said it does not recognise the jurisdiction of the ICJ.")
    refusal = only_event(x, "REJECT", "recognise")
    assert (refusal.modality, refusal.targets) == ("asserted", ("organization/icj",))


def test_recognising_a_court_is_support(extract: Extract) -> None:
    x = extract("Guyana said it recognises the jurisdiction of the ICJ.")
    assert only_event(x, "SUPPORT", "recognises").targets == ("organization/icj",)
    assert events_of(x, "REJECT") == []


def test_holding_a_named_meeting_is_a_meeting(extract: Extract) -> None:
    x = extract(
        "The 9th APEC Ministerial Meeting on Water was held in Lima under Peru's chairmanship."
    )
    meeting = only_event(x, "CONSULT", "held")
    assert meeting.about == ("named-event/9th-apec-ministerial-meeting-on-water",)


def test_hosting_visitors_is_no_meeting(extract: Extract) -> None:
    x = extract("Peru will host the tourists next year.")
    assert events_of(x, "CONSULT") == []


# --- verdicts: "called the deal a milestone", "called the decision an unfriendly act" ----------


def test_condemning_verdict_accuses_who_did_the_act(extract: Extract) -> None:
    x = extract(
        "Russia expelled two Czech diplomats. Czech Foreign Minister Jan Novak called the "
        "decision an unfriendly act."
    )
    verdict = only_event(x, "ACCUSE", "called")
    assert verdict.targets == ("country/russia",)


def test_approving_verdict_is_support(extract: Extract) -> None:
    x = extract("Chile and Peru signed a ceasefire. Bolivia called the agreement a victory.")
    assert only_event(x, "SUPPORT", "called").actors == ("country/bolivia",)


def test_neutral_description_is_no_verdict(extract: Extract) -> None:
    x = extract("Chile called the minister a friend of the family.")
    assert x.events == ()


# --- the other side: an addressee the report of a two-sided dispute leaves unnamed --------------


def test_unnamed_addressee_of_a_demand_is_the_other_side(extract: Extract) -> None:
    x = extract(
        "Ecuador detained a Colombian trawler crew off its coast on Monday. Colombia said the "
        "boat was in Colombian waters. Bogota demanded the crew's immediate release."
    )
    demand = only_event(x, "REQUEST", "demanded")
    assert demand.actors == ("country/colombia",)
    assert demand.targets == ("country/ecuador",)


def test_addressee_stays_unnamed_when_many_states_share_the_story(extract: Extract) -> None:
    x = extract(
        "Ecuador, Peru and Chile met in Lima. Colombia, Ecuador and Peru discussed fishing. "
        "Bogota demanded the crew's immediate release."
    )
    assert only_event(x, "REQUEST", "demanded").targets == ()


def test_cooperative_acts_get_no_implied_addressee(extract: Extract) -> None:
    x = extract(
        "Ecuador detained a Colombian trawler crew on Monday. Colombia said the boat was in "
        "Colombian waters. Bogota expressed support for peace talks in the region."
    )
    assert only_event(x, "SUPPORT", "support").targets == ()


# --- a main verb the parser hung under the subject noun ----------------------------------------


def test_finite_verb_hung_under_the_subject_still_has_it_as_actor(extract: Extract) -> None:
    x = extract(
        "The Pacific Community (SPC), of which Fiji is a member, called on Tonga to lift its "
        "fishing ban."
    )
    request = only_event(x, "REQUEST", "called")
    assert request.actors == ("organization/pacific-community",)
    assert request.targets == ("country/tonga",)


def test_participle_under_a_noun_does_not_take_the_root_as_actor(extract: Extract) -> None:
    x = extract("The Andean Community after the sanctions imposed on Chile in March.")
    assert events_of(x, "SANCTION") == []


# --- a definite noun taking up a transfer already reported --------------------------------------


def test_the_grant_again_is_the_reported_grant_and_adds_what_it_pays_for(
    extract: Extract,
) -> None:
    x = extract(
        "Japan approved a grant of $5 million for Laos on Monday. The grant will finance the "
        "Mekong Water Security Project in Savannakhet."
    )
    grant = only_event(x, "AID", "grant")
    assert grant.targets == ("country/laos",)
    assert grant.about == ("framework/mekong-water-security-project",)


def test_a_second_grant_is_no_restatement(extract: Extract) -> None:
    x = extract(
        "Japan approved a grant of $5 million for Laos on Monday. Tokyo announced the second "
        "grant, of $2 million, for Cambodia on Friday."
    )
    assert [e.targets for e in events_of(x, "AID")] == [("country/laos",), ("country/cambodia",)]


def test_a_grant_by_another_giver_is_no_restatement(extract: Extract) -> None:
    x = extract(
        "Japan approved a grant of $5 million for Laos on Monday. The Korean grant will go to "
        "Cambodia."
    )
    assert {e.actors for e in events_of(x, "AID")} == {("country/japan",), ("country/south-korea",)}


def test_signing_the_loan_agreement_is_about_the_reported_loan(extract: Extract) -> None:
    x = extract(
        "Korea approved a loan of $40 million for Mongolia. Korea also pledged a grant of "
        "$3 million. The loan agreement was signed in Ulaanbaatar on Friday by the two finance "
        "ministers."
    )
    loan = only_event(x, "AID", "loan")
    assert only_event(x, "SUPPORT", "signed").about == (f"event:{loan.key}",)


def test_an_indefinite_loan_agreement_is_about_no_reported_loan(extract: Extract) -> None:
    x = extract(
        "Korea approved a loan of $40 million for Mongolia. A loan agreement for a second "
        "project was signed in Ulaanbaatar on Friday by Korea and Mongolia."
    )
    assert only_event(x, "SUPPORT", "signed").about == ()


def test_no_act_is_about_an_act_that_was_dropped(extract: Extract) -> None:
    x = extract(
        "Haitian Finance Minister Jean-Robert Dorsainvil welcomed both commitments but said his "
        "government would ask the Inter-American Development Bank to convert part of the loan "
        "into a grant."
    )
    reported = {f"event:{e.key}" for e in x.events}
    assert all(a in reported for e in x.events for a in e.about if a.startswith("event:"))


# --- what a body does, its state does; "to" labelled a dative --------------------------------


def test_a_ministry_acts_for_its_state(extract: Extract) -> None:
    x = extract(
        "The Peruvian Ministry of Foreign Affairs condemned the seizure of the vessel by Ecuador."
    )
    assert only_event(x, "ACCUSE", "condemned").actors == (
        "organization/peru-ministry-of-foreign-affairs",
        "country/peru",
    )


def test_an_international_body_acts_for_no_state(extract: Extract) -> None:
    x = extract("The Asian Development Bank condemned the seizure of the vessel by Ecuador.")
    assert only_event(x, "ACCUSE", "condemned").actors == ("organization/adb",)


def test_a_recipient_after_a_dative_to_is_the_target(extract: Extract) -> None:
    x = extract(
        "Japan provided a grant of 750 million yen to the Cambodian Mine Action Centre (CMAC) "
        "for demining."
    )
    grant = only_event(x, "AID", "provided")
    assert grant.targets == ("organization/cambodian-mine-action-centre",)


def test_a_body_named_after_according_to_is_no_recipient(extract: Extract) -> None:
    x = extract(
        "Japan provided a grant of 750 million yen, according to the Cambodian Mine Action Centre."
    )
    assert "organization/mine-action-centre" not in only_event(x, "AID", "provided").targets


# --- "the Chilean leader", "the Peruvian foreign minister": the post holder named earlier -------


def test_the_states_leader_is_the_one_leader_named_for_it(extract: Extract) -> None:
    x = extract(
        "Chilean President Ana Rojas met Peruvian Foreign Minister Luis Vega in Lima on Monday. "
        "The Chilean leader accepted an invitation to visit Cusco. The Peruvian foreign "
        "minister thanked Chile."
    )
    assert only_event(x, "AGREE", "accepted").actors == ("person/ana-rojas", "country/chile")
    assert only_event(x, "SUPPORT", "thanked").actors == ("person/luis-vega", "country/peru")


def test_a_leader_of_a_state_with_two_leaders_named_stays_the_state(extract: Extract) -> None:
    x = extract(
        "Peruvian President Ana Rojas and Peruvian Prime Minister Jorge Salas met Chilean "
        "Foreign Minister Luis Vega in Lima on Monday. The Peruvian leader thanked Chile."
    )
    assert only_event(x, "SUPPORT", "thanked").actors == ("country/peru",)


# --- "may consider sanctions"; "a request from X" ----------------------------------------------


def test_considering_sanctions_is_a_threat(extract: Extract) -> None:
    x = extract("Brazil may consider sanctions against Venezuela.")
    threat = only_event(x, "THREATEN", "sanctions")
    assert (threat.actors, threat.targets) == (("country/brazil",), ("country/venezuela",))


def test_considering_a_report_is_no_event(extract: Extract) -> None:
    assert extract("Brazil will consider the report on Venezuela.").events == ()


def test_a_request_from_a_state_is_that_states_request_to_the_subject(extract: Extract) -> None:
    x = extract("Chile will consider a request from Bolivia to reopen the border crossing.")
    request = only_event(x, "REQUEST", "request")
    assert (request.actors, request.targets) == (("country/bolivia",), ("country/chile",))


def test_a_request_with_no_from_is_the_subjects_own(extract: Extract) -> None:
    x = extract("Chile made a request to Bolivia to reopen the border crossing.")
    assert only_event(x, "REQUEST", "request").actors == ("country/chile",)


# --- "thanked China for hosting the talks" ------------------------------------------------------


def test_thanks_for_hosting_the_talks_are_about_the_talks(extract: Extract) -> None:
    x = extract(
        "Saudi Arabia and Iran held talks in Beijing on Friday. Iran thanked China for hosting "
        "the talks."
    )
    talks = only_event(x, "CONSULT", "talks")
    assert only_event(x, "SUPPORT", "thanked").about == (f"event:{talks.key}",)


def test_thanks_for_support_are_about_no_meeting(extract: Extract) -> None:
    x = extract(
        "Saudi Arabia and Iran held talks in Beijing on Friday. Iran thanked China for its support."
    )
    assert only_event(x, "SUPPORT", "thanked").about == ()


def test_receiving_equipment_is_no_meeting(extract: Extract) -> None:
    x = extract(
        "The equipment was received by General Chhun Sovath, Supreme Commissioner of the "
        "National Police, at a ceremony attended by Minister Sar Sokha."
    )
    assert events_of(x, "CONSULT") == []


def test_receiving_a_minister_is_a_meeting(extract: Extract) -> None:
    x = extract("Prime Minister Hun Manet received the visiting Japanese Foreign Minister.")
    assert only_event(x, "CONSULT", "received").targets == ("person/hun-manet",)


# --- what an act concerns: the phrase on its object, "the situation in X" ----------------------


def test_views_exchanged_on_a_situation_are_about_where_it_is(extract: Extract) -> None:
    x = extract("Cambodia and Thailand exchanged views on the situation in Myanmar.")
    assert only_event(x, "CONSULT").about == ("country/myanmar",)


def test_a_situation_discussed_is_about_where_it_is(extract: Extract) -> None:
    x = extract("Cambodia and Thailand discussed the situation in Myanmar.")
    assert only_event(x, "CONSULT").about == ("country/myanmar",)


def test_views_exchanged_on_trade_are_about_no_state(extract: Extract) -> None:
    x = extract("Cambodia and Thailand exchanged views on trade and investment.")
    assert only_event(x, "CONSULT").about == ()


def test_a_party_hung_on_the_matter_signs_too(extract: Extract) -> None:
    x = extract("Ghana signed an agreement on fisheries with Togo.")
    signing = only_event(x, "SUPPORT", "signed")
    assert set(signing.actors) == {"country/ghana", "country/togo"}
    assert signing.about == ()


def test_a_place_hung_on_the_matter_signs_nothing(extract: Extract) -> None:
    x = extract("Ghana signed an agreement on fisheries in Accra.")
    assert only_event(x, "SUPPORT", "signed").actors == ("country/ghana",)


# --- offers of readiness, standing with, exchanging notes; who meets unaffiliated --------------


def test_being_ready_to_negotiate_is_an_offer_to_the_partner(extract: Extract) -> None:
    x = extract("Uzbekistan was ready to negotiate a similar arrangement with Kazakhstan.")
    offer = only_event(x, "AGREE")
    assert (offer.actors, offer.targets) == (("country/uzbekistan",), ("country/kazakhstan",))
    assert events_of(x, "CONSULT") == []  # the talks are what is offered, not yet held


def test_standing_ready_is_an_offer(extract: Extract) -> None:
    x = extract("Japan stands ready to help Tonga rebuild its ports.")
    assert only_event(x, "AGREE").actors == ("country/japan",)


def test_a_thing_being_ready_offers_nothing(extract: Extract) -> None:
    x = extract("Japan said the report on the Tongan ports was ready.")
    assert events_of(x, "AGREE") == []


def test_standing_with_a_state_is_support(extract: Extract) -> None:
    x = extract("Qatar will stand with Sudan until a lasting settlement is reached.")
    support = only_event(x, "SUPPORT", "stand")
    assert (support.actors, support.targets) == (("country/qatar",), ("country/sudan",))


def test_standing_on_a_spot_is_no_support(extract: Extract) -> None:
    x = extract("The Qatari envoy will stand beside the Sudanese delegation at the ceremony.")
    assert events_of(x, "SUPPORT") == []


def test_exchanging_notes_is_signing(extract: Extract) -> None:
    x = extract("India and Cambodia exchanged notes on a line of credit for farm machinery.")
    signing = only_event(x, "SUPPORT", "exchanged")
    assert set(signing.actors) == {"country/india", "country/cambodia"}


def test_exchanging_views_is_no_signing(extract: Extract) -> None:
    x = extract("India and Cambodia exchanged views on a line of credit for farm machinery.")
    assert events_of(x, "SUPPORT") == []


def test_a_person_tied_to_no_state_meets_in_their_own_name(extract: Extract) -> None:
    x = extract("Prime Minister Hun Manet met the US envoy.")
    assert set(only_event(x, "CONSULT", "met").actors) == {
        "person/hun-manet",
        "country/united-states",
    }


def test_a_person_tied_to_a_state_meets_for_it(extract: Extract) -> None:
    x = extract("Cambodian Prime Minister Hun Manet met the US envoy.")
    meeting = only_event(x, "CONSULT", "met")
    assert set(meeting.actors) == {"country/cambodia", "country/united-states"}
    assert meeting.participants == ("person/hun-manet",)


# --- the maker of a proposal, request or offer answered is the target ----------------------------


def test_agreeing_to_a_proposal_answers_its_maker(extract: Extract) -> None:
    x = extract(
        "Nigeria did not agree to a proposal by the Alliance of Sahel States to impose a levy."
    )
    answer = only_event(x, "AGREE", "agree")
    assert answer.actors == ("country/nigeria",)
    assert answer.targets == ("organization/alliance-of-sahel-states",)


def test_agreeing_with_a_state_makes_it_a_party(extract: Extract) -> None:
    x = extract("Nigeria agreed with Niger to reopen two border posts.")
    answer = only_event(x, "AGREE", "agreed")
    assert set(answer.actors) == {"country/nigeria", "country/niger"}
    assert answer.targets == ()


def test_rejecting_a_request_from_a_state_answers_it(extract: Extract) -> None:
    x = extract("Ghana rejected a request from Togo to reopen the border.")
    assert only_event(x, "REJECT", "rejected").targets == ("country/togo",)


def test_a_session_on_a_crisis_between_two_states_is_about_them(extract: Extract) -> None:
    x = extract(
        "The UN Security Council held an emergency session on the crisis between Chad and Sudan."
    )
    assert set(only_event(x, "CONSULT").about) == {"country/chad", "country/sudan"}


def test_a_session_on_a_crisis_is_about_no_state_it_does_not_name(extract: Extract) -> None:
    x = extract("The UN Security Council held an emergency session on the crisis.")
    assert only_event(x, "CONSULT").about == ()


# --- "the junta": the military council named before, else the state ----------------------------


def test_the_junta_is_the_military_council_named_before(extract: Extract) -> None:
    x = extract(
        "ACCRA, May 3 – Soldiers in Mali formed the National Committee for the Salvation of "
        "the People on Monday. ECOWAS demanded elections. The junta rejected the demand."
    )
    rejection = only_event(x, "REJECT", "rejected")
    assert rejection.actors == ("organization/national-committee-for-the-salvation-of-the-people",)


def test_the_junta_of_an_unnamed_council_is_the_state(extract: Extract) -> None:
    x = extract("Soldiers seized power in Mali on Monday. The junta rejected calls for elections.")
    assert only_event(x, "REJECT", "rejected").actors == ("country/mali",)


# --- "the ministers", "Leaders": those of the meeting just reported ------------------------------


def test_the_ministers_are_the_parties_of_the_meeting_reported(extract: Extract) -> None:
    x = extract("Chile and Peru held talks in Lima on Monday. The ministers praised the outcome.")
    assert set(only_event(x, "SUPPORT", "praised").actors) == {"country/chile", "country/peru"}


def test_bare_leaders_are_the_parties_of_the_meeting_reported(extract: Extract) -> None:
    x = extract("Chile and Peru held talks in Lima on Monday. Leaders praised the outcome.")
    assert set(only_event(x, "SUPPORT", "praised").actors) == {"country/chile", "country/peru"}


def test_some_ministers_are_not_the_parties_of_the_meeting(extract: Extract) -> None:
    x = extract(
        "Chile and Peru held talks in Lima on Monday. Several ministers praised the outcome."
    )
    assert events_of(x, "SUPPORT") == []


# --- "the Fund": the body the word heads before a name it is only part of ---------------------


def test_the_fund_is_the_body_named_a_fund(extract: Extract) -> None:
    x = extract(
        "The International Monetary Fund approved the third review of Ghana's Extended Fund "
        "Facility. In return, the Fund asked Ghana to cut fuel subsidies."
    )
    assert only_event(x, "REQUEST", "asked").actors == ("organization/imf",)


def test_the_fund_is_a_name_holding_the_word_when_none_ends_in_it(extract: Extract) -> None:
    x = extract(
        "The Ghana Fund Authority met on Monday. In return, the Fund asked Togo to cut fuel "
        "subsidies."
    )
    assert "organization/ghana-fund-authority" in only_event(x, "REQUEST", "asked").actors


# --- a crowd acts in no state's name; a clause's own subject is asked, not asking ---------------


def test_protesters_demanding_of_the_government_ask_their_state(extract: Extract) -> None:
    x = extract(
        "Thousands marched in Tunis against the trade deal with the EU. Protesters demanded "
        "that the Tunisian government suspend the talks."
    )
    demand = only_event(x, "REQUEST", "demanded")
    assert (demand.actors, demand.targets) == ((), ("country/tunisia",))


def test_a_state_demanding_of_another_asks_it(extract: Extract) -> None:
    x = extract("Algeria demanded that the Tunisian government suspend the talks.")
    demand = only_event(x, "REQUEST", "demanded")
    assert (demand.actors, demand.targets) == (("country/algeria",), ("country/tunisia",))


def test_an_unnamed_official_demanding_is_no_crowd(extract: Extract) -> None:
    x = extract("An official demanded that the Tunisian government suspend the talks.")
    assert events_of(x, "REQUEST") == []


# --- "convert part of the loan": the loan reported, whoever the clause's subject is ---------------


def test_the_loan_in_another_act_s_object_is_the_loan_reported(extract: Extract) -> None:
    x = extract(
        "The Inter-American Development Bank approved a $50 million loan to Haiti on Monday. "
        "Haiti said it may ask the bank to convert part of the loan into budget support."
    )
    loan = only_event(x, "AID", "loan")
    assert f"event:{loan.key}" in only_event(x, "REQUEST", "ask").about


def test_a_loan_with_a_giver_of_its_own_is_a_new_one(extract: Extract) -> None:
    x = extract(
        "The Inter-American Development Bank approved a $50 million loan to Haiti on Monday. "
        "Haiti said it may ask Canada to match part of Japan's loan with budget support."
    )
    assert len(events_of(x, "AID")) == 2


# --- "thanked Oslo, Berlin and UNDP for what she called …" -------------------------------------


def test_every_item_of_a_list_read_as_an_apposition_is_thanked(extract: Extract) -> None:
    x = extract(
        "Fijian Finance Minister Mere Tora signed a debt swap with Norway and Germany on "
        "Wednesday. She thanked Oslo, Berlin and UNDP for what she called patient and "
        "creative partnership."
    )
    thanks = only_event(x, "SUPPORT", "thanked")
    assert {"country/norway", "country/germany", "organization/undp"} <= set(thanks.targets)


def test_a_named_apposition_is_no_list_item(extract: Extract) -> None:
    x = extract(
        "Fijian Finance Minister Mere Tora thanked Norway, a long-time partner, for its help."
    )
    assert only_event(x, "SUPPORT", "thanked").targets == ("country/norway",)


def test_thanks_for_what_someone_called_a_partnership_are_about_the_thanked_act(
    extract: Extract,
) -> None:
    x = extract(
        "Norway granted Fiji $5 million for coastal defences. Fijian Finance Minister Mere Tora "
        "thanked Norway for what she called a patient partnership."
    )
    grant = only_event(x, "AID", "granted")
    assert f"event:{grant.key}" in only_event(x, "SUPPORT", "thanked").about


# --- "the programme" of a lender's facility; "the new rules" of a regulation -----------------


def test_the_programme_is_the_facility_named_before(extract: Extract) -> None:
    x = extract(
        "The IMF approved a loan to Ghana under its Extended Credit Facility. The opposition "
        "Ghana Unity Party called on the government to renegotiate the programme."
    )
    call = only_event(x, "REQUEST", "called")
    assert "framework/extended-credit-facility" in call.about


def test_the_new_rules_are_the_regulation_named_before(extract: Extract) -> None:
    x = extract(
        "The EU adopted the Forced Labour Regulation in May. Vietnam asked Brussels to exempt "
        "small farms from the new rules."
    )
    assert "framework/forced-labour-regulation" in only_event(x, "REQUEST", "asked").about


def test_rules_with_no_regulation_named_are_about_nothing(extract: Extract) -> None:
    x = extract("Vietnam asked Brussels to exempt small farms from the new rules.")
    assert only_event(x, "REQUEST", "asked").about == ()


# --- "a strategy under which Japan pledged …": what the relative pronoun stands for ------------


def test_an_act_under_which_a_framework_is_named_is_about_it(extract: Extract) -> None:
    x = extract(
        "The grant is part of the Blue Pacific Strategy, under which Japan has pledged "
        "$5 million to Fiji."
    )
    assert "framework/blue-pacific-strategy" in only_event(x, "AGREE", "pledged").about


def test_the_antecedent_named_before_its_head_noun_is_what_the_act_is_about(
    extract: Extract,
) -> None:
    x = extract("Peru welcomed the Cobra Gold naval exercise, which Chile suspended in 2019.")
    assert only_event(x, "SANCTION", "suspended").about == ("named-event/cobra-gold",)


def test_a_body_the_relative_pronoun_makes_the_actor_is_not_what_it_is_about(
    extract: Extract,
) -> None:
    x = extract("Laos thanked the Mekong River Commission, which granted $5 million to Laos.")
    grant = only_event(x, "AID", "granted")
    assert grant.actors == ("organization/mekong-river-commission",)
    assert grant.about == ()


# --- a light verb's phrase names the one an act is aimed at ---------------------------------------


def test_condolences_to_victims_in_a_state_go_to_that_state(extract: Extract) -> None:
    x = extract("Chile expressed its condolences to the victims of the floods in Peru.")
    assert only_event(x, "SUPPORT", "condolences").targets == ("country/peru",)


def test_condolences_at_a_ceremony_go_to_no_state(extract: Extract) -> None:
    x = extract("Chile expressed its condolences at a ceremony on Monday.")
    assert only_event(x, "SUPPORT", "condolences").targets == ()


# --- a trip to a state or its capital is a visit; a trip to a city is none ------------------------


def test_travelling_to_a_capital_is_visiting_its_state(extract: Extract) -> None:
    x = extract("Ghanaian Foreign Minister Kwame Asante will travel to Lome next week for talks.")
    visit = only_event(x, "CONSULT", "travel")
    assert (visit.targets, visit.modality) == (("country/togo",), "planned")
    assert "country/ghana" in visit.actors


def test_travelling_to_a_city_is_no_visit(extract: Extract) -> None:
    x = extract("Ghanaian Foreign Minister Kwame Asante will travel to Kumasi next week.")
    assert events_of(x, "CONSULT") == []


# --- a joint commission meets as the states it joins ----------------------------------------------


def test_a_joint_commission_s_meeting_is_a_meeting_of_its_states(extract: Extract) -> None:
    x = extract(
        "Ghana and Togo set up the Ghana-Togo Joint Border Commission in 2019. The "
        "commission's next meeting will be held in Lome in May."
    )
    meeting = only_event(x, "CONSULT", "meeting")
    assert set(meeting.actors) == {"country/ghana", "country/togo"}
    assert "organization/ghana-togo-joint-border-commission" in meeting.about


def test_a_named_body_that_joins_no_states_meets_as_itself(extract: Extract) -> None:
    x = extract(
        "The West African Border Commission was set up in 2019. The commission's next meeting "
        "will be held in Lome in May."
    )
    meeting = only_event(x, "CONSULT", "meeting")
    assert meeting.actors == ("organization/west-african-border-commission",)


# --- refusing to comment refuses no one; declining an invitation does -----------------------------


def test_refusing_to_comment_is_no_rejection(extract: Extract) -> None:
    x = extract("Malawi's education authorities refused to comment on the report from Zambia.")
    assert events_of(x, "REJECT") == []


def test_declining_an_invitation_is_a_rejection(extract: Extract) -> None:
    x = extract("Malawi declined an invitation from Zambia.")
    assert only_event(x, "REJECT", "declined").targets == ("country/zambia",)


def test_a_figure_declining_is_no_rejection(extract: Extract) -> None:
    x = extract("Malawi's exports to Zambia declined 5 percent last year.")
    assert events_of(x, "REJECT") == []


# --- "the head of the WFP": the one person the report gives a leading post there ------------------


def test_the_head_of_a_body_is_its_leader_named_in_the_report(extract: Extract) -> None:
    x = extract(
        "The head of the World Food Programme on Wednesday appealed to Haiti to open the "
        "roads. WFP Executive Director Marianne Lindholm said trucks were blocked."
    )
    assert "person/marianne-lindholm" in only_event(x, "REQUEST", "appealed").actors


def test_the_head_of_a_body_with_no_leader_named_is_the_body(extract: Extract) -> None:
    x = extract(
        "The head of the World Food Programme on Wednesday appealed to Haiti to open the "
        "roads. WFP spokesperson Tomas Berg said trucks were blocked."
    )
    assert only_event(x, "REQUEST", "appealed").actors == ("organization/wfp",)


# --- a proposal is an act of its own, also as what another act answers --------------------------


def test_a_welcomed_proposal_is_an_offer_of_its_own(extract: Extract) -> None:
    x = extract("Vietnam welcomed Indonesia's proposal to convene a joint fisheries committee.")
    proposal = only_event(x, "AGREE", "proposal")
    assert proposal.actors == ("country/indonesia",)
    welcome = only_event(x, "SUPPORT", "welcomed")
    assert f"event:{proposal.key}" in welcome.about


def test_a_welcomed_decision_is_no_act_of_its_own(extract: Extract) -> None:
    x = extract("Vietnam welcomed Indonesia's decision to convene a joint fisheries committee.")
    assert [e.event_type for e in x.events] == ["SUPPORT"]


# --- what a request asks for redresses an act reported -----------------------------------------


def test_demanding_a_release_is_about_the_detention(extract: Extract) -> None:
    x = extract(
        "Togolese police detained a Ghanaian journalist in Lome on Monday. Ghana demanded "
        "consular access and his immediate release."
    )
    detention = only_event(x, "COERCE", "detained")
    assert f"event:{detention.key}" in only_event(x, "REQUEST", "demanded").about


def test_demanding_access_is_about_no_detention(extract: Extract) -> None:
    x = extract(
        "Togolese police detained a Ghanaian journalist in Lome on Monday. Ghana demanded "
        "access to the border markets."
    )
    assert not any(a.startswith("event:") for a in only_event(x, "REQUEST", "demanded").about)


def test_a_reaction_answers_the_first_act_its_target_did_to_the_reacting_side(
    extract: Extract,
) -> None:
    x = extract(
        "Chilean coastguards seized an Argentine trawler on Monday and detained its crew. "
        "Argentina lodged a formal protest with Chile."
    )
    seizure = only_event(x, "COERCE", "seized")
    protest = only_event(x, "PROTEST", "protest")
    assert f"event:{seizure.key}" in protest.about


def test_a_reaction_answers_no_act_done_to_someone_else(extract: Extract) -> None:
    x = extract(
        "Chilean coastguards seized a Peruvian trawler on Monday. "
        "Argentina lodged a formal protest with Chile."
    )
    protest = only_event(x, "PROTEST", "protest")
    assert not any(ref.startswith("event:") for ref in protest.about)


def test_a_protest_is_aimed_at_whom_its_clause_is_against(extract: Extract) -> None:
    x = extract(
        "Hundreds of traders staged a protest in Lome on Friday, blocking the main road and "
        "chanting slogans against Ghana."
    )
    assert only_event(x, "PROTEST", "protest").targets == ("country/ghana",)


def test_a_protest_beside_a_clause_against_no_one_has_no_target(extract: Extract) -> None:
    x = extract(
        "Hundreds of traders staged a protest in Lome on Friday, blocking the main road "
        "against police orders."
    )
    assert only_event(x, "PROTEST", "protest").targets == ()


def test_where_a_threatened_step_happens_is_no_target(extract: Extract) -> None:
    x = extract(
        "Accra warned that it would take countermeasures, including raising the matter at the "
        "African Union, if Lome failed to reopen the border."
    )
    assert only_event(x, "THREATEN", "warned").targets == ("country/togo",)


def test_a_place_that_describes_whom_a_clause_names_still_guesses_the_target(
    extract: Extract,
) -> None:
    x = extract("Ghana welcomed the return of traders stranded in Togo.")
    assert only_event(x, "SUPPORT", "welcomed").targets == ("country/togo",)


def test_names_before_a_description_set_off_by_commas_are_the_subject(extract: Extract) -> None:
    x = extract(
        "Chad and Niger, both AU members bordering Libya, had pressed for tougher measures."
    )
    assert set(only_event(x, "REQUEST", "pressed").actors) == {"country/chad", "country/niger"}


def test_a_subject_with_no_names_before_it_stays_the_subject(extract: Extract) -> None:
    x = extract("In Accra, ECOWAS members bordering Burkina Faso had pressed for talks.")
    assert only_event(x, "REQUEST", "pressed").actors == ("organization/ecowas",)


def test_an_instrument_signed_for_a_project_says_what_the_earlier_grant_pays_for(
    extract: Extract,
) -> None:
    x = extract(
        "PHNOM PENH – Japan will give Cambodia a grant of 2 billion yen. The Exchange of Notes "
        "for the Project for the Improvement of Rural Roads in Svay Rieng was signed by "
        "Japanese Ambassador Sato Kenji and Cambodian Foreign Minister Sok Chenda."
    )
    grant = only_event(x, "AID", "grant")
    assert "framework/project-for-the-improvement-of-rural-roads-in-svay-rieng" in grant.about


def test_an_instrument_signed_by_other_states_leaves_the_grant_alone(extract: Extract) -> None:
    x = extract(
        "PHNOM PENH – Japan will give Cambodia a grant of 2 billion yen. The Exchange of Notes "
        "for the Project for the Improvement of Rural Roads in Savannakhet was signed by "
        "Korean Ambassador Kim Min-ho and Lao Foreign Minister Thongsavanh Phomvihane."
    )
    assert only_event(x, "AID", "grant").about == ()


def test_an_official_s_act_is_their_body_s_too(extract: Extract) -> None:
    x = extract("Ama Mensah, Director-General of the Ghana Ports Authority, signed the lease.")
    signing = only_event(x, "SUPPORT", "signed")
    assert "organization/ghana-ports-authority" in signing.actors


def test_an_official_of_a_state_alone_brings_no_body(extract: Extract) -> None:
    x = extract("Ghanaian Foreign Minister Ama Mensah signed the lease.")
    signing = only_event(x, "SUPPORT", "signed")
    assert not [a for a in signing.actors if a.startswith("organization/")]


def test_a_post_in_the_object_names_the_target_before_any_guess(extract: Extract) -> None:
    x = extract(
        "H.E. Kofi Mensah, Deputy Prime Minister of Togo, arrived in Accra on Monday. Ghanaian "
        "President Ama Serwaa invited H.E. Deputy Prime Minister to attend the ECOWAS summit "
        "in Abuja."
    )
    assert "person/kofi-mensah" in only_event(x, "AGREE", "invited").targets


def test_a_post_nobody_holds_leaves_the_guess(extract: Extract) -> None:
    x = extract(
        "H.E. Kofi Mensah, Deputy Prime Minister of Togo, arrived in Accra on Monday. Ghanaian "
        "President Ama Serwaa invited the Trade Minister to attend the ECOWAS summit in Abuja."
    )
    assert only_event(x, "AGREE", "invited").targets == ("organization/ecowas",)


def test_aid_with_no_recipient_named_goes_where_the_report_s_other_aid_went(
    extract: Extract,
) -> None:
    x = extract(
        "Japan gave Laos a grant of $5 million on Monday. Separately, the World Health "
        "Organization supplied 20 emergency kits to district hospitals."
    )
    assert only_event(x, "AID", "supplied").targets == ("country/laos",)


def test_a_donor_is_not_its_own_usual_recipient(extract: Extract) -> None:
    x = extract(
        "The World Bank lent Laos $5 million on Monday. Laos then supplied 20 tonnes of rice "
        "to district hospitals."
    )
    assert only_event(x, "AID", "supplied").targets == ()


def test_a_described_pair_is_the_two_states_just_named_together(extract: Extract) -> None:
    x = extract(
        "Ghana on Monday signed a deal with Japan and South Korea under which the two Asian "
        "countries will fund 40 new schools."
    )
    funding = only_event(x, "AID", "fund")
    assert set(funding.actors) == {"country/japan", "country/south-korea"}
    assert funding.targets == ("country/ghana",)


def test_an_undescribed_pair_is_the_two_states_the_report_is_about(extract: Extract) -> None:
    x = extract(
        "Ghana on Monday signed a deal with Japan and South Korea under which the two "
        "countries will fund 40 new schools."
    )
    assert set(only_event(x, "AID", "fund").actors) == {"country/ghana", "country/japan"}


def test_a_pledge_with_no_one_named_goes_to_the_state_the_report_s_aid_went_to(
    extract: Extract,
) -> None:
    x = extract(
        "Japan gave Laos a grant of $5 million on Monday. The Japan International Cooperation "
        "Agency also pledged to build 12 new schools."
    )
    assert "country/laos" in only_event(x, "AGREE", "pledged").targets


def test_a_pledge_in_a_report_of_no_aid_has_no_target(extract: Extract) -> None:
    x = extract("The Japan International Cooperation Agency pledged to build 12 new schools.")
    assert only_event(x, "AGREE", "pledged").targets == ()


def test_asking_for_a_release_is_about_the_detention(extract: Extract) -> None:
    x = extract(
        "Togolese police detained a Ghanaian journalist in Lome on Monday. Ghana called on "
        "Togo to release him immediately."
    )
    detention = only_event(x, "COERCE", "detained")
    assert f"event:{detention.key}" in only_event(x, "REQUEST", "called").about


def test_asking_for_another_act_is_about_no_detention(extract: Extract) -> None:
    x = extract(
        "Togolese police detained a Ghanaian journalist in Lome on Monday. Ghana called on "
        "Togo to reopen the border markets."
    )
    assert not any(a.startswith("event:") for a in only_event(x, "REQUEST", "called").about)


def test_an_act_done_without_another_reports_none_of_it(extract: Extract) -> None:
    x = extract("Ghana said Togo had raised the levy without consultations with Accra.")
    assert not [e for e in x.events if e.event_type == "CONSULT"]


def test_an_act_done_after_another_reports_it(extract: Extract) -> None:
    x = extract("Ghana said Togo had raised the levy after consultations with Accra.")
    assert [e.trigger for e in x.events if e.event_type == "CONSULT"] == ["consultations"]


def test_a_proposal_by_someone_is_made_to_whoever_answers_it(extract: Extract) -> None:
    x = extract("Ghana did not agree to a proposal by Togo to close the border markets.")
    proposal = only_event(x, "AGREE", "proposal")
    answer = only_event(x, "AGREE", "agree")
    assert (proposal.actors, proposal.targets) == (("country/togo",), ("country/ghana",))
    assert proposal.modality == "asserted"  # refused, but made
    assert answer.modality == "negated"
    assert f"event:{proposal.key}" in answer.about


def test_a_proposal_by_no_one_named_is_no_event(extract: Extract) -> None:
    x = extract("Ghana did not agree to a proposal to close the border markets.")
    assert [e.trigger for e in x.events] == ["agree"]


def test_a_question_reports_no_event(extract: Extract) -> None:
    assert extract("Did Ghana discuss the border with Togo on Monday?").events == ()


def test_a_statement_of_the_same_act_reports_it(extract: Extract) -> None:
    x = extract("Ghana discussed the border with Togo on Monday.")
    assert only_event(x, "CONSULT", "discussed").modality == "asserted"


def test_an_act_on_a_condition_is_hedged(extract: Extract) -> None:
    x = extract("If Togo agrees to the plan, the border markets will reopen.")
    assert only_event(x, "AGREE", "agrees").modality == "hedged"


def test_an_act_beside_a_condition_is_not(extract: Extract) -> None:
    x = extract("Togo agreed to the plan, and the border markets will reopen if it rains.")
    assert only_event(x, "AGREE", "agreed").modality == "asserted"


def test_a_clause_with_its_own_subject_answers_the_act_its_antecedent_stands_for(
    extract: Extract,
) -> None:
    x = extract(
        "Two days earlier, a Togolese patrol boat fired a water cannon at a Ghanaian fishing "
        "boat near Keta Lagoon in the Gulf of Guinea, an incident the Ghanaian Ministry of "
        "Foreign Affairs condemned as “reckless and unlawful.”"
    )
    firing = only_event(x, "ASSAULT", "fired")
    condemnation = only_event(x, "ACCUSE", "condemned")
    assert condemnation.targets == ("country/togo",)
    assert f"event:{firing.key}" in condemnation.about


def test_a_clause_whose_antecedent_stands_for_no_act_answers_none(extract: Extract) -> None:
    x = extract(
        "A week earlier, a Togolese patrol boat rammed a Ghanaian fishing boat near Keta "
        "Lagoon, an incident the Ghanaian Ministry of Foreign Affairs condemned as “reckless.”"
    )
    condemnation = only_event(x, "ACCUSE", "condemned")
    assert not any(a.startswith("event:") for a in condemnation.about)


def test_ordering_an_expulsion_is_a_sanction(extract: Extract) -> None:
    x = extract("Ghana on Monday ordered the expulsion of two Togolese diplomats.")
    order = only_event(x, "SANCTION", "ordered")
    assert (order.actors, order.targets) == (("country/ghana",), ("country/togo",))


def test_ordering_a_purchase_is_no_sanction(extract: Extract) -> None:
    x = extract("Ghana on Monday ordered the purchase of two Togolese patrol boats.")
    assert events_of(x, "SANCTION") == []


def test_discussing_the_case_is_about_the_act_reported_and_aimed_at_no_one(
    extract: Extract,
) -> None:
    x = extract(
        "Togo expelled two Ghanaian diplomats on Monday. ECOWAS ministers will discuss the case "
        "at their meeting in Abuja."
    )
    expulsion = only_event(x, "SANCTION", "expelled")
    talk = only_event(x, "CONSULT", "discuss")
    assert f"event:{expulsion.key}" in talk.about
    assert talk.targets == ()


def test_discussing_a_case_refers_to_nothing_reported(extract: Extract) -> None:
    x = extract(
        "Togo expelled two Ghanaian diplomats on Monday. ECOWAS ministers will discuss a trade "
        "case at their meeting in Abuja."
    )
    talk = only_event(x, "CONSULT", "discuss")
    assert not any(a.startswith("event:") for a in talk.about)


def test_condemning_it_takes_up_the_hostile_act_the_report_leads_with(extract: Extract) -> None:
    x = extract(
        "Togolese mortar shells struck a Ghanaian border village on Monday. Nigeria's foreign "
        "minister called it “an unacceptable violation of Ghanaian sovereignty”."
    )
    attack = only_event(x, "ASSAULT", "struck")
    verdict = only_event(x, "ACCUSE", "called")
    assert f"event:{attack.key}" in verdict.about
    assert "country/togo" in verdict.targets


def test_condemning_it_with_no_hostile_act_reported_takes_up_nothing(extract: Extract) -> None:
    x = extract(
        "Togo and Ghana signed a border treaty on Monday. Nigeria's foreign minister called it "
        "“an unacceptable violation of regional sovereignty”."
    )
    verdict = only_event(x, "ACCUSE", "called")
    assert not any(a.startswith("event:") for a in verdict.about)


def test_a_pair_the_parser_joins_to_the_dateline_still_acts_as_a_pair(extract: Extract) -> None:
    x = extract(
        "DOHA, Aug 8 – Ghana and Togo declared a ceasefire on Wednesday after talks in Doha "
        "mediated by Qatar, the Qatari foreign ministry said. Qatar's emir hailed the deal. "
        "Under the declaration, the two sides will exchange prisoners next month."
    )
    exchange = only_event(x, "RETREAT", "exchange")
    assert set(exchange.actors) == {"country/ghana", "country/togo"}


def test_a_two_word_trigger_keeps_its_entry_s_conditions(extract: Extract) -> None:
    x = extract("Ghana will step up its engagement with Togo, where its troops have a presence.")
    assert events_of(x, "MOBILIZE") == []


def test_a_two_word_trigger_that_meets_its_conditions_fires(extract: Extract) -> None:
    x = extract("Ghana stepped up patrols along the border with Togo.")
    assert only_event(x, "MOBILIZE", "stepped").actors == ("country/ghana",)


def test_demonstrating_a_quality_is_no_protest(extract: Extract) -> None:
    x = extract("Ghana held naval drills on Monday to demonstrate its strength.")
    assert events_of(x, "PROTEST") == []


def test_demonstrating_against_something_is_a_protest(extract: Extract) -> None:
    x = extract("Thousands of traders demonstrated in Accra against the levy.")
    assert [e.trigger for e in events_of(x, "PROTEST")] == ["demonstrated"]


def test_aid_asked_for_is_no_aid_given(extract: Extract) -> None:
    x = extract("Ghana requested emergency aid from Japan.")
    assert events_of(x, "AID") == []
    assert only_event(x, "REQUEST", "requested").targets == ("country/japan",)


def test_aid_thanked_for_is_aid_given(extract: Extract) -> None:
    x = extract("Ghana thanked Japan for its emergency aid.")
    assert only_event(x, "AID").actors == ("country/japan",)


def test_requesting_comment_is_no_request(extract: Extract) -> None:
    x = extract("Ghana did not reply to an email from Togo requesting comment on the plan.")
    assert events_of(x, "REQUEST") == []


def test_asking_about_something_is_no_request(extract: Extract) -> None:
    x = extract("Togolese reporters asked the Ghanaian minister about the border on Monday.")
    assert events_of(x, "REQUEST") == []


def test_asking_someone_for_something_is_a_request(extract: Extract) -> None:
    x = extract("Togo asked Ghana for help with the border on Monday.")
    assert only_event(x, "REQUEST", "asked").targets == ("country/ghana",)
