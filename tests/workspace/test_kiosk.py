"""The evaluation kiosk: short codes, pages without the site's navigation, no caching,
and the hand-over of the officer's own device (which logs the officer out)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from foretagsklimat.apps.workspace.models import (
    CODE_ALPHABET,
    AuditEntry,
    Evaluation,
    Visit,
    format_evaluation_code,
    normalise_evaluation_code,
)

from .conftest import Cast

pytestmark = pytest.mark.django_db

GRADES = {"useful": 5, "understood": 6, "next_steps": 4}


def _held(cast: Cast) -> Visit:
    visit = Visit(
        municipality_id="2181",
        company=cast.company,
        officer=cast.sandviken_editor,
        planned_for="2026-03-01",
    )
    visit.mark_held(date(2026, 3, 1))
    visit.save()
    return visit


def _links(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


def test_a_held_visit_gets_a_short_typeable_code() -> None:
    visit = Visit()
    visit.mark_held(date(2026, 3, 1))
    code = visit.evaluation_code or ""
    assert len(code) == 10 and set(code) <= set(CODE_ALPHABET)
    assert not set(code) & set("ILOU")
    assert format_evaluation_code("ABCDE12345") == "ABCDE-12345"
    assert normalise_evaluation_code(" abcde-1234o ") == "ABCDE12340"
    assert normalise_evaluation_code("l1i") == "111"
    other = Visit()
    other.mark_held(date(2026, 3, 1))
    assert other.evaluation_code != code


def test_the_kiosk_page_and_its_thanks_have_no_way_into_the_site(cast: Cast) -> None:
    visit = _held(cast)
    # Opened on the officer's logged-in device: still no link to the workspace or account.
    client = cast.client(cast.sandviken_editor)
    url = f"/u/{visit.evaluation_code}/"
    for page in (client.get(url), client.post(url, GRADES, follow=True)):
        html = page.content.decode()
        assert page.status_code == 200
        links = _links(html)
        assert links, "the kiosk has its language switch (and the thanks a new start)"
        for href in links:
            assert "/arbetsyta/" not in href and "/konto/" not in href, href
            assert "arbetsyta" not in href and "konto" not in href, href
        assert "Mitt konto" not in html and "Logga in" not in html
        assert "no-store" in page["Cache-Control"]
        assert page["Referrer-Policy"] == "same-origin"
    assert 'data-testid="evaluation-thanks"' in html
    assert _links(html)[-1] == "/u/"
    assert Evaluation.objects.filter(visit=visit).exists()


def test_the_old_long_link_and_a_typed_code_lead_to_the_kiosk_page(cast: Cast) -> None:
    visit = _held(cast)
    client = cast.client(None)
    code = visit.evaluation_code or ""
    response = client.get(f"/arbetsyta/utvardering/{visit.evaluation_token}/")
    assert response.status_code == 302 and response["Location"] == f"/u/{code}/"
    typed = format_evaluation_code(code).lower()
    response = client.get("/u/", {"kod": typed})
    assert response.status_code == 302 and response["Location"] == f"/u/{code}/"
    response = client.get(f"/u/{typed}/")
    assert response.status_code == 302 and response["Location"] == f"/u/{code}/"
    start = client.get("/u/")
    assert start.status_code == 200 and "no-store" in start["Cache-Control"]
    wrong = client.get("/u/", {"kod": "XXXXX-XXXXX"})
    assert wrong.status_code == 200
    assert "Det finns inget möte med den koden" in wrong.content.decode()


def test_the_visit_page_shows_the_qr_code_and_short_link_only_before_the_evaluation(
    cast: Cast,
) -> None:
    visit = _held(cast)
    client = cast.client(cast.sandviken_editor)
    page = client.get(f"/arbetsyta/2181/besok/{visit.pk}/")
    html = page.content.decode()
    assert "no-store" in page["Cache-Control"]
    assert 'class="segno"' in html and "<path" in html
    assert f"http://testserver/u/{visit.evaluation_code}/" in html
    assert format_evaluation_code(visit.evaluation_code or "") in html
    assert f"/arbetsyta/2181/besok/{visit.pk}/overlamning/" in html
    Evaluation.objects.create(visit=visit, **GRADES)
    html = client.get(f"/arbetsyta/2181/besok/{visit.pk}/").content.decode()
    assert 'class="segno"' not in html and "/overlamning/" not in html


def test_handing_over_logs_the_officer_out_and_opens_the_kiosk(cast: Cast) -> None:
    visit = _held(cast)
    client = cast.client(cast.sandviken_editor)
    response = client.post(f"/arbetsyta/2181/besok/{visit.pk}/overlamning/")
    assert response.status_code == 302
    assert response["Location"] == f"/u/{visit.evaluation_code}/"
    entry = AuditEntry.objects.get(action="workspace.evaluation.handed_over")
    assert entry.user == cast.sandviken_editor and entry.object_id == visit.pk
    # The session is gone: the workspace asks for a login again; the kiosk still works.
    back = client.get(f"/arbetsyta/2181/besok/{visit.pk}/")
    assert back.status_code == 302 and back["Location"].startswith("/konto/logga-in/")
    assert client.post(f"/u/{visit.evaluation_code}/", GRADES).status_code == 302
    assert Evaluation.objects.filter(visit=visit).exists()


def test_an_evaluated_or_planned_visit_is_not_handed_over(cast: Cast) -> None:
    visit = _held(cast)
    Evaluation.objects.create(visit=visit, **GRADES)
    client = cast.client(cast.sandviken_editor)
    response = client.post(f"/arbetsyta/2181/besok/{visit.pk}/overlamning/")
    assert response["Location"] == f"/arbetsyta/2181/besok/{visit.pk}/"
    assert client.get("/arbetsyta/2181/").status_code == 200  # still logged in
    assert not AuditEntry.objects.filter(action="workspace.evaluation.handed_over").exists()


def test_a_synthetic_company_is_marked_in_the_kiosk(cast: Cast) -> None:
    visit = _held(cast)
    cast.company.synthetic = True
    cast.company.save()
    html = cast.client(None).get(f"/u/{visit.evaluation_code}/").content.decode()
    assert 'data-testid="synthetic-banner"' in html
