"""Binary facts: posts, parent bodies, memberships, chairmanships, hostings.

Each rule is a small function ``rule(doc, reading, gazetteer) -> list[Fact]`` named after
what it reads; ``FACT_RULES`` lists them, and ``ministers_of_named_ministries`` and
``unqualified_national_bodies`` run after them on what they found. Every fact carries its
sentence and rule name.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from kg.extract.dateline import DASHES
from kg.extract.entities import PAIR_NOUNS, EntityReading, add_known_entity, last_named
from kg.extract.gazetteer import Gazetteer, GazetteerEntry
from kg.extract.helpers import (
    conjuncts,
    evidence,
    keys_in,
    lemma_forms,
    passive_subject_of,
    phrase_keys,
    preposition_objects,
    subject_of,
)
from kg.extract.pipeline import FORCE_HEADS, INSTITUTION_HEADS, ORGAN_HEADS
from kg.extract.temporal import resolve_date
from kg.model import (
    COUNTRY,
    EVENT,
    FRAMEWORK,
    GOVERNMENT_BODY,
    INTERNATIONAL_ORGANIZATION,
    ORGANIZATION,
    PERSON,
    PLACE,
    Fact,
)

FactRule = Callable[[Doc, EntityReading, Gazetteer], list[Fact]]

_TITLE_GLUE = {"of", "and", "for", "the", "-", "&"}  # "Minister for the Pacific"
_POSSESSIVE = {"'s", "’s"}


def _mention_spans(doc: Doc, reading: EntityReading) -> list[tuple[Span, str]]:
    """Entity spans with their keys, in order (named entities only, not pronouns)."""
    return [(ent, reading.keys_of(ent[0])[0]) for ent in doc.ents if reading.keys_of(ent[0])]


def _is_portfolio_word(token: Token, reading: EntityReading) -> bool:
    """A capitalised word inside a title ("Minister of Planning and International
    Cooperation") that names no entity of its own."""
    return token.is_title and not reading.keys_of(token) and not token.is_sent_start


def _title_before(
    doc: Doc, end: int, gazetteer: Gazetteer, reading: EntityReading
) -> tuple[int, str] | None:
    """The post title ending just before token ``end`` ("secretary of state", "Minister of
    Planning and International Cooperation"), if any: it starts with a title word and
    holds at least one head."""
    start = end
    while start > 0:
        token = doc[start - 1]
        if reading.keys_of(token):
            break
        if (
            gazetteer.titles.is_title_word(token.text)
            or (token.lower_ in _TITLE_GLUE and start < end)
            or _is_portfolio_word(token, reading)
        ):
            start -= 1
            continue
        break
    # Glue words cannot open a title; portfolio words can ("External Affairs Minister").
    while start < end and doc[start].lower_ in _TITLE_GLUE:
        start += 1
    if not any(t.lower_ in gazetteer.titles.heads for t in doc[start:end]):
        return None
    return start, doc[start:end].text


def _title_after(
    doc: Doc, start: int, gazetteer: Gazetteer, reading: EntityReading
) -> tuple[int, str] | None:
    """The post title starting at token ``start``: title words, with portfolios after "of"
    or "for" ("Minister of Foreign Affairs and International Cooperation") and chained
    posts ("Deputy Prime Minister, Minister of …"); it stops before "of" + an entity."""
    end = start
    while end < len(doc):
        token = doc[end]
        after = doc[end + 1] if end + 1 < len(doc) else None
        if (
            gazetteer.titles.is_title_word(token.text)
            or (
                token.lower_ in {"and", "-", "of", "for"}
                and after is not None
                and end > start
                and (
                    gazetteer.titles.is_title_word(after.text) or _is_portfolio_word(after, reading)
                )
            )
            or (
                end > start
                and _is_portfolio_word(token, reading)
                and (doc[end - 1].lower_ in {"of", "for", "and"} or doc[end - 1].is_title)
                and any(t.lower_ in {"of", "for"} for t in doc[start:end])
            )
            or (
                token.text == ","
                and after is not None
                and end > start
                and after.lower_ in gazetteer.titles.heads
            )
        ):
            end += 1
        else:
            break
    if end == start or not any(t.lower_ in gazetteer.titles.heads for t in doc[start:end]):
        return None
    return end, doc[start:end].text


def _owner_key(doc: Doc, index: int, reading: EntityReading) -> str | None:
    """The state or body whose name ends at token ``index`` (after an optional 's)."""
    if index < 0:
        return None
    if doc[index].lower_ in _POSSESSIVE:
        index -= 1
    keys = reading.keys_of(doc[index]) if index >= 0 else ()
    if keys and reading.is_a(keys[0], COUNTRY, ORGANIZATION):
        return keys[0]
    return None


_CHAIR_WORDS = {"chair", "chairperson", "chairman", "chairwoman", "co-chair"}


def _post(key: str, owner: str, sent: Span, rule: str, title: str) -> list[Fact]:
    """A post; a chair's post also says that its holder chairs the body."""
    facts = [Fact(key, "affiliatedWith", owner, evidence(sent, rule), title=title)]
    if _CHAIR_WORDS & set(title.lower().split()):
        facts.append(Fact(key, "chairs", owner, evidence(sent, rule)))
    return facts


def posts_before_names(doc: Doc, reading: EntityReading, gazetteer: Gazetteer) -> list[Fact]:
    """ "DFAT Deputy Secretary Justin Hayhurst", "Japan's Foreign Minister Yoko Kamikawa",
    "Myanmar's ambassador, U Kyaw Thiha Aung"."""
    facts = []
    for ent, key in _mention_spans(doc, reading):
        if not reading.is_a(key, PERSON):
            continue
        end = ent.start - 1 if ent.start > 0 and doc[ent.start - 1].text == "," else ent.start
        title = _title_before(doc, end, gazetteer, reading)
        if title is None:
            continue
        title_start, title_text = title
        owner = _owner_key(doc, title_start - 1, reading)
        if owner:
            facts.extend(_post(key, owner, ent.sent, "post_before_name", title_text))
    return facts


def posts_in_apposition(doc: Doc, reading: EntityReading, gazetteer: Gazetteer) -> list[Fact]:
    """ "Kin Phea, director of the Institute, said", "Amina Yusuf, the Kenyan foreign
    minister", "Ana Ruiz, the IDB's representative in Guatemala"."""
    facts = []
    for ent, key in _mention_spans(doc, reading):
        if not reading.is_a(key, PERSON) or ent.end + 2 >= len(doc) or doc[ent.end].text != ",":
            continue
        i = ent.end + 1
        while i < len(doc) and doc[i].lower_ in {"the", "a", "an"}:
            i += 1
        qualifier = None
        while i < len(doc) and reading.keys_of(doc[i]):
            found = reading.keys_of(doc[i])[0]
            if not reading.is_a(found, COUNTRY, ORGANIZATION):
                break
            qualifier = found
            i += 1
        if i < len(doc) and doc[i].lower_ in _POSSESSIVE:
            i += 1
        title = _title_after(doc, i, gazetteer, reading)
        if title is None:
            continue
        end, title_text = title
        if end < len(doc) and reading.is_a((reading.keys_of(doc[end]) or ("",))[0], PERSON):
            continue  # "X, Iranian Deputy Foreign Minister Y": the title is Y's, not X's
        owner = None
        if end < len(doc) and doc[end].lower_ in {"of", "at", "for", "to", "in"}:
            # "at the Lagos-based Centre …": a few modifiers may precede the body's name.
            for j in range(end + 1, min(end + 6, len(doc))):
                keys = reading.keys_of(doc[j])
                if keys and reading.is_a(keys[0], COUNTRY, ORGANIZATION):
                    owner = keys[0]
                    after = reading.keys_of(doc[j + 1]) if j + 1 < len(doc) else ()
                    if (
                        reading.is_a(owner, COUNTRY)
                        and after
                        and reading.is_a(after[0], ORGANIZATION)
                    ):
                        owner = after[0]  # "of the Australian Department of Defence"
                    break
                if doc[j].is_punct and doc[j].text != "-":
                    break
        owner = qualifier or owner
        if owner:
            facts.extend(_post(key, owner, ent.sent, "post_in_apposition", title_text))
    return facts


def posts_before_apposed_names(
    doc: Doc, reading: EntityReading, gazetteer: Gazetteer
) -> list[Fact]:
    """ "Rwanda's ambassador to the UN, Claudine Uwase Mukamana, told …", "represented by
    its ambassador to ASEAN, Mori Kenji": an owner's title, then the name set off by a comma."""
    facts = []
    for ent, key in _mention_spans(doc, reading):
        comma = ent.start - 1
        if not reading.is_a(key, PERSON) or comma < 2 or doc[comma].text != ",":
            continue
        # The title may end a few words before the comma ("ambassador to the UN").
        for end in range(comma, max(comma - 6, 0), -1):
            if doc[end - 1].lower_ not in gazetteer.titles.heads:
                continue
            between = doc[end:comma]
            if len(between) and (
                between[0].lower_ not in {"to", "of", "at", "in", "for"}
                or any(t.pos_ in {"VERB", "AUX"} for t in between)
            ):
                break  # "X's ambassador spoke first, Y said": Y holds no post here
            title = _title_before(doc, end, gazetteer, reading)
            if title is None:
                break
            start, title_text = title
            owner = _owner_key(doc, start - 1, reading)
            if owner is not None and owner != key:
                facts.extend(_post(key, owner, ent.sent, "post_before_apposed_name", title_text))
            break
    return facts


def bodies_within_bodies(doc: Doc, reading: EntityReading, gazetteer: Gazetteer) -> list[Fact]:
    """ "the Institute at the Royal Academy", "the Ministry of Foreign Affairs of Japan",
    and places: "the embassy in Hanoi", "the summit in Vientiane"."""
    facts = []
    spans = _mention_spans(doc, reading)
    for (first, first_key), (second, second_key) in itertools.pairwise(spans):
        between = [t.lower_ for t in doc[first.end : second.start]]
        words = [w for w in between if w not in {"the", "a"}]
        if len(words) != 1 or first_key == second_key:
            continue
        prep = words[0]
        sentence = first.sent
        is_body = reading.is_a(first_key, ORGANIZATION) and not reading.is_a(first_key, FRAMEWORK)
        if (
            is_body
            and prep in {"at", "of", "under", "within"}
            and reading.is_a(second_key, ORGANIZATION, COUNTRY)
        ):
            facts.append(
                Fact(first_key, "partOf", second_key, evidence(sentence, "body_within_body"))
            )
        elif (
            prep == "in"
            and reading.is_a(second_key, PLACE, COUNTRY)
            and reading.is_a(first_key, ORGANIZATION, EVENT, PLACE)
        ):
            facts.append(Fact(first_key, "locatedIn", second_key, evidence(sentence, "located_in")))
    return facts


def _parent_in_name(ent: Span, reading: EntityReading, gazetteer: Gazetteer) -> str | None:
    """The state or body a name ends with: "Royal Academy of Cambodia" → Cambodia,
    "Council of the European Union" → European Union."""
    for i, token in enumerate(ent[:-1]):
        if token.lower_ != "of":
            continue
        rest = ent[i + 1 :]
        if rest[0].lower_ == "the":
            rest = rest[1:]
        entry = gazetteer.lookup(rest.text) if len(rest) else None
        if entry is not None and entry.key != reading.keys_of(ent[0])[0]:
            return add_known_entity(reading, entry)
    return None


def _organization_in_name(ent: Span, reading: EntityReading, gazetteer: Gazetteer) -> str | None:
    """ "ECOWAS Commission", "SADC Secretariat": an organ named by the international
    organisation it belongs to and an organ noun."""
    if ent[-1].lower_ not in ORGAN_HEADS:
        return None
    for size in range(min(3, len(ent) - 1), 0, -1):
        entry = gazetteer.lookup(ent[:size].text)
        if entry is not None and INTERNATIONAL_ORGANIZATION in entry.types:
            return add_known_entity(reading, entry)
    return None


def _state_in_name(ent: Span, gazetteer: Gazetteer, reading: EntityReading) -> str | None:
    """ "Qatar Fund for Development", "Sudanese Armed Forces", "Border Guard Bangladesh": a
    national body whose name begins or ends with its state."""
    words = {t.lower_ for t in ent}
    if not words & _NATIONAL_BODY_WORDS:
        return None  # "Argentine Industrial Union" is of Argentina, not part of its state
    # The longest state name first: "United States Agency for …" is not of "United".
    for size in range(min(3, len(ent) - 1), 0, -1):
        for part in (ent[:size], ent[len(ent) - size :]):
            after = part.end
            hyphenated = after < len(ent.doc) and ent.doc[after].text in {"-", "–"}
            entry = gazetteer.country_of_demonym(part.text) or gazetteer.lookup(part.text)
            if entry is not None and COUNTRY in entry.types and not hyphenated:
                return add_known_entity(reading, entry)
    if ent[-1].lower_ in FORCE_HEADS:  # "Royal Thai Army"
        for token in ent[1:-1]:
            entry = gazetteer.country_of_demonym(token.text)
            if entry is not None and COUNTRY in entry.types:
                return add_known_entity(reading, entry)
    return None


# Words of the names of a state's own bodies.
_NATIONAL_BODY_WORDS = {
    "ministry", "department", "force", "forces", "army", "intelligence", "gendarmerie", "navy",
    "police", "guard", "service",
    "agency", "fund", "bank", "council", "commission", "office", "bureau", "authority",
    "embassy", "parliament", "assembly", "court", "cabinet", "government",
}  # fmt: skip


def _is_national_body(key: str, reading: EntityReading) -> bool:
    words = set(reading.entities[key].label.lower().split())
    return reading.is_a(key, GOVERNMENT_BODY) or bool(words & _NATIONAL_BODY_WORDS)


def bodies_of_named_states(doc: Doc, reading: EntityReading, gazetteer: Gazetteer) -> list[Fact]:
    """ "Australian Department of …" → Australia; "National Bank of Cambodia" → Cambodia."""
    facts = []
    seen: set[str] = set()
    for ent, key in _mention_spans(doc, reading):
        if key in seen or not reading.is_a(key, ORGANIZATION) or reading.is_a(key, FRAMEWORK):
            continue
        country = reading.qualifiers.get(key)
        rule = "body_of_demonym" if country and reading.is_a(country, COUNTRY) else "organ_of_owner"
        if rule == "body_of_demonym" and not _is_national_body(key, reading):
            country = None  # "the Argentine Industrial Union": the country's, not the state's
        if country is None and gazetteer.lookup(ent.text) is None:
            country = (
                _parent_in_name(ent, reading, gazetteer)
                or _organization_in_name(ent, reading, gazetteer)
                or _state_in_name(ent, gazetteer, reading)
            )
            is_state = country is not None and reading.is_a(country, COUNTRY)
            rule = "body_named_for_state" if is_state else "body_named_for_parent"
        if country:
            seen.add(key)
            facts.append(Fact(key, "partOf", country, evidence(ent.sent, rule)))
    return facts


def bodies_in_apposition_to_a_state(
    doc: Doc, reading: EntityReading, gazetteer: Gazetteer
) -> list[Fact]:
    """ "the Security Information Service (BIS), the Czech counter-intelligence agency",
    "the GRU, Russia's military intelligence service": the state the apposition names."""
    facts = []
    for ent, key in _mention_spans(doc, reading):
        if not reading.is_a(key, ORGANIZATION) or reading.is_a(key, COUNTRY, FRAMEWORK):
            continue
        i = ent.end
        if i < len(doc) and doc[i].text == "(":  # "(BIS)"
            i = next((k + 1 for k in range(i, min(i + 6, len(doc))) if doc[k].text == ")"), i)
        if i + 2 >= len(doc) or doc[i].text != ",":
            continue
        j = i + 2 if doc[i + 1].lower_ == "the" else i + 1
        owner = reading.keys_of(doc[j])
        if len(owner) != 1 or not reading.is_a(owner[0], COUNTRY):
            continue
        while j < len(doc) and reading.keys_of(doc[j]) == owner:
            j += 1  # every word of the state's name ("South Africa's")
        if j < len(doc) and doc[j].lower_ in _POSSESSIVE:
            j += 1
        for k in range(j, min(j + 5, len(doc))):
            word = doc[k]
            if word.lower_ in INSTITUTION_HEADS and word.is_lower:
                following = doc[k + 1] if k + 1 < len(doc) else None
                if following is None or following.is_punct or following.lower_ in {"as", "and"}:
                    facts.append(
                        Fact(
                            key,
                            "partOf",
                            owner[0],
                            evidence(ent.sent, "body_of_state_in_apposition"),
                        )
                    )
                break
            if not (word.is_lower or word.text == "-"):
                break  # "the Czech Republic's Ministry of …" names another body
    return facts


def unqualified_national_bodies(
    doc: Doc, reading: EntityReading, gazetteer: Gazetteer, earlier: list[Fact]
) -> list[Fact]:
    """A ministry the text does not tie to any state belongs to the state the document is
    about: a report that says "the Ministry of Health" unqualified means its own country's.

    It reads the posts, parents and locations the other rules found (``earlier``), so it
    runs after them."""
    home = _home_of_report(reading)
    within = [f for f in earlier if f.evidence.extractor == "located_in"]
    qualified = {f.subject for f in earlier if f.predicate == "partOf"}
    # Stronger than any guess: the state of someone who holds a post in the body, or the
    # capital it is said to be in ("the Ministry … in Phnom Penh").
    posts = [
        f for f in earlier if f.evidence.extractor in {"post_before_name", "post_in_apposition"}
    ]
    states_of_people: dict[str, set[str]] = {}
    for post in posts:
        if reading.is_a(post.object, COUNTRY):
            states_of_people.setdefault(post.subject, set()).add(post.object)
    facts = []
    for ent, key in _mention_spans(doc, reading):
        if key in qualified or not reading.is_a(key, GOVERNMENT_BODY):
            continue
        if ent.root.lower_ not in {"ministry", "department", "government"}:
            continue
        evidence_states = {
            state
            for post in posts
            if post.object == key
            for state in states_of_people.get(post.subject, set())
        }
        evidence_states |= {
            gazetteer.by_capital[reading.entities[f.object].label]
            for f in within
            if f.subject == key
            and f.predicate == "locatedIn"
            and f.object in reading.entities
            and reading.entities[f.object].label in gazetteer.by_capital
        }
        state = evidence_states.pop() if len(evidence_states) == 1 else home
        if state is None or state not in reading.entities:
            continue
        qualified.add(key)
        facts.append(Fact(key, "partOf", state, evidence(ent.sent, "unqualified_national_body")))
    return facts


def _home_of_report(reading: EntityReading) -> str | None:
    """Reports name a foreign state's bodies and officials ("Australian DFAT", "Myanmar's
    ambassador") and leave their own unqualified, so the home state is the principal state
    never used as a qualifier — or, better, the state of the report's dateline."""
    if reading.dateline_country and reading.is_a(reading.dateline_country, COUNTRY):
        return reading.dateline_country  # a report filed from a capital speaks of its state
    pair = reading.focal_pair()
    unused = [c for c in pair if c not in set(reading.qualifiers.values())]
    return unused[0] if len(unused) == 1 and len(pair) == 2 else None


# Posts a state gives, which a report leaves unqualified when they are its own state's.
_NATIONAL_POSTS = {
    "minister", "premier", "president", "chancellor", "secretary", "spokesperson",
    "spokesman", "spokeswoman",
}  # fmt: skip


def posts_of_the_home_state(
    doc: Doc, reading: EntityReading, gazetteer: Gazetteer, earlier: list[Fact]
) -> list[Fact]:
    """ "ABUJA – … Foreign Minister Yusuf Tukur is expected to travel": a national post
    that names no state is the home state's (the dateline's, else the principal state the
    report never qualifies) — unless the other rules tied its holder to a state or to a
    body already.

    It reads the posts the other rules found (``earlier``), so it runs after them."""
    home = _home_of_report(reading)
    if home is not None and not reading.country_counts[home]:
        home = None  # (a report from Gaborone about Lesotho does not name Botswana)
    placed = {f.subject for f in earlier if f.predicate == "affiliatedWith"}
    facts = []
    for ent, key in _mention_spans(doc, reading):
        if key in placed or not reading.is_a(key, PERSON):
            continue
        end = ent.start - 1 if ent.start > 0 and doc[ent.start - 1].text == "," else ent.start
        title = _title_before(doc, end, gazetteer, reading)
        if title is None or doc[end - 1].lower_ not in _NATIONAL_POSTS:
            continue
        if _owner_key(doc, title[0] - 1, reading) is not None:
            continue  # "Qatari Ambassador …" is another state's
        body = _body_referred_to(doc, title[0], reading)
        if body is not None:
            # "ministry spokesperson X": the ministry the report has named
            placed.add(key)
            facts.append(
                Fact(key, "affiliatedWith", body, evidence(ent.sent, "post_of_body_referred_to"),
                     title=title[1])
            )  # fmt: skip
            continue
        if home is None:
            continue
        placed.add(key)
        facts.append(
            Fact(key, "affiliatedWith", home, evidence(ent.sent, "post_of_home_state"),
                 title=title[1])
        )  # fmt: skip
    return facts


# Common nouns that, before a post, stand for a body the report has named ("ministry
# spokesperson", "the department's secretary").
_BODY_NOUNS = {"ministry", "department", "agency", "commission", "council", "office"}


def _body_referred_to(doc: Doc, title_start: int, reading: EntityReading) -> str | None:
    """The body a lower-case noun before a post stands for: the last one named before it
    whose name has that noun ("the Ministry of Foreign Affairs" … "ministry spokesperson")."""
    if title_start == 0 or doc[title_start - 1].lower_ not in _BODY_NOUNS:
        return None
    noun = doc[title_start - 1]
    return last_named(reading, noun, ((ORGANIZATION,), {noun.lower_}))


def named_events_of_frameworks(
    doc: Doc, reading: EntityReading, gazetteer: Gazetteer
) -> list[Fact]:
    """ "13th ASEM Summit" is a meeting of ASEM."""
    facts = []
    seen = set()
    for ent, key in _mention_spans(doc, reading):
        if key in seen or not reading.is_a(key, EVENT):
            continue
        for token in ent:
            entry = gazetteer.lookup(token.text)
            if entry and entry.key != key and not reading.is_a(entry.key, COUNTRY):
                if entry.key not in reading.entities:
                    continue
                seen.add(key)
                facts.append(
                    Fact(key, "partOf", entry.key, evidence(ent.sent, "event_of_framework"))
                )
    return facts


_MEMBER_NOUNS = {"member", "ally"}
_STATE_NOUNS = {"state", "country", "nation", "government"}


def _antecedent(token: Token) -> Token:
    """ "which" in "ADB, of which Laos is a member" stands for "ADB"."""
    if token.lower_ in {"which", "whom", "who"}:
        for ancestor in token.ancestors:
            if ancestor.dep_ == "relcl":
                return ancestor.head
    return token


_LIST_OPENERS = ("including", "such as", "namely", ":")


def _listed_after(doc: Doc, start: int, reading: EntityReading) -> tuple[str, ...]:
    """The states listed right after a token ("member states Egypt, Kenya and Chad",
    "18 members, including Tonga and Tuvalu"), read from the words themselves, since the
    parser often breaks such lists."""
    keys: list[str] = []
    i = start
    rest = doc[start : start + 3].text.lower().lstrip(", ")
    opener = next((o for o in _LIST_OPENERS if rest.startswith(o)), None)
    if opener is not None:
        i = start + (doc[start].text == ",") + len(opener.split())
    while i < len(doc):
        token = doc[i]
        found = reading.keys_of(token)
        if found and reading.is_a(found[0], COUNTRY):
            if found[0] not in keys:
                keys.append(found[0])
            i += 1
        elif (token.text in {",", "and", "the"} and keys) or (token.text == "the" and not keys):
            i += 1
        else:
            break
    return tuple(keys)


def _listed_before(doc: Doc, phrase_start: int, reading: EntityReading) -> tuple[str, ...]:
    """The states listed right before an apposition ("Lithuania and Poland, both EU
    members"), read backwards from the comma that opens it."""
    if phrase_start < 2 or doc[phrase_start - 1].text != ",":
        return ()
    keys: list[str] = []
    i = phrase_start - 2
    while i >= 0:
        token = doc[i]
        found = reading.keys_of(token)
        if found and reading.is_a(found[0], COUNTRY):
            if found[0] not in keys:
                keys.append(found[0])
            i -= 1
        elif token.text in {",", "and"} and keys:
            i -= 1
        elif token.ent_iob_ == "I" or token.text == "the":
            i -= 1  # inside a multi-word name ("New Zealand")
        else:
            break
    return tuple(reversed(keys))


def memberships(doc: Doc, reading: EntityReading, gazetteer: Gazetteer) -> list[Fact]:
    """ "X is a member of Y", "Y, of which X is a member", "X and Z, both Y members",
    "Y member states X and Z", "NATO allies X and Z", "X joined Y"."""
    facts = []
    for token in doc:
        members: tuple[str, ...] = ()
        groups: tuple[str, ...] = ()
        if token.lemma_.lower() in _MEMBER_NOUNS and token.pos_ in {"NOUN", "PROPN"}:
            # "AU member states Egypt and Kenya": the phrase is headed by "states".
            node = token
            if token.dep_ == "compound" and token.head.lemma_.lower() in _STATE_NOUNS:
                node = token.head
            group_tokens = [_antecedent(o) for o in preposition_objects(token, "of", "in")]
            group_tokens += [_antecedent(o) for o in preposition_objects(node.head, "of")]
            group_tokens += [
                c
                for n in (token, node)
                for c in n.children
                if c.dep_ == "compound" or (c.dep_ == "poss" and c.pos_ == "PROPN")
            ]  # "EU members", "the Forum's largest members"
            groups = tuple(
                k for g in group_tokens for k in phrase_keys(g, reading) if g.i != token.i
            )
            if node.dep_ == "attr" and subject_of(node.head) is not None:
                members = phrase_keys(subject_of(node.head), reading)  # type: ignore[arg-type]
            elif node.dep_ in {"appos", "compound"}:
                # "Lithuania, an EU member"; "AU member states Egypt and Kenya"
                members = phrase_keys(node.head, reading)
            elif node.dep_ in {"nsubj", "nsubjpass"}:
                # "Lithuania and Poland, both EU members, pressed …": the parser makes the
                # apposition a second subject of the verb.
                members = tuple(
                    k
                    for c in node.head.children
                    if c.dep_ == node.dep_ and c.i != node.i
                    for k in phrase_keys(c, reading)
                )
            else:
                members = tuple(
                    k for c in node.children if c.dep_ == "appos" for k in phrase_keys(c, reading)
                )
            if not members:
                members = _listed_before(doc, node.left_edge.i, reading)
            if not members:
                members = _listed_after(doc, node.i + 1, reading)
        elif token.lemma_ == "join" and token.pos_ == "VERB":
            subject = subject_of(token)
            obj = next((c for c in token.children if c.dep_ == "dobj"), None)
            if subject is not None and obj is not None:
                # "joined NATO", not "joined the NATO exercise": the object is the grouping
                members = phrase_keys(subject, reading)
                groups = tuple(k for g in conjuncts(obj) for k in reading.keys_of(g))
        for member in members:
            for group in groups:
                if (
                    member != group
                    and reading.is_a(member, COUNTRY, ORGANIZATION)
                    and reading.is_a(group, FRAMEWORK, ORGANIZATION)
                    and not reading.is_a(group, COUNTRY)
                ):
                    facts.append(
                        Fact(member, "memberOf", group, evidence(token.sent, "membership"))
                    )
    return facts


def known_memberships(doc: Doc, reading: EntityReading, gazetteer: Gazetteer) -> list[Fact]:
    """A state named in one sentence with a grouping the gazetteer lists it in ("Sweden and
    Norway joined the NATO exercise", "ASEAN ministers from Laos and Vietnam"): the text
    ties the two together, the gazetteer says how."""
    facts: list[Fact] = []
    for sent in doc.sents:
        # by name only: "urged both governments" ties no state to the grouping that urged
        named = keys_in(
            [t for t in sent if t.lower_ not in PAIR_NOUNS and t.pos_ != "PRON"], reading
        )
        for group in named:
            entry = gazetteer.entries.get(group)
            if entry is None or not entry.members:
                continue
            facts.extend(
                Fact(member, "memberOf", group, evidence(sent, "known_membership"))
                for member in named
                if member in entry.members
            )
    return facts


def known_parents(doc: Doc, reading: EntityReading, gazetteer: Gazetteer) -> list[Fact]:
    """A body the gazetteer places inside another ("UNDP" in the UN, "the EEAS" in the EU),
    in a report that names both: part of it, from the sentence that names the body."""
    named = set(reading.entities)
    facts: list[Fact] = []
    for ent in doc.ents:
        keys = reading.keys_of(ent[0])
        entry = gazetteer.entries.get(keys[0]) if len(keys) == 1 else None
        if entry is not None and entry.parent in named:
            facts.append(
                Fact(entry.key, "partOf", entry.parent, evidence(ent.sent, "known_parent"))
            )
            named.discard(entry.key)  # the first sentence is evidence enough
    return facts


def capitals_of_named_states(doc: Doc, reading: EntityReading, gazetteer: Gazetteer) -> list[Fact]:
    """A capital ("talks in Tunis"), in a report that names its state: located there."""
    named = set(reading.entities)
    facts: list[Fact] = []
    for ent in doc.ents:
        keys = reading.keys_of(ent[0])
        if len(keys) != 1 or not reading.is_a(keys[0], PLACE):
            continue
        state = gazetteer.by_capital.get(reading.entities[keys[0]].label)
        # (not a city standing for a body: "Brussels" for the EU)
        if state in named and keys[0] in named and reading.is_a(state, COUNTRY):
            facts.append(Fact(keys[0], "locatedIn", state, evidence(ent.sent, "capital_of_state")))
            named.discard(keys[0])
    return facts


def _parties_in_name(ent: Span, gazetteer: Gazetteer) -> list[GazetteerEntry]:
    """The parties a hyphen joins at the start of a name: "India–Kenya Joint Commission" →
    India, Kenya; "Jordanian–Kuwaiti Joint Higher Committee" → Jordan, Kuwait."""
    parties: list[GazetteerEntry] = []
    i = ent.start
    while i < ent.end:
        entry = None
        for size in (3, 2, 1):  # the longest name first: "South Africa", "Republic of Korea"
            words = ent.doc[i : min(i + size, ent.end)]
            entry = gazetteer.country_of_demonym(words.text) or gazetteer.lookup(words.text)
            if entry is not None:
                i = words.end
                break
        if entry is None:
            break
        parties.append(entry)
        if i < ent.end and ent.doc[i].text in DASHES:
            i += 1
            continue
        break
    return parties if len(parties) >= 2 else []


# Heads of bodies that states sit on together; funds, programmes and agreements are not.
_JOINT_BODY_HEADS = {
    "commission", "committee", "council", "group", "forum", "partnership", "dialogue",
    "mechanism", "board", "task force", "cooperation",
}  # fmt: skip


def joint_bodies(doc: Doc, reading: EntityReading, gazetteer: Gazetteer) -> list[Fact]:
    """ "the India–Kenya Joint Commission": the states it joins are its members (the funds
    and agreements they set up are not groupings)."""
    facts = []
    seen: set[str] = set()
    for ent, key in _mention_spans(doc, reading):
        if key in seen or not reading.is_a(key, ORGANIZATION, FRAMEWORK):
            continue
        if reading.is_a(key, EVENT, COUNTRY) or ent[-1].lower_ not in _JOINT_BODY_HEADS:
            continue
        seen.add(key)
        for party in _parties_in_name(ent, gazetteer):
            member = add_known_entity(reading, party)
            facts.append(Fact(member, "memberOf", key, evidence(ent.sent, "joint_body")))
    return facts


def _role_facts(
    doc: Doc,
    reading: EntityReading,
    nouns: set[str],
    verbs: set[str],
    predicate: str,
    allowed: tuple[str, ...],
) -> list[Fact]:
    """Shared reading of "X's chairmanship of Y" / "X chairs Y" and "X's hosting of Y" /
    "X will host Y" / "Y, hosted by X"."""
    facts = []
    for token in doc:
        holders: tuple[str, ...] = ()
        things: tuple[str, ...] = ()
        if token.lower_ in nouns:
            holders = tuple(
                k for c in token.children if c.dep_ == "poss" for k in phrase_keys(c, reading)
            )
            things = tuple(
                k for o in preposition_objects(token, "of") for k in phrase_keys(o, reading)
            )
            if not things and holders and all(reading.is_a(h, *allowed) for h in holders):
                # "holds the bloc's rotating presidency": the grouping is what is held
                things, holders = holders, ()
            if token.dep_ == "appos" and not holders:
                holders = phrase_keys(token.head, reading)  # "X, the current SADC chair"
            if not things:  # "ASEAN chair Laos", "the ASEAN chairmanship"
                things = tuple(k for c in token.children if c.dep_ == "compound"
                               for k in reading.keys_of(c))  # fmt: skip
                holders = holders or tuple(
                    k for c in token.children if c.dep_ == "appos" for k in phrase_keys(c, reading)
                )
            verb = token.head
            if token.dep_ == "pobj" and verb.dep_ in {"prep", "prt"}:
                verb = verb.head  # "take over the chairmanship"
            subject = subject_of(verb) if token.dep_ in {"dobj", "pobj"} else None
            if not holders and subject is not None:
                # "the Philippines, which will take over the ASEAN chairmanship"
                holders = phrase_keys(_antecedent(subject), reading)
        elif token.pos_ == "VERB" and set(lemma_forms(token)) & verbs:
            subject = subject_of(token)
            if subject is not None and subject.lower_ in {"which", "who", "that"}:
                subject = token.head if token.dep_ == "relcl" else None
            obj = next((c for c in token.children if c.dep_ == "dobj"), None)
            passive = next((c for c in token.children if c.dep_ == "agent"), None)
            if subject is not None and obj is not None:
                holders, things = phrase_keys(subject, reading), phrase_keys(obj, reading)
            elif passive is not None:
                # "the summit, hosted by Laos"; "The meeting was co-chaired by X and Y"
                by = [g for g in passive.children if g.dep_ == "pobj"]
                holders = tuple(k for b in by for k in phrase_keys(b, reading))
                done_to = passive_subject_of(token) if token.dep_ != "acl" else token.head
                if done_to is None and token.dep_ == "conj":
                    done_to = passive_subject_of(token.head)  # "was held … and co-chaired by"
                things = phrase_keys(done_to, reading) if done_to is not None else ()
                if not things and done_to is not None and _refers_to_a_meeting(done_to):
                    # "It was chaired by …", "The meeting, hosted by Samoa, was co-chaired
                    # by …": the meeting or summit named last
                    meeting = last_named(reading, token, ((EVENT,), set()))
                    things = (meeting,) if meeting else ()
        else:
            continue  # neither word: nothing held (most tokens)
        things = tuple(t for t in things if reading.is_a(t, *allowed))
        if not (holders and things):
            continue  # most tokens: no need to read the sentence's dates
        date = resolve_date(token.sent, token, reading.doc)
        for holder in holders:
            if not reading.is_a(holder, COUNTRY, ORGANIZATION, PERSON):
                continue
            for thing in things:
                if thing != holder:
                    facts.append(
                        Fact(holder, predicate, thing, evidence(token.sent, predicate), date=date)
                    )
    return facts


# Nouns by which a report takes up a meeting it has named ("the summit was chaired by …").
_MEETING_NOUNS = {"meeting", "summit", "conference", "session", "talks", "forum", "dialogue"}


def _refers_to_a_meeting(token: Token) -> bool:
    if token.lower_ == "it":
        return True
    definite = any(c.dep_ == "det" and c.lower_ in {"the", "this"} for c in token.children)
    return definite and token.lemma_.lower() in _MEETING_NOUNS


def chairmanships(doc: Doc, reading: EntityReading, gazetteer: Gazetteer) -> list[Fact]:
    """ "its chairmanship of ASEAN next year", "Laos, which chairs ASEAN", "ASEAN chair Laos",
    "Argentina, which holds the bloc's presidency", "X, the current SADC chairperson"."""
    return _role_facts(
        doc, reading,
        {"chairmanship", "chair", "chairship", "presidency", "chairperson", "chairman",
         "chairwoman"},
        {"chair", "co-chair"},
        "chairs", (FRAMEWORK, ORGANIZATION, EVENT),
    )  # fmt: skip


def hostings(doc: Doc, reading: EntityReading, gazetteer: Gazetteer) -> list[Fact]:
    """ "Cambodia's hosting of the 13th ASEM Summit", "Laos will host the summit"."""
    return _role_facts(doc, reading, {"hosting"}, {"host"}, "hosts", (EVENT,))


_PLACE_NOUNS = {
    "port", "city", "town", "province", "state", "district", "region", "capital", "village",
    "department", "governorate", "county", "island", "prefecture",
}  # fmt: skip


def places_of_states(doc: Doc, reading: EntityReading, gazetteer: Gazetteer) -> list[Fact]:
    """ "the Indian port of Kolkata", "the Malaysian state of Sabah", "Apia, the capital of
    Samoa", "Apia, the Samoan capital", "Suva, Fiji": a place the text puts in a state."""
    facts = []
    for token in doc:
        if token.lemma_.lower() not in _PLACE_NOUNS:
            state = _state_after_place(token, reading)
            if state is not None:
                place = reading.keys_of(token.head)[0]
                facts.append(Fact(place, "locatedIn", state, evidence(token.sent, "place_of")))
            continue
        places = [
            k for o in preposition_objects(token, "of") for k in phrase_keys(o, reading)
            if reading.is_a(k, PLACE)
        ]  # fmt: skip
        states = [
            k for c in token.children if c.dep_ in {"amod", "compound", "poss"}
            for k in reading.keys_of(c) if reading.is_a(k, COUNTRY, PLACE)
        ]  # fmt: skip
        if token.dep_ in {"appos", "npadvmod"} and not places:
            # "Apia, the capital of Samoa"; the parser may hang the apposition on the verb
            left = token.left_edge.i
            before = doc[left - 2] if left >= 2 and doc[left - 1].text == "," else token.head
            places = [k for k in reading.keys_of(before) if reading.is_a(k, PLACE)]
            states = [
                k for o in preposition_objects(token, "of") for k in phrase_keys(o, reading)
                if reading.is_a(k, COUNTRY, PLACE)
            ] or states  # fmt: skip
        for place in places:
            for state in states:
                if place != state:
                    facts.append(Fact(place, "locatedIn", state, evidence(token.sent, "place_of")))
    return facts


def _state_after_place(token: Token, reading: EntityReading) -> str | None:
    """ "in Suva, Fiji, next year": the state named right after a place, set off by commas."""
    keys = reading.keys_of(token)
    if not keys or not reading.is_a(keys[0], COUNTRY) or token.dep_ not in {"appos", "npadvmod"}:
        return None
    doc = token.doc
    first = token.i
    while first > 0 and doc[first].ent_iob_ == "I":
        first -= 1  # the state's name may be several words ("New Zealand")
    head_keys = reading.keys_of(token.head)
    if not head_keys or not reading.is_a(head_keys[0], PLACE) or doc[first - 1].text != ",":
        return None
    return keys[0]


_HOLDING_VERBS = {"hold", "convene", "open", "take", "conclude", "begin", "close"}


def events_held_in_places(doc: Doc, reading: EntityReading, gazetteer: Gazetteer) -> list[Fact]:
    """ "The 14th … Meeting was held in Vientiane": where a named event takes place."""
    facts = []
    for token in doc:
        if token.pos_ != "VERB" or token.lemma_.lower() not in _HOLDING_VERBS:
            continue
        subject = passive_subject_of(token) or subject_of(token)
        if token.dep_ == "acl":
            subject = token.head  # "the summit held in Vientiane"
        if subject is None:
            continue
        events = [k for k in phrase_keys(subject, reading) if reading.is_a(k, EVENT)]
        places = [
            k for o in preposition_objects(token, "in", "at") for k in phrase_keys(o, reading)
            if reading.is_a(k, PLACE, COUNTRY)
        ]  # fmt: skip
        for event in events:
            for place in places[:1]:
                facts.append(Fact(event, "locatedIn", place, evidence(token.sent, "held_in")))
    return facts


FACT_RULES: tuple[FactRule, ...] = (
    posts_before_names,
    posts_in_apposition,
    posts_before_apposed_names,
    bodies_within_bodies,
    bodies_of_named_states,
    bodies_in_apposition_to_a_state,
    named_events_of_frameworks,
    memberships,
    known_memberships,
    known_parents,
    joint_bodies,
    chairmanships,
    hostings,
    places_of_states,
    capitals_of_named_states,
    events_held_in_places,
)


def ministers_of_named_ministries(reading: EntityReading, earlier: list[Fact]) -> list[Fact]:
    """ "Minister of Foreign Affairs and International Cooperation" in a post's title, and the
    report names the "Ministry of Foreign Affairs and International Cooperation": the holder
    serves in it. Where several states' ministries share the name, the holder's state picks."""
    states: dict[str, set[str]] = {}
    for post in earlier:
        if post.predicate == "affiliatedWith" and reading.is_a(post.object, COUNTRY):
            states.setdefault(post.subject, set()).add(post.object)
    bodies: dict[str, list[str]] = {}
    for key, builder in reading.entities.items():
        if GOVERNMENT_BODY in builder.types:
            bodies.setdefault(builder.label.lower(), []).append(key)
    facts = []
    for post in earlier:
        if post.predicate != "affiliatedWith" or not post.title:
            continue
        for part in post.title.split(", "):
            match = _MINISTER_OF.search(part)
            if match is None:
                continue
            candidates = bodies.get(f"ministry {match.group(1).lower()}", [])
            if len(candidates) > 1:
                candidates = [
                    c
                    for c in candidates
                    if reading.qualifiers.get(c) in states.get(post.subject, ())
                ]
            if len(candidates) == 1 and candidates[0] != post.object:
                facts.append(
                    Fact(
                        post.subject,
                        "affiliatedWith",
                        candidates[0],
                        dataclasses.replace(post.evidence, extractor="minister_of_ministry"),
                        title=part,
                    )
                )
    return facts


_MINISTER_OF = re.compile(r"\bMinister ((?:of|for) .+)$")


def read_facts(doc: Doc, reading: EntityReading, gazetteer: Gazetteer) -> list[Fact]:
    facts: dict[tuple[str, str, str], Fact] = {}
    for rule in FACT_RULES:
        for fact in rule(doc, reading, gazetteer):
            facts.setdefault((fact.subject, fact.predicate, fact.object), fact)
    for fact in ministers_of_named_ministries(reading, list(facts.values())):
        facts.setdefault((fact.subject, fact.predicate, fact.object), fact)
    for fact in unqualified_national_bodies(doc, reading, gazetteer, list(facts.values())):
        facts.setdefault((fact.subject, fact.predicate, fact.object), fact)
    for fact in posts_of_the_home_state(doc, reading, gazetteer, list(facts.values())):
        facts.setdefault((fact.subject, fact.predicate, fact.object), fact)
    return list(facts.values())
