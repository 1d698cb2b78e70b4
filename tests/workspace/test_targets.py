"""Progress against the visit targets through the year (time frozen)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from foretagsklimat.apps.workspace.models import (
    AuditEntry,
    Company,
    TargetKind,
    Visit,
    VisitTarget,
)
from foretagsklimat.apps.workspace.services.visit_progress import target_progress, year_elapsed

from .conftest import Cast

pytestmark = pytest.mark.django_db


def _held(
    cast: Cast, day: str, officer: object, company: Company | None = None, unit: str = ""
) -> Visit:
    visit = Visit(
        municipality_id="2181",
        company=company or cast.company,
        officer=officer,
        planned_for=day,
        unit=unit,
    )
    visit.mark_held(date.fromisoformat(day))
    visit.save()
    return visit


def test_on_1_july_about_half_the_year_has_passed() -> None:
    assert year_elapsed(2026, date(2026, 7, 1)) == pytest.approx(0.5, abs=0.01)
    assert year_elapsed(2026, date(2025, 12, 31)) == 0.0
    assert year_elapsed(2026, date(2027, 1, 1)) == 1.0


@time_machine.travel("2026-07-01 12:00 +02:00", tick=False)
def test_a_total_target_expects_half_on_1_july_and_counts_held_visits(cast: Cast) -> None:
    VisitTarget.objects.create(
        municipality_id="2181", year=2026, kind=TargetKind.VISITS_TOTAL, target=20
    )
    for day in range(1, 11):
        _held(cast, f"2026-03-{day:02d}", cast.sandviken_editor)
    _held(cast, "2025-03-01", cast.sandviken_editor)  # another year
    Visit.objects.create(
        municipality_id="2181",
        company=cast.company,
        officer=cast.sandviken_editor,
        planned_for="2026-05-01",
    )  # planned
    [progress] = target_progress(cast.company.municipality, 2026, date(2026, 7, 1))
    assert progress.done == 10
    assert progress.expected == pytest.approx(10, abs=0.1)
    assert progress.share_done == pytest.approx(0.5)
    assert progress.on_track  # 10 done, 9.97 expected by the end of 1 July


@time_machine.travel("2026-07-01 12:00 +02:00", tick=False)
def test_officer_and_unit_targets_count_only_their_visits_and_can_fall_behind(
    cast: Cast,
) -> None:
    VisitTarget.objects.create(
        municipality_id="2181",
        year=2026,
        target=10,
        kind=TargetKind.VISITS_PER_OFFICER,
        officer=cast.sandviken_admin,
    )
    VisitTarget.objects.create(
        municipality_id="2181",
        year=2026,
        target=4,
        kind=TargetKind.VISITS_PER_UNIT,
        unit="Näringslivskontoret",
    )
    _held(cast, "2026-02-01", cast.sandviken_admin, unit="Näringslivskontoret")
    _held(cast, "2026-02-02", cast.sandviken_editor, unit="Näringslivskontoret")
    _held(cast, "2026-02-03", cast.sandviken_editor, unit="Bygglov")
    officer, unit = target_progress(cast.company.municipality, 2026, date(2026, 7, 1))
    assert (officer.done, officer.on_track) == (1, False)
    assert officer.expected == pytest.approx(5, abs=0.05)
    assert (unit.done, unit.on_track) == (2, True)


def test_coverage_counts_companies_above_the_size_visited_within_the_years(cast: Cast) -> None:
    municipality = cast.company.municipality
    VisitTarget.objects.create(
        municipality=municipality,
        year=2026,
        target=0.5,
        kind=TargetKind.COVERAGE,
        min_employees=10,
        within_years=2,
    )
    big = [
        Company.objects.create(
            municipality=municipality, orgnr=orgnr, name=name, employees=employees
        )
        for orgnr, name, employees in (
            ("5567037485", "B", 50),
            ("5560125790", "C", 11),
            ("5565475489", "D", 200),
        )
    ]
    Company.objects.create(municipality=municipality, orgnr="5560743089", name="Liten", employees=3)
    _held(cast, "2025-09-01", cast.sandviken_editor, company=cast.company)  # 12 employees
    _held(cast, "2024-06-01", cast.sandviken_editor, company=big[0])  # older than 2 years
    _held(cast, "2026-05-01", cast.sandviken_editor, company=big[1])
    [progress] = target_progress(municipality, 2026, date(2026, 7, 1))
    assert progress.companies == 4
    assert progress.done == pytest.approx(0.5)
    assert progress.on_track


@time_machine.travel("2026-07-01 12:00 +02:00", tick=False)
def test_the_targets_page_shows_progress_to_a_viewer(cast: Cast) -> None:
    VisitTarget.objects.create(
        municipality_id="2181", year=2026, kind=TargetKind.VISITS_TOTAL, target=20
    )
    _held(cast, "2026-03-01", cast.sandviken_editor)
    page = cast.client(cast.sandviken_viewer).get("/arbetsyta/2181/besoksmal/")
    assert page.status_code == 200
    assert page.context["elapsed_percent"] == 50
    assert "1 av 20 besök" in page.content.decode()


def test_deleting_a_target_records_what_it_was(cast: Cast) -> None:
    target = VisitTarget.objects.create(
        municipality_id="2181", year=2026, kind=TargetKind.VISITS_TOTAL, target=120
    )
    client = cast.client(cast.sandviken_editor)
    # The first POST only asks; nothing is removed until the confirmation is posted.
    asked = client.post(f"/arbetsyta/2181/besoksmal/{target.pk}/ta-bort/")
    assert asked.status_code == 200
    assert "Ta bort besöksmålet?" in asked.content.decode()
    assert VisitTarget.objects.filter(pk=target.pk).exists()
    assert not AuditEntry.objects.filter(action="workspace.target.deleted").exists()
    response = client.post(f"/arbetsyta/2181/besoksmal/{target.pk}/ta-bort/", {"confirmed": "1"})
    assert response.status_code == 302
    assert not VisitTarget.objects.filter(pk=target.pk).exists()
    entry = AuditEntry.objects.get(action="workspace.target.deleted")
    assert entry.object_id == target.pk
    assert entry.changes["target"] == [120, None]
    assert entry.changes["kind"] == [TargetKind.VISITS_TOTAL, None]
