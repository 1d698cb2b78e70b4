"""What the Excel files of the members, the audit log and the targets hold
(that every list downloads at all is in the permission table's test)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from foretagsklimat.apps.workspace import audit
from foretagsklimat.apps.workspace.models import TargetKind, Visit, VisitTarget

from .conftest import Cast

pytestmark = pytest.mark.django_db


def _rows(cast: Cast, user: Any, name: str, sheet: str, query: str = "") -> list[dict]:
    url = reverse(f"workspace:{name}", args=["2181"]) + f"?{query}&format=xlsx"
    book = openpyxl.load_workbook(io.BytesIO(cast.client(user).get(url).content))
    header, *rows = book[sheet].values
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_the_members_file_lists_the_municipalitys_members_and_roles(cast: Cast) -> None:
    rows = _rows(cast, cast.sandviken_admin, "members", "medlemmar")
    assert sorted((r["Användarnamn"], r["Roll"]) for r in rows) == [
        ("sv-admin", "administratör"),
        ("sv-editor", "redigerare"),
        ("sv-politiker", "politiker"),
        ("sv-viewer", "läsare"),
    ]


def test_the_audit_log_file_has_swedish_local_times_and_the_changes(cast: Cast) -> None:
    with time_machine.travel("2026-03-14 09:30 +01:00", tick=False):
        audit.record(
            cast.company.municipality,
            cast.sandviken_editor,
            "workspace.company.updated",
            cast.company,
            {"name": ["Gamla", "Nya"]},
        )
    audit.record(
        cast.gavle_company.municipality,
        None,
        "workspace.company.updated",
        cast.gavle_company,
        {"name": ["Gävle", "Gävle 2"]},
    )
    [row] = _rows(cast, cast.sandviken_admin, "audit_log", "andringslogg")
    assert row["Tid"] == dt.datetime(2026, 3, 14, 9, 30)
    assert row["Vem"] == "sv-editor"
    assert row["Händelse"] == "sv-editor ändrade företaget Sandvikens Testverkstad AB: namn"
    assert row["Objekt"] == "företaget Sandvikens Testverkstad AB"
    assert (row["Fält"], row["Före"], row["Efter"]) == ("namn", "Gamla", "Nya")


@time_machine.travel("2026-07-01 12:00 +02:00", tick=False)
def test_the_targets_file_has_the_progress_and_hides_thin_evaluations(cast: Cast) -> None:
    VisitTarget.objects.create(
        municipality_id="2181", year=2026, kind=TargetKind.VISITS_TOTAL, target=20
    )
    visit = Visit(
        municipality_id="2181",
        company=cast.company,
        officer=cast.sandviken_editor,
        planned_for="2026-03-01",
    )
    visit.mark_held(dt.date(2026, 3, 1))
    visit.save()
    [target] = _rows(cast, cast.sandviken_viewer, "targets", "besoksmal", "ar=2026")
    assert (target["År"], target["Mål"], target["Utfört"], target["I fas"]) == (2026, 20, 1, False)
    summary = _rows(cast, cast.sandviken_viewer, "targets", "utvarderingar", "ar=2026")
    assert len(summary) == 3
    assert all(r["Medelbetyg"] is None and r["Kommentar"] for r in summary)
