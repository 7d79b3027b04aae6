"""The ontology, the PLOVER scheme, the SHACL shapes and the gazetteers hold the data contract."""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import yaml
from pyshacl import validate
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef

from kg import model
from kg.errors import GazetteerError
from kg.extract.gazetteer import load_gazetteer

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"
GAZETTEER = ONTOLOGY / "gazetteer"

KG = Namespace("https://w3id.org/kgir/ontology#")
PLOVER_SCHEME = URIRef("https://w3id.org/kgir/plover/")
PL = Namespace(str(PLOVER_SCHEME))
SH = Namespace("http://www.w3.org/ns/shacl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
PROV = Namespace("http://www.w3.org/ns/prov#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
SCHEMA = Namespace("https://schema.org/")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
ORG = Namespace("http://www.w3.org/ns/org#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")

# Every kg: term named in shared/design/DATA-MODEL.md, plus those the ontology adds for it.
CONTRACT_CLASSES = (
    "Agent", "Person", "Country", "Organization", "GovernmentBody",
    "InternationalOrganization", "Framework", "Forum", "Programme", "Agreement", "Policy",
    "Event", "Meeting", "Summit", "Place", "Topic", "MonetaryAmount", "Document", "Mention",
    "Position", "Quotation", "Chairmanship", "Hosting", "Merge", "AmbiguousName",
)  # fmt: skip
CONTRACT_OBJECT_PROPERTIES = (
    "affiliatedWith", "partOf", "memberOf", "chairs", "hosts", "locatedIn",
    "holder", "organization", "eventType", "actor", "target", "participant", "about",
    "topic", "amount", "location", "speaker", "inDocument", "localEntity", "mergedInto",
    "candidate",
)  # fmt: skip
CONTRACT_DATATYPE_PROPERTIES = (
    "title", "date", "mode", "trigger", "text", "modality", "iso3166", "sha256", "extractor",
    "surfaceForm", "resolutionRule", "searchKey",
)  # fmt: skip

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip

MODEL_CLASS_CONSTANTS = (
    "PERSON", "COUNTRY", "ORGANIZATION", "GOVERNMENT_BODY", "INTERNATIONAL_ORGANIZATION",
    "FRAMEWORK", "FORUM", "PROGRAMME", "AGREEMENT", "POLICY", "PLACE", "EVENT", "MEETING",
    "SUMMIT",
)  # fmt: skip


@cache
def _graph(name: str) -> Graph:
    return Graph().parse(ONTOLOGY / name, format="turtle")


def kg_graph() -> Graph:
    return _graph("kg.ttl")


def plover_graph() -> Graph:
    return _graph("plover.ttl")


def shapes_graph() -> Graph:
    return _graph("shapes.ttl")


def _split(field: str) -> list[str]:
    return [part for part in field.split("|") if part]


@cache
def countries() -> tuple[dict[str, str], ...]:
    with (GAZETTEER / "countries.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


@cache
def organizations() -> tuple[dict, ...]:
    with (GAZETTEER / "organizations.yaml").open(encoding="utf-8") as handle:
        return tuple(yaml.safe_load(handle))


def _owl_classes() -> set[URIRef]:
    return set(kg_graph().subjects(RDF.type, OWL.Class))


# --- kg.ttl -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["kg.ttl", "plover.ttl", "shapes.ttl"])
def test_turtle_files_parse(name: str) -> None:
    assert len(_graph(name)) > 0


def test_ontology_header() -> None:
    g = kg_graph()
    ontology = URIRef("https://w3id.org/kgir/ontology")
    assert (ontology, RDF.type, OWL.Ontology) in g
    assert g.value(ontology, OWL.versionInfo) == Literal("0.1.0")
    assert g.value(ontology, DCTERMS.title) is not None
    assert g.value(ontology, DCTERMS.description) is not None


@pytest.mark.parametrize("name", CONTRACT_CLASSES)
def test_contract_class_is_declared(name: str) -> None:
    assert (KG[name], RDF.type, OWL.Class) in kg_graph()


@pytest.mark.parametrize("name", CONTRACT_OBJECT_PROPERTIES)
def test_contract_object_property_is_declared(name: str) -> None:
    assert (KG[name], RDF.type, OWL.ObjectProperty) in kg_graph()


@pytest.mark.parametrize("name", CONTRACT_DATATYPE_PROPERTIES)
def test_contract_datatype_property_is_declared(name: str) -> None:
    assert (KG[name], RDF.type, OWL.DatatypeProperty) in kg_graph()


def test_every_kg_term_has_label_and_comment() -> None:
    g = kg_graph()
    terms = {s for s in g.subjects(RDF.type, None) if str(s).startswith(str(KG))}
    assert len(terms) == (
        len(CONTRACT_CLASSES) + len(CONTRACT_OBJECT_PROPERTIES) + len(CONTRACT_DATATYPE_PROPERTIES)
    )
    for term in terms:
        assert len(list(g.objects(term, RDFS.label))) == 1, term
        assert g.value(term, RDFS.comment) is not None, term


@pytest.mark.parametrize("constant", MODEL_CLASS_CONSTANTS)
def test_model_class_constants_are_ontology_classes(constant: str) -> None:
    assert KG[getattr(model, constant)] in _owl_classes()


def test_contract_alignments() -> None:
    g = kg_graph()
    expected = {
        "Agent": {PROV.Agent, FOAF.Agent},
        "Person": {KG.Agent, SCHEMA.Person, FOAF.Person},
        "Country": {KG.Agent, SCHEMA.Country},
        "Organization": {KG.Agent, SCHEMA.Organization, ORG.Organization},
        "GovernmentBody": {KG.Organization, SCHEMA.GovernmentOrganization},
        "InternationalOrganization": {KG.Organization},
        "Forum": {KG.Framework},
        "Programme": {KG.Framework},
        "Agreement": {KG.Framework},
        "Policy": {KG.Framework},
        "Event": {SEM.Event, SCHEMA.Event, PROV.Activity},
        "Meeting": {KG.Event},
        "Place": {SCHEMA.Place},
        "Topic": {SKOS.Concept},
        "MonetaryAmount": {SCHEMA.MonetaryAmount},
        "Document": {SCHEMA.CreativeWork, PROV.Entity},
        "Mention": {NIF.String},
        "Position": {ORG.Membership},
    }  # fmt: skip
    for name, supers in expected.items():
        declared = set(g.objects(KG[name], RDFS.subClassOf)) | set(
            g.objects(KG[name], OWL.equivalentClass)
        )
        assert supers <= declared, name
    summit_ancestors = set(g.transitive_objects(KG.Summit, RDFS.subClassOf))
    assert KG.Event in summit_ancestors


# --- plover.ttl ---------------------------------------------------------------------------


def test_plover_has_exactly_the_sixteen_concepts() -> None:
    g = plover_graph()
    concepts = set(g.subjects(RDF.type, SKOS.Concept))
    assert concepts == {PL[code] for code in PLOVER_TYPES}
    assert (PLOVER_SCHEME, RDF.type, SKOS.ConceptScheme) in g
    assert set(g.objects(PLOVER_SCHEME, SKOS.hasTopConcept)) == concepts


@pytest.mark.parametrize("code", PLOVER_TYPES)
def test_plover_concept_is_complete(code: str) -> None:
    g = plover_graph()
    concept = PL[code]
    assert g.value(concept, SKOS.notation) == Literal(code)
    assert len(list(g.objects(concept, SKOS.prefLabel))) == 1
    assert g.value(concept, SKOS.definition) is not None
    assert (concept, SKOS.inScheme, PLOVER_SCHEME) in g
    assert (concept, SKOS.topConceptOf, PLOVER_SCHEME) in g


def test_plover_definitions_are_not_copied_from_the_codebook() -> None:
    codebook = Path(__file__).resolve().parents[2] / "shared" / "reference" / "plover_codebook.csv"
    if not codebook.exists():
        pytest.skip("shared/reference is not beside the checkout")
    with codebook.open(encoding="utf-8", newline="") as handle:
        source = {row["event_def"].strip().lower() for row in csv.DictReader(handle)}
    for text in plover_graph().objects(None, SKOS.definition):
        assert str(text).strip().lower() not in source


def test_shapes_list_exactly_the_plover_concepts() -> None:
    g = shapes_graph()
    listed: set[URIRef] = set()
    for values in g.objects(None, SH["in"]):
        items = list(g.items(values))
        if items and all(isinstance(item, URIRef) for item in items):
            listed.update(items)  # type: ignore[arg-type]
    assert listed == {PL[code] for code in PLOVER_TYPES}


# --- shapes.ttl ---------------------------------------------------------------------------


def test_shapes_graph_is_valid_shacl() -> None:
    conforms, _, report = validate(Graph(), shacl_graph=shapes_graph(), meta_shacl=True)
    assert conforms, report


def _seed_like_graph() -> Graph:
    """A small graph in the shape the graph writer produces for the seed document."""
    ex = Namespace("https://w3id.org/kgir/id/")
    g = Graph()
    doc, mention = ex["doc/seed"], ex["mention/seed-1"]
    g.add((doc, RDF.type, KG.Document))
    g.add((doc, KG.sha256, Literal("0" * 64)))
    g.add((doc, DCTERMS.date, Literal("2021-01-29", datatype=XSD.date)))
    g.add((mention, RDF.type, KG.Mention))
    g.add((mention, KG.text, Literal("Cambodia thanked Australia for its grant.")))
    g.add((mention, NIF.beginIndex, Literal(10, datatype=XSD.integer)))
    g.add((mention, NIF.endIndex, Literal(51, datatype=XSD.integer)))
    g.add((mention, KG.inDocument, doc))
    g.add((mention, KG.extractor, Literal("thank-rule")))
    for key, cls, label, iso in (
        ("country/cambodia", KG.Country, "Cambodia", "KH"),
        ("country/australia", KG.Country, "Australia", "AU"),
    ):
        g.add((ex[key], RDF.type, cls))
        g.add((ex[key], RDF.type, KG.Agent))
        g.add((ex[key], RDFS.label, Literal(label)))
        g.add((ex[key], KG.iso3166, Literal(iso)))
    person, ministry = ex["person/kin-phea"], ex["organization/iri"]
    g.add((person, RDF.type, KG.Person))
    g.add((person, RDF.type, KG.Agent))
    g.add((person, RDFS.label, Literal("Kin Phea")))
    g.add((ministry, RDF.type, KG.GovernmentBody))
    g.add((ministry, RDF.type, KG.Agent))
    g.add((ministry, RDFS.label, Literal("International Relations Institute")))
    position = ex["position/kin-phea-iri"]
    g.add((position, RDF.type, KG.Position))
    g.add((position, KG.holder, person))
    g.add((position, KG.organization, ministry))
    g.add((position, KG.title, Literal("director")))
    g.add((position, PROV.wasDerivedFrom, mention))
    summit = ex["event/13th-asem-summit"]
    g.add((summit, RDF.type, KG.Summit))
    g.add((summit, RDFS.label, Literal("13th ASEM Summit")))
    hosting = ex["hosting/cambodia-asem13"]
    g.add((hosting, RDF.type, KG.Hosting))
    g.add((hosting, KG.holder, ex["country/cambodia"]))
    g.add((hosting, KG.about, summit))
    g.add((hosting, PROV.wasDerivedFrom, mention))
    amount = ex["amount/seed-1"]
    g.add((amount, RDF.type, KG.MonetaryAmount))
    g.add((amount, SCHEMA.value, Literal("28000000", datatype=XSD.decimal)))
    g.add((amount, SCHEMA.currency, Literal("USD")))
    event = ex["event/seed-thanks"]
    g.add((event, RDF.type, KG.Event))
    g.add((event, KG.eventType, PL.SUPPORT))
    g.add((event, KG.actor, ex["country/cambodia"]))
    g.add((event, KG.target, ex["country/australia"]))
    g.add((event, KG.about, amount))
    g.add((event, KG.amount, amount))
    g.add((event, KG.trigger, Literal("thanked")))
    g.add((event, KG.modality, Literal("asserted")))
    g.add((event, KG.date, Literal("--01-28", datatype=XSD.gMonthDay)))
    g.add((event, PROV.wasDerivedFrom, mention))
    quotation = ex["quotation/seed-1"]
    g.add((quotation, RDF.type, KG.Quotation))
    g.add((quotation, KG.speaker, person))
    g.add((quotation, KG.text, Literal("Australia is a good friend.")))
    g.add((quotation, PROV.wasDerivedFrom, mention))
    return g


def test_seed_like_graph_conforms() -> None:
    conforms, _, report = validate(_seed_like_graph(), shacl_graph=shapes_graph())
    assert conforms, report


def test_seed_like_graph_conforms_with_rdfs_inference() -> None:
    conforms, _, report = validate(
        _seed_like_graph(), shacl_graph=shapes_graph(), ont_graph=kg_graph(), inference="rdfs"
    )
    assert conforms, report


def _violations(graph: Graph) -> set[URIRef]:
    conforms, results, _ = validate(graph, shacl_graph=shapes_graph())
    assert not conforms
    return set(results.objects(None, SH.resultPath))  # type: ignore[arg-type]


def test_shapes_reject_broken_data() -> None:
    ex = Namespace("https://w3id.org/kgir/id/")
    cases = [
        ((ex["event/seed-thanks"], KG.eventType, PL.PRAISE), KG.eventType),
        ((ex["event/seed-thanks"], KG.modality, Literal("rumoured")), KG.modality),
        ((ex["event/seed-thanks"], KG.date, Literal("January 28")), KG.date),
        ((ex["country/cambodia"], RDFS.label, Literal("Kingdom of Cambodia")), RDFS.label),
        ((ex["country/cambodia"], KG.iso3166, Literal("KHM")), KG.iso3166),
        ((ex["doc/seed"], KG.sha256, Literal("abc")), KG.sha256),
        ((ex["amount/seed-1"], SCHEMA.currency, Literal("dollars")), SCHEMA.currency),
        ((ex["event/seed-thanks"], KG.target, ex["amount/seed-1"]), KG.target),
        ((ex["event/13th-asem-summit"], RDFS.label, Literal("ASEM13")), RDFS.label),
    ]  # fmt: skip
    for triple, path in cases:
        g = _seed_like_graph()
        g.add(triple)
        assert path in _violations(g), triple


def test_shapes_require_provenance_and_offsets() -> None:
    ex = Namespace("https://w3id.org/kgir/id/")
    g = _seed_like_graph()
    g.remove((ex["event/seed-thanks"], PROV.wasDerivedFrom, None))
    g.remove((ex["mention/seed-1"], NIF.endIndex, None))
    g.set((ex["mention/seed-1"], NIF.beginIndex, Literal(-3)))  # offsets are never negative
    found = _violations(g)
    assert {PROV.wasDerivedFrom, NIF.endIndex, NIF.beginIndex} <= found


# --- gazetteers ---------------------------------------------------------------------------


def test_countries_have_the_expected_columns() -> None:
    with (GAZETTEER / "countries.csv").open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == ["iso2", "iso3", "label", "aliases", "demonyms", "capitals"]
    for row in countries():
        assert len(row["iso2"]) == 2 and row["iso2"].isupper(), row
        assert len(row["iso3"]) == 3 and row["iso3"].isupper(), row
        assert row["label"], row


def test_country_codes_are_unique() -> None:
    for column in ("iso2", "iso3"):
        counts = Counter(row[column] for row in countries())
        assert [code for code, n in counts.items() if n > 1] == [], column


def test_country_names_are_unambiguous() -> None:
    owner: dict[str, str] = {}
    for row in countries():
        for form in [row["label"], *_split(row["aliases"]), *_split(row["demonyms"])]:
            key = form.casefold()
            assert owner.setdefault(key, row["iso2"]) == row["iso2"], (form, owner[key])


def test_countries_cover_the_un_members_and_drop_non_states() -> None:
    rows = countries()
    assert len(rows) >= 193
    labels = {row["label"] for row in rows}
    assert "United Nations" not in labels and "European Union" not in labels
    forms = {f.casefold() for row in rows for f in _split(row["aliases"]) + _split(row["demonyms"])}
    for territory in ("guam", "bermuda", "scotland", "greenland", "puerto rico", "aruba"):
        assert territory not in forms


def test_cambodia_row() -> None:
    row = next(row for row in countries() if row["iso2"] == "KH")
    assert row["iso3"] == "KHM"
    assert row["label"] == "Cambodia"
    assert "Cambodian" in _split(row["demonyms"])
    assert "Kingdom of Cambodia" in _split(row["aliases"])
    assert "Phnom Penh" in _split(row["capitals"])


def test_organizations_are_well_formed() -> None:
    classes = {str(c).removeprefix(str(KG)) for c in _owl_classes()}
    for entry in organizations():
        keys = {"label", "aliases", "types", "slug", "wikidata", "metonyms", "members", "parent"}
        assert set(entry) <= keys, entry
        # A bare NO (Norway) would come back as False
        assert all(isinstance(m, str) for m in entry.get("members", ())), entry
        assert isinstance(entry["label"], str) and entry["label"], entry
        assert all(isinstance(alias, str) and alias for alias in entry["aliases"]), entry
        assert entry["types"] and set(entry["types"]) <= classes, entry
        assert entry["slug"] == entry["slug"].lower() and " " not in entry["slug"], entry
        if "wikidata" in entry:
            assert str(entry["wikidata"]).startswith("Q"), entry


def test_organization_slugs_are_unique() -> None:
    counts = Counter(entry["slug"] for entry in organizations())
    assert [slug for slug, n in counts.items() if n > 1] == []


def test_organization_names_are_unambiguous() -> None:
    owner: dict[str, str] = {}
    for row in countries():
        for form in [row["label"], *_split(row["aliases"]), *_split(row["demonyms"])]:
            owner[form.casefold()] = "country/" + row["iso2"]
    org_owner: dict[str, str] = {}
    for entry in organizations():
        for form in [entry["label"], *entry["aliases"]]:
            key = form.casefold()
            assert key not in owner, (form, owner[key])
            assert org_owner.setdefault(key, entry["slug"]) == entry["slug"], (form, org_owner[key])


def test_organizations_cover_the_seed_and_known_ids() -> None:
    by_slug = {entry["slug"]: entry for entry in organizations()}
    for slug in ("un", "who", "asean", "asem", "mekong-australia-programme", "rcep", "world-bank"):
        assert slug in by_slug, slug
    assert by_slug["un"]["wikidata"] == "Q1065"
    assert by_slug["who"]["wikidata"] == "Q7817"
    assert by_slug["asean"]["types"][0] in {"Framework", "Forum"}
    assert "Mekong-Australia Partnership" in by_slug["mekong-australia-programme"]["aliases"]


def test_grouping_members_are_known_states_and_bodies() -> None:
    gazetteer = load_gazetteer()
    asean = gazetteer.entries["framework/asean"]
    assert {"country/cambodia", "country/timor-leste"} <= asean.members
    assert "country/china" not in asean.members
    assert "organization/eu" in gazetteer.entries["framework/g20"].members
    assert "country/norway" in gazetteer.entries["organization/nato"].members


def test_an_unknown_member_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "gazetteer"
    shutil.copytree(GAZETTEER, folder)
    listing = folder / "organizations.yaml"
    listing.write_text(
        listing.read_text(encoding="utf-8").replace('"NO"', "NO", 1), encoding="utf-8"
    )
    with pytest.raises(GazetteerError, match=r"North Atlantic Treaty Organization.*False"):
        load_gazetteer(folder)


def test_parents_are_entry_keys() -> None:
    gazetteer = load_gazetteer()
    assert gazetteer.entries["organization/undp"].parent == "organization/un"
    assert gazetteer.entries["organization/eeas"].parent == "organization/eu"
