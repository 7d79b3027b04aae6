"""Events: PLOVER-typed acts with their actors, targets and circumstances.

Triggers come from ``ontology/event_triggers.yaml``; this module finds them in the parse and
reads their arguments from the dependency tree:

- a verb's subject is the actor (the "by" phrase of a passive); its object, or its "to" /
  "for" phrase, the target; "with" partners of symmetric acts are actors too;
- a noun trigger ("support", "grant", "talks") takes its possessor as actor, or the subject
  of the verb it hangs from ("expressed support for X");
- a trigger inside another's complement ("agreed to enhance cooperation") is part of that
  event, except a material transfer ("thanked X for its grant of $5 million"), which is an
  event of its own that the outer one is about;
- "the meeting" or "the talks" again refers to the meeting already reported.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, cached_property

import yaml
from spacy.tokens import Doc, Span, Token

from kg.config import ontology_dir
from kg.extract.entities import EntityReading
from kg.extract.helpers import (
    agent_of,
    conjuncts,
    evidence,
    is_dateline,
    keys_in,
    lemma_forms,
    passive_subject_of,
    phrase_keys,
    preposition_objects,
    subject_of,
    unique,
)
from kg.extract.money import parse_amounts
from kg.extract.pipeline import EXERCISE_NOUNS, PROJECT_WORDS
from kg.extract.quotes import REPORTING_VERBS
from kg.extract.temporal import resolve_date
from kg.model import (
    COUNTRY,
    EVENT,
    FRAMEWORK,
    GOVERNMENT_BODY,
    INTERNATIONAL_ORGANIZATION,
    MEETING,
    ORGANIZATION,
    PERSON,
    PLACE,
    Event,
    Fact,
)

# Verbs that report a meeting named by their object ("held a summit", "hosted the talks").
_CARRIER_VERBS = {"hold", "host", "attend", "end", "conclude"}
# Prepositions whose object can be at whom an act is aimed.
_TARGET_PREPOSITIONS = {"to", "for", "against", "on", "at", "toward", "towards", "with", "over"}
# Nouns that count or group acts: "a package of sanctions", "a new round of talks".
_QUANTITY_NOUNS = {
    "package", "round", "set", "series", "wave", "batch", "raft", "tranche", "number", "range",
}  # fmt: skip
# Acts that crowds do, whose actors a report often leaves unnamed ("residents protested").
_CROWD_ACTS = {"PROTEST"}
# Acts whose possessor, when a person, is who suffers them ("the journalist's detention").
_DONE_TO_PEOPLE = {"COERCE"}
# Acts done rather than said: reported in a relative clause, still an act of their own.
_MATERIAL_ACTS = {"AID", "COERCE", "ASSAULT", "SANCTION", "MOBILIZE", "RETREAT"}
# Acts only a state's own authorities carry out on its soil: an unnamed actor is the state
# where they happened.
_STATE_ACTS = {"COERCE"}
# Forceful acts that, when only announced or conditional, are threats (PLOVER THREATEN).
_THREAT_WHEN_FUTURE = {"SANCTION", "ASSAULT", "COERCE"}
# Nouns that refer back to an act already reported ("rejected the sanctions").
_ANAPHORIC_ACTS = {
    "decision", "measure", "move", "claim", "statement", "remark", "accusation", "allegation",
    "sanction", "warning", "threat", "proposal", "offer", "request", "demand", "report",
    "charge", "step", "action", "announcement", "account", "invitation", "mediation",
    "pledge", "commitment", "initiative", "call", "appeal", "case", "affair", "incident",
}  # fmt: skip
# Acts aimed at another party, which a report of a two-sided dispute often leaves unnamed
# ("Lisbon demanded his release", "troops returned fire"): the addressee is the other side.
_ADDRESSED_ACTS = {
    "REQUEST", "PROTEST", "ACCUSE", "REJECT", "THREATEN", "ASSAULT", "COERCE", "SANCTION",
}  # fmt: skip
# Acts whose frameworks reveal that their actors take part in them ("cooperate within ASEAN").
_ENGAGING = {"AGREE", "COOPERATE", "CONSULT"}
# Plural nouns that, as the subject of a reciprocal act with no state named, stand for the
# parties the document is about ("Participants exchanged views").
_GROUP_NOUNS = {"participant", "delegation", "official", "representative", "minister", "leader"}
_MODES = [
    (re.compile(r"video[- ]?(?:conference|conferencing|link|call)|videoconference", re.I),
     "video conference"),
    (re.compile(r"(?:tele)?phone(?: call| conversation)?|by telephone", re.I), "phone call"),
    (re.compile(r"\bvirtual(?:ly)?\b|\bonline\b", re.I), "virtual"),
]  # fmt: skip
_DEFINITE_MEETING = {
    "meeting", "talks", "talk", "summit", "discussion", "dialogue", "session", "visit", "call",
}  # fmt: skip


@dataclass(frozen=True)
class Trigger:
    lemma: str
    pos: str
    event_type: str
    kind: str = EVENT
    roles: str = "directed"
    material: bool = False
    needs: tuple[str, ...] = ()
    needs_verb: tuple[str, ...] = ()
    otherwise: str | None = None  # the entry to use when the verb takes no complement
    not_with: tuple[str, ...] = ()  # prepositions that make it no event ("talk about")
    not_objects: tuple[str, ...] = ()  # objects that make it no event ("meet targets")
    needs_target: bool = False  # no event unless aimed at someone ("travel to Lyon" is none)
    # an event of its own even as another's object ("welcomed Jakarta's proposal to …")
    own_event: bool = False


@dataclass(frozen=True)
class Lexicon:
    triggers: dict[tuple[str, str], Trigger]
    light_verbs: frozenset[str]
    modality: dict[str, frozenset[str]]
    # Every entry of a word, in lexicon order: "send" is AID with aid in the sentence and
    # MOBILIZE with troops.
    senses: dict[tuple[str, str], tuple[Trigger, ...]] = field(default_factory=dict)
    # "called the deal a milestone": verdict words by the event type they make of "call"
    verdicts: dict[str, frozenset[str]] = field(default_factory=dict)

    @cached_property
    def meetings_of_equals(self) -> frozenset[str]:
        """Lemmas of meetings whose parties are all actors ("met", "talks"), unlike a visit,
        a summit or a conference, which one state may host."""
        return frozenset(
            t.lemma
            for t in self.triggers.values()
            if t.event_type == "CONSULT"
            and t.roles == "symmetric"
            and t.kind == MEETING
            and not (t.needs or t.needs_verb)
        )

    @cached_property
    def phrase_heads(self) -> frozenset[tuple[str, str]]:
        """(words, pos) that some trigger of several words starts with ("take" of "take
        part"): only a word among them can complete a trigger with its particles."""
        return frozenset(
            (lemma[:i], pos)
            for lemma, pos in self.triggers
            for i, char in enumerate(lemma)
            if char == " "
        )


@cache
def load_lexicon() -> Lexicon:
    data = yaml.safe_load((ontology_dir() / "event_triggers.yaml").read_text("utf-8"))
    triggers: dict[tuple[str, str], Trigger] = {}
    senses: dict[tuple[str, str], list[Trigger]] = {}
    for item in data["triggers"]:
        trigger = Trigger(
            lemma=item["lemma"],
            pos=item["pos"],
            event_type=item["type"],
            kind=item.get("kind", EVENT),
            roles=item.get("roles", "directed"),
            material=bool(item.get("material", False)),
            needs=tuple(item.get("needs", ())),
            needs_verb=tuple(item.get("needs_verb", ())),
            otherwise=item.get("otherwise"),
            not_with=tuple(item.get("not_with", ())),
            not_objects=tuple(item.get("not_objects", ())),
            needs_target=bool(item.get("needs_target", False)),
            own_event=bool(item.get("own_event", False)),
        )
        for pos in ("VERB", "NOUN") if trigger.pos == "both" else (trigger.pos,):
            triggers.setdefault((trigger.lemma, pos), trigger)
            senses.setdefault((trigger.lemma, pos), []).append(trigger)
    modality = {k: frozenset(v) for k, v in data["modality"].items()}
    return Lexicon(
        triggers,
        frozenset(data["light_verbs"]),
        modality,
        {key: tuple(entries) for key, entries in senses.items()},
        {kind: frozenset(words) for kind, words in (data.get("verdicts") or {}).items()},
    )


@dataclass
class _Found:
    token: Token
    trigger: Trigger
    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    about: list[str] = field(default_factory=list)
    # The target is only the first body named in the object, for want of a stated one.
    target_guessed: bool = False
    # An act laid at someone's door ("accused the army of shelling the town"), not reported.
    alleged: bool = False
    # The act this one is made an object of ("did not agree to a proposal"), whose own
    # negation or modality is not this one's.
    answered_by: Token | None = None


def _match(token: Token, lexicon: Lexicon) -> Trigger | None:
    if token.ent_type_ and token.ent_type_ not in {"DATE", "MONEY", "CARDINAL", "ORDINAL"}:
        return None  # "Asia-Europe Meeting" names a body; it reports no meeting
    pos = (
        "VERB"
        if token.pos_ in {"VERB", "AUX"}
        else "NOUN"
        if token.pos_ in {"NOUN", "PROPN"}
        else ""
    )
    if not pos:
        return None
    lemma = token.lemma_.lower()
    verdict = _verdict(token, lexicon) if pos == "VERB" and lemma == "call" else None
    if verdict is not None:
        return verdict
    if pos == "NOUN":
        for child in token.children:
            if child.dep_ == "compound":
                compound = lexicon.triggers.get((f"{child.lemma_.lower()} {lemma}", pos))
                if compound:
                    return compound
    if (lemma, pos) not in lexicon.phrase_heads:
        return _single_word(token, lemma, pos, lexicon)
    # Particles and prepositions that can complete a two-word trigger; a preposition of time
    # ("on Monday") never does.
    particles = {
        c.lower_
        for c in token.children
        if c.dep_ == "prt"
        or (
            c.dep_ == "prep"
            and not any(g.ent_type_ in {"DATE", "TIME"} for g in c.children if g.dep_ == "pobj")
        )
    }
    # "exchanged notes", "stands ready": an object or an adjective completes the phrase
    objects = {c.lemma_.lower() for c in token.children if c.dep_ in {"dobj", "acomp"}}
    for extra in sorted(particles | objects):
        two_word = lexicon.triggers.get((f"{lemma} {extra}", pos))
        if (
            two_word
            and two_word.otherwise
            and not any(c.dep_ in {"xcomp", "ccomp"} for c in token.children)
            and not _infinitive_after_object(token)
        ):
            return lexicon.triggers.get((two_word.otherwise, pos), two_word)
        # (a two-word entry's conditions hold as a single word's do: "stepped up its
        # engagement" is no mobilisation)
        accepted = _accept(token, two_word, pos, lexicon) if two_word else None
        if accepted is not None:
            return accepted
    return _single_word(token, lemma, pos, lexicon)


def _single_word(token: Token, lemma: str, pos: str, lexicon: Lexicon) -> Trigger | None:
    """The entry the word is by itself: the senses of its first lemma form the lexicon has."""
    senses: tuple[Trigger, ...] = ()
    for form in lemma_forms(token):
        senses = lexicon.senses.get((form, pos), ())
        if senses:
            break
    for sense in senses:
        accepted = _accept(token, sense, pos, lexicon)
        if accepted is not None:
            return accepted
    return None


def _verdict(token: Token, lexicon: Lexicon) -> Trigger | None:
    """ "called the measures illegal", "called the agreement a victory": the verdict after
    the object says whether the caller condemns or approves what it names."""
    for complement in (c for c in token.children if c.dep_ == "oprd"):
        words = {t.lemma_.lower() for t in complement.subtree if t.dep_ != "prep"}
        words -= {t.lemma_.lower() for p in complement.children if p.dep_ == "prep"
                  for t in p.subtree}  # fmt: skip
        for event_type, verdicts in lexicon.verdicts.items():
            if words & verdicts:
                return Trigger(lemma="call", pos="VERB", event_type=event_type)
    return None


def _accept(token: Token, trigger: Trigger, pos: str, lexicon: Lexicon) -> Trigger | None:
    """The trigger if this occurrence of its word meets the entry's conditions."""
    if trigger.otherwise and not _asks_for_an_act(token):
        # "called on the Prime Minister" is a courtesy call; "called on X to withdraw" asks.
        trigger = lexicon.triggers.get((trigger.otherwise, pos), trigger)
    if (
        pos == "VERB"
        and trigger.lemma == "meet"
        and any(c.dep_ == "auxpass" for c in token.children)
    ):
        return None  # "was met with brutality": a reception, not a meeting
    # (an object may come with "to": "her contributions to bilateral relations", "contributed
    # to this report")
    objects = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass", "xcomp"}]
    objects += preposition_objects(token, "to", "with")  # "has met with success"
    if trigger.not_objects and any(o.lemma_.lower() in trigger.not_objects for o in objects):
        return None  # "targets are being met" meets no one; "refused to comment" refuses no one
    if trigger.event_type == "REQUEST" and any(
        c.dep_ == "mark" and c.lower_ in {"if", "whether"}
        for child in token.children
        if child.dep_ in {"ccomp", "advcl"}
        for c in child.children
    ):
        return None  # "asked whether the U.S. would act": a question, not a request
    if trigger.not_with and any(
        c.dep_ == "prep" and c.lower_ in trigger.not_with for c in token.children
    ):
        return None
    if trigger.needs:
        context = {t.lower_ for t in token.sent} | {t.lemma_.lower() for t in token.sent}
        if not context & set(trigger.needs) and not _names_an_event(token, trigger):
            return None
    if trigger.needs_verb and not _lemma_in(token.head, trigger.needs_verb):
        return None
    if pos == "VERB" and trigger.roles == "transfer" and not _gives_something(token):
        return None  # "contributed from Nairobi", "a duty to deliver": nothing given
    if pos == "NOUN" and not _noun_counts(token, trigger, lexicon):
        return None
    if pos == "VERB" and trigger.kind != EVENT and trigger.lemma in _CARRIER_VERBS:
        for obj in (c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}):
            noun = lexicon.triggers.get((obj.lemma_.lower(), "NOUN"))
            if noun is not None and noun.kind != EVENT and not obj.ent_type_:
                return None  # "held talks": the talks are the event, "held" only carries it
    return trigger


def _gives_something(verb: Token) -> bool:
    """Whether a giving verb says what it gives or to whom: an object, a passive subject,
    a recipient ("to", "for") or the goods of a clause ("agreed to provide")."""
    return any(
        c.dep_ in {"dobj", "nsubjpass", "dative", "attr", "xcomp", "ccomp"}
        or (c.dep_ == "prep" and c.lower_ in {"to", "for", "toward", "towards"})
        for c in verb.children
    ) or verb.dep_ in {"relcl", "acl"}  # "the aid it provided", "equipment donated by China"


def _warns_of_others(
    token: Token, actors: tuple[str, ...], facts: list[Fact], reading: EntityReading
) -> bool:
    """A warning is a threat when what it announces is the warner's own act, or their
    body's or state's ("warned that it would take countermeasures", "that the union may
    call a strike"), not when it foretells what others or events will do ("warned that the
    situation could get worse"). A quotation warned of stays a threat: its words are the
    warner's own ("'Any attempt … will receive a firm response,' he warned")."""
    if token.lemma_.lower() != "warn":
        return False
    clauses = [c for c in token.children if c.dep_ == "ccomp" and c.i > token.i]
    if not clauses:
        return False
    subject = subject_of(clauses[0]) or passive_subject_of(clauses[0])
    named = set(phrase_keys(subject, reading)) if subject is not None else set()
    own = set(actors) | {
        f.object
        for f in facts
        if f.subject in actors and f.predicate in {"affiliatedWith", "partOf"}
    }
    return not named & own


def _names_an_event(token: Token, trigger: Trigger) -> bool:
    """ "will host the 15th AMMDM": a meeting verb whose object is a named event needs no
    other word to say a meeting is meant; nor does an exercise with a name ("the NATO
    exercise Frozen Shield")."""
    if token.lower_ in EXERCISE_NOUNS:
        doc = token.doc
        beside = [doc[i] for i in (token.i - 1, token.i + 1) if 0 <= i < len(doc)]
        return any(t.ent_type_ == "EVENT" for t in beside)
    return trigger.event_type == "CONSULT" and any(
        c.dep_ in {"dobj", "nsubjpass"} and c.ent_type_ == "EVENT" for c in token.children
    )


def _asks_for_an_act(token: Token) -> bool:
    """Whether an infinitive or clause says what is asked ("called on X to withdraw"), on
    the verb or hanging from its object."""
    for node in token.subtree:
        if node.dep_ in {"xcomp", "ccomp"} or (
            node.dep_ in {"advcl", "acl", "relcl"}
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
        ):
            return True
    return _infinitive_after_object(token)


def _infinitive_after_object(token: Token) -> bool:
    """ "called on X to triple aid", which the parser sometimes reads as "to" + a noun
    phrase: a bare lower-case word right after "X to" still says what is asked."""
    for obj in (n for n in token.subtree if n.dep_ in {"dobj", "pobj"} and n.head.i <= token.i + 1):
        after = obj.right_edge.i + 1
        doc = token.doc
        if (
            after + 1 < len(doc)
            and doc[after].lower_ == "to"
            and doc[after + 1].is_lower
            and doc[after + 1].pos_ not in {"DET", "PRON", "NUM"}
        ):
            return True
    return False


def _noun_counts(token: Token, trigger: Trigger, lexicon: Lexicon) -> bool:
    """A noun trigger reports an event when something anchors it: a light verb ("expressed
    support"), an owner ("Australia's grant"), or being a meeting or transfer itself."""
    if token.dep_ == "compound":
        return False  # "the loan agreement" is an agreement; the loan is its subject matter
    if token.dep_ == "pobj" and token.head.lower_ == "without":
        return False  # "negotiated without consultation": the act that did not happen
    if trigger.kind != EVENT:
        # A meeting noun names a meeting when something makes it particular ("the talks",
        # "a round of talks", "talks between …"), not in "dialogue cannot be one-way".
        particular = {"det", "poss", "nummod", "amod", "compound", "prep"}
        acting_subject = token.dep_ in {"nsubj", "nsubjpass"} and token.head.lemma_ != "be"
        return (
            token.dep_ in {"dobj", "pobj"}
            or (acting_subject and token.tag_ == "NNS")  # "Consultations are expected to resume"
            or any(c.dep_ in particular for c in token.children)
        )
    if trigger.material and _lemma_in(token.head, _STOPPING_VERBS):
        return False  # "would cease military aid": a cut, not a transfer
    if trigger.material or trigger.needs_verb:
        return True
    if any(c.dep_ == "poss" for c in token.children):
        return True
    if any(p.lower_ == "by" for p in token.children if p.dep_ == "prep"):
        return True  # "a proposal by the AES": whose act it is says it happened
    anchor = token
    if (
        token.dep_ == "pobj"
        and token.head.lower_ == "of"
        and token.head.head.lemma_.lower() in _QUANTITY_NOUNS
    ):
        anchor = token.head.head  # "imposed a new package of sanctions"
    if anchor.dep_ == "pobj" and anchor.head.lower_ == "with":
        anchor = anchor.head  # "responded with a formal protest"
        return anchor.head.lemma_.lower() in _RESPONDING_VERBS
    if any(c.dep_ == "mark" and c.lower_ in {"if", "whether"} for c in anchor.head.children):
        return False  # "asked if Chile was considering sanctions": a question, not an act
    return anchor.dep_ in {"dobj", "nsubj", "nsubjpass"} and _lemma_in(
        anchor.head, lexicon.light_verbs
    )


# Verbs whose "with" phrase is the subject's own act: "responded with sanctions".
_RESPONDING_VERBS = {"respond", "react", "retaliate", "reply", "answer", "hit back"}


# Verbs whose subject is what a transfer is for ("the project will receive a grant").
_RECEIVING_VERBS = {"receive", "get", "obtain", "secure"}
# Verbs that end what their object would otherwise report ("halted its aid").
_STOPPING_VERBS = {"cease", "halt", "stop", "end", "cut", "withhold", "freeze", "suspend", "pause"}


def _lemma_in(token: Token, words: frozenset[str] | set[str] | tuple[str, ...]) -> bool:
    """Whether the token's lemma, or a form it may have, is one of ``words``."""
    return bool(set(lemma_forms(token)) & set(words))


def _has_own_subject(token: Token) -> bool:
    """A clause with a subject of its own ("that the government suspend …")."""
    return token.dep_ == "ccomp" and any(
        c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ not in {"it", "they", "we"}
        for c in token.children
    )


# Nouns for a crowd, which acts in no state's name ("protesters demanded …").
_CROWD_NOUNS = {
    "protester", "demonstrator", "crowd", "resident", "fisherman", "villager", "worker",
    "student", "farmer", "marcher", "activist", "trader",
}  # fmt: skip


def _crowd_subject(token: Token) -> bool:
    subject = _climb_to_subject(token)
    # the crowd must do it: "traders were detained" is done to them
    return (
        subject is not None and subject.dep_ == "nsubj" and subject.lemma_.lower() in _CROWD_NOUNS
    )


def _climb_to_subject(token: Token) -> Token | None:
    """The subject of the nearest clause above a noun or complement ("Both sides expressed a
    desire to strengthen cooperation" → "Both sides")."""
    current = token
    for _ in range(8):
        if current.pos_ in {"VERB", "AUX"}:
            # "Peru is expected to sign": the raised subject of a passive governs the act.
            subject = subject_of(current) or agent_of(current) or passive_subject_of(current)
            if subject is not None:
                return subject
        if current.dep_ in {"ROOT"} or current.head is current:
            return None
        if current.dep_ == "relcl":
            return current.head
        current = current.head
    return None


# Acts done by speaking, which a reporter joins to what they report: "said no unit had fired
# and accused the army of shelling" — the parser joins "accused" to "fired".
_SPOKEN_CHARGES = {"ACCUSE", "REJECT", "REQUEST", "THREATEN", "PROTEST"}


def _is_alleged_act(item: _Found, outer: _Found) -> bool:
    """ "accused the FARDC of shelling Rubavu", "blamed Kigali for attacking the town": a
    forceful act that an accusation lays at the door of the one it accuses."""
    token = item.token
    return (
        outer.trigger.event_type == "ACCUSE"
        and item.trigger.event_type in _MATERIAL_ACTS
        and token.dep_ == "pcomp"
        and token.head.lower_ in {"of", "for"}
        # (the parser may hang "of shelling" on the accused rather than the verb)
        and outer.token.i in {token.head.head.i, token.head.head.head.i}
        and bool(outer.targets)
    )


def _reporter(clause: Token) -> Token | None:
    """The subject of the reporting verb whose reported clause ``clause`` heads ("…, the
    Brazilian ministry said")."""
    if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in REPORTING_VERBS:
        return None
    return subject_of(clause.head)


def _claimed(obj: Token, trigger: Trigger) -> set[int]:
    """The words of what a rejected claim says ("rejected claims that the base is reserved
    for the Chinese navy"): they name whom the claim is about, not who made it."""
    if trigger.event_type != "REJECT":
        return set()
    return {
        t.i
        for clause in obj.children
        if clause.dep_ in {"acl", "ccomp"} and any(c.dep_ == "mark" for c in clause.children)
        for t in clause.subtree
    }


def _acting_subject_above(node: Token, reading: EntityReading) -> Token | None:
    """The nearest subject above a conjoined verb's head that names someone who can act. The
    parser sometimes joins a verb to a reported clause ("said the blocks lay within its zone
    and accused Caracas"), whose subject ("the blocks") acts on nothing."""
    first = _climb_to_subject(node)
    subject = first
    for _ in range(3):
        if subject is None or _agents(phrase_keys(subject, reading), reading):
            return subject
        verb = subject.head
        if verb.head.i == verb.i:
            break
        subject = _climb_to_subject(verb.head)
    return first


def _agents(keys: tuple[str, ...], reading: EntityReading) -> tuple[str, ...]:
    return tuple(k for k in keys if reading.is_a(k, COUNTRY, ORGANIZATION, PERSON))


def _state_of_agents(facts: list[Fact], reading: EntityReading) -> dict[str, str]:
    """Each person's and each body's state, through their post or the body above them: what
    a ministry or a minister does, their state does."""
    parent = {f.subject: f.object for f in facts if f.predicate == "partOf"}
    states: dict[str, str] = {}
    for fact in facts:
        if fact.predicate not in {"affiliatedWith", "partOf"}:
            continue
        owner = fact.object
        for _ in range(3):
            if reading.is_a(owner, COUNTRY):
                states.setdefault(fact.subject, owner)
                break
            if owner not in parent:
                break
            owner = parent[owner]
    return states


def _read_roles(found: _Found, reading: EntityReading) -> None:
    token, trigger = found.token, found.trigger
    actors: list[str] = []
    targets: list[str] = []
    if token.pos_ in {"VERB", "AUX"}:
        subject = subject_of(token) or agent_of(token)
        if subject is not None and subject.lower_ in {"which", "who", "that"}:
            subject = token.head if token.dep_ == "relcl" else None
        if subject is None and token.dep_ == "conj":
            charge = trigger.event_type in _SPOKEN_CHARGES
            subject = (charge and _reporter(token.head)) or _acting_subject_above(
                token.head, reading
            )
        elif subject is None and token.dep_ in {"xcomp", "advcl", "pcomp"}:
            # "Portugal responded by declaring …": the clause's subject acts (pcomp)
            subject = _climb_to_subject(token.head)
        if subject is None and token.dep_ == "acl":
            # "Washington's decision to suspend aid": whoever decided acts
            subject = next((c for c in token.head.children if c.dep_ == "poss"), None)
            root = token.sent.root
            if subject is None and token.tag_ == "VBD" and root.pos_ in {"NOUN", "PROPN"}:
                # "The Community, of which Guyana is a member, called on …": a finite verb
                # the parser hung under a noun is the main verb, and the root its subject.
                subject = root
        if subject is not None:
            actors.extend(phrase_keys(subject, reading))
        # "was signed between X and Y": the parties of a symmetric act
        if trigger.roles == "symmetric":
            for obj in preposition_objects(token, "between", "among"):
                actors.extend(phrase_keys(obj, reading))
        objects = [c for c in token.children if c.dep_ in {"dobj", "dative"}]
        patient = passive_subject_of(token)
        if patient is not None and patient.lower_ in {"who", "which", "that"}:
            patient = token.head if token.dep_ == "relcl" else None  # "drivers who were held"
        if patient is not None and trigger.event_type == "MOBILIZE" and agent_of(token) is None:
            # "the army was placed on alert": a state's own forces are put to use by it, and
            # "troops will be sent, the ministry said" by the one who says so
            reporter = _reporter(token)
            actors.extend(
                phrase_keys(patient, reading)
                or (phrase_keys(reporter, reading) if reporter is not None else ())
            )
        elif patient is not None and (
            agent_of(token) is not None or trigger.roles not in {"symmetric", "reversed"}
        ):
            # "were detained in Mali": whoever was done to is the target, named doer or not
            objects.append(patient)
        for obj in objects:
            keys = phrase_keys(obj, reading)
            targets.extend(keys)
            if trigger.roles == "reversed":
                # "received a courtesy call by X": X is the visitor
                for visitor in preposition_objects(obj, "by", "from"):
                    targets.extend(phrase_keys(visitor, reading))
        recipients = preposition_objects(token, "to", "for", "on")
        if trigger.roles == "transfer":
            # "delivered 3,000 tonnes of wheat to Nepal": the "to" may hang off the goods.
            recipients += [
                p for obj in objects for t in obj.subtree for p in preposition_objects(t, "to")
            ]
        if trigger.roles not in {"symmetric", "reversed"}:  # a host receives no one "to" X
            for obj in recipients:
                targets.extend(phrase_keys(obj, reading))
        partners = preposition_objects(token, "with") + [
            p for o in objects for p in preposition_objects(o, "with")
        ]
        # "signed an agreement on fisheries with Togo": the parser hangs the party on the matter
        partners += [
            p
            for o in objects
            for matter in preposition_objects(o, "on")
            for p in preposition_objects(matter, "with")
        ]
        for obj in partners:
            (actors if trigger.roles == "symmetric" else targets).extend(phrase_keys(obj, reading))
    else:
        owners = [c for c in token.children if c.dep_ == "poss"]
        owned = [k for o in owners for k in phrase_keys(o, reading)]
        # "the donation of 50 ambulances by China", "the official visit of the Prime Minister"
        by_agent = [k for o in preposition_objects(token, "by") for k in phrase_keys(o, reading)]
        from_agent = [
            k for o in preposition_objects(token, "from") for k in phrase_keys(o, reading)
        ]
        of_agent = [
            k
            for o in preposition_objects(token, "of")
            for k in phrase_keys(o, reading)
            if reading.is_a(k, PERSON, COUNTRY, ORGANIZATION)
        ]
        if (
            owned
            and trigger.event_type in _DONE_TO_PEOPLE
            and all(reading.is_a(k, PERSON) for k in owned)
        ):
            targets.extend(owned)  # "Mhlanga's arrest": he was arrested
        elif owned:
            actors.extend(owned)
        elif by_agent:
            actors.extend(by_agent)
        elif from_agent and not trigger.material:
            # "Australia will consider a request from Vanuatu": Vanuatu asks, Australia is asked
            actors.extend(from_agent)
            subject = _climb_to_subject(token)
            if subject is not None and trigger.roles == "directed":
                targets.extend(phrase_keys(subject, reading))
        elif of_agent and trigger.kind != EVENT and trigger.roles == "directed":
            actors.extend(of_agent)
        else:  # no owner, or one we cannot resolve: the clause's subject acts
            subject = _climb_to_subject(token)
            if subject is not None:
                actors.extend(phrase_keys(subject, reading))
        preps = ("to", "for", "with", "between", "among", "from", "on", "against")
        objects_of = preposition_objects(token, *preps)
        if token.dep_ == "dobj" and _lemma_in(token.head, load_lexicon().light_verbs):
            # "expressed solidarity with Prague": the phrase hangs on the light verb
            objects_of += preposition_objects(token.head, *preps)
        if trigger.roles == "transfer" and token.dep_ == "dobj":
            # "will receive a grant of 1.5 billion yen from Japan": the donor hangs off the verb
            objects_of += preposition_objects(token.head, "from")
        for obj in objects_of:
            keys = phrase_keys(obj, reading)
            if (
                obj.head.lower_ in {"between", "among", "with"} and trigger.roles == "symmetric"
            ) or obj.head.lower_ == "from":
                actors.extend(keys)
            else:
                targets.extend(keys)
    answered = _makers_of_answered_acts(token, reading)
    targets.extend(answered)
    aimed = [t for t in _agents(tuple(targets), reading) if t not in actors]
    if not aimed and trigger.roles != "symmetric":
        # "welcomed remarks by the prime minister that Cambodia adheres …": the first state
        # or body named in the object stands in for an unnamed target.
        # Objects first, then prepositional phrases ("did not agree to a proposal by the
        # AES", "moved troops to its frontier with Russia").
        children = sorted(token.children, key=lambda c: c.dep_ != "dobj")
        if token.dep_ == "dobj" and _lemma_in(token.head, load_lexicon().light_verbs):
            # "expressed condolences to the victims of the typhoon in the Philippines"
            children += [c for c in token.head.children if c.dep_ == "prep"]
        for child in children:
            if child.dep_ == "prep" and child.lower_ not in _TARGET_PREPOSITIONS:
                continue  # "provide goods through JICA": a channel, not a target
            if child.dep_ == "prep" and child.lower_ == "at" and trigger.event_type == "CONSULT":
                continue  # "received the envoy at the Ministry": where, not whom
            if child.dep_ in {"dobj", "ccomp", "xcomp", "prep"}:
                claimed = _claimed(child, trigger)
                # "take countermeasures, including raising the matter at the UN Security
                # Council, if Naypyitaw fails …": where a deeper act happens is no target
                settings = {
                    t.i
                    for p in child.subtree
                    if p.dep_ == "prep"
                    and p.lower_ in {"at", "in"}
                    and p.i != child.i
                    # ("the parties in Myanmar", "citizens stranded in the Kingdom": whom)
                    and p.head.pos_ in {"VERB", "AUX"}
                    and p.head.dep_ not in {"acl", "relcl"}
                    for t in p.subtree
                }
                words = [t for t in child.subtree if t.i not in claimed and t.i not in settings]
                named = _agents(
                    tuple(k for k in keys_in(words, reading) if k not in actors), reading
                )
                if named:
                    targets.append(named[0])
                    found.target_guessed = True
                    break
    if trigger.roles == "reversed":
        actors, targets = list(targets), list(actors)
    if trigger.roles == "transfer":
        actors = [a for a in actors if a not in targets]
    if trigger.roles == "symmetric":
        # "agreed to a proposal by the AES": who proposed is answered, not a party
        actors += [t for t in targets if t not in answered]
        targets = [t for t in answered if t not in actors]
        if not actors:
            subject = _climb_to_subject(token)
            if subject is not None and subject.lemma_.lower() in _GROUP_NOUNS:
                actors.extend(reading.focal_pair())
    if _is_mutual(token):
        targets = list(actors)
    found.actors = _agents(unique(actors), reading)
    found.targets = tuple(
        t for t in _agents(unique(targets), reading) if t not in found.actors or _is_mutual(token)
    )


def _makers_of_answered_acts(token: Token, reading: EntityReading) -> list[str]:
    """Who made the proposal, request or offer the act answers: "agreed to a proposal by
    the AES", "rejected a request from Kigali", "accepted Japan's offer"."""
    objects = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
    objects += preposition_objects(token, "to")
    makers: list[str] = []
    for obj in objects:
        if obj.lemma_.lower() not in _ACT_TYPES:
            continue
        owners = [c for c in obj.children if c.dep_ == "poss"]
        owners += preposition_objects(obj, "by", "from")
        makers.extend(k for o in owners for k in phrase_keys(o, reading))
    return makers


# Dependencies through which one act is part of another ("agreed *to enhance* cooperation",
# "welcomed the proposal *to convene* a meeting"); an adjunct ("*following* talks") is not.
_COMPLEMENT_DEPS = {
    "xcomp", "ccomp", "acl", "dobj", "attr", "oprd", "relcl", "compound", "amod", "pcomp",
    "acomp",
}  # fmt: skip


def _is_complement(inner: Token, outer: Token) -> bool:
    node = inner
    while node.i != outer.i:
        purpose = node.dep_ == "advcl" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in node.children
        )  # "granted $5 million to support …": the purpose is part of the act
        linking = {"for", "to", "of", "on"}
        through_preposition = (node.dep_ == "pobj" and node.head.lower_ in linking) or (
            node.dep_ == "prep" and node.lower_ in linking
        )
        if not purpose and node.dep_ not in _COMPLEMENT_DEPS and not through_preposition:
            return False
        node = node.head
    return True


def _subtree_keys(found: _Found, reading: EntityReading) -> list[str]:
    return [
        k
        for k in keys_in(found.token.subtree, reading)
        if reading.is_a(k, FRAMEWORK, EVENT, INTERNATIONAL_ORGANIZATION)
    ]


def _is_mutual(token: Token) -> bool:
    window = token.sent.text.lower()
    return any(c.lower_ == "mutual" for c in token.children) or "each other" in window


def _about_and_topics(
    found: _Found, reading: EntityReading
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    token = found.token
    skip = set(found.actors) | set(found.targets)
    # A noun's clause holds what it is about: "strengthen cooperation and render support in
    # frameworks including ASEAN" — the frameworks hang from the verbs, not the noun.
    scope = token.head if token.pos_ == "NOUN" and token.head.pos_ == "VERB" else token
    subject = subject_of(scope)
    excluded = {t.i for t in subject.subtree} if subject is not None else set()
    if found.trigger.material and _lemma_in(scope, _RECEIVING_VERBS):
        excluded = set()  # "the project will receive a grant": the grant is for the project
    tokens = [t for t in scope.subtree if t.i not in excluded]
    if found.trigger.material:
        # A transfer is about what it pays for, which the parser often hangs elsewhere:
        # "a grant of $5 million to support WHO-approved vaccines".
        tokens += [t for t in token.sent if t.i > token.i]
    # What an act is "on", "about" or "over" is what it concerns, states and places too:
    # "exchanged views on regional issues including Myanmar and the South China Sea".
    # The phrase may hang on the act's object: "exchanged views on the situation in Myanmar".
    objects = [c for c in scope.children if c.dep_ == "dobj"]
    concerns = [
        o
        for head in (scope, *objects)
        for o in preposition_objects(head, "on", "about", "over", "regarding", "concerning")
    ]
    # "an agreement on fisheries with Togo": the parser may hang a party on the matter
    parties = {
        t.i for o in concerns for p in preposition_objects(o, "with", "between") for t in p.subtree
    }
    subjects = [
        k
        for o in concerns
        for k in keys_in([t for t in o.subtree if t.i not in parties], reading)
        if k not in skip
    ]
    # "discussed the situation in Myanmar": the matter named is the place it is in.
    subjects += [
        k
        for matter in (*objects, *concerns)
        if matter.lemma_.lower() in _MATTER_NOUNS
        for o in preposition_objects(matter, "in", "of", "between")
        for k in keys_in(o.subtree, reading)
        if k not in skip and k not in subjects
    ]
    # Where an act happens is no part of what it is about ("met at the Ministry").
    placed = {t.i for o in preposition_objects(scope, "in", "at") for t in o.subtree}
    settings = _settings(tokens)
    about = subjects + [
        k
        for k in keys_in([t for t in tokens if t.i not in placed], reading)
        if k not in skip
        and (
            _can_be_about(k, reading)
            or (_matter_named(k, reading) and not _only_in(k, settings, tokens, reading))
        )
    ]
    about += [k for k in _antecedent_keys(scope, reading) if k not in skip and k not in about]
    if not about:
        about = _matter_of_the_report(scope, reading)
    topics: list[str] = []
    for obj in preposition_objects(token, "in", "on", "of", "including"):
        for item in conjuncts(obj):
            if (
                reading.keys_of(item)
                or item.pos_ not in {"NOUN", "PROPN"}
                or item.ent_type_
                in {"DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL", "PERCENT", "QUANTITY"}
            ):
                continue
            words = [
                t
                for t in item.subtree
                if (t.i <= item.i and t.dep_ in {"compound", "amod"}) or t.i == item.i
            ]
            text = " ".join(t.text for t in words).lower()
            if text and text not in {"area", "areas", "field", "fields", "framework", "frameworks"}:
                topics.append(text)
    return unique(about), unique(topics)


def _antecedent_keys(scope: Token, reading: EntityReading) -> list[str]:
    """ "the exercise, which Cambodia suspended", "a strategy under which Brussels has
    earmarked …": what the relative pronoun stands for is what the act concerns."""
    if scope.dep_ != "relcl":
        return []
    pronouns = [c for c in scope.children if c.dep_ in {"dobj", "nsubjpass"}]
    pronouns += [
        o for p in scope.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"
    ]
    if not any(p.lower_ in {"which", "that"} for p in pronouns):
        return []
    # The antecedent's words run from its left edge ("the Cobra Gold exercise, which …") up
    # to the clause, which the parser may hang on a noun before it ("part of the Global
    # Gateway strategy, under which …")
    words = scope.doc[scope.head.left_edge.i : scope.left_edge.i]
    return [k for k in keys_in(words, reading) if _can_be_about(k, reading)]


# Nouns by which a report takes up its own subject ("discuss the situation").
_MATTER_NOUNS = {"situation", "crisis", "case", "dispute", "issue", "tensions", "standoff", "row"}


def _matter_of_the_report(scope: Token, reading: EntityReading) -> list[str]:
    """ "expected to discuss the crisis": the crisis the report is about, so its principal
    state — and the second one, when the report is about two nearly as much."""
    objects = [c for c in scope.children if c.dep_ in {"dobj", "nsubjpass"}]
    if not any(
        o.lemma_.lower() in _MATTER_NOUNS and any(c.lower_ == "the" for c in o.children)
        for o in objects
    ):
        return []
    counts = reading.country_counts
    pair = reading.focal_pair()
    if len(pair) == 2 and counts[pair[1]] * 2 >= counts[pair[0]]:
        return list(pair)
    return list(pair[:1])


def _settings(tokens: list[Token]) -> set[int]:
    """The words of phrases that say where an act happens or with whom ("in Lima", "at the
    border", "with Bolivia"): what they name is not what the act concerns."""
    phrases = {
        t.i
        for p in tokens
        if p.dep_ == "prep" and p.lower_ in {"in", "at", "near", "with", "between", "among"}
        for t in p.subtree
    }
    # the dateline ("PHNOM PENH –") says where the report was filed
    return phrases | {
        t.i for t in tokens if is_dateline(t) or (t.dep_ == "compound" and is_dateline(t.head))
    }


def _only_in(key: str, phrases: set[int], tokens: list[Token], reading: EntityReading) -> bool:
    return all(t.i in phrases for t in tokens if key in reading.keys_of(t))


def _matter_named(key: str, reading: EntityReading) -> bool:
    """A state or place the act's own clause names, neither acting nor aimed at ("called on
    the EU to fund aid for Sudan", "coordinate releases from the Shardara reservoir"), is
    what it concerns."""
    return reading.is_a(key, COUNTRY, PLACE)


def _can_be_about(key: str, reading: EntityReading) -> bool:
    """Frameworks, events, international bodies, and other bodies that are not a state's
    own ("agreed to convene the Joint Commission", "thanked Korea for projects through
    the Mekong-Korea Cooperation Fund")."""
    if reading.is_a(key, FRAMEWORK, EVENT, INTERNATIONAL_ORGANIZATION):
        return True
    return reading.is_a(key, ORGANIZATION) and not reading.is_a(key, GOVERNMENT_BODY, COUNTRY)


def _modality(token: Token, lexicon: Lexicon, answered_by: Token | None = None) -> str:
    cues = lexicon.modality
    # The act's own verb, and for a noun the verb that carries it ("will hold another round
    # of talks"), then up to two governing verbs ("is expected to sign") — but not the act
    # that answers it ("did not agree to a proposal": the proposal was made).
    ancestors = list(token.ancestors)
    if answered_by is not None and answered_by in ancestors:
        ancestors = ancestors[: ancestors.index(answered_by)]
    first_verb = next((i for i, a in enumerate(ancestors) if a.pos_ in {"VERB", "AUX"}), None)
    reach = 2 if token.pos_ in {"VERB", "AUX"} or first_verb is None else first_verb + 2
    chain = [token, *ancestors[:reach]]
    if token.pos_ in {"VERB", "AUX"}:
        # "Washington's decision to suspend aid will hurt …": what the sentence says will
        # happen is the hurt; the suspension was decided, so stop at the noun.
        nouns = [i for i, node in enumerate(chain) if node.pos_ in {"NOUN", "PROPN"}]
        chain = chain[: nouns[0]] if nouns else chain
    words: set[str] = set()
    for node in chain:
        words |= {c.lower_ for c in node.children if c.dep_ in {"neg", "aux", "auxpass"}}
        words.add(node.lemma_.lower())
    if words & cues["negated"] or _done_by_no_one(token):
        return "negated"
    conditional = any(
        node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in {"if", "unless"}
                                     for c in node.children)
        for node in chain
    )  # fmt: skip
    if token.head.lemma_.lower() == "expect" or words & {"may", "might", "could"} or conditional:
        return "hedged"  # ("… can appeal if the board agrees": only on that condition)
    if words & cues["planned"]:
        return "planned"
    if token.dep_ in {"xcomp"} and token.head.lemma_.lower() in cues["proposed"]:
        return "proposed"
    return "asserted"


def _is_question(sent: Span) -> bool:
    return sent.text.rstrip().rstrip("\"'”’").endswith("?")


def _done_by_no_one(token: Token) -> bool:
    """ "no Chilean unit had fired": a verb whose subject is "no …" says nobody did it."""
    if token.pos_ not in {"VERB", "AUX"}:
        return False
    subject = subject_of(token)
    return subject is not None and any(
        c.dep_ == "det" and c.lower_ == "no" for c in subject.children
    )


def _mode(sent: Span) -> str | None:
    for pattern, mode in _MODES:
        if pattern.search(sent.text):
            return mode
    return None


def _amount_for(token: Token, sent: Span, trigger: Trigger) -> tuple[int, object] | None:
    if trigger.event_type != "AID":
        return None
    subtree = list(token.subtree)
    start, end = (
        subtree[0].idx - sent.start_char,
        subtree[-1].idx + len(subtree[-1]) - sent.start_char,
    )
    amounts = parse_amounts(sent.text)
    inside = [a for a in amounts if a[0] >= start and a[1] <= end]
    return (0, inside[0][2]) if inside else None


def read_events(
    doc: Doc, reading: EntityReading, facts: list[Fact]
) -> tuple[list[Event], list[Fact]]:
    """The document's events, and the memberships they reveal (engagement in frameworks)."""
    lexicon = load_lexicon()
    states = _state_of_agents(facts, reading)
    bodies = {
        f.subject: f.object
        for f in facts
        if f.predicate == "affiliatedWith"
        and reading.is_a(f.subject, PERSON)
        and reading.is_a(f.object, ORGANIZATION)
    }
    parts = {f.subject for f in facts if f.predicate == "partOf"}
    joint_members: dict[str, tuple[str, ...]] = {}
    for f in facts:
        if f.evidence.extractor == "joint_body":
            joint_members[f.object] = (*joint_members.get(f.object, ()), f.subject)
    # Posts by title, for "the Deputy Prime Minister welcomed …" with no name given.
    holders = {
        f.title.lower(): f.subject for f in facts if f.predicate == "affiliatedWith" and f.title
    }
    posts = [
        (f.title.lower(), f.subject)
        for f in facts
        if f.predicate == "affiliatedWith" and f.title and reading.is_a(f.subject, PERSON)
    ]
    # Who leads each body, by the posts the report gives: "WFP Executive Director X"
    heads: dict[str, set[str]] = {}
    for f in facts:
        leads = f.title and set(f.title.lower().replace("-", " ").split()) & _HEAD_WORDS
        if f.predicate == "affiliatedWith" and leads and reading.is_a(f.subject, PERSON):
            heads.setdefault(f.object, set()).add(f.subject)
    # "the co-chairs welcomed …": the people the report says chair a meeting
    chairs = unique(
        tuple(
            f.subject for f in facts if f.predicate == "chairs" and reading.is_a(f.subject, PERSON)
        )
    )
    events: list[Event] = []
    extra_facts: list[Fact] = []
    meetings: list[_Found] = []  # every meeting reported so far, first to last
    meeting_events: dict[int, int] = {}
    restatements: dict[str, str] = {}
    for sent in doc.sents:
        if _is_question(sent):
            continue  # "What did you discuss there?" asks; it reports nothing
        found = [_Found(t, trig) for t in sent if (trig := _match(t, lexicon)) is not None]
        by_token = {f.token.i: f for f in found}
        for item in found:
            _read_roles(item, reading)
        # Fold complements into the trigger above them, unless they are material transfers.
        kept: list[_Found] = []
        for item in found:
            outer = next(
                (by_token[a.i] for a in item.token.ancestors if a.i in by_token
                 and item.token.dep_ != "conj"),
                None,
            )  # fmt: skip
            # A transfer stands alone ("thanked X for its grant"), except as the object of a
            # verb that reports the same transfer ("will provide a grant of $5 million").
            same_act = outer is not None and (
                outer.trigger.event_type == item.trigger.event_type
                and item.token.head.i == outer.token.i
            )
            # A relative clause reports an act of its own ("drivers who had been detained").
            # So does one whose subject is its own ("an incident the ministry condemned").
            own_clause = (
                item.token.dep_ == "relcl"
                and item.token.pos_ in {"VERB", "AUX"}
                and (
                    item.trigger.event_type in _MATERIAL_ACTS
                    or any(
                        c.dep_ == "nsubj" and c.pos_ in {"PROPN", "NOUN"}
                        for c in item.token.children
                    )
                )
            )
            if (
                own_clause
                and outer is not None
                and item.trigger.event_type not in _MATERIAL_ACTS
                and item.token.head.lemma_.lower() in _INCIDENT_NOUNS
            ):
                # "fired a water cannon …, an incident the ministry condemned": the clause
                # answers the act its antecedent stands for, and whoever did it
                item.about.append(f"event:e{outer.token.idx}")
                if not item.targets:
                    item.targets = outer.actors
            # "requested emergency aid from Japan": what is asked for is not yet given
            asked_for = (
                outer is not None
                and outer.trigger.event_type == "REQUEST"
                and item.trigger.material
                and item.token.dep_ == "dobj"
                and item.token.head.i == outer.token.i
            )
            alleged = outer is not None and _is_alleged_act(item, outer)
            if alleged and outer is not None:
                # "accused the FARDC of shelling Rubavu": the accused did the shelling
                item.actors, item.alleged = outer.targets, True
                named = _agents(tuple(_subtree_keys(item, reading)), reading)
                item.targets = tuple(k for k in named if k not in item.actors)
            stands_alone = (
                (
                    (item.trigger.material or item.trigger.own_event)
                    and not same_act
                    and not asked_for
                )
                or own_clause
                or alleged
                or (outer is not None and not _is_complement(item.token, outer.token))
            )
            if outer is not None and not stands_alone:
                outer.about.extend(_subtree_keys(item, reading))
                if _has_own_subject(item.token) and outer.trigger.roles != "symmetric":
                    # "demanded that the government suspend the talks": asked of it, not by it
                    if not outer.targets:
                        outer.targets = tuple(a for a in item.actors if a not in outer.actors)
                elif not outer.actors:
                    outer.actors = item.actors
                if not outer.targets and item.trigger.roles != "symmetric":
                    outer.targets = item.targets
                elif not outer.targets and outer.trigger.roles == "directed":
                    # "ready to negotiate with Kazakhstan": the offer goes to the partner
                    outer.targets = tuple(a for a in item.actors if a not in outer.actors)
                continue
            if outer is not None and (
                item.trigger.material or item.trigger.own_event or item.alleged
            ):
                outer.about.append(f"event:e{item.token.idx}")
                if item.trigger.own_event and item.token.pos_ == "NOUN":
                    item.answered_by = outer.token
                    if not item.targets and set(item.actors) & set(outer.targets):
                        # "Nigeria did not agree to a proposal by the AES": made to Nigeria
                        item.targets = tuple(a for a in outer.actors if a not in item.actors)
                if not item.targets and outer.trigger.event_type == "SUPPORT":
                    item.targets = outer.actors  # "X thanked Y for its grant": X received it
            kept.append(item)
        _givers_of_what_is_thanked_for(kept)
        for item in kept:
            token, trigger = item.token, item.trigger
            restated = _restated_act(item, events)
            if restated is not None:
                prior = events[restated]
                about, topics = _about_and_topics(item, reading)
                involved = set(prior.actors) | set(prior.targets)
                events[restated] = _replace(
                    prior,
                    about=unique(prior.about + tuple(a for a in about if a not in involved)),
                    topics=unique(prior.topics + topics),
                )
                restatements[f"event:e{token.idx}"] = f"event:{prior.key}"
                continue
            if len(item.actors) == 1 and reading.is_a(item.actors[0], COUNTRY):
                item.actors = _holder_for_state(item.token, item.actors[0], posts, states) or (
                    item.actors
                )
            elif len(item.actors) == 1 and reading.is_a(item.actors[0], ORGANIZATION):
                item.actors = _head_of_body(item.token, item.actors[0], heads) or item.actors
            if not item.actors:
                item.actors = _unnamed_subject(item, reading, holders, chairs, events,
                                               meeting_events, meetings)  # fmt: skip
            if (not item.targets or item.target_guessed) and trigger.roles != "symmetric":
                # "congratulated H.E. Ambassador": the person the report gave that post, before
                # any guess from the words after ("invited H.E. Deputy Prime Minister to
                # attend the meeting in Beijing")
                for obj in (c for c in token.children if c.dep_ == "dobj"):
                    phrase = _title_phrase(obj, reading)
                    holder = _holder_of(phrase, holders) if phrase else ()
                    if holder:
                        item.targets, item.target_guessed = holder, False
            if not item.targets and trigger.roles != "symmetric":
                # "thanked both institutions", "welcomed both commitments": the last two
                # bodies that acted, or the last two pledges and those who made them
                for obj in (c for c in token.children if c.dep_ == "dobj"):
                    item.targets, pledges = _pair_taken_up(obj, events, reading)
                    item.about.extend(f"event:{e.key}" for e in pledges)
            # "co-chaired the meeting with …": the meeting already reported, not a new one.
            definite = _refers_to_reported_meeting(item)
            if definite and meetings:
                index = meeting_events[id(meetings[-1])]
                prior = events[index]
                people = unique(
                    prior.participants + tuple(k for k in item.actors if reading.is_a(k, PERSON))
                )
                states_of = unique(prior.actors + tuple(states[p] for p in people if p in states))
                events[index] = _replace(prior, participants=people, actors=states_of)
                continue
            actors = item.actors
            participants: tuple[str, ...] = ()
            if trigger.event_type == "CONSULT" and any(a in joint_members for a in actors):
                # "the next JBC meeting": a joint commission meets as the states it joins
                item.about.extend(a for a in actors if a in joint_members)
                actors = unique(k for a in actors for k in (joint_members.get(a) or (a,)))
            if trigger.event_type == "CONSULT":
                # "a summit of the African Union": the body meets, as its members do
                actors = unique(_convener(token, reading) + tuple(actors))
                participants = tuple(a for a in actors if reading.is_a(a, PERSON))
                # A person the report ties to no state still meets in their own name.
                actors = unique(
                    tuple(a for a in actors if not reading.is_a(a, PERSON))
                    + tuple(states.get(p, p) for p in participants)
                )
            else:
                # what an official does, the body they speak for and their state do
                actors = unique(
                    actors
                    + tuple(bodies[a] for a in actors if a in bodies)
                    + tuple(states[a] for a in actors if a in states)
                )
            if not actors and trigger.event_type in _STATE_ACTS:
                # "drivers who had been detained in Mali": held there, by that state
                actors = tuple(
                    k
                    for o in preposition_objects(token, "in")
                    for k in phrase_keys(o, reading)
                    if reading.is_a(k, COUNTRY)
                )[:1]
                home = reading.dateline_country or ""
                named_home = home in reading.entities and reading.country_counts[home] > 0
                if not actors and named_home and not _placed_elsewhere(token):
                    # "23 people had been arrested", in a report filed from Tunis
                    actors = (home,)
            # (only an act with nobody named asks whether a crowd did it)
            by_crowd = not actors and (trigger.event_type in _CROWD_ACTS or _crowd_subject(token))
            if not actors and trigger.kind == EVENT and not by_crowd:
                continue  # an act with nobody doing it tells an analyst nothing
            if not actors and not by_crowd:
                # "a new round of talks between senior officials": the states named in the
                # sentence, else the two the document is about. (A crowd is no state.)
                named = tuple(
                    k
                    for k in keys_in(sent, reading)
                    if reading.is_a(k, COUNTRY) and k not in item.targets
                )
                if item.targets:  # "a visit to Vietnam": the other state named is the visitor
                    actors = named[:1]
                else:
                    actors = named if len(named) >= 2 else reading.focal_pair()
            about, topics = _about_and_topics(item, reading)
            about = unique(tuple(item.about) + about)
            amount = _amount_for(token, sent, trigger)
            location = next(
                (k for o in preposition_objects(token, "in", "at") for k in phrase_keys(o, reading)
                 if reading.is_a(k, PLACE)),
                None,
            )  # fmt: skip
            modality = "hedged" if item.alleged else _modality(token, lexicon, item.answered_by)
            event_type = trigger.event_type
            if trigger.lemma in _REFUSED_WHEN_NEGATED and modality == "negated":
                # "would not accept lectures", "does not recognise the court": refusing is
                # rejecting
                event_type, modality = "REJECT", "asserted"
            if (
                event_type in _THREAT_WHEN_FUTURE
                and modality in {"planned", "hedged"}
                and not item.alleged
            ):
                event_type = "THREATEN"
            targets = tuple(t for t in item.targets if t not in actors or _is_mutual(token))
            # An act aimed at an official is aimed at the state they serve too.
            targets = unique(targets + tuple(states[t] for t in targets if t in states))
            targets = tuple(t for t in targets if t not in actors or _is_mutual(token))
            if event_type == "PROTEST" and not targets:
                targets = _protested_against(token, reading)
            if trigger.needs_target and not targets:
                continue  # "travelled to Lyon to visit schools": a trip, no meeting
            if event_type == "THREATEN" and _warns_of_others(token, actors, facts, reading):
                continue  # "warned that the situation could get worse": a warning, no threat
            referent = _referred_act(item, events, actors)
            if (
                referent is not None
                and (not targets or item.target_guessed)
                and trigger.roles != "symmetric"  # "to discuss the case": with no one
            ):
                # "Payet accepted the invitation": the answer goes to whoever made the act
                # it answers, rather than to a side guessed from the report.
                targets = tuple(a for a in referent.actors if a not in actors)
            if not targets and trigger.roles == "transfer":
                # "Germany will contribute a €8 million grant": aid whose recipient goes
                # unnamed goes to the state the report's other aid went to, else to the
                # state the report is about.
                targets = (
                    _usual_recipient(actors, events, reading)
                    or tuple(c for c in reading.focal_pair() if c not in actors)[:1]
                )
            if not targets and trigger.lemma in _PLEDGES and event_type == "AGREE":
                # "KFAED also pledged to build 12 new schools": in a report of aid, to the
                # state the aid went to
                targets = _usual_recipient(actors, events, reading)
            if not targets and event_type in _ADDRESSED_ACTS and trigger.roles != "symmetric":
                targets = _other_side(actors, states, facts, reading)
            if (
                referent is None
                and event_type == "SUPPORT"
                and targets
                and not any(a.startswith("event:") for a in about)
                # "for its assistance", "for what she called a partnership"
                and any(c.dep_ == "prep" and c.lower_ == "for" for c in token.children)
            ):
                referent = _act_thanked_for(targets, events)
            instrument_of = _act_named_by_instrument(item, events) if referent is None else None
            if instrument_of is not None:
                about = unique((f"event:{instrument_of.key}", *about))
            denied = _act_denied(item, events, actors) if referent is None else None
            if denied is not None:
                # "Kigali denied any responsibility": for the act laid at its door, whose
                # victims are those it answers
                targets = targets or tuple(t for t in denied.targets if t not in actors)
                about = unique((f"event:{denied.key}", *about))
            if referent is not None:
                if not targets and trigger.roles != "symmetric":
                    targets = tuple(a for a in referent.actors if a not in actors)
                about = unique((f"event:{referent.key}", *about))
            if event_type in _REACTIONS and not any(a.startswith("event:") for a in about):
                answered = _act_answered(actors, targets, events)
                if answered is not None:
                    # "Jakarta responded with a formal protest": at what PNG had just done
                    about = unique((f"event:{answered.key}", *about))
            # (a state that acts or is acted on is no matter of the act as well)
            about = tuple(
                a for a in about
                if not (reading.is_a(a, COUNTRY) and (a in actors or a in targets))
            )  # fmt: skip
            event = Event(
                key=f"e{token.idx}",
                event_type=event_type,
                trigger=token.text,
                evidence=evidence(sent, f"trigger:{trigger.lemma}"),
                kind=trigger.kind,
                actors=actors,
                targets=targets,
                participants=participants,
                about=about,
                topics=topics,
                amount=amount[1] if amount else None,  # type: ignore[arg-type]
                date=resolve_date(sent, token, doc),
                location=location,
                mode=_mode(sent) if trigger.event_type == "CONSULT" else None,
                modality=modality,
            )
            twin = next(
                (i for i, e in enumerate(events)
                 if e.evidence.sentence == event.evidence.sentence
                 and e.event_type == event.event_type and set(e.actors) == set(event.actors)
                 and set(e.targets) == set(event.targets)
                 and not _separate_acts(e, event, token)),
                None,
            )  # fmt: skip
            if twin is not None:
                # "held talks …, exchanging views": one act reported twice in a sentence.
                prior = events[twin]
                events[twin] = _replace(
                    prior,
                    about=unique(prior.about + event.about),
                    topics=unique(prior.topics + event.topics),
                    participants=unique(prior.participants + event.participants),
                )
                continue
            funded = _transfer_signed_for(event, events, reading)
            if funded is not None:
                # "The Exchange of Notes for the Project for … was signed": the grant reported
                # before, between the same states, pays for that project
                prior = events[funded]
                projects = tuple(a for a in event.about if _is_project(a, reading))
                events[funded] = _replace(prior, about=unique(prior.about + projects))
            if trigger.event_type == "CONSULT" and trigger.kind != EVENT:
                meetings.append(item)
                meeting_events[id(item)] = len(events)
            events.append(event)
            if trigger.event_type in _ENGAGING:
                for actor in actors:
                    if not reading.is_a(actor, COUNTRY):
                        continue
                    for framework in about:
                        if framework.startswith("event:") or not reading.is_a(
                            framework, FRAMEWORK, INTERNATIONAL_ORGANIZATION
                        ):
                            continue
                        if reading.is_a(framework, EVENT) or _is_instrument(framework, reading):
                            continue  # parties sign agreements; they are members of groupings
                        if framework in parts:
                            continue  # the EEAS is the EU's service, with no members of its own
                        extra_facts.append(
                            Fact(
                                actor, "memberOf", framework, evidence(sent, "framework_engagement")
                            )
                        )
    merged = _merge_repeated_meetings(events)
    # "will not give up on dialogue": talk with no one named, once no other report of the
    # meeting has taken it in
    reported = [e for e in merged if not _meets_nobody(e, reading, lexicon)]
    return _linked(reported, restatements), extra_facts


def _linked(events: list[Event], restatements: dict[str, str]) -> list[Event]:
    """Acts about a restated act are about the act first reported; a reference to an act
    that was dropped (nobody named doing it) goes, rather than pointing at nothing."""
    kept = {f"event:{e.key}" for e in events}
    linked = []
    for event in events:
        about = tuple(restatements.get(a, a) for a in event.about)
        about = unique(tuple(a for a in about if not a.startswith("event:") or a in kept))
        linked.append(_replace(event, about=about) if about != event.about else event)
    return linked


def _other_side(
    actors: tuple[str, ...], states: dict[str, str], facts: list[Fact], reading: EntityReading
) -> tuple[str, ...]:
    """The state on the other side of the document's two-state story from ``actors``."""
    pair = reading.focal_pair()
    if len(pair) < 2:
        return ()
    # Only a story of two sides: a third state named nearly as often makes it a many-sided one.
    ranked = sorted(reading.country_counts.values(), reverse=True)
    if len(ranked) > 2 and ranked[1] < 2 * ranked[2]:
        return ()
    parent = {f.subject: f.object for f in facts if f.predicate == "partOf"}
    sides = set()
    for actor in actors:
        owner: str | None = states.get(actor, actor)
        for _ in range(3):
            if owner is None or reading.is_a(owner, COUNTRY):
                break
            owner = parent.get(owner)
        if owner is not None:
            sides.add(owner)
    if len(sides) != 1 or not sides & set(pair):
        return ()
    return tuple(c for c in pair if c not in sides)


def _merge_repeated_meetings(events: list[Event]) -> list[Event]:
    """A report names one meeting several times ("held talks", "the meeting", "the
    discussions"): meetings with the same parties, modality and no conflicting date are one."""
    kept: list[Event] = []
    renamed: dict[str, str] = {}
    for event in events:
        twin = next(
            (
                i
                for i, e in enumerate(kept)
                if e.event_type == "CONSULT" == event.event_type
                and e.kind != EVENT
                and event.kind != EVENT
                and set(e.actors) == set(event.actors)
                and not e.targets
                and not event.targets
                and e.modality == event.modality
                and (e.date is None or event.date is None or e.date == event.date)
            ),
            None,
        )
        if twin is None:
            kept.append(event)
            continue
        first = kept[twin]
        renamed[f"event:{event.key}"] = f"event:{first.key}"
        kept[twin] = _replace(
            first,
            participants=unique(first.participants + event.participants),
            about=unique(first.about + event.about),
            topics=unique(first.topics + event.topics),
            date=first.date or event.date,
            mode=first.mode or event.mode,
            location=first.location or event.location,
        )
    # Acts about a meeting merged away are about the meeting kept.
    return [
        _replace(e, about=unique(tuple(renamed.get(a, a) for a in e.about))) if renamed else e
        for e in kept
    ]


_MEETING_SUBJECTS = {"summit", "meeting", "conference", "talks", "session", "forum"}
# Words that make a plural some of a group, not those who met.
_SOME_OF = {"many", "some", "several", "few", "other", "most", "numerous", "various", "a"}
# Plural nouns by which a report names those who met ("the ministers", "the six countries").
_PARTY_NOUNS = _GROUP_NOUNS | {"country", "nation", "member", "state", "government"}


def _convener(token: Token, reading: EntityReading) -> tuple[str, ...]:
    """The international body a meeting is of: "an extraordinary summit of the African
    Union", "the bloc's summit", "an SADC summit" (on the meeting word or the one it hangs
    from: "leaders meeting at a summit of the AU")."""
    words = [token, *(t for t in token.subtree if t.lemma_.lower() in _MEETING_SUBJECTS)]
    for word in words:
        owners = [c for c in word.children if c.dep_ in {"poss", "compound"}]
        owners += preposition_objects(word, "of")
        keys = [k for o in owners for k in phrase_keys(o, reading)]
        found = tuple(k for k in keys if reading.is_a(k, INTERNATIONAL_ORGANIZATION))
        if found:
            return found[:1]
    return ()


# Plural nouns that take up two bodies named before ("both institutions"), and two pledges
# ("both commitments").
_BODY_NOUNS = {"institution", "organisation", "organization", "lender", "donor", "bank", "agency"}
_PLEDGE_NOUNS = {"commitment", "pledge", "offer", "contribution", "grant", "loan", "announcement"}


def _pair_taken_up(
    obj: Token, events: list[Event], reading: EntityReading
) -> tuple[tuple[str, ...], list[Event]]:
    """For "both institutions", the last two bodies (not states) that acted; for "both
    commitments", the last two pledges or transfers by different actors and those actors."""
    if obj.tag_ != "NNS" or not any(c.lower_ in {"both", "two"} for c in obj.children):
        return (), []
    noun = obj.lemma_.lower()
    if noun in _BODY_NOUNS:
        bodies: list[str] = []
        for event in reversed(events):
            for actor in event.actors:
                is_body = reading.is_a(actor, ORGANIZATION) and not reading.is_a(actor, COUNTRY)
                if is_body and actor not in bodies:
                    bodies.append(actor)
        return (tuple(reversed(bodies[:2])), []) if len(bodies) >= 2 else ((), [])
    if noun in _PLEDGE_NOUNS:
        pledges: list[Event] = []
        for event in reversed(events):
            if event.event_type in {"AGREE", "AID"} and not any(
                set(event.actors) & set(p.actors) for p in pledges
            ):
                pledges.append(event)
            if len(pledges) == 2:
                makers = tuple(a for p in reversed(pledges) for a in p.actors[:1])
                return makers, list(reversed(pledges))
    return (), []


def _meets_nobody(event: Event, reading: EntityReading, lexicon: Lexicon) -> bool:
    """A meeting of one state or one person with no one else named is no meeting an analyst
    can use; a body meeting alone is its members meeting ("the Council will meet"), and a
    visit or a hosting has its one side by its nature."""
    if event.event_type != "CONSULT" or event.targets or event.participants:
        return False
    if event.evidence.extractor.removeprefix("trigger:") not in lexicon.meetings_of_equals:
        return False
    return len(event.actors) == 1 and not reading.is_a(event.actors[0], ORGANIZATION)


def _placed_elsewhere(token: Token) -> bool:
    """Whether an "in" or "at" phrase places the act somewhere (not a state, else it would
    have been the actor): "were detained in Kampot" may be anywhere the report names."""
    return bool(preposition_objects(token, "in", "at"))


def _unnamed_subject(
    item: _Found,
    reading: EntityReading,
    holders: dict[str, str],
    chairs: tuple[str, ...],
    events: list[Event],
    meeting_events: dict[int, int],
    meetings: list[_Found],
) -> tuple[str, ...]:
    """Who acts when the subject names nobody: "the co-chairs" (the people said to chair a
    meeting), "the Deputy Prime Minister" (the person the
    report gave that post), "the summit" (the parties to the meeting just reported)."""
    subject = _climb_to_subject(item.token)
    if subject is None:
        return ()
    last_meeting = meetings[-1] if meetings else None
    if subject.lemma_.lower() in _MEETING_SUBJECTS and last_meeting is not None:
        # "The summit welcomed …": the body whose summit the report said it was speaks, else
        # those who met
        convener = next((c for m in reversed(meetings) if (c := _convener(m.token, reading))), ())
        return convener or events[meeting_events[id(last_meeting)]].actors
    if subject.lemma_.lower() in {"co-chair", "chair"} and subject.tag_ == "NNS":
        return chairs
    if (
        subject.lemma_.lower() in _PARTY_NOUNS
        and subject.tag_ == "NNS"
        and last_meeting is not None
        and not keys_in(subject.subtree, reading)
        # "Ministers are expected to adopt …", but not "many ministers" or "other leaders"
        and not any(c.lower_ in _SOME_OF for c in subject.children)
    ):
        # "The ministers also agreed …", "the six countries agreed …": those who met
        return events[meeting_events[id(last_meeting)]].actors
    if subject.lower_ in {"he", "she"} and events:
        # "H.E. Deputy Prime Minister expressed his gratitude … He also thanked …": the one
        # person who acted in the sentence before
        before = [e for e in events if e.evidence.sentence.end <= item.token.sent.start_char]
        last = [e for e in before if e.evidence.sentence == before[-1].evidence.sentence]
        people = {a for e in last for a in e.actors if reading.is_a(a, PERSON)}
        return tuple(people) if len(people) == 1 else ()
    phrase = _title_phrase(subject, reading)
    return _holder_of(phrase, holders) if phrase else ()


# Posts a report may call "the Chilean leader".
_LEADING_POSTS = ("president", "prime minister", "premier", "chancellor", "king", "emir", "sultan")


def _holder_for_state(
    token: Token, state: str, posts: list[tuple[str, str]], states: dict[str, str]
) -> tuple[str, ...]:
    """ "The Philippine leader accepted", "the Chilean foreign minister said": the one person
    the report gave that post of that state."""
    subject = subject_of(token) if token.pos_ in {"VERB", "AUX"} else None
    if subject is None or not any(c.lower_ == "the" for c in subject.children):
        return ()
    noun = subject.lemma_.lower()
    if noun == "leader":
        wanted: tuple[str, ...] = _LEADING_POSTS
    elif noun in {"minister", "president", "premier", "chancellor", "secretary", "ambassador"}:
        # "the Chilean foreign minister": the post is the words that name no one
        modifiers = [
            t.lower_
            for t in subject.children
            if t.i < subject.i and t.dep_ in {"compound", "amod"} and not t.ent_type_
        ]
        wanted = (" ".join([*modifiers, noun]),)
    else:
        return ()
    found = {
        person
        for title, person in posts
        if states.get(person) == state and any(f" {w} " in f" {title} " for w in wanted)
    }
    return (found.pop(),) if len(found) == 1 else ()


# Words of the posts that lead a body, and the nouns a report calls such a leader by.
_HEAD_WORDS = {"director", "president", "chair", "chairman", "chairwoman", "chairperson", "head",
               "chief", "secretary", "commissioner", "governor", "executive"}  # fmt: skip
_LEADER_NOUNS = {"head", "chief", "leader", "director"}


def _head_of_body(token: Token, body: str, heads: dict[str, set[str]]) -> tuple[str, ...]:
    """ "The head of the World Food Programme appealed …": the one person the report gives
    a leading post in that body, before or after."""
    subject = subject_of(token) if token.pos_ in {"VERB", "AUX"} else None
    if subject is None or subject.lemma_.lower() not in _LEADER_NOUNS:
        return ()
    found = heads.get(body, set())
    return (next(iter(found)),) if len(found) == 1 else ()


def _holder_of(phrase: str, holders: dict[str, str]) -> tuple[str, ...]:
    """The one person the report gave a post with this title ("deputy prime minister")."""
    found = {
        person
        for title, person in holders.items()
        if title == phrase or f" {phrase} " in f" {title.replace(',', ' ')} "
    }
    return (found.pop(),) if len(found) == 1 else ()


def _title_phrase(token: Token, reading: EntityReading) -> str:
    words = [
        t.lower_ for t in token.subtree
        if t.dep_ not in {"det", "punct"} and t.i <= token.i and not reading.keys_of(t)
    ]  # fmt: skip
    return " ".join(w for w in words if w not in {"h.e.", "he", "his", "her", "excellency"})


# Acts whose denial is a refusal ("does not recognise the court's jurisdiction").
_REFUSED_WHEN_NEGATED = {"accept", "recognise", "recognize", "endorse", "ratify"}


# What a request asks for, and the kinds of act it would redress ("demanded his release":
# of the arrest reported; "called for an investigation": of the attack).
_REDRESSES = {
    "release": {"COERCE"}, "investigation": {"ASSAULT", "COERCE"},
    "inquiry": {"ASSAULT", "COERCE"}, "probe": {"ASSAULT", "COERCE"},
    "compensation": {"ASSAULT", "COERCE"},
}  # fmt: skip


# The kinds of act each referring noun can stand for.
_ACT_TYPES = {
    "sanction": {"SANCTION"}, "measure": {"SANCTION", "COERCE", "MOBILIZE", "AID"},
    "accusation": {"ACCUSE"}, "allegation": {"ACCUSE"}, "charge": {"ACCUSE"},
    "claim": {"ACCUSE"}, "warning": {"THREATEN"}, "threat": {"THREATEN"},
    "proposal": {"AGREE"}, "offer": {"AGREE"}, "invitation": {"AGREE"},
    "pledge": {"AGREE", "AID"}, "commitment": {"AGREE", "AID"},
    "request": {"REQUEST"}, "demand": {"REQUEST"}, "call": {"REQUEST"}, "appeal": {"REQUEST"},
    "mediation": {"CONSULT"},
}  # fmt: skip


# The verb whose act a referring noun names.
_VERB_OF_ACT_NOUN = {
    "invitation": "invite", "proposal": "propose", "accusation": "accuse",
    "allegation": "allege", "warning": "warn", "threat": "threaten", "commitment": "commit",
}  # fmt: skip


def _trigger_word(event: Event) -> str:
    """The first word of the trigger lemma an event was found by ("call" of "call on")."""
    name = event.evidence.extractor.removeprefix("trigger:")
    return name.split()[0] if name else name


def _referred_act(item: _Found, events: list[Event], actors: tuple[str, ...]) -> Event | None:
    """The earlier event that "the sanctions", "the accusation", "the shelling" in the
    trigger's object stands for: the latest one reported with the same word, else the first
    of a fitting kind by other actors (the act the report leads with); for a
    noun that fits any kind ("the decision", "the move"), the report's first substantive act,
    which such nouns mostly take up."""
    objects = [c for c in item.token.children if c.dep_ in {"dobj", "nsubjpass"}]
    objects += preposition_objects(item.token, "to", "on", "of", "for")
    # "thanked China for hosting the talks": the object of what it is thanked for
    gerund_objects = [
        o
        for prep in item.token.children
        if prep.dep_ == "prep" and prep.lower_ == "for"
        for verb in prep.children
        if verb.dep_ in {"pcomp", "pobj"} and verb.tag_ == "VBG"
        for o in verb.children
        if o.dep_ == "dobj"
    ]
    objects += gerund_objects
    if item.trigger.event_type == "REQUEST":
        # "demanded consular access and their release": what is asked for redresses an act;
        # so does the act asked for ("called on the council to release the ministers")
        asked = [
            t
            for t in item.token.subtree
            if t.pos_ == "VERB" and t.dep_ in {"xcomp", "ccomp"} and t.head.i != t.i
        ]
        for obj in (c for o in [*objects, *asked] for c in conjuncts(o)):
            redressed = [
                e for e in events if e.event_type in _REDRESSES.get(obj.lemma_.lower(), ())
            ]
            if redressed:
                return redressed[-1]
    if item.trigger.event_type == "ACCUSE" and any(o.lower_ in {"it", "this"} for o in objects):
        # "called it an unacceptable violation": the hostile act the report leads with
        hostile = [
            e for e in events if e.event_type in _HOSTILE_ACTS and not set(e.actors) & set(actors)
        ]
        if hostile:
            return hostile[0]
    lexicon = load_lexicon()
    referring = {"the", "this", "these", "that", "those", "such", "its", "their", "both"}
    for obj in objects:
        determiners = {c.lower_ for c in obj.children if c.dep_ in {"det", "poss"}}
        # "rejected the opposition's call": an owner named by a noun makes it definite
        lemma = obj.lemma_.lower()
        act = lexicon.triggers.get((lemma, "NOUN"))  # "condemned the shelling"
        # (only for a noun of one kind: "the government's initiative" may be a new one)
        owned = (lemma in _ACT_TYPES or act is not None) and any(
            c.dep_ == "poss" and c.pos_ in {"NOUN", "PROPN"} for c in obj.children
        )
        if (lemma not in _ANAPHORIC_ACTS and act is None) or not (determiners & referring or owned):
            continue
        kinds = _ACT_TYPES.get(lemma) or ({act.event_type} if act else None)
        others = [e for e in events if e.actors and not set(e.actors) & set(actors)]
        if kinds == {"CONSULT"} and obj in gerund_objects:
            # "thanked China for hosting the talks": a meeting the speaker's side took part in
            others = [e for e in events if e.actors]
        if kinds is None:
            substantive = [e for e in others if e.event_type not in {"SUPPORT", "CONSULT"}]
            return substantive[0] if substantive else (others[-1] if others else None)
        fitting = [e for e in others if e.event_type in kinds]
        words = {lemma, _VERB_OF_ACT_NOUN.get(lemma, lemma)}  # "the invitation" ← "invited"
        same_word = [e for e in fitting if _trigger_word(e) in words]
        if same_word or fitting:
            return same_word[-1] if same_word else fitting[0]
    return None


# Words that make a definite act a new one ("the second grant", "the new loan").
_NEW_ACT_WORDS = {
    "new", "second", "third", "another", "further", "additional", "next", "first", "latest",
}  # fmt: skip


def _restated_act(item: _Found, events: list[Event]) -> int | None:
    """ "The loan will finance …", "the ADB loan carries a 32-year term": the index of the
    act of the same kind, by the same giver when one is named, that a definite noun takes up
    again — what the sentence adds is about that act, not a new one."""
    token = item.token
    if token.pos_ != "NOUN" or not item.trigger.material:
        return None
    # "the loan agreement": the article belongs to the noun the act's name qualifies
    phrase = token.head if token.dep_ == "compound" else token
    determiners = {c.lower_ for c in phrase.children if c.dep_ == "det"}
    if not determiners & {"the", "this", "that", "these", "those"}:
        return None
    if any(c.lower_ in _NEW_ACT_WORDS for c in token.children):
        return None
    same_kind = [i for i, e in enumerate(events) if e.event_type == item.trigger.event_type]
    by_giver = [i for i in same_kind if not item.actors or set(item.actors) & set(events[i].actors)]
    if by_giver:
        return by_giver[-1]
    # "may ask the bank to convert part of the loan": the clause's subject, who reads as
    # the giver, is not; a noun that names no giver of its own is the one reported
    names_giver = any(c.dep_ == "poss" for c in token.children) or preposition_objects(
        token, "by", "from"
    )
    return same_kind[-1] if same_kind and not names_giver and token.dep_ == "pobj" else None


def _act_named_by_instrument(item: _Found, events: list[Event]) -> Event | None:
    """ "signed the loan agreement": the transfer already reported that the instrument in
    the object is named after (the latest reported with that word, else of that kind)."""
    lexicon = load_lexicon()
    objects = [c for c in item.token.children if c.dep_ in {"dobj", "nsubjpass"}]
    for obj in objects:
        if not {c.lower_ for c in obj.children if c.dep_ == "det"} & {"the", "this", "that"}:
            continue
        for modifier in (c for c in obj.children if c.dep_ == "compound"):
            act = lexicon.triggers.get((modifier.lemma_.lower(), "NOUN"))
            if act is None or not act.material:
                continue
            same_kind = [e for e in events if e.event_type == act.event_type]
            same_word = [e for e in same_kind if e.evidence.extractor == f"trigger:{act.lemma}"]
            if same_word or same_kind:
                return (same_word or same_kind)[-1]
    return None


_PLEDGES = {"pledge", "promise", "commit", "commitment", "offer"}


def _usual_recipient(
    actors: tuple[str, ...], events: list[Event], reading: EntityReading
) -> tuple[str, ...]:
    """The state, other than these actors', that received most of the aid reported so far."""
    received = Counter(
        t
        for e in events
        if e.event_type == "AID"
        for t in e.targets
        if reading.is_a(t, COUNTRY) and t not in actors
    )
    return (received.most_common(1)[0][0],) if received else ()


def _is_project(key: str, reading: EntityReading) -> bool:
    builder = reading.entities.get(key)
    return (
        builder is not None
        and reading.is_a(key, FRAMEWORK)
        and builder.label.lower().split()[0] in PROJECT_WORDS
    )


def _transfer_signed_for(event: Event, events: list[Event], reading: EntityReading) -> int | None:
    """The transfer an instrument signed for a named project funds: the latest aid between
    the signing states that names no framework of its own."""
    if event.evidence.extractor != "trigger:sign":
        return None
    if not any(_is_project(a, reading) for a in event.about):
        return None
    states = {a for a in event.actors if reading.is_a(a, COUNTRY)}
    for index in range(len(events) - 1, -1, -1):
        prior = events[index]
        parties = set(prior.actors) | set(prior.targets)
        if prior.event_type == "AID" and len(states & parties) >= 2:
            if any(reading.is_a(a, FRAMEWORK) for a in prior.about if not a.startswith("event:")):
                return None
            return index
    return None


# What a state denies when it denies its part in an act ("denied any responsibility").
_PART_NOUNS = {"responsibility", "involvement", "role", "part", "link", "links"}
_HOSTILE_ACTS = {"ASSAULT", "COERCE", "MOBILIZE", "SANCTION", "THREATEN"}


def _protested_against(token: Token, reading: EntityReading) -> tuple[str, ...]:
    """ "staged a protest …, chanting slogans against Myanmar": whoever a protest's clause
    says it is against, however deep the parser hangs the "against"."""
    clause = token.head if token.pos_ == "NOUN" and token.dep_ == "dobj" else token
    return unique(
        k
        for t in clause.subtree
        if t.dep_ == "prep" and t.lower_ == "against"
        for o in t.children
        if o.dep_ == "pobj"
        for k in _agents(phrase_keys(o, reading), reading)
    )


# Nouns that stand for the act just reported ("fired on the boat, an incident the ministry
# condemned").
_INCIDENT_NOUNS = {
    "incident", "attack", "act", "action", "move", "step", "decision", "measure", "raid",
    "strike", "operation", "violation", "provocation",
}  # fmt: skip


# Acts that answer another's hostile act whatever their object says: a protest, a charge, a
# warning, a counter-measure. (What a demand or a rejection answers, its object says.)
_REACTIONS = {"ACCUSE", "PROTEST", "THREATEN", "SANCTION"}


def _act_answered(
    actors: tuple[str, ...], targets: tuple[str, ...], events: list[Event]
) -> Event | None:
    """What a protest, a charge or a counter-measure answers: the first hostile act
    reported that those it is aimed at did to those who react, the incident the report
    leads with rather than its sequels."""
    for event in events:
        if (
            event.event_type in _HOSTILE_ACTS
            and set(event.actors) & set(targets)
            and set(event.targets) & set(actors)
        ):
            return event
    return None


def _act_denied(item: _Found, events: list[Event], actors: tuple[str, ...]) -> Event | None:
    """The latest hostile act by these actors that a denial of "any responsibility" or
    "involvement" answers."""
    if item.trigger.event_type != "REJECT":
        return None
    objects = [c for c in item.token.children if c.dep_ in {"dobj", "nsubjpass"}]
    if not any(o.lemma_.lower() in _PART_NOUNS for o in objects):
        return None
    laid = [e for e in events if e.event_type in _HOSTILE_ACTS and set(e.actors) & set(actors)]
    # The act with someone on the receiving end, not its aftermath ("…, killing four")
    aimed = [e for e in laid if e.targets]
    return (aimed or laid)[-1] if laid else None


def _givers_of_what_is_thanked_for(found: list[_Found]) -> None:
    """ "expressed our gratitude to Japan for this grant": a transfer whose giver the text
    leaves to the thanks — the parser hangs it on the verb, so the subject came out as its
    giver — was given by the one thanked, to the one thanking."""
    thanks = [f for f in found if f.trigger.event_type == "SUPPORT" and f.actors and f.targets]
    for item in found:
        thanked_for = item.token.dep_ == "pobj" and item.token.head.lower_ == "for"
        if not item.trigger.material or not item.actors or item.targets or not thanked_for:
            continue
        for support in thanks:
            if set(item.actors) <= set(support.actors) and support.targets:
                item.actors, item.targets = support.targets, support.actors
                break


def _act_thanked_for(targets: tuple[str, ...], events: list[Event]) -> Event | None:
    """ "thanked Japan for its assistance": Japan's latest act is what the thanks are for."""
    for event in reversed(events):
        if set(event.actors) & set(targets) and event.event_type in {
            "AID",
            "COOPERATE",
            "AGREE",
            "SUPPORT",
            "CONSULT",
        }:
            return event
    return None


_INSTRUMENT_WORDS = {
    "agreement", "memorandum", "understanding", "treaty", "convention", "accord", "pact",
    "protocol", "charter", "declaration", "system", "project", "programme", "program", "fund",
    "scholarship", "facility",
}  # fmt: skip


def _is_instrument(key: str, reading: EntityReading) -> bool:
    """An agreement, programme or fund rather than a grouping one can belong to."""
    builder = reading.entities.get(key)
    if builder is None:
        return False
    if {"Agreement", "Programme", "Policy"} & set(builder.types):
        return True
    return bool(set(builder.label.lower().split()) & _INSTRUMENT_WORDS)


def _separate_acts(prior: Event, event: Event, token: Token) -> bool:
    """ "moved troops to the border and placed its navy on alert": two verbs joined in one
    sentence report two acts, unless they are talk ("met Peru and discussed trade")."""
    if event.event_type == "CONSULT" or token.pos_ != "VERB":
        return False
    if token.dep_ == "conj":
        joined = (token.head, *token.head.conjuncts)
        return any(t.i != token.i and t.pos_ == "VERB" and t.text == prior.trigger for t in joined)
    # "valued X's adherence and would continue to support …": a verb in a clause joined to
    # the other act's, not its own complement
    other = next((t for t in token.sent if t.text == prior.trigger and t.pos_ == "VERB"), None)
    clause = next((a for a in token.ancestors if a.dep_ == "conj"), None)
    return other is not None and clause is not None and clause.head.i == other.i


def _refers_to_reported_meeting(item: _Found) -> bool:
    """Whether the trigger is, or takes as object, "the meeting"/"the talks": a meeting
    the report has already introduced; "also attended", with no object, attended it too."""
    if item.trigger.lemma == "attend" and not any(c.dep_ == "dobj" for c in item.token.children):
        return True
    candidates = [item.token] + [
        c for c in item.token.children if c.dep_ in {"dobj", "nsubjpass"}
    ]  # "co-chaired the meeting", "the meeting was co-chaired by …"
    for node in candidates:
        if node.lemma_.lower() in _DEFINITE_MEETING and node.pos_ == "NOUN":
            dets = [c.lower_ for c in node.children if c.dep_ == "det"]
            fresh = any(
                c.lower_ in {"next", "upcoming", "following", "new", "first", "second", "third"}
                or c.dep_ == "nummod"
                for c in node.children
            )  # "the next meeting" is another meeting
            if dets == ["the"] and not fresh:
                return True
    return False


def _replace(event: Event, **changes: object) -> Event:
    return dataclasses.replace(event, **changes)  # type: ignore[arg-type]
