"""Planning a visit, recording it as held, the lists and their filters, the export, audit."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest
import time_machine

from foretagsklimat.apps.workspace.models import AuditEntry, Company, Topic, Visit

from .conftest import Cast

pytestmark = pytest.mark.django_db


def _plan(cast: Cast, **overrides: object) -> Visit:
    data = {
        "company": cast.company.orgnr,
        "planned_for": "2026-04-10",
        "officer": cast.sandviken_editor.pk,
        "unit": "Näringslivskontoret",
        "purpose": "Expansionsplaner",
        "topics": [Topic.PERMITS, Topic.PREMISES],
        **overrides,
    }
    response = cast.client(cast.sandviken_editor).post("/arbetsyta/2181/besok/nytt/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Visit.objects.latest("id")


def test_an_editor_plans_a_visit_with_topics_and_it_is_audited(cast: Cast) -> None:
    visit = _plan(cast)
    assert visit.is_planned() and not visit.is_held()
    assert visit.municipality_id == "2181"
    assert visit.topics == ["permits", "premises"]
    assert visit.evaluation_token is None
    entry = AuditEntry.objects.get(action="workspace.visit.planned")
    assert entry.object_id == visit.pk and entry.user == cast.sandviken_editor
    assert entry.changes["purpose"] == [None, "Expansionsplaner"]


def test_a_visit_cannot_be_planned_for_another_municipalitys_company(cast: Cast) -> None:
    response = cast.client(cast.sandviken_editor).post(
        "/arbetsyta/2181/besok/nytt/",
        {
            "company": cast.gavle_company.orgnr,
            "planned_for": "2026-04-10",
            "officer": cast.sandviken_editor.pk,
        },
    )
    assert response.status_code == 200
    assert not Visit.objects.exists()


def test_the_officer_must_be_a_member_of_the_municipality(cast: Cast) -> None:
    response = cast.client(cast.sandviken_editor).post(
        "/arbetsyta/2181/besok/nytt/",
        {
            "company": cast.company.orgnr,
            "planned_for": "2026-04-10",
            "officer": cast.gavle_admin.pk,
        },
    )
    assert response.status_code == 200
    assert not Visit.objects.exists()


def test_recording_a_visit_as_held_gives_it_an_evaluation_token_and_an_audit_entry(
    cast: Cast,
) -> None:
    visit = _plan(cast)
    response = cast.client(cast.sandviken_editor).post(
        f"/arbetsyta/2181/besok/{visit.pk}/genomfort/",
        {"held_on": "2026-04-11", "notes": "Behöver större lokal", "topics": ["premises"]},
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.is_held() and visit.held_on == date(2026, 4, 11)
    assert visit.notes == "Behöver större lokal"
    assert visit.evaluation_token and len(visit.evaluation_token) >= 32
    entry = AuditEntry.objects.get(action="workspace.visit.held")
    assert entry.changes["held_on"] == [None, "2026-04-11"]
    page = cast.client(cast.sandviken_viewer).get(f"/arbetsyta/2181/besok/{visit.pk}/")
    assert 'data-testid="handover"' not in page.content.decode()
    page = cast.client(cast.sandviken_editor).get(f"/arbetsyta/2181/besok/{visit.pk}/")
    assert f"/u/{visit.evaluation_code}/" in page.content.decode()


def test_editing_a_visit_audits_only_the_changed_fields(cast: Cast) -> None:
    visit = _plan(cast)
    cast.client(cast.sandviken_editor).post(
        f"/arbetsyta/2181/besok/{visit.pk}/andra/",
        {
            "company": cast.company.orgnr,
            "planned_for": "2026-04-20",
            "officer": cast.sandviken_editor.pk,
            "unit": "Näringslivskontoret",
            "purpose": "Expansionsplaner",
            "topics": ["permits", "premises"],
        },
    )
    entry = AuditEntry.objects.get(action="workspace.visit.updated")
    assert entry.changes == {"planned_for": ["2026-04-10", "2026-04-20"]}


def _held(cast: Cast, held_on: str, officer: object, company: Company | None = None) -> Visit:
    visit = Visit(
        municipality_id="2181",
        company=company or cast.company,
        officer=officer,
        planned_for=held_on,
    )
    visit.mark_held(date.fromisoformat(held_on))
    visit.save()
    return visit


@time_machine.travel("2026-06-15 12:00 +02:00", tick=False)
def test_the_list_filters_held_visits_by_year_and_officer(cast: Cast) -> None:
    _held(cast, "2026-02-01", cast.sandviken_editor)
    _held(cast, "2026-03-01", cast.sandviken_admin)
    _held(cast, "2025-03-01", cast.sandviken_editor)
    _plan(cast, planned_for="2026-09-01")
    client = cast.client(cast.sandviken_viewer)
    page = client.get("/arbetsyta/2181/besok/")
    visits = list(page.context["page"])
    assert [v.is_held() for v in visits] == [False, True, True]
    page = client.get("/arbetsyta/2181/besok/", {"ar": 2025})
    assert [v.held_on for v in page.context["page"] if v.held_on] == [date(2025, 3, 1)]
    page = client.get("/arbetsyta/2181/besok/", {"handlaggare": cast.sandviken_admin.pk})
    assert [v.officer for v in page.context["page"]] == [cast.sandviken_admin]


@time_machine.travel("2026-06-15 12:00 +02:00", tick=False)
def test_the_excel_export_has_the_years_visits(cast: Cast) -> None:
    _held(cast, "2026-02-01", cast.sandviken_editor)
    _held(cast, "2025-02-01", cast.sandviken_editor)
    _plan(cast, planned_for="2026-09-01")
    response = cast.client(cast.sandviken_viewer).get("/arbetsyta/2181/besok/", {"format": "xlsx"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    frame = pd.read_excel(io.BytesIO(content), sheet_name="besok")
    assert len(frame) == 2
    assert set(frame["Företag"]) == {"Sandvikens Testverkstad AB"}
    assert "tillstånd" not in frame.columns


def test_a_viewer_cannot_record_a_visit_as_held(cast: Cast) -> None:
    visit = _plan(cast)
    response = cast.client(cast.sandviken_viewer).post(
        f"/arbetsyta/2181/besok/{visit.pk}/genomfort/", {"held_on": "2026-04-11"}
    )
    assert response.status_code == 403
    visit.refresh_from_db()
    assert visit.is_planned()


def test_the_demo_has_five_rising_years_of_visits_evaluations_and_targets() -> None:
    import time

    from foretagsklimat.apps.site.demo.workspace import ensure_visit_demo, ensure_workspace_demo
    from foretagsklimat.apps.workspace.models import Evaluation, VisitTarget

    ensure_workspace_demo("demo-lösenord-123")
    started = time.perf_counter()
    ensure_visit_demo()  # a second run changes nothing
    assert time.perf_counter() - started < 3
    sandviken = [
        Visit.objects.filter(municipality_id="2181", planned_for__year=year).count()
        for year in range(2022, 2027)
    ]
    assert sandviken == sorted(sandviken) and sandviken[0] >= 150 and sandviken[-1] <= 250
    gavle = Visit.objects.filter(municipality_id="2180").count()
    assert 0 < gavle < sum(sandviken)
    held = Visit.objects.filter(municipality_id="2181", held_on__isnull=False).count()
    assert 0.7 * held < Evaluation.objects.filter(visit__municipality_id="2181").count() < held
    assert VisitTarget.objects.filter(municipality_id="2181", year=2026).count() == 4
