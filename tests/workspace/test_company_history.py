"""A company's page shows its whole history; evaluations only aggregated."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import override_settings

from foretagsklimat.apps.workspace.models import (
    Evaluation,
    FollowUp,
    FollowUpStatus,
    ProcurementItem,
    SupportOffering,
    SupportReferral,
    Visit,
)

from .conftest import Cast

pytestmark = pytest.mark.django_db


def _visit(cast: Cast, planned: str, held: str | None = None, purpose: str = "") -> Visit:
    return Visit.objects.create(
        municipality_id="2181",
        company=cast.company,
        officer=cast.sandviken_editor,
        planned_for=date.fromisoformat(planned),
        held_on=date.fromisoformat(held) if held else None,
        purpose=purpose,
    )


def _page(cast: Cast) -> str:
    url = f"/arbetsyta/2181/foretag/{cast.company.pk}/"
    return cast.client(cast.sandviken_editor).get(url).content.decode()


def test_the_page_shows_visits_follow_ups_support_and_procurement(cast: Cast) -> None:
    _visit(cast, "2026-01-10", "2026-01-10", purpose="Första mötet")
    _visit(cast, "2026-09-01", purpose="Planerat uppföljningsmöte")
    _visit(cast, "2026-03-01", "2026-03-02", purpose="Andra mötet")
    FollowUp.objects.create(
        municipality_id="2181",
        company=cast.company,
        title="Klar åtgärd",
        due_on=date(2026, 2, 1),
        status=FollowUpStatus.DONE,
        done_on=date(2026, 2, 1),
    )
    FollowUp.objects.create(
        municipality_id="2181", company=cast.company, title="Öppen åtgärd", due_on=date(2026, 8, 1)
    )
    offering = SupportOffering.objects.create(municipality_id="2181", name="Exportcheck")
    SupportReferral.objects.create(offering=offering, company=cast.company, date=date(2026, 3, 3))
    item = ProcurementItem.objects.create(municipality_id="2181", title="Ramavtal städning")
    item.companies.add(cast.company)
    html = _page(cast)
    # Planned first, then held newest first.
    order = [html.index(p) for p in ("Planerat uppföljningsmöte", "Andra mötet", "Första mötet")]
    assert order == sorted(order)
    assert html.index("Öppen åtgärd") < html.index("Klar åtgärd")
    assert "Exportcheck" in html and "Ramavtal städning" in html
    assert "sv-editor" in html  # the officer
    assert f"/arbetsyta/2181/besok/nytt/?foretag={cast.company.pk}" in html
    assert f"/arbetsyta/2181/uppfoljning/ny/?foretag={cast.company.pk}" in html


@override_settings(MIN_ANSWERS=3)
def test_evaluations_show_only_aggregated_from_the_minimum(cast: Cast) -> None:
    for day, grade in ((1, 6), (2, 4)):
        visit = _visit(cast, f"2026-01-0{day}", f"2026-01-0{day}")
        Evaluation.objects.create(visit=visit, useful=grade, understood=grade, next_steps=grade)
    html = _page(cast)
    assert 'data-testid="company-evaluation-hidden"' in html
    assert "Färre än 3 svar" in html
    visit = _visit(cast, "2026-01-03", "2026-01-03")
    Evaluation.objects.create(visit=visit, useful=5, understood=5, next_steps=5, comment="Hemligt")
    html = _page(cast)
    assert "Medelbetyg 1–6 från 3 utvärderingar" in html
    assert "5,0" in html or "5.0" in html
    assert "Hemligt" not in html


def test_a_viewer_sees_the_history_without_the_buttons(cast: Cast) -> None:
    _visit(cast, "2026-09-01", purpose="Planerat")
    url = f"/arbetsyta/2181/foretag/{cast.company.pk}/"
    html = cast.client(cast.sandviken_viewer).get(url).content.decode()
    assert "Planerat" in html and "Planera besök" not in html
