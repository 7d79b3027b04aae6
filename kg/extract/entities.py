"""Entity mentions and in-document coreference.

Turns the pipeline's entity spans into canonical entities with stable keys, and maps every
token that stands for an entity — a name, a demonym, "the Australian side", "the
Kingdom", "both sides", a surname, "its" — to that entity's key, so that the fact and event
rules can ask "who is this token?".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Span, Token

from kg.extract.dateline import DASHES, opens_dateline
from kg.extract.gazetteer import CAPITAL_PREFIX, Gazetteer, GazetteerEntry
from kg.extract.pipeline import FRAMEWORK_HEADS, FRAMEWORK_LABEL, INSTITUTION_HEADS, ORGAN_HEADS
from kg.graph import slugify
from kg.model import (
    COUNTRY,
    EVENT,
    FRAMEWORK,
    GOVERNMENT_BODY,
    INTERNATIONAL_ORGANIZATION,
    ORGANIZATION,
    PERSON,
    PLACE,
    SUMMIT,
    Entity,
    with_superclasses,
)
from kg.model import Span as TextSpan

# Nouns that, after a demonym, stand for the state itself: "the Australian side".
STATE_NOUNS = frozenset(
    ["side", "government", "authorities", "administration", "delegation", "leadership", "state"]
)
# Phrases that stand for the document's two principal states.
PAIR_NOUNS = frozenset(
    ["sides", "countries", "nations", "governments", "states", "parties", "partners",
     "ministers", "leaders", "delegations", "presidents", "envoys", "speakers", "heads"]
)  # fmt: skip
_SIDE_NOUNS = frozenset(
    ["sides", "countries", "nations", "governments", "states", "parties", "partners", "delegations"]
)
GOVERNMENT_HEADS = frozenset(
    [
        "ministry",
        "department",
        "embassy",
        "consulate",
        "agency",
        "bureau",
        "directorate",
        "administration",
        "office",
        "parliament",
        "assembly",
        "court",
        "army",
        "navy",
        "police",
        "forces",
        "force",
        "senate",
        "cabinet",
    ]
)
LOCATIVE_PREPOSITIONS = frozenset(
    ["in", "at", "near", "from", "across", "around", "outside", "inside", "between", "via",
     "through", "into", "within", "throughout"]
)  # fmt: skip
# The key a token gets when it stands for "the two sides"; replaced once the pair is known.
PAIR = "@pair"


@dataclass
class _Builder:
    key: str
    types: tuple[str, ...]
    label: str
    aliases: set[str] = field(default_factory=set)
    mentions: list[TextSpan] = field(default_factory=list)
    iso_code: str | None = None
    wikidata: str | None = None


@cache
def _classes_of(types: tuple[str, ...]) -> frozenset[str]:
    # The rules ask is_a hundreds of times per document, of a few distinct type tuples.
    return frozenset(with_superclasses(types))


@dataclass
class EntityReading:
    """What the entity layer knows about one document."""

    doc: Doc
    entities: dict[str, _Builder] = field(default_factory=dict)
    token_keys: dict[int, tuple[str, ...]] = field(default_factory=dict)
    # A national body's state when the text names it next to the body ("Australian DFAT").
    qualifiers: dict[str, str] = field(default_factory=dict)
    acronyms: dict[str, str] = field(default_factory=dict)
    # The state whose capital heads the report ("KATHMANDU, Sept 14 –"), if any.
    dateline_country: str | None = None
    country_counts: Counter[str] = field(default_factory=Counter)

    def keys_of(self, token: Token) -> tuple[str, ...]:
        return self.token_keys.get(token.i, ())

    def types_of(self, key: str) -> tuple[str, ...]:
        builder = self.entities.get(key)
        return builder.types if builder else ()

    def is_a(self, key: str, *classes: str) -> bool:
        """Whether the entity is of one of ``classes``, subclasses included."""
        return not _classes_of(tuple(self.types_of(key))).isdisjoint(classes)

    def focal_pair(self) -> tuple[str, ...]:
        """The two states the document is mostly about (most mentioned; earlier wins ties)."""
        ranked = sorted(self.country_counts.items(), key=lambda kv: (-kv[1], self._first(kv[0])))
        return tuple(key for key, _ in ranked[:2])

    def focal_country(self) -> str | None:
        pair = self.focal_pair()
        return pair[0] if pair else None

    def _first(self, key: str) -> int:
        return min((m.start for m in self.entities[key].mentions), default=0)

    def frozen(self) -> tuple[Entity, ...]:
        return tuple(
            Entity(
                key=b.key,
                types=b.types,
                label=b.label,
                aliases=tuple(sorted(b.aliases - {b.label})),
                mentions=tuple(b.mentions),
                iso_code=b.iso_code,
                wikidata=b.wikidata,
            )
            for b in sorted(self.entities.values(), key=lambda b: b.key)
        )


def read_entities(doc: Doc, gazetteer: Gazetteer) -> EntityReading:
    reading = EntityReading(doc)
    _learn_acronyms(doc, reading, gazetteer)
    for ent in doc.ents:
        key = _entity_for(ent, reading, gazetteer)
        if key:
            _mention(reading, ent, key)
            if COUNTRY in reading.types_of(key):
                reading.country_counts[key] += 1
    _bare_acronyms(doc, reading)
    _state_phrases(doc, reading, gazetteer)
    _resolve_pair(doc, reading)
    _pronouns(doc, reading, gazetteer)
    return reading


def _mention(reading: EntityReading, span: Span, key: str) -> None:
    builder = reading.entities[key]
    builder.mentions.append(TextSpan(span.start_char, span.end_char, span.text))
    builder.aliases.add(span.text)
    for token in span:
        reading.token_keys[token.i] = (key,)


def _add(
    reading: EntityReading,
    key: str,
    types: tuple[str, ...],
    label: str,
    iso_code: str | None = None,
    wikidata: str | None = None,
) -> str:
    builder = reading.entities.get(key)
    if builder is None:
        reading.entities[key] = _Builder(key, types, label, iso_code=iso_code, wikidata=wikidata)
    elif len(label) > len(builder.label) and PERSON in types:
        builder.aliases.add(builder.label)
        builder.label = label
    return key


def add_known_entity(reading: EntityReading, entry: GazetteerEntry) -> str:
    """Make sure a gazetteer entity named only inside another name is in the reading."""
    return _add(reading, entry.key, entry.types, entry.label, entry.iso2, entry.wikidata)


def _learn_acronyms(doc: Doc, reading: EntityReading, gazetteer: Gazetteer) -> None:
    """ "the Asia-Europe Meeting (ASEM)": the bracketed acronym names the entity before it."""
    for ent in doc.ents:
        end = ent.end
        if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
            acronym = doc[end + 1].text
            if acronym.isupper() and len(acronym) >= 2:
                reading.acronyms[acronym] = ent.text


def _bare_acronyms(doc: Doc, reading: EntityReading) -> None:
    """ "accused the FARDC of shelling": an acronym the report defined names its entity
    wherever it recurs, also where the model tagged nothing."""
    keys = {
        acronym: builder.key
        for acronym, long_form in reading.acronyms.items()
        for builder in reading.entities.values()
        if acronym in builder.aliases or long_form in builder.aliases or long_form == builder.label
    }
    for token in doc:
        key = keys.get(token.text)
        if key is None or token.i in reading.token_keys or token.ent_type_:
            continue
        if any(c.dep_ in {"amod", "compound", "nummod"} for c in token.children):
            continue  # "the 26th ASEAN-EU SOM": part of another name, another meeting
        _mention(reading, doc[token.i : token.i + 1], key)


def _entity_for(ent: Span, reading: EntityReading, gazetteer: Gazetteer) -> str | None:
    text = ent.text
    if text in reading.acronyms and not ent.id_:
        long_form = reading.acronyms[text]
        known = gazetteer.lookup(long_form)
        if known:
            return _add(reading, known.key, known.types, known.label, known.iso2, known.wikidata)
        for builder in reading.entities.values():
            if long_form == builder.label or long_form in builder.aliases:
                return builder.key  # the acronym names the entity its long form introduced
        text = long_form
    if not ent.id_ and text in gazetteer.shared_forms:
        named = {t.ent_id_ for t in ent.doc} & set(gazetteer.shared_forms[text])
        if len(named) != 1:
            return None  # "Congolese" in a report that names neither Congo, or both
        state = gazetteer.entries[named.pop()]
        return _add(reading, state.key, state.types, state.label, state.iso2, state.wikidata)
    if ent.id_ and not ent.id_.startswith(CAPITAL_PREFIX):
        entry = gazetteer.entries.get(ent.id_)
        if entry:
            return _add(reading, entry.key, entry.types, entry.label, entry.iso2, entry.wikidata)
    label = ent.label_
    if text.split()[-1] in HOME_STATE_NAMES and set(text.lower().split()[:-1]) <= GOVERNMENT_STYLES:
        return None  # "the Royal Government" is the home state's: see HOME_STATE_NOUNS
    if text in {"Kingdom", "Republic", "Union", "Federation"}:
        return None  # "the Kingdom" stands for a state named elsewhere: see _state_phrases
    surface = text.title() if text.isupper() and len(text) > 4 else text
    if ent.id_.startswith(CAPITAL_PREFIX):
        surface = ent.id_.removeprefix(CAPITAL_PREFIX)  # as the gazetteer spells it
    if opens_dateline(ent.doc, ent.start, ent.end):
        # A dateline ("KATHMANDU, Sept 14 –") names the place the report comes from.
        reading.dateline_country = gazetteer.by_capital.get(surface)
        return _add(reading, f"place/{slugify(surface)}", (PLACE,), surface)
    capital_of = gazetteer.by_capital.get(surface)
    if capital_of and (not ent.id_ or ent.id_.startswith(CAPITAL_PREFIX)):
        # A capital is its government ("Moscow warned", "urged Kigali"), except where it
        # names where something happens ("talks in Doha", "arrived in Hanoi").
        anchor = ent.root
        while anchor.dep_ == "conj" and anchor.head is not anchor:
            anchor = anchor.head  # "between Phnom Penh and New Delhi"
        locative = anchor.dep_ == "pobj" and anchor.head.lower_ in LOCATIVE_PREPOSITIONS
        if not locative and anchor.dep_ not in {"compound", "npadvmod"}:
            entry = gazetteer.entries[capital_of]
            return _add(reading, entry.key, entry.types, entry.label, entry.iso2, entry.wikidata)
        return _add(reading, f"place/{slugify(surface)}", (PLACE,), surface)
    if (
        ent[-1].lower_ in FRAMEWORK_HEADS
        and label in {"GPE", "LOC", "PERSON", "ORG"}
        and len(ent) > 1
        and ent[0].lower_ not in INSTITUTION_HEADS
    ):
        return _add(reading, f"framework/{slugify(text)}", (FRAMEWORK,), text)  # "Act East Policy"
    if label == "PERSON":
        return _person(ent, reading)
    if label == "GPE" or label == "LOC":
        return _add(reading, f"place/{slugify(text)}", (PLACE,), text)
    if label == "EVENT":
        types = (SUMMIT,) if "summit" in text.lower() else (EVENT,)
        return _add(reading, f"named-event/{slugify(text)}", types, text)
    if label == FRAMEWORK_LABEL:
        return _add(reading, f"framework/{slugify(text)}", (FRAMEWORK,), text)
    if label == "ORG" and len(ent) == 1 and ent[0].lower_ in BODY_REFERENCES:
        # "Secretary of State of the Ministry": the ministry named before, if any
        referent = last_named(reading, ent[0], BODY_REFERENCES[ent[0].lower_])
        if referent:
            return referent
    if label == "ORG":
        return _organization(ent, text, reading, gazetteer)
    return None


def _person(ent: Span, reading: EntityReading) -> str:
    text = ent.text
    for builder in reading.entities.values():
        if PERSON not in builder.types:
            continue
        if (len(ent) == 1 and text in builder.label.split()) or builder.label.endswith(" " + text):
            return builder.key
    return _add(reading, f"person/{slugify(text)}", (PERSON,), text)


def _organization(ent: Span, text: str, reading: EntityReading, gazetteer: Gazetteer) -> str:
    doc = ent.doc
    head = ent.root.lower_
    last = ent[-1].lower_
    country: str | None = None
    # "Australian Department of …": a demonym or country right before the name qualifies it.
    if ent.start > 0 and doc[ent.start - 1].ent_id_.startswith("country/"):
        country = doc[ent.start - 1].ent_id_
    elif ent.start > 1 and doc[ent.start - 1].lower_ in {"'s", "’s"}:
        country = doc[ent.start - 2].ent_id_ or None
    is_institution = ent[0].lower_ in INSTITUTION_HEADS or head in INSTITUTION_HEADS
    if (last in FRAMEWORK_HEADS or head in FRAMEWORK_HEADS) and not is_institution:
        return _add(reading, f"framework/{slugify(text)}", (FRAMEWORK,), text)
    words = {t.lower_ for t in ent}
    is_government = bool(words & GOVERNMENT_HEADS) or head in GOVERNMENT_HEADS
    types = (GOVERNMENT_BODY,) if is_government else (ORGANIZATION,)
    named_country = any(t.ent_id_.startswith("country/") for t in ent)
    prefix = ""
    if country and is_government and not named_country:
        prefix = f"{country.removeprefix('country/')}-"
    key = _add(reading, f"organization/{prefix}{slugify(text)}", types, text)
    if (
        country
        and country.startswith("organization/")
        and last in ORGAN_HEADS
        and INTERNATIONAL_ORGANIZATION in reading.types_of(country)
    ):  # "the African Union's Peace and Security Council"
        reading.qualifiers[key] = country
    if country and country.startswith("country/"):
        reading.qualifiers[key] = country
        qualified = doc[ent.start - 1 : ent.end]
        if doc[ent.start - 1].ent_type_ == "NORP":
            reading.entities[key].aliases.add(qualified.text)
    return key


def _state_phrases(doc: Doc, reading: EntityReading, gazetteer: Gazetteer) -> None:
    """Tokens that stand for a state without naming it."""
    kingdoms = [k for k in reading.country_counts if gazetteer.entries[k].is_kingdom]
    for token in doc:
        if token.i in reading.token_keys:
            continue
        lower = token.lower_
        # "the Australian side", "the Cambodian government"
        if lower in STATE_NOUNS and _qualifying_state(token, reading):
            for child in token.children:
                keys = reading.keys_of(child)
                if (
                    child.dep_ in {"amod", "compound", "poss"}
                    and keys
                    and reading.is_a(keys[0], COUNTRY)
                ):
                    reading.token_keys[token.i] = keys
                    phrase = doc[min(child.i, token.i) : token.i + 1]
                    article = (
                        "the " if phrase.start > 0 and doc[phrase.start - 1].lower_ == "the" else ""
                    )
                    reading.entities[keys[0]].aliases.add(article + phrase.text)
                    reading.country_counts[keys[0]] += 1
        # "the junta": the military council the report named, if it named one
        elif (
            lower in RULING_BODY_REFERENCES
            and _is_bare(token)
            and (referent := last_named(reading, token, RULING_BODY_REFERENCES[lower]))
        ):
            reading.token_keys[token.i] = (referent,)
        # "the government", "the authorities", "the junta": the state the report is about
        elif (
            (lower in HOME_STATE_NOUNS and _is_bare(token))
            # "detained by police": the police need no article to be the state's own
            or (lower == "police" and not _qualified(token))
        ) and _home_state(reading, gazetteer):
            reading.token_keys[token.i] = (_home_state(reading, gazetteer),)  # type: ignore[assignment]
        # "both sides", "the two countries"
        elif lower in PAIR_NOUNS and any(c.lower_ in {"both", "two"} for c in token.children):
            reading.token_keys[token.i] = (PAIR,)
        # "the ministry", "the bank": the body of that kind named last; "the bloc": the
        # grouping named last
        elif lower in BODY_REFERENCES and (
            any(c.lower_ in {"the", "this"} for c in token.children if c.dep_ == "det")
            # "all 18 Forum members": capitalised mid-sentence, the head word is a name
            or (token.is_title and not token.is_sent_start and token.dep_ == "compound")
        ):
            referent = last_named(reading, token, BODY_REFERENCES[lower])
            if referent:
                reading.token_keys[token.i] = (referent,)
        # "the project", "the agreement": the framework of that kind named last
        elif lower in FRAMEWORK_REFERENCES and any(
            c.lower_ in {"the", "this"} for c in token.children if c.dep_ == "det"
        ):
            referent = last_named(reading, token, ((FRAMEWORK,), FRAMEWORK_REFERENCES[lower]))
            if referent:
                reading.token_keys[token.i] = (referent,)
        # "a proposed free trade agreement": the one framework whose name holds those words
        elif lower in FRAMEWORK_REFERENCES and token.pos_ == "NOUN":
            referent = _framework_described(token, reading)
            if referent:
                reading.token_keys[token.i] = (referent,)
        # "the Kingdom": the one kingdom the document names
        elif (
            token.lower_ == "kingdom"
            and len(kingdoms) == 1
            and (token.text == "Kingdom" or _is_bare(token))
        ):
            # "the kingdom also appreciated …" as much as "the Kingdom"
            reading.token_keys[token.i] = (kingdoms[0],)
            reading.entities[kingdoms[0]].aliases.add(
                ("the " if token.i > 0 and doc[token.i - 1].lower_ == "the" else "") + token.text
            )
            reading.country_counts[kingdoms[0]] += 1


# Nouns that refer back to a named framework, with the words its name may end in.
FRAMEWORK_REFERENCES = {
    "project": {"project", "programme", "program", "initiative"},
    # (a lender's programme is often named a facility or an arrangement)
    "programme": {"programme", "program", "project", "initiative", "facility", "arrangement"},
    "program": {"programme", "program", "project", "initiative", "facility", "arrangement"},
    "regulation": {"regulation", "directive", "act", "law"},
    "rules": {"regulation", "directive", "rules"},
    "initiative": {"initiative", "programme", "project"},
    "agreement": {"agreement", "accord", "treaty", "pact", "memorandum", "understanding"},
    "deal": {"agreement", "accord", "treaty", "pact"},
    "memorandum": {"memorandum", "understanding", "agreement"},
    "treaty": {"treaty", "agreement", "convention"},
    "accord": {"accord", "agreement"},
    "partnership": {"partnership"},
    "fund": {"fund"},
    "convention": {"convention"},
}


# Nouns that refer back to a named body: the classes it may have and words its name may hold.
BODY_REFERENCES: dict[str, tuple[tuple[str, ...], set[str]]] = {
    "ministry": ((GOVERNMENT_BODY,), {"ministry"}),
    "department": ((GOVERNMENT_BODY, ORGANIZATION), {"department"}),
    "embassy": ((GOVERNMENT_BODY, ORGANIZATION), {"embassy"}),
    "bank": ((ORGANIZATION,), {"bank"}),
    "agency": ((ORGANIZATION,), {"agency"}),
    "commission": ((ORGANIZATION,), {"commission"}),
    "institute": ((ORGANIZATION,), {"institute"}),
    "academy": ((ORGANIZATION,), {"academy"}),
    "centre": ((ORGANIZATION,), {"centre", "center"}),
    "bloc": ((FRAMEWORK, INTERNATIONAL_ORGANIZATION), set()),
    "alliance": ((FRAMEWORK, INTERNATIONAL_ORGANIZATION), set()),
    "forum": ((FRAMEWORK, INTERNATIONAL_ORGANIZATION), {"forum"}),
    "union": ((FRAMEWORK, INTERNATIONAL_ORGANIZATION), {"union"}),
    "community": ((FRAMEWORK, INTERNATIONAL_ORGANIZATION), {"community"}),
    "group": ((FRAMEWORK, INTERNATIONAL_ORGANIZATION), {"group"}),
    "fund": ((ORGANIZATION, FRAMEWORK), {"fund"}),
    "council": ((ORGANIZATION,), {"council"}),
}


def last_named(
    reading: EntityReading, token: Token, kind: tuple[tuple[str, ...], set[str]]
) -> str | None:
    """The entity of the given classes (and, if words are given, with one of them in its
    name) named last before ``token``."""
    classes, words = kind
    # A name the word heads ("International Monetary Fund") before one it is only part of
    # ("Extended Fund Facility"): the referring noun is the name's head.
    best: dict[bool, tuple[int, str]] = {}
    for builder in reading.entities.values():
        if not reading.is_a(builder.key, *classes) or reading.is_a(builder.key, COUNTRY):
            continue
        names = [name.lower().split() for name in (builder.label, *builder.aliases)]
        if words and not any(w in name for name in names for w in words):
            continue
        headed = not words or any(name and name[-1] in words for name in names)
        before = [m.start for m in builder.mentions if m.start < token.idx]
        if before and (headed not in best or max(before) > best[headed][0]):
            best[headed] = (max(before), builder.key)
    found = best.get(True) or best.get(False)
    return found[1] if found else None


# Nouns for a state's government that a report leaves unqualified when it means its own.
HOME_STATE_NOUNS = frozenset(["government", "authorities", "junta", "regime", "administration"])
# Nouns for a ruling body that may have a name of its own ("the Military Council for National
# Restoration" … "the junta"), with the words that name may hold.
RULING_BODY_REFERENCES: dict[str, tuple[tuple[str, ...], set[str]]] = {
    "junta": ((ORGANIZATION,), {"council", "committee", "junta"}),
}


# Styles a government gives itself without naming its state: "the Royal Government".
GOVERNMENT_STYLES = frozenset(["royal", "federal", "national", "central", "imperial", "union"])
HOME_STATE_NAMES = frozenset(["Government", "Administration"])


def _is_bare(token: Token) -> bool:
    """ "the government", "the Royal Government", with nothing naming whose it is."""
    children = [c for c in token.children if c.dep_ != "punct"]
    return any(c.dep_ == "det" and c.lower_ == "the" for c in children) and all(
        (c.dep_ == "det" and c.lower_ == "the")
        or (c.dep_ in {"amod", "compound"} and c.lower_ in GOVERNMENT_STYLES)
        for c in children
    )


def _qualified(token: Token) -> bool:
    """Whether words before the noun say whose or which it is ("UN police", "its police")."""
    return any(
        c.dep_ in {"amod", "compound", "poss", "nmod", "det"} and c.lower_ != "the"
        for c in token.children
    )


def _qualifying_state(token: Token, reading: EntityReading) -> bool:
    return any(
        c.dep_ in {"amod", "compound", "poss"}
        and reading.keys_of(c)
        and reading.is_a(reading.keys_of(c)[0], COUNTRY)
        for c in token.children
    )


def _framework_described(token: Token, reading: EntityReading) -> str | None:
    """The one framework of the document whose name holds every word of a lower-case
    description of at least two words ("free trade agreement" → "Deep and Comprehensive Free
    Trade Agreement")."""
    words = {c.lower_ for c in token.children if c.dep_ == "compound" and c.is_lower}
    if not words:
        return None
    words.add(token.lower_)
    found = [
        b.key
        for b in reading.entities.values()
        if reading.is_a(b.key, FRAMEWORK)
        and any(words <= set(name.lower().split()) for name in (b.label, *b.aliases))
    ]
    return found[0] if len(found) == 1 else None


def _titled_subject_before(token: Token, reading: EntityReading, gazetteer: Gazetteer) -> bool:
    """ "The Deputy Prime Minister expressed his gratitude": "his" is the subject's, a
    post holder the report names by title alone, whoever was named last."""
    verb = token.head
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.i > token.i or subject.pos_ == "PRON":
        return False
    return not any(reading.keys_of(t) for t in subject.subtree) and any(
        t.lower_ in gazetteer.titles.heads for t in subject.subtree
    )


def _subject_people(token: Token, reading: EntityReading) -> set[str]:
    """The people who are the subject of the clause a pronoun object sits in."""
    verb = token.head if token.dep_ != "pobj" else token.head.head
    while verb.dep_ == "conj" and not any(c.dep_ == "nsubj" for c in verb.children):
        verb = verb.head  # "X met Y and invited him": the subject of "met"
    return {
        key
        for child in verb.children
        if child.dep_ in {"nsubj", "nsubjpass"}
        for t in child.subtree
        for key in reading.keys_of(t)
        if reading.is_a(key, PERSON)
    }


def _home_state(reading: EntityReading, gazetteer: Gazetteer) -> str | None:
    if reading.dateline_country:
        # A report filed from a capital speaks of that capital's state, named or not.
        return add_known_entity(reading, gazetteer.entries[reading.dateline_country])
    return reading.focal_country()


def _resolve_pair(doc: Doc, reading: EntityReading) -> None:
    """ "both sides", "the two countries": the two states or bodies just named together
    ("officials of ASEAN and the EU … as the two sides reviewed …"), else the two the
    document is about."""
    pair = reading.focal_pair()
    for token in doc:
        if reading.keys_of(token) == (PAIR,):
            # ("the two ministers" are people, whose pair the states named do not give)
            group = _last_acting_pair(doc, reading, token) if token.lower_ in _SIDE_NOUNS else ()
            if not group and _described_pair(token):
                group = _pair_named_before(doc, reading, token)
            if group:
                reading.token_keys[token.i] = group
            elif len(pair) == 2:
                reading.token_keys[token.i] = pair
            else:
                del reading.token_keys[token.i]


def _described_pair(pair: Token) -> bool:
    """ "the two European countries", "the two neighbouring states": words that tell this
    pair apart from the two states the report is about."""
    return any(
        c.dep_ == "amod" and c.lower_ not in {"two", "both"} and c.pos_ in {"ADJ", "PROPN"}
        for c in pair.children
    )


def _named_together(conj: Token, reading: EntityReading, after: int = -1) -> tuple[str, ...]:
    """Who the coordination ``conj`` is part of names ("Norway and Germany"), in order,
    leaving out words at or before token ``after``."""
    members = [t for t in (conj.head, *conj.head.conjuncts) if t.i > after]
    return tuple(dict.fromkeys(k for t in members for k in reading.keys_of(t)))


def _pair_named_before(doc: Doc, reading: EntityReading, pair: Token) -> tuple[str, ...]:
    """The last two states named together earlier in the sentence, in any role ("signed a
    swap with Norway and Germany under which the two European countries will cancel …")."""
    for i in range(pair.i - 1, pair.sent.start - 1, -1):
        token = doc[i]
        if token.dep_ != "conj" or not reading.keys_of(token):
            continue
        group = _named_together(token, reading)
        if len(group) == 2 and all(reading.is_a(k, COUNTRY) for k in group):
            return group
    return ()


def _last_acting_pair(doc: Doc, reading: EntityReading, pair: Token) -> tuple[str, ...]:
    """The last two states or bodies named together as a clause's subject before ``pair``
    ("Officials of ASEAN and the EU called …"), not as what a clause speaks of ("a deal
    between Mercosur and SACU"), nor as those who act on the pair ("the AU and IGAD urged
    both governments")."""
    acting_on_pair = set()
    verb: Token | None = next((a for a in pair.ancestors if a.pos_ in {"VERB", "AUX"}), None)
    while verb is not None:
        acting_on_pair.add(verb.i)
        verb = verb.head if verb.dep_ == "conj" else None
    for i in range(pair.i - 1, -1, -1):
        token = doc[i]
        if token.dep_ != "conj" or not reading.keys_of(token):
            continue
        # ("DOHA, Aug 8 – Djibouti and Eritrea declared": the parser joins the dateline in)
        dash = next((t.i for t in token.sent[:8] if t.text in DASHES), -1)
        group = _named_together(token, reading, after=dash)
        head = token.head
        if len(group) != 2 or not all(reading.is_a(k, COUNTRY, ORGANIZATION) for k in group):
            continue
        while head.dep_ in {"pobj", "prep", "conj", "appos", "compound", "poss"}:
            head = head.head
        if head.dep_ in {"nsubj", "nsubjpass"} and head.head.i not in acting_on_pair:
            return group
    return ()


def _pronouns(doc: Doc, reading: EntityReading, gazetteer: Gazetteer) -> None:
    """ "its" → the nearest state or body before it in the sentence; "they"/"their" → the
    last group named; "he"/"she" → the last person named, when only one person was named
    in this or the previous sentence."""
    sentences = list(doc.sents)
    for index, sent in enumerate(sentences):
        window_start = sentences[index - 1].start if index else sent.start
        for token in sent:
            lower = token.lower_
            reporting = lower == "it" and token.head.lemma_ in {"say", "add", "continue", "state"}
            reporter = _reporter(token, reading)
            if lower in {"its", "it"} and reporter and token.i not in reading.token_keys:
                reading.token_keys[token.i] = reporter  # "Brazil said it was reinforcing …"
            elif lower in {"its", "it"} and not reporting and token.i not in reading.token_keys:
                for prev in range(token.i - 1, sent.start - 1, -1):
                    keys = reading.keys_of(doc[prev])
                    if len(keys) > 1:
                        break  # "urged both governments to implement it": no pair is an "it"
                    if keys and reading.is_a(keys[0], COUNTRY, ORGANIZATION, GOVERNMENT_BODY):
                        reading.token_keys[token.i] = keys
                        break
            elif (
                lower in {"he", "she", "his", "her", "him"}
                and token.i not in reading.token_keys
                and not _titled_subject_before(token, reading, gazetteer)
            ):
                persons = {
                    reading.keys_of(doc[j])[0]
                    for j in range(window_start, token.i)
                    if reading.keys_of(doc[j]) and reading.is_a(reading.keys_of(doc[j])[0], PERSON)
                }
                if len(persons) > 1 and token.dep_ in {"dobj", "pobj", "dative"}:
                    # "X met Y and invited him": an object is not the clause's own subject
                    persons -= _subject_people(token, reading)
                if len(persons) == 1:
                    reading.token_keys[token.i] = (persons.pop(),)
            elif lower in {"they", "their", "them"} and token.i not in reading.token_keys:
                group = _last_group(doc, reading, window_start, token.i)
                if group:
                    reading.token_keys[token.i] = group


_REPORTING = {"say", "announce", "add", "state", "confirm", "warn", "insist", "claim", "deny"}


def _reporter(token: Token, reading: EntityReading) -> tuple[str, ...]:
    """For "it" as the subject of a reported clause, the one who reports it."""
    clause = token.head
    if token.dep_ not in {"nsubj", "nsubjpass"} or clause.dep_ != "ccomp":
        return ()
    verb = clause.head
    if verb.lemma_.lower() not in _REPORTING:
        return ()
    for child in verb.children:
        if child.dep_ == "nsubj":
            keys = reading.keys_of(child) or tuple(
                k for g in child.children if g.dep_ in {"poss", "compound", "amod"}
                for k in reading.keys_of(g)
            )  # fmt: skip
            if keys and reading.is_a(keys[0], COUNTRY, ORGANIZATION):
                return keys[:1]
    return ()


def _last_group(doc: Doc, reading: EntityReading, start: int, end: int) -> tuple[str, ...]:
    """The last group of states or bodies named before token ``end``: "both sides", or
    coordinated names ("Thailand and South Korea") — what "they" and "their" stand for."""
    for i in range(end - 1, start - 1, -1):
        keys = reading.keys_of(doc[i])
        if len(keys) > 1:
            return keys
        if keys and doc[i].dep_ == "conj" and reading.is_a(keys[0], COUNTRY, ORGANIZATION):
            group = _named_together(doc[i], reading)
            if len(group) > 1:
                return group
    return ()
