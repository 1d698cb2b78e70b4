"""The company's evaluation: public by token, one per visit, shown only aggregated."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import override_settings

from foretagsklimat.apps.workspace.models import AuditEntry, Company, Evaluation, Visit
from foretagsklimat.apps.workspace.services.visit_progress import evaluation_summary

from .conftest import Cast

pytestmark = pytest.mark.django_db


def _held(cast: Cast, day: str = "2026-03-01") -> Visit:
    visit = Visit(
        municipality_id="2181", company=cast.company, officer=cast.sandviken_editor, planned_for=day
    )
    visit.mark_held(date.fromisoformat(day))
    visit.save()
    return visit


def test_the_company_submits_once_without_login_and_sees_thanks(cast: Cast) -> None:
    visit = _held(cast)
    client = cast.client(None)
    url = f"/u/{visit.evaluation_code}/"
    assert "Var mötet användbart?" in client.get(url).content.decode()
    response = client.post(url, {"useful": 5, "understood": 6, "next_steps": 4, "comment": "Bra"})
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(visit=visit)
    assert (evaluation.useful, evaluation.understood, evaluation.next_steps) == (5, 6, 4)
    assert "Tack för din utvärdering" in client.get(url).content.decode()
    client.post(url, {"useful": 1, "understood": 1, "next_steps": 1})
    assert Evaluation.objects.count() == 1
    entry = AuditEntry.objects.get(action="workspace.evaluation.submitted")
    assert entry.changes == {}  # that it came, never what it said


def test_grades_outside_1_to_6_are_rejected(cast: Cast) -> None:
    visit = _held(cast)
    response = cast.client(None).post(
        f"/u/{visit.evaluation_code}/",
        {"useful": 7, "understood": 0, "next_steps": 3},
    )
    assert response.status_code == 200
    assert not Evaluation.objects.exists()


def test_a_planned_visit_has_no_evaluation_page(cast: Cast) -> None:
    visit = Visit.objects.create(
        municipality_id="2181",
        company=cast.company,
        officer=cast.sandviken_editor,
        planned_for="2026-03-01",
        evaluation_token="planerad-token-som-inte-galler",
        evaluation_code="PLANERAD00",
    )
    client = cast.client(None)
    assert client.get(f"/arbetsyta/utvardering/{visit.evaluation_token}/").status_code == 404
    assert client.get(f"/u/{visit.evaluation_code}/").status_code == 404


def _evaluations(cast: Cast, n: int) -> None:
    for i in range(n):
        Evaluation.objects.create(
            visit=_held(cast, f"2026-03-{i + 1:02d}"),
            useful=4 + i % 2,
            understood=5,
            next_steps=3 + i % 3,
        )


@override_settings(MIN_ANSWERS=5)
def test_four_answers_are_hidden_and_five_are_shown(cast: Cast) -> None:
    municipality = cast.company.municipality
    _evaluations(cast, 4)
    summary = evaluation_summary(municipality, 2026)
    assert summary.n == 4 and summary.means is None and "5" in summary.reason
    page = cast.client(cast.sandviken_admin).get("/arbetsyta/2181/besoksmal/?ar=2026")
    assert 'data-testid="evaluation-hidden"' in page.content.decode()
    _evaluations(cast, 1)
    summary = evaluation_summary(municipality, 2026)
    assert summary.n == 5 and summary.means is not None
    assert summary.means["understood"] == 5
    assert summary.means["useful"] == pytest.approx((4 + 5 + 4 + 5 + 4) / 5)
    page = cast.client(cast.sandviken_admin).get("/arbetsyta/2181/besoksmal/?ar=2026")
    assert 'data-testid="evaluation-n"' in page.content.decode()


@override_settings(MIN_ANSWERS=5)
def test_another_municipalitys_and_another_years_evaluations_do_not_count(cast: Cast) -> None:
    _evaluations(cast, 5)
    gavle = Visit(
        municipality_id="2180",
        company=cast.gavle_company,
        officer=cast.gavle_admin,
        planned_for="2026-03-01",
    )
    gavle.mark_held(date(2026, 3, 1))
    gavle.save()
    Evaluation.objects.create(visit=gavle, useful=1, understood=1, next_steps=1)
    assert evaluation_summary(cast.gavle_company.municipality, 2026).n == 1
    assert evaluation_summary(cast.company.municipality, 2025).n == 0
    assert Company.objects.count() == 2
