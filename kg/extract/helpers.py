"""Small questions about a parsed sentence that the fact, event and quotation rules share."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span, Token

from kg.extract.dateline import DASHES, opens_dateline
from kg.extract.entities import EntityReading
from kg.extract.money import is_currency_word
from kg.model import Evidence
from kg.model import Span as TextSpan


def unique(keys: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(keys))


def keys_in(tokens: Iterable[Token], reading: EntityReading) -> tuple[str, ...]:
    return unique(k for t in tokens for k in reading.keys_of(t))


def evidence(sent: Span, extractor: str) -> Evidence:
    """The sentence as evidence; spaCy keeps the paragraph break after it, the record not."""
    text = sent.text.rstrip()
    return Evidence(TextSpan(sent.start_char, sent.start_char + len(text), text), extractor)


def conjuncts(token: Token) -> list[Token]:
    """The token and every token coordinated with it ("Cambodia and Australia"), also where
    the parser reads a list's middle item as an apposition ("Oslo, Berlin and UNDP")."""
    found = [token, *token.conjuncts]
    for item in list(found):
        for child in item.children:
            if child.dep_ == "appos" and child.conjuncts and child.ent_type_ and token.ent_type_:
                found.extend(t for t in (child, *child.conjuncts) if t not in found)
    return found


def phrase_keys(token: Token, reading: EntityReading) -> tuple[str, ...]:
    """Who a noun phrase stands for: its own entity, or the entities named within it.

    Looks at the head and its conjuncts first, then at their modifiers ("Cambodian and
    Australian representatives", "the two sides"), without descending into clauses.
    """
    found: list[str] = []
    for head in conjuncts(token):
        own = reading.keys_of(head)
        if own:
            found.extend(own)
            continue
        if is_currency_word(head.text):
            continue  # "Japanese yen" names a currency, not Japan
        for child in head.children:
            if child.dep_ in {"amod", "compound", "poss", "nmod", "appos"}:
                found.extend(keys_in(conjuncts(child), reading))
                for grand in child.children:
                    if grand.dep_ == "conj":
                        found.extend(reading.keys_of(grand))
        if head.lemma_.lower() in REPRESENTATIVE_NOUNS:
            # "the defence ministers of the two countries", "envoys from Peru"
            for obj in preposition_objects(head, "of", "from"):
                found.extend(phrase_keys(obj, reading))
        if head.lemma_.lower() in WEAPON_NOUNS:
            # "shells fired from Rwandan territory": whoever fires from there
            for clause in head.children:
                if clause.dep_ == "acl":
                    for origin in preposition_objects(clause, "from"):
                        found.extend(phrase_keys(origin, reading))
        if head.lemma_.lower() in REPRESENTATIVE_NOUNS:
            # "soldiers led by Colonel X": whoever leads them
            for clause in head.children:
                if clause.dep_ == "acl" and clause.lemma_.lower() in LEADING_VERBS:
                    for agent in (c for c in clause.children if c.dep_ == "agent"):
                        for obj in (c for c in agent.children if c.dep_ == "pobj"):
                            found.extend(phrase_keys(obj, reading))
    return unique(found)


# People who act for a state or body named in their "of"/"from" phrase.
REPRESENTATIVE_NOUNS = frozenset(
    ["minister", "leader", "official", "representative", "delegation", "delegate", "envoy",
     "head", "president", "government", "authority", "diplomat", "ambassador", "officer",
     "agent", "force", "troop", "soldier", "police", "guard", "spokesperson", "spokesman",
     "unit", "boat", "vessel", "ship", "warship", "aircraft", "jet", "drone", "patrol",
     "battalion", "brigade", "contingent"]
)  # fmt: skip


LEADING_VERBS = frozenset(["lead", "command", "head"])
# Things fired or launched, which act for whoever fired them.
WEAPON_NOUNS = frozenset(
    ["shell", "rocket", "missile", "drone", "mortar", "artillery", "projectile", "bullet"]
)


def is_dateline(token: Token) -> bool:
    """Whether the token heads a dateline ("NEW DELHI, Oct 17 –"), which parsers often take
    for the subject of the first sentence."""
    # The line the token is on: a press release's heading may share its sentence.
    start = token.sent.start
    for t in token.doc[token.sent.start : token.i]:
        if "\n" in t.text_with_ws:
            start = t.i + 1
    words = [t for t in token.doc[start : token.i + 1] if not t.is_punct]
    if not words or token.i - start >= 4:
        return False
    return opens_dateline(token.doc, start, token.i + 1) and all(
        t.is_title or t.is_upper for t in words
    )


def subject_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ not in {"nsubj", "csubj"}:
            continue
        if not is_dateline(child):
            return _named_before_description(verb, child) or child
        # "Phnom Penh, 8 April – H.E. X, Minister …, received": the parser hangs the real
        # subject under the dateline; it is the first name after the dash.
        dash = next((t.i for t in child.subtree if t.text in DASHES), None)
        # "VIENTIANE, July 27 – Foreign ministers of …": a phrase set beside the dateline
        # is the subject whole; else the first name.
        after_dash = [t for t in child.subtree if dash is not None and t.i > dash]
        beside = [t for t in after_dash if t.dep_ == "appos" and t.head.i == child.i]
        names = [t for t in after_dash if t.pos_ == "PROPN" and t.ent_type_]
        hung = next(iter(beside + names), None)
        if hung is not None:
            return hung
    return None


def _named_before_description(verb: Token, subject: Token) -> Token | None:
    """ "Lithuania and Poland, both EU members bordering Belarus, had pressed …": the parser
    takes the description set off by commas for the subject, and hangs the names before it
    on the verb."""
    opens = subject.left_edge.i
    if subject.pos_ != "NOUN" or opens == 0 or subject.doc[opens - 1].text != ",":
        return None
    return next(
        (
            c
            for c in verb.children
            if c.dep_ in {"npadvmod", "advcl", "dep"}
            and c.pos_ == "PROPN"
            and c.i < opens
            and c.ent_type_ in {"GPE", "ORG", "PERSON"}
        ),
        None,
    )


def agent_of(verb: Token) -> Token | None:
    """The "by" phrase of a passive verb."""
    for child in verb.children:
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    return None


def passive_subject_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "nsubjpass":
            return child
    return None


def preposition_objects(token: Token, *preps: str) -> list[Token]:
    """Objects of the token's prepositions with these words ("support *for* Cambodia")."""
    objects: list[Token] = []
    for child in token.children:
        # "provided a grant to the Centre": the parser may label that "to" a dative
        dative = child.dep_ == "dative" and child.pos_ == "ADP"
        if (child.dep_ == "prep" or dative) and child.lower_ in preps:
            objects.extend(g for g in child.children if g.dep_ == "pobj")
    return objects


def direct_object(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in {"dobj", "dative", "attr"}:
            return child
    return None


def lemma_forms(token: Token) -> tuple[str, ...]:
    """The token's lemma, then other forms it may have, for when the small model's
    lemmatiser slips ("staged" → "stag", "co-chaired" → "co-chaire")."""
    lower = token.lower_
    forms = [token.lemma_.lower(), lower]
    for suffix in ("ed", "d", "ing", "es", "s"):
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            stem = lower[: -len(suffix)]
            forms += [stem, stem + "e"]
    return tuple(dict.fromkeys(forms))
