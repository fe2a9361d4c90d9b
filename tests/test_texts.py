"""The negotiation as a sequence of texts (tracker/recording/texts.py, tracker/reading/wording.py and the
pages in tracker/views/texts.py): versions split into paragraphs that keep their identity when
renumbered, diffs, positions that may refer to earlier wording, re-anchored excerpts and the
orphans a new text leaves, the crosswalk, Akoma Ntoso and drafts.json. Every text here is made up
(tests/made_up_resolutions.py)."""

import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import (
    make_excerpt,
    make_position,
    make_source,
    scoped_url,
)
from tests.made_up_resolutions import REVISION_2
from tracker import recording
from tracker.models import Excerpt, Paragraph, Position, Presence, WordingChange
from tracker.recording import texts
from tracker.text.akn import akn_errors

pytestmark = pytest.mark.django_db

DAY_1, DAY_2 = datetime.date(2025, 10, 1), datetime.date(2025, 10, 10)


def revise(veloria):
    return texts.record_version(
        veloria["draft"],
        label="Revised draft",
        status="circulated",
        provenance="official-text",
        circulated_on=DAY_2,
        symbol="S/2099/1/Rev.1",
        text=REVISION_2,
        citations=[veloria["citation"]],
    )


def paragraph(version, eid):
    return version.paragraphs.get(eid=eid)


# --- Paragraphs and their identity ----------------------------------------------------------


def test_a_text_is_split_into_numbered_paragraphs_with_eids_and_provisions(veloria):
    first = veloria["first"]
    eids = list(first.paragraphs.order_by("order").values_list("eid", flat=True))
    assert eids[:2] == ["preamble__container_1", "preamble__container_2"]
    assert "para_2__list_1__point_a" in eids and "para_6" in eids
    keeper = paragraph(first, "para_3")
    assert keeper.text.startswith("Authorizes a temporary keeper service")
    assert first.text[keeper.start : keeper.end] == keeper.text
    assert keeper.name == "OP3" and keeper.label == "3."
    # The linker proposes what each paragraph carries.
    assert [p.slug for p in keeper.provisions.all()] == ["keepers"]
    assert first.text_source.title == "Lamps draft: First draft (S/2099/1)"


def test_a_renumbered_paragraph_keeps_its_identity_and_its_provisions(veloria):
    second = revise(veloria)
    old, new = paragraph(veloria["first"], "para_3"), paragraph(second, "para_4")
    assert new.text == old.text and new.lineage == old.lineage
    assert new.paragraphprovision_set.get().mapping == "carried"
    # An edited paragraph is still the same paragraph; a new one has a new identity.
    report_old, report_new = paragraph(veloria["first"], "para_4"), paragraph(second, "para_5")
    assert report_new.lineage == report_old.lineage
    welcomes = paragraph(second, "para_3")
    assert not Paragraph.objects.filter(version=veloria["first"], lineage=welcomes.lineage).exists()


def test_an_editor_can_correct_which_paragraph_is_which(veloria):
    second = revise(veloria)
    welcomes = paragraph(second, "para_3")
    funding = paragraph(veloria["first"], "para_5")
    texts.set_lineage(welcomes, funding, by=None)
    welcomes.refresh_from_db()
    assert welcomes.lineage == funding.lineage and welcomes.lineage_by_editor
    with pytest.raises(recording.Refused):
        texts.set_lineage(funding, welcomes, by=None)  # a later version's paragraph


# --- What changed -----------------------------------------------------------------------------


def test_wording_changes_are_worked_out_from_the_texts(veloria):
    second = revise(veloria)
    changed = set(
        WordingChange.objects.filter(version=second).values_list("provision__slug", flat=True)
    )
    # The report paragraph's words changed; the funding paragraph is gone; the keeper
    # paragraph only moved.
    assert changed == {"reporting", "funding"}


def test_the_diff_page_side_by_side_and_inline(client, veloria):
    revise(veloria)
    url = reverse("tracker:compare", args=["veloria", "lamps"])
    html = client.get(url, {"from": 1, "to": 2}).text
    assert "What changed from First draft to Revised draft" in html
    assert "every <del>year</del>" in html
    assert "<ins>in writing </ins>every <ins>six months</ins>" in html
    assert "Welcomes the offer of neighbouring states" in html  # added
    assert "Calls on donors to fund the reserve of lamp oil" in html  # removed
    assert "OP3 → OP4" not in html  # side by side: each side names its own
    inline = client.get(url, {"from": 1, "to": 2, "view": "inline"}).text
    assert "OP3 → OP4" in inline
    assert "<ins>in writing </ins>every <del>year</del><ins>six months</ins>" in inline
    # Narrowed to one provision: only its paragraphs.
    narrowed = client.get(url, {"from": 1, "to": 2, "provision": "reporting"}).text
    assert "<ins>six months</ins>" in narrowed and "Welcomes the offer" not in narrowed
    bad = client.get(url, {"from": 2, "to": 1})
    assert bad.status_code == 400 and "the earlier one first" in bad.text


def test_reported_changes_show_where_the_texts_are_not_known(client, veloria):
    version = texts.record_version(
        veloria["draft"],
        label="Reported revision",
        status="circulated",
        provenance="reported-changes",
        circulated_on=DAY_2,
        citations=[veloria["citation"]],
    )
    texts.record_reported_change(
        version,
        provision=veloria["reporting"],
        kind="changed",
        description="Reportedly asks for reports every six months.",
        quoted_wording="every six months",
        citations=[veloria["citation"]],
    )
    html = client.get(
        reverse("tracker:compare", args=["veloria", "lamps"]), {"from": 1, "to": 2}
    ).text
    assert "Reportedly asks for reports every six months." in html
    assert 'href="https://example.org/veloria"' in html
    assert "In the texts" not in html
    with pytest.raises(recording.Refused):
        texts.record_reported_change(
            version,
            provision=veloria["reporting"],
            kind="changed",
            description="Without a source.",
            citations=[],
        )


# --- Positions about earlier wording ----------------------------------------------------------


def test_a_position_stated_before_a_change_may_refer_to_earlier_wording(client, veloria):
    source = make_source(text="Ruritania objected to yearly reports. Ruritania backs the keepers.")
    about_reports = make_position(
        veloria["sponsor"],
        veloria["reporting"],
        make_excerpt(source, quote="Ruritania objected to yearly reports."),
        stance="opposes",
        stated_on=datetime.date(2025, 10, 5),
    )
    about_keepers = make_position(
        veloria["sponsor"],
        veloria["keepers"],
        make_excerpt(source, quote="Ruritania backs the keepers."),
        stated_on=datetime.date(2025, 10, 5),
    )
    second = revise(veloria)
    about_reports.refresh_from_db(), about_keepers.refresh_from_db()
    assert about_reports.refers_to == veloria["first"] and about_reports.wording_changed
    assert about_keepers.refers_to == veloria["first"] and not about_keepers.wording_changed
    # A position stated after the revision refers to it.
    later = make_position(
        veloria["rival_sponsor"], veloria["reporting"], stated_on=datetime.date(2025, 10, 12)
    )
    texts.refresh_positions(veloria["negotiation"], positions=[later.pk])
    later.refresh_from_db()
    assert later.refers_to == second and not later.wording_changed
    # Every page says so: the provision page, the matrix cell, the export.
    page = client.get(reverse("tracker:provision", args=["reporting"])).text
    assert "May refer to earlier wording: this was said about the first draft" in page
    assert "Its wording in each version" in page and "Changed here" in page
    matrix = client.get(scoped_url("matrix", negotiation=veloria["negotiation"])).text
    cell = matrix[matrix.index('id="cell-RUR-reporting"') :]
    assert "(may refer to earlier wording)" in cell[: cell.index("</td>")]
    keepers = matrix[matrix.index('id="cell-RUR-keepers"') :]
    assert "earlier wording" not in keepers[: keepers.index("</td>")]
    response = client.get(reverse("tracker:export-positions-csv"), {"negotiation": "veloria"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    by_id = {int(row["position_id"]): row for row in rows}
    assert by_id[about_reports.pk]["refers_to_version"] == "lamps/1"
    assert by_id[about_reports.pk]["text_changed_since"] == "true"
    assert by_id[about_keepers.pk]["text_changed_since"] == "false"
    assert by_id[later.pk]["refers_to_version"] == "lamps/2"


def test_an_editor_may_name_the_version_a_statement_is_about(veloria):
    second = revise(veloria)
    position = make_position(
        veloria["sponsor"], veloria["reporting"], stated_on=datetime.date(2025, 10, 12)
    )
    position.about_version = veloria["first"]
    position.save()
    texts.refresh_positions(veloria["negotiation"])
    position.refresh_from_db()
    assert position.refers_to == veloria["first"] and position.wording_changed
    assert second != position.refers_to


# --- A new text under its excerpts ------------------------------------------------------------


def test_excerpts_are_re_anchored_and_what_is_lost_is_listed(client, veloria, editor):
    source = veloria["first"].text_source
    moved = make_excerpt(source, quote="Authorizes a temporary keeper service")
    changed = make_excerpt(
        source, quote="Requests the Secretary-General to report to the Council every year"
    )
    lost = make_excerpt(source, quote="Calls on donors to fund the reserve of lamp oil")
    citing = make_position(veloria["sponsor"], veloria["funding"], lost, stance="supports")
    second = revise(veloria)
    new_source = second.text_source
    assert new_source.revision_of == source
    carried = {e.carried_from_id: e for e in new_source.excerpts.filter(carried_from__isnull=False)}
    assert carried[moved.pk].exact == moved.exact and carried[moved.pk].start != moved.start
    assert carried[moved.pk].anchor_status in ("exact", "moved")
    assert carried[changed.pk].anchor_status == "changed"
    assert lost.pk not in carried
    # Nothing was dropped: the old text and its excerpts stand; the lost one is an orphan.
    assert Excerpt.objects.standing().filter(pk=lost.pk).exists()
    page = client.get(reverse("tracker:orphans")).text
    assert "Calls on donors to fund the reserve of lamp oil" in page
    assert str(citing) in page
    assert "Found with changed words (1)" in page


def test_an_article_updated_at_its_address_keeps_its_excerpts(veloria):
    article = make_source(
        text="Ruritania objected. Later it agreed.", url="https://example.org/a", title="A"
    )
    excerpt = make_excerpt(article, quote="Later it agreed.")
    newer = texts.record_revision(article, "Update: Ruritania objected. Later it agreed.", by=None)
    assert newer.url == article.url and newer.revision_of == article
    twin = newer.excerpts.get(carried_from=excerpt)
    assert twin.exact == "Later it agreed." and twin.start == excerpt.start + len("Update: ")
    with pytest.raises(recording.Refused):
        texts.record_revision(article, "Another text.", by=None)


# --- Crosswalk, Akoma Ntoso, drafts.json ----------------------------------------------------


def test_the_crosswalk_shows_counterparts_and_absences(client, veloria):
    rival = texts.record_draft(
        veloria["negotiation"],
        slug="rival",
        title="Rival draft",
        sponsor=veloria["rival_sponsor"],
        order=2,
    )
    texts.record_coverage(
        veloria["draft"],
        veloria["board"],
        presence=Presence.CARRIES,
        summary="A Board of Lamps.",
        citations=[veloria["citation"]],
    )
    texts.record_coverage(
        rival,
        veloria["board"],
        presence=Presence.ABSENT,
        summary="No board.",
        citations=[veloria["citation"]],
    )
    html = client.get(reverse("tracker:crosswalk", args=["veloria"])).text
    row = html[html.index("The Board of Lamps") :]
    row = row[: row.index("</tr>")]
    assert "A Board of Lamps." in row and '<span class="badge absent">Absent</span>' in row


def test_a_version_downloads_as_valid_akoma_ntoso(client, veloria):
    response = client.get(reverse("tracker:version-akn", args=["veloria", "lamps", 1]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/akn+xml")
    assert akn_errors(response.content) == []
    assert b'eId="para_2__list_1__point_a"' in response.content


def test_drafts_json_is_the_documented_contract(client, veloria):
    revise(veloria)
    document = json.loads(
        client.get(reverse("tracker:export-drafts-json"), {"negotiation": "veloria"}).content
    )
    draft = document["drafts"][0]
    assert draft["slug"] == "lamps" and draft["sponsor"] == "RUR"
    first, second = draft["versions"]
    assert first["symbol"] == "S/2099/1" and first["circulated_on"] == "2025-10-01"
    assert first["date_precision"] == "day" and first["provenance"] == "official-text"
    assert first["sources"][0]["url"] == "https://example.org/veloria"
    keeper_1 = next(p for p in first["paragraphs"] if p["eId"] == "para_3")
    keeper_2 = next(p for p in second["paragraphs"] if p["eId"] == "para_4")
    assert keeper_1["stable_id"] == keeper_2["stable_id"] and keeper_2["provisions"] == ["keepers"]
    bad = client.get(reverse("tracker:export-drafts-json"), {"negotiation": "nowhere"})
    assert bad.status_code == 400 and "There is no negotiation nowhere." in bad.text


# --- Pages, and their queries -----------------------------------------------------------------


def test_the_texts_pages_list_versions_with_dates_status_and_sources(client, veloria):
    revise(veloria)
    html = client.get(reverse("tracker:drafts", args=["veloria"])).text
    assert "Lamps draft" in html and "First draft" in html and "Revised draft" in html
    assert "S/2099/1" in html and "1 Oct 2025" in html and "Official text" in html
    assert 'href="https://example.org/veloria"' in html
    version = client.get(reverse("tracker:version", args=["veloria", "lamps", 2])).text
    assert 'id="para_4"' in version and "Akoma Ntoso XML" in version


@pytest.mark.parametrize(
    "name", ["drafts", "version", "compare", "provision"], ids=lambda name: name
)
def test_texts_pages_run_as_many_queries_for_two_versions_as_for_six(
    client, veloria, name, settings
):
    # The records' tokens are read once a request (a change here forgets them), however long a
    # request takes on a busy machine.
    settings.STAMP_FRESH_SECONDS = 3600

    def count():
        if name == "drafts":
            url = reverse("tracker:drafts", args=["veloria"])
        elif name == "version":
            url = reverse("tracker:version", args=["veloria", "lamps", 2])
        elif name == "compare":
            url = reverse("tracker:compare", args=["veloria", "lamps"]) + "?from=1&to=2"
        else:
            url = reverse("tracker:provision", args=["reporting"])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    revise(veloria)
    small = count()
    for day in range(4):
        texts.record_version(
            veloria["draft"],
            label=f"Revision {day + 2}",
            status="circulated",
            provenance="official-text",
            circulated_on=datetime.date(2025, 10, 11 + day),
            text=REVISION_2 + f"\n{7 + day}. Decides on lamp number {day}.\n",
            citations=[veloria["citation"]],
        )
    assert count() == small
    assert Position.objects.count() == 0
