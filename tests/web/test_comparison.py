"""The public comparison of council members' and companies' mean grades."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from django.test import Client

from foretagsklimat.apps.survey.models import RoundStatus, SurveyRound
from foretagsklimat.apps.survey.services import store_answers, store_factor_values
from foretagsklimat.engine import load_catalogue

pytestmark = pytest.mark.django_db

QUESTIONS = list(load_catalogue()["questions"])
YEAR = 2021


def answers(
    code: str, kind: str, grades: list[float], *, year: int = YEAR, blank: tuple[str, ...] = ()
) -> pd.DataFrame:
    """One answer per grade, every question given that grade except ``blank`` ones."""
    frame = pd.DataFrame(
        {
            "respondent_id": [f"{kind[0]}-{year}-{code}-{i}" for i in range(len(grades))],
            "kommunkod": code,
            "year": year,
            "respondent_type": kind,
        }
    )
    for question in QUESTIONS:
        frame[question] = np.nan if question in blank else np.array(grades, dtype=float)
    return frame


@pytest.fixture
def round_with_politicians(db: None) -> None:
    """2021: companies and politicians in Sandviken and Gävle; Sandviken's politicians
    answered procurement only four times (below the minimum of five)."""
    sandviken_politicians = pd.concat(
        [
            answers("2181", "politician", [5, 5, 4, 4]),
            answers("2181", "politician", [5, 5], blank=("procurement",)).assign(
                respondent_id=lambda f: f["respondent_id"] + "b"
            ),
        ]
    )
    store_answers(
        pd.concat(
            [
                answers("2181", "company", [3, 3, 4, 2, 3, 3]),
                sandviken_politicians,
                answers("2180", "company", [2, 2, 2, 2, 2]),
                answers("2180", "politician", [4, 4, 4, 4, 4]),
            ],
            ignore_index=True,
        ),
        synthetic=True,
    )


def row(response, indicator: str) -> dict:  # type: ignore[no-untyped-def]
    return next(r for r in response.context["rows"] if r["indicator"] == indicator)


def test_it_shows_both_means_with_their_answers_and_the_difference(
    client: Client, round_with_politicians: None
) -> None:
    response = client.get("/kommun/2181/jamforelse/2021/")
    assert response.status_code == 200
    overall = row(response, "overall_grade")
    assert overall["companies"] == pytest.approx(3.0) and overall["companies_n"] == 6
    assert overall["politicians"] == pytest.approx(28 / 6) and overall["politicians_n"] == 6
    assert overall["difference"] == pytest.approx(28 / 6 - 3)
    # County and national references: unweighted means of the municipalities' values.
    assert overall["county_companies"] == pytest.approx((3.0 + 2.0) / 2)
    assert overall["national_politicians"] == pytest.approx((28 / 6 + 4.0) / 2)
    page = response.content.decode()
    assert "Politiker och företag i Sandviken 2021" in page
    assert "Syntetiska demodata" in page


def test_a_cell_below_the_minimum_is_hidden_with_the_reason_and_no_difference(
    client: Client, round_with_politicians: None
) -> None:
    response = client.get("/kommun/2181/jamforelse/2021/")
    procurement = row(response, "procurement")
    assert procurement["politicians_suppressed"] is True
    assert procurement["politicians"] is None and procurement["politicians_n"] is None
    assert procurement["companies"] == pytest.approx(3.0)
    assert procurement["difference"] is None
    page = response.content.decode()
    assert "visas inte för att skydda de svarandes anonymitet" in page
    assert "färre än 5 svar" in page.lower()
    # Gävle's politicians are all shown, so its page gives no reason to hide anything.
    other = client.get("/kommun/2180/jamforelse/2021/")
    assert row(other, "procurement")["difference"] == pytest.approx(2.0)
    assert "anonymitet" not in other.content.decode()


def test_a_suppressed_value_stays_out_of_the_county_and_national_means(
    client: Client, round_with_politicians: None
) -> None:
    procurement = row(client.get("/kommun/2180/jamforelse/2021/"), "procurement")
    assert procurement["national_politicians"] == pytest.approx(4.0)


def test_an_unknown_municipality_is_404(client: Client, round_with_politicians: None) -> None:
    assert client.get("/kommun/9999/jamforelse/2021/").status_code == 404
    assert client.get("/kommun/9999/jamforelse/").status_code == 404


def test_a_year_without_politicians_says_so_and_links_the_years_with_them(
    client: Client, round_with_politicians: None
) -> None:
    store_answers(answers("2181", "company", [3, 3, 3, 3, 3], year=2022), synthetic=True)
    response = client.get("/kommun/2181/jamforelse/2022/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Kommunfullmäktige besvarade inte enkäten 2022" in page
    assert 'href="/kommun/2181/jamforelse/2021/"' in page


def test_the_address_without_a_year_goes_to_the_latest_year_with_politicians(
    client: Client, round_with_politicians: None
) -> None:
    response = client.get("/kommun/2181/jamforelse/")
    assert response.status_code == 302
    assert response["Location"] == "/kommun/2181/jamforelse/2021/"


def test_without_any_politician_year_the_page_explains_instead_of_redirecting(
    client: Client, db: None
) -> None:
    response = client.get("/kommun/2181/jamforelse/")
    assert response.status_code == 404
    assert "Inget år med svar från kommunfullmäktige finns ännu" in response.content.decode()


def test_an_open_round_is_not_published(client: Client, round_with_politicians: None) -> None:
    SurveyRound.objects.filter(year=YEAR).update(status=RoundStatus.OPEN)
    assert client.get("/kommun/2181/jamforelse/2021/").status_code == 404


def test_imported_factor_values_stand_in_where_answers_are_not_held(
    client: Client, db: None
) -> None:
    values = pd.DataFrame(
        [
            ("2181", 2019, "overall_grade", "company", 3.1, 80, 1.1),
            ("2181", 2019, "overall_grade", "politician", 3.9, 30, 0.9),
            ("2181", 2019, "service", "politician", 4.2, 3, 0.9),
        ],
        columns=["kommunkod", "year", "question", "respondent_type", "mean", "n", "sd"],
    )
    store_factor_values(values)
    response = client.get("/kommun/2181/jamforelse/2019/")
    assert response.status_code == 200
    overall = row(response, "overall_grade")
    assert overall["difference"] == pytest.approx(0.8)
    assert overall["politicians_n"] == 30
    assert row(response, "service")["politicians_suppressed"] is True
    assert "Syntetiska demodata" not in response.content.decode()


def test_the_table_downloads_as_csv_marked_synthetic(
    client: Client, round_with_politicians: None
) -> None:
    response = client.get("/kommun/2181/jamforelse/2021/", {"format": "csv", "dialect": "machine"})
    frame = pd.read_csv(io.StringIO(response.content.decode()))
    assert "syntetisk" in response["Content-Disposition"]
    procurement = frame[frame["faktor"] == "procurement"].iloc[0]
    assert pd.isna(procurement["politicians"]) and pd.isna(procurement["difference"])
    assert frame["synthetic"].all()


def test_the_municipality_page_links_to_the_comparison(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    page = client.get("/kommun/2181/").content.decode()
    assert 'href="/kommun/2181/jamforelse/"' in page
