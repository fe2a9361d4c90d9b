"""Evidence strength on the pages: each stance chip says how it is attributed, the matrix can
count on-the-record positions only, filter by stance and fold away parties with no record, and
/methodology/ defines every stance and attribution from the same words the chips use."""

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from tests.conftest import (
    make_excerpt,
    make_party,
    make_position,
    make_provision,
    make_source,
    scoped_url,
)
from tracker.models import Attribution, Stance
from tracker.models.positions import ATTRIBUTION_DEFINITIONS, STANCE_DEFINITIONS

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    """Ruritania opposed the mandate on the record, then an anonymous official said it supports
    it; Oslandia's only word is a media report; Freedonia, a permanent member, said nothing."""
    mandate = make_provision(slug="mandate", title="The mandate")
    aid = make_provision(slug="aid", title="Aid")
    rur = make_party(code="RUR", name="Ruritania", kind="state")
    osl = make_party(code="OSL", name="Oslandia", kind="state")
    fre = make_party(code="FRE", name="Freedonia", kind="permanent-member")
    usa = make_party(code="UST", name="Usonia", kind="permanent-member")
    excerpt = make_excerpt(make_source(title="Diary"))
    make_position(
        rur,
        mandate,
        excerpt,
        stance="opposes",
        summary="Ruritania opposed it.",
        stated_on=datetime.date(2025, 11, 1),
    )
    make_position(
        rur,
        mandate,
        excerpt,
        stance="supports",
        attribution="anonymous-official",
        summary="An official says Ruritania came round.",
        stated_on=datetime.date(2025, 11, 6),
    )
    make_position(osl, aid, excerpt, stance="mixed", attribution="media-report")
    make_position(usa, aid, excerpt, stance="supports")
    return {"mandate": mandate, "aid": aid, "rur": rur, "osl": osl, "fre": fre}


def cell(html, code, slug):
    start = html.index(f'id="cell-{code}-{slug}"')
    return html[start : html.index("</a>", start)]


def test_each_chip_says_how_it_is_attributed_in_words_and_a_mark(client, world):
    html = client.get(scoped_url("matrix")).text
    chip = cell(html, "RUR", "mandate")
    assert "Supports" in chip and "(anonymous official)" in chip
    assert 'class="evidence-mark" aria-hidden="true">○' in chip
    assert "evidence-anonymous-official" in chip
    # The cell names them; the legend defines each once, from the definitions the methodology
    # page shows, rather than a title in each of the matrix's cells.
    definition = escape(STANCE_DEFINITIONS[Stance.SUPPORTS])
    assert "title=" not in chip and definition not in chip
    assert html.count(definition) == 1
    assert html.count(escape(ATTRIBUTION_DEFINITIONS[Attribution.ANONYMOUS_OFFICIAL])) == 1
    assert "(media report)" in cell(html, "OSL", "aid")
    # The legend links each stance and attribution to its definition.
    assert 'href="/methodology/#stance-seeks-amendment"' in html
    assert 'href="/methodology/#attribution-third-party-claim"' in html


def test_a_position_card_links_its_attribution_to_the_methodology(client, world):
    html = client.get(reverse("tracker:provision", args=["mandate"])).text
    assert 'href="/methodology/#attribution-anonymous-official"' in html
    assert "Anonymous official</span></a>" in html


def test_on_the_record_only_counts_the_latest_statement_on_the_record(client, world):
    html = client.get(scoped_url("matrix") + "?evidence=on-record&empty=show").text
    chip = cell(html, "RUR", "mandate")
    assert "Opposes" in chip and "(on the record)" in chip
    assert "Oslandia on Aid: no recorded stance" in html
    assert "Counting positions stated" in html
    # The cells carry the filter to their evidence.
    assert "/matrix/cell/RUR/mandate/?evidence=on-record&amp;empty=show" in html


def test_a_stance_filter_keeps_the_parties_with_that_stance(client, world):
    html = client.get(scoped_url("matrix") + "?stance=mixed").text
    assert 'id="row-OSL"' in html
    assert 'id="row-RUR"' not in html and 'id="row-UST"' not in html
    assert "Only parties with at least one stance: Mixed" in html
    # Without JavaScript too: the stance boxes are in the form, ticked.
    assert 'name="stance" value="mixed"' in html


def test_parties_with_no_record_fold_away_until_asked_for(client, world):
    html = client.get(scoped_url("matrix")).text
    assert 'id="row-FRE"' not in html
    assert "1 party with no recorded stance in this view is folded away (Freedonia)" in html
    assert "?empty=show" in html
    shown = client.get(scoped_url("matrix") + "?empty=show").text
    assert 'id="row-FRE"' in shown and "Fold them away" in shown


def test_permanent_members_are_marked_as_holding_a_veto(client, world):
    html = client.get(scoped_url("matrix")).text
    row = html[html.index('id="row-UST"') : html.index("</tr>", html.index('id="row-UST"'))]
    assert "permanent member, holds a veto" in row
    ruritania = html[html.index('id="row-RUR"') : html.index("</tr>", html.index('id="row-RUR"'))]
    assert "veto" not in ruritania


def test_a_bad_stance_or_evidence_filter_is_a_clear_400(client, world):
    response = client.get(scoped_url("matrix") + "?stance=maybe")
    assert response.status_code == 400 and "maybe is not a stance" in response.text
    response = client.get(scoped_url("matrix") + "?evidence=rumour")
    assert response.status_code == 400


def test_the_methodology_defines_every_stance_and_attribution(client, world):
    response = client.get(reverse("tracker:methodology"))
    assert response.status_code == 200
    html = response.text.replace("&#x27;", "'").replace("&quot;", '"')
    for stance in Stance:
        assert f'id="stance-{stance.value}"' in html
        assert STANCE_DEFINITIONS[stance] in html
    for kind in Attribution:
        assert f'id="attribution-{kind.value}"' in html
        assert ATTRIBUTION_DEFINITIONS[kind] in html
    for words in ("current", "as of", "order not known", "never states a position"):
        assert words in html
    # Every page's footer links it.
    assert 'href="/methodology/"' in client.get(scoped_url("overview")).text
