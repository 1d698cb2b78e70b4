"""Published results loaded for the dashboard: the board's rank goal and the ranking table
follow them without the survey being run here (Sandviken's published ranks)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from foretagsklimat.apps.workspace.models import AuditEntry, Goal, GoalKind, PublishedResult
from foretagsklimat.apps.workspace.services import goals
from foretagsklimat.apps.workspace.services.audit_log import describe
from foretagsklimat.apps.workspace.services.goal_measures import ranking_history

from .conftest import Cast

pytestmark = pytest.mark.django_db

URL = "/arbetsyta/2181/oversikt/publicerade-resultat/"
FILE = (
    "kommun;år;faktor;värde;placering\n"
    "Sandviken;2022;Totalt;;209\n"
    "Sandviken;2022;Sammanfattande omdöme;3,2;\n"
    "Sandviken;2023;Totalt;;128\n"
    "Sandviken;2023;Sammanfattande omdöme;3,5;\n"
    "Sandviken;2023;Service och bemötande;3,6;150\n"
    "Gävle;2023;Totalt;;153\n"
)


def _upload(text: str = FILE, name: str = "ranking-2023.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_loading_published_results_makes_the_dashboard_and_goals_follow_them(cast: Cast) -> None:
    client = cast.client(cast.sandviken_editor)
    response = client.post(URL, {"file": _upload()}, follow=True)
    page = response.content.decode()
    assert "5 publicerade resultat inlästa för 2022, 2023." in page
    assert "1 rad för andra kommuner lämnades utanför." in page
    assert PublishedResult.objects.filter(municipality_id="2181").count() == 5
    assert not PublishedResult.objects.filter(municipality_id="2180").exists()

    history = ranking_history("2181")
    assert history[["year", "rank", "change", "overall_grade"]].to_dict("records") == [
        {
            "year": 2022,
            "rank": 209,
            "change": pytest.approx(float("nan"), nan_ok=True),
            "overall_grade": 3.2,
        },
        {"year": 2023, "rank": 128, "change": 81.0, "overall_grade": 3.5},
    ]
    assert set(history["source"]) == {"ranking-2023.csv"}

    goal = Goal.objects.create(municipality_id="2181", year=2024, kind=GoalKind.RANK, target=150)
    progress = goals.goal_progress(goal, date(2024, 7, 1))
    assert (progress.actual.value, progress.actual.source_year) == (128.0, 2023)
    assert progress.on_track

    dashboard = client.get("/arbetsyta/2181/oversikt/?ar=2024").content.decode()
    assert "Från publicerade resultat som kommunen har läst in, senast 2023" in dashboard
    assert "ranking-2023.csv" in dashboard
    assert '<td class="num">128</td><td class="num">+81</td>' in dashboard
    assert "Kommunens service och bemötande till företagen" in dashboard  # factor table

    pdf = client.get("/arbetsyta/2181/oversikt/rapport.pdf?ar=2024").content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "publicerade resultat som kommunen har läst in (ranking-2023.csv)" in " ".join(
        text.split()
    )

    entry = AuditEntry.objects.get(action="workspace.published.imported")
    assert describe(entry).endswith("läste in publicerade resultat")


def test_a_new_file_replaces_its_years_only(cast: Cast) -> None:
    client = cast.client(cast.sandviken_editor)
    client.post(URL, {"file": _upload()})
    again = "kommunkod;år;faktor;placering\n2181;2023;Totalt;130\n"
    client.post(URL, {"file": _upload(again, "rättad.csv")})
    rows = PublishedResult.objects.filter(municipality_id="2181")
    assert sorted(rows.values_list("year", "factor", "rank")) == [
        (2022, "overall_grade", None),
        (2022, "total", 209),
        (2023, "total", 130),
    ]
    page = client.get(URL).content.decode()
    assert "rättad.csv" in page and "ranking-2023.csv" in page


def test_a_bad_file_loads_nothing_and_names_the_problem(cast: Cast) -> None:
    client = cast.client(cast.sandviken_editor)
    bad = "kommun;år;faktor;placering\nSandviken;2023;Totalt;0\n"
    page = client.post(URL, {"file": _upload(bad)}).content.decode()
    assert "väntade en placering från 1 till 290, fanns ”0”" in page
    assert not PublishedResult.objects.exists()
    other = "kommun;år;faktor;placering\nGävle;2023;Totalt;153\n"
    page = client.post(URL, {"file": _upload(other)}).content.decode()
    assert "väntade rader för Sandviken, fanns inga" in page


def test_a_viewer_sees_the_results_but_cannot_load_them(cast: Cast) -> None:
    cast.client(cast.sandviken_editor).post(URL, {"file": _upload()})
    viewer = cast.client(cast.sandviken_viewer)
    assert viewer.post(URL, {"file": _upload()}).status_code == 403
    dashboard = viewer.get("/arbetsyta/2181/oversikt/?ar=2024").content.decode()
    assert "Från publicerade resultat" in dashboard
    assert "Läs in publicerade resultat" not in dashboard
