"""A member's calendar feed: an iCalendar file of the member's own planned visits behind a
secret URL that can be renewed (the old one then 404s) and turned off."""

from __future__ import annotations

from datetime import date

import pytest
from icalendar import Calendar

from foretagsklimat.apps.workspace.models import AuditEntry, Membership, Visit

from .conftest import Cast

pytestmark = pytest.mark.django_db


def _visit(cast: Cast, officer: object, day: str, *, held: bool = False, gavle: bool = False):
    company = cast.gavle_company if gavle else cast.company
    visit = Visit(
        municipality=company.municipality,
        company=company,
        officer=officer,
        planned_for=day,
        purpose="Hemligt syfte",
        participants_company="Anna Testsson",
        notes="Privata anteckningar",
    )
    if held:
        visit.mark_held(date.fromisoformat(day))
    visit.save()
    return visit


def _feed_url(cast: Cast) -> str:
    client = cast.client(cast.sandviken_editor)
    assert client.post("/arbetsyta/2181/kalender/ny-lank/").status_code == 302
    token = Membership.objects.get(user=cast.sandviken_editor).calendar_token
    assert token and len(token) >= 40
    return f"/arbetsyta/kalender/{token}.ics"


def test_the_feed_lists_the_officers_own_planned_visits_only(cast: Cast) -> None:
    cast.company.address = "Storgatan 1"
    cast.company.postal_code = "81130"
    cast.company.postal_town = "Sandviken"
    cast.company.save()
    mine = _visit(cast, cast.sandviken_editor, "2026-05-04")
    _visit(cast, cast.sandviken_editor, "2026-04-01", held=True)
    _visit(cast, cast.sandviken_admin, "2026-05-05")
    _visit(cast, cast.sandviken_editor, "2026-05-06", gavle=True)
    url = _feed_url(cast)
    response = cast.client(None).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    body = response.content
    assert b"\r\n" in body and all(len(line) <= 75 for line in body.split(b"\r\n"))
    calendar = Calendar.from_ical(body)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert str(event["UID"]) == f"besok-{mine.pk}@testserver"
    assert event.decoded("DTSTART") == date(2026, 5, 4)
    assert event.decoded("DTEND") == date(2026, 5, 5)
    assert str(event["SUMMARY"]) == "Företagsbesök: Sandvikens Testverkstad AB"
    assert str(event["LOCATION"]) == "Storgatan 1, 81130 Sandviken"
    assert str(event["URL"]) == f"http://testserver/arbetsyta/2181/besok/{mine.pk}/"
    text = body.decode()
    for private in ("Hemligt syfte", "Anna Testsson", "Privata anteckningar", "Gävle"):
        assert private not in text
    # Stable: the same UID the next time the calendar polls.
    again = Calendar.from_ical(cast.client(None).get(url).content)
    assert [str(e["UID"]) for e in again.walk("VEVENT")] == [str(event["UID"])]


def test_a_renewed_link_revokes_the_old_and_turning_off_revokes_it(cast: Cast) -> None:
    old = _feed_url(cast)
    client = cast.client(cast.sandviken_editor)
    asked = client.post("/arbetsyta/2181/kalender/ny-lank/")
    assert asked.status_code == 200 and 'data-testid="confirmation"' in asked.content.decode()
    assert cast.client(None).get(old).status_code == 200  # asking changed nothing
    assert client.post("/arbetsyta/2181/kalender/ny-lank/", {"confirmed": "1"}).status_code == 302
    token = Membership.objects.get(user=cast.sandviken_editor).calendar_token
    new = f"/arbetsyta/kalender/{token}.ics"
    assert new != old
    assert cast.client(None).get(old).status_code == 404
    assert cast.client(None).get(new).status_code == 200
    page = client.get("/arbetsyta/2181/kalender/").content.decode()
    assert f"http://testserver{new}" in page
    assert client.post("/arbetsyta/2181/kalender/stang-av/").status_code == 200
    assert cast.client(None).get(new).status_code == 200
    assert client.post("/arbetsyta/2181/kalender/stang-av/", {"confirmed": "1"}).status_code == 302
    assert cast.client(None).get(new).status_code == 404
    assert 'data-testid="feed-off"' in client.get("/arbetsyta/2181/kalender/").content.decode()
    actions = list(
        AuditEntry.objects.filter(action__startswith="workspace.calendar.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "workspace.calendar.created",
        "workspace.calendar.renewed",
        "workspace.calendar.turned_off",
    ]
    assert not any(token in str(e.changes) for e in AuditEntry.objects.all())


def test_the_visits_page_leads_to_the_calendar_page_of_every_member(cast: Cast) -> None:
    client = cast.client(cast.sandviken_viewer)
    assert "/arbetsyta/2181/kalender/" in client.get("/arbetsyta/2181/besok/").content.decode()
    page = client.get("/arbetsyta/2181/kalender/")
    assert 'data-testid="feed-off"' in page.content.decode()
    assert client.post("/arbetsyta/2181/kalender/ny-lank/").status_code == 302
    assert Membership.objects.get(user=cast.sandviken_viewer).calendar_token


def test_a_removed_member_or_forged_token_gets_404(cast: Cast) -> None:
    url = _feed_url(cast)
    assert cast.client(None).get("/arbetsyta/kalender/gissad-token.ics").status_code == 404
    Membership.objects.filter(user=cast.sandviken_editor).delete()
    assert cast.client(None).get(url).status_code == 404


def test_the_feed_is_marked_synthetic_for_demo_companies(cast: Cast) -> None:
    cast.company.synthetic = True
    cast.company.save()
    _visit(cast, cast.sandviken_editor, "2026-05-04")
    body = cast.client(None).get(_feed_url(cast)).content
    event = next(iter(Calendar.from_ical(body).walk("VEVENT")))
    assert str(event["DESCRIPTION"]).startswith("Syntetiska demodata.")
