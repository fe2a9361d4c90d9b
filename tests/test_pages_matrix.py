"""The matrix page and its cells' evidence: MatrixFilters over the query string, as-of replay,
htmx fragments, and clear 400s for bad filters."""

import datetime

import pytest
from django.urls import reverse

from tests.conftest import (
    make_excerpt,
    make_party,
    make_position,
    make_provision,
    make_source,
    scoped_url,
)
from tracker.models import ReviewStatus


@pytest.fixture
def negotiation(db):
    """Ruritania opposed, then supported, the mandate; Freedonia's view is undated."""
    mandate = make_provision(slug="mandate", title="The mandate", category="security")
    aid = make_provision(slug="aid", title="Aid", category="humanitarian")
    rur = make_party(code="RUR", name="Ruritania", kind="state")
    fre = make_party(code="FRE", name="Freedonia", kind="permanent-member")
    group = make_party(code="the-group", name="The Group", kind="bloc")
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
        summary="Ruritania came round.",
        stated_on=datetime.date(2025, 11, 6),
    )
    make_position(fre, aid, excerpt, stance="conditional", summary="Freedonia has conditions.")
    make_position(
        group,
        aid,
        excerpt,
        stance="mixed",
        summary="Not yet public.",
        status=ReviewStatus.PENDING,
    )
    return {"mandate": mandate, "aid": aid, "rur": rur, "fre": fre, "group": group}


def cell_html(html, code, slug):
    start = html.index(f'id="cell-{code}-{slug}"')
    return html[start : html.index("</a>", start)]


def test_the_matrix_groups_parties_by_kind_with_labelled_chips(client, negotiation):
    response = client.get(scoped_url("matrix"))
    assert response.status_code == 200
    html = response.text
    assert html.index("Permanent Council member") < html.index("Other state")
    assert html.index("Other state") < html.index("Bloc or group")
    cell = cell_html(html, "RUR", "mandate")
    assert 'class="stance stance-supports evidence evidence-on-record"' in cell
    assert '<span class="stance-word">Supports</span>' in cell
    assert '<span class="visually-hidden"> (on the record)</span>' in cell
    assert "Conditional" in cell_html(html, "FRE", "aid")
    assert "cell-the-group-aid" not in html  # its only position is not published
    assert "Ruritania on Aid: no recorded stance" in html
    assert 'aria-controls="evidence-panel"' in html
    assert "{% block matrix_exports %}" not in html


def test_filters_live_in_the_url_and_travel_with_the_cell_links(client, negotiation):
    html = client.get(scoped_url("matrix") + "?kind=state&category=security").text
    assert "Ruritania" in html and "Freedonia</a>" not in html
    assert ">Aid</a>" not in html
    assert (
        'href="/matrix/cell/RUR/mandate/?kind=state&amp;category=security#cell-RUR-mandate"' in html
    )
    assert 'value="state" id="id_kind_2" checked' in html
    # The date's help text is tied to its input.
    assert 'aria-describedby="id_as_of_helptext"' in html
    assert 'id="id_as_of_helptext"' in html


def test_as_of_replays_the_matrix_as_it_stood(client, negotiation):
    html = client.get(scoped_url("matrix") + "?as_of=2025-11-03").text
    assert "Opposes" in cell_html(html, "RUR", "mandate")
    assert "cell-FRE-aid" not in html  # undated: nothing says it had been stated by then
    assert "1 position has no known date and is left out" in html
    assert "as of 3 Nov 2025" in html
    # The days with dated positions are offered for replay.
    assert f'href="{scoped_url("matrix")}?as_of=2025-11-01"' in html
    assert f'href="{scoped_url("matrix")}?as_of=2025-11-06"' in html


@pytest.mark.parametrize(
    "query, message",
    [
        ("as_of=2025-13-45", "Give the “as of” date as YYYY-MM-DD"),
        ("as_of=yesterday", "Give the “as of” date as YYYY-MM-DD"),
        ("as_of=2999-01-01", "cannot be in the future"),
        ("kind=planet", "planet is not a party kind"),
        ("category=weather", "weather is not a provision category"),
        ("party=ZZZ", "There is no party with code ZZZ"),
    ],
)
def test_bad_filters_are_a_clear_400(client, negotiation, query, message):
    response = client.get(scoped_url("matrix") + "?" + query)
    assert response.status_code == 400
    assert "These filters cannot be used" in response.text
    assert message in response.text
    htmx = client.get(scoped_url("matrix") + "?" + query, headers={"HX-Request": "true"})
    assert htmx.status_code == 400
    assert message in htmx.text and "<html" not in htmx.text
    cell = client.get(reverse("tracker:matrix-cell", args=["RUR", "mandate"]) + "?" + query)
    assert cell.status_code == 400 and message in cell.text


def test_htmx_gets_only_the_matrix_region(client, negotiation):
    response = client.get(scoped_url("matrix") + "?kind=state", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="matrix-region"')
    assert "<html" not in response.text and "<h1>" not in response.text
    assert "HX-Request" in response["Vary"]  # a cache keeps the fragment apart from the page


@pytest.mark.parametrize("htmx", [False, True])
def test_each_kinds_rows_are_put_under_its_heading_and_no_mark_is_left(client, negotiation, htmx):
    """The rows are put into the rendered page as bytes where the template marks them."""
    headers = {"HX-Request": "true"} if htmx else {}
    html = client.get(scoped_url("matrix") + "?empty=show", headers=headers).text
    assert "<!--" not in html[html.index('<table class="matrix"') : html.index("</table>")]
    order = [
        html.index(">Permanent Council member<"),
        html.index('id="row-FRE"'),
        html.index(">Other state<"),
        html.index('id="row-RUR"'),
        html.index(">Bloc or group<"),
        html.index('id="row-the-group"'),
        html.index("</table>"),
    ]
    assert order == sorted(order)


def test_a_cell_opens_its_evidence_newest_first(client, negotiation):
    url = reverse("tracker:matrix-cell", args=["RUR", "mandate"])
    response = client.get(url)
    assert response.status_code == 200
    html = response.text
    assert "<title>Ruritania on The mandate · Position matrix" in html
    # The evidence is in the panel beside the grid, where the cell's link points.
    evidence = html[html.index('<aside id="evidence-panel"') :]
    assert evidence.index("Ruritania came round.") < evidence.index("Ruritania opposed it.")
    assert 'aria-current="true"' in cell_html(html, "RUR", "mandate")
    assert "<h1>Position matrix</h1>" in html


def test_a_cell_to_htmx_is_its_evidence_panel_only(client, negotiation):
    url = reverse("tracker:matrix-cell", args=["RUR", "mandate"]) + "?as_of=2025-11-03"
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.text.strip()
    assert html.strip().startswith('<aside id="evidence-panel"') and html.strip().endswith(
        "</aside>"
    )
    assert "Ruritania opposed it." in html
    assert "Ruritania came round." not in html  # stated after the day being replayed
    assert 'hx-select="#evidence-panel"' in html  # the close link


def test_a_cell_whose_row_is_filtered_out_still_shows_its_evidence(client, negotiation):
    url = reverse("tracker:matrix-cell", args=["RUR", "mandate"]) + "?kind=bloc"
    html = client.get(url).text
    assert "Ruritania came round." in html
    assert 'class="evidence-panel is-open"' in html


def test_unknown_party_or_provision_in_a_cell_is_404(client, negotiation):
    assert client.get(reverse("tracker:matrix-cell", args=["ZZZ", "mandate"])).status_code == 404
    assert client.get(reverse("tracker:matrix-cell", args=["RUR", "nothing"])).status_code == 404


def test_export_links_carry_the_current_filters(client, seeded_db, db):
    response = client.get("/matrix/", {"as_of": "2025-11-05", "kind": "state"}, follow=True)
    query = "negotiation=us-draft-gaza-2025&amp;as_of=2025-11-05&amp;kind=state"
    for name in ("matrix.csv", "matrix.json", "positions.csv", "positions.json"):
        assert f'href="/export/{name}?{query}"' in response.text
