"""Follow-ups made from the visit they came from: preset form, visit page, list, export."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from foretagsklimat.apps.workspace.models import AuditEntry, FollowUp, Visit

from .conftest import Cast

pytestmark = pytest.mark.django_db


def _held_visit(cast: Cast, day: str = "2026-03-14", *, gavle: bool = False) -> Visit:
    company = cast.gavle_company if gavle else cast.company
    visit = Visit(
        municipality=company.municipality,
        company=company,
        planned_for=day,
        officer=cast.gavle_admin if gavle else cast.sandviken_editor,
    )
    visit.mark_held(date.fromisoformat(day))
    visit.save()
    return visit


def _create_url(visit: Visit, code: str = "2181") -> str:
    return reverse("workspace:followup_create", args=[code]) + f"?besok={visit.pk}"


def test_the_form_from_a_visit_presets_the_company_and_the_source(cast: Cast) -> None:
    visit = _held_visit(cast)
    page = cast.client(cast.sandviken_editor).get(_create_url(visit)).content.decode()
    assert 'data-testid="followup-visit"' in page
    assert "Sandvikens Testverkstad AB 2026-03-14" in page
    assert 'name="company"' not in page  # the visit's company, not a choice
    assert 'value="Besök 2026-03-14"' in page


@time_machine.travel("2026-03-14 15:00 +01:00", tick=False)
def test_a_follow_up_made_from_a_visit_points_at_it_and_shows_on_the_visit_page(
    cast: Cast,
) -> None:
    visit = _held_visit(cast)
    client = cast.client(cast.sandviken_editor)
    response = client.post(
        _create_url(visit),
        {
            "title": "Skicka ritningar",
            "owner": cast.sandviken_editor.pk,
            "due_on": "2026-03-28",
            "source": "",
        },
    )
    assert response["Location"] == reverse("workspace:visit", args=["2181", visit.pk])
    follow_up = FollowUp.objects.get()
    assert (follow_up.visit, follow_up.company) == (visit, cast.company)
    assert follow_up.source == "Besök 2026-03-14"  # left empty: filled from the visit
    entry = AuditEntry.objects.get(action="workspace.followup.created")
    assert entry.changes["visit"] == [None, visit.pk]
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="visit-follow-ups"' in page and "Skicka ritningar" in page


def test_a_source_written_by_the_user_is_kept(cast: Cast) -> None:
    visit = _held_visit(cast)
    cast.client(cast.sandviken_editor).post(
        _create_url(visit),
        {
            "title": "Ring",
            "owner": cast.sandviken_editor.pk,
            "due_on": "2026-03-28",
            "source": "Frukostmöte efter besöket",
        },
    )
    assert FollowUp.objects.get().source == "Frukostmöte efter besöket"


def test_a_posted_company_cannot_override_the_visits_company(cast: Cast) -> None:
    from foretagsklimat.apps.workspace.models import Company

    other = Company.objects.create(municipality_id="2181", orgnr="5565475489", name="Annat AB")
    visit = _held_visit(cast)
    cast.client(cast.sandviken_editor).post(
        _create_url(visit),
        {
            "company": other.orgnr,
            "title": "Ring",
            "owner": cast.sandviken_editor.pk,
            "due_on": "2026-03-28",
        },
    )
    assert FollowUp.objects.get().company == cast.company


def test_another_municipalitys_visit_is_404_and_a_viewer_gets_403(cast: Cast) -> None:
    gavle_visit = _held_visit(cast, gavle=True)
    editor = cast.client(cast.sandviken_editor)
    assert editor.get(_create_url(gavle_visit)).status_code == 404
    post = {"title": "x", "owner": cast.sandviken_editor.pk, "due_on": "2026-03-28"}
    assert editor.post(_create_url(gavle_visit), post).status_code == 404
    own_visit = _held_visit(cast)
    assert cast.client(cast.sandviken_viewer).get(_create_url(own_visit)).status_code == 403
    assert not FollowUp.objects.exists()


def test_only_editors_see_the_add_button_on_the_visit_page(cast: Cast) -> None:
    visit = _held_visit(cast)
    url = reverse("workspace:visit", args=["2181", visit.pk])
    button = f"?besok={visit.pk}"
    assert button in cast.client(cast.sandviken_editor).get(url).content.decode()
    viewer_page = cast.client(cast.sandviken_viewer).get(url).content.decode()
    assert button not in viewer_page
    assert "Inga uppföljningar från besöket." in viewer_page


@time_machine.travel("2026-04-01 09:00 +02:00", tick=False)
def test_the_list_and_its_export_show_the_visit_date(cast: Cast) -> None:
    visit = _held_visit(cast)
    FollowUp.objects.create(
        municipality_id="2181",
        company=cast.company,
        visit=visit,
        title="Från besöket",
        owner=cast.sandviken_editor,
        due_on=date(2026, 4, 10),
    )
    FollowUp.objects.create(
        municipality_id="2181",
        company=cast.company,
        title="Utan besök",
        owner=cast.sandviken_editor,
        due_on=date(2026, 4, 11),
    )
    client = cast.client(cast.sandviken_viewer)
    page = client.get(reverse("workspace:followups", args=["2181"])).content.decode()
    assert reverse("workspace:visit", args=["2181", visit.pk]) in page
    response = client.get(reverse("workspace:followups", args=["2181"]) + "?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["uppfoljningar"]
    rows = list(sheet.values)
    column = rows[0].index("Besök")
    by_title = {row[0]: row[column] for row in rows[1:]}
    assert str(by_title["Från besöket"]).startswith("2026-03-14")
    assert by_title["Utan besök"] is None


def test_a_follow_up_outlives_its_visit(cast: Cast) -> None:
    visit = _held_visit(cast)
    follow_up = FollowUp.objects.create(
        municipality_id="2181",
        company=cast.company,
        visit=visit,
        title="Kvar",
        due_on=date(2026, 4, 1),
    )
    visit.delete()
    follow_up.refresh_from_db()
    assert follow_up.visit is None


def test_the_list_shows_a_source_only_when_it_says_more_than_the_visit(cast: Cast) -> None:
    visit = _held_visit(cast)
    for title, source in (("Ett", "Besök 2026-03-14"), ("Två", "Frukostmöte")):
        FollowUp.objects.create(
            municipality_id="2181",
            company=cast.company,
            visit=visit,
            title=title,
            source=source,
            due_on=date(2026, 4, 1),
        )
    page = (
        cast.client(cast.sandviken_viewer)
        .get(reverse("workspace:followups", args=["2181"]))
        .content.decode()
    )
    assert page.count("Besök 2026-03-14") == 2  # the two links, not the first's source
    assert "<small>Frukostmöte</small>" in page


def test_marking_done_returns_to_the_view_it_was_pressed_in(cast: Cast) -> None:
    follow_up = FollowUp.objects.create(
        municipality_id="2181",
        company=cast.company,
        title="Ring",
        owner=cast.sandviken_editor,
        due_on=date(2026, 4, 1),
    )
    url = reverse("workspace:followup_done", args=["2181", follow_up.pk])
    response = cast.client(cast.sandviken_editor).post(url, {"visa": "mina"})
    assert response["Location"] == reverse("workspace:followups", args=["2181"]) + "?visa=mina"


def test_the_company_page_links_a_follow_up_to_its_visit(cast: Cast) -> None:
    visit = _held_visit(cast)
    FollowUp.objects.create(
        municipality_id="2181",
        company=cast.company,
        visit=visit,
        title="Skicka ritningar",
        due_on=date(2026, 4, 1),
    )
    page = (
        cast.client(cast.sandviken_viewer)
        .get(reverse("workspace:company", args=["2181", cast.company.pk]))
        .content.decode()
    )
    assert reverse("workspace:visit", args=["2181", visit.pk]) + '">från besöket' in page
