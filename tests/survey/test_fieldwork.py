"""Field work services: the stored register, opening a round, response rates, closing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from django.utils import timezone

from foretagsklimat.apps.ranking.models import RankingRun
from foretagsklimat.apps.survey.fieldwork import (
    NotReadyToClose,
    RoundExists,
    RoundNotOpen,
    add_council_members,
    close_round,
    open_round,
    response_rates,
    store_register,
)
from foretagsklimat.apps.survey.models import (
    Invitation,
    QuestionnaireCount,
    RegisterSite,
    RespondentType,
    RoundStatus,
    SurveyResponse,
)
from foretagsklimat.importers import ImportValidationError
from foretagsklimat.sampling import read_register
from tests.sampling.sampling_helpers import companies, company, register, write_csv

from .conftest import OpenRound

pytestmark = pytest.mark.django_db


def test_it_stores_a_valid_register(tmp_path: Path) -> None:
    rows = [
        *companies("2181", 3),
        company(1, site_type="workplace", kommunkod="2180", employees=40),
    ]
    result = store_register(read_register(write_csv(tmp_path / "f.csv", rows)))
    assert (result.created, result.updated) == (4, 0)
    site = RegisterSite.objects.get(orgnr=company(1)["orgnr"], site_type="workplace")
    assert (site.municipality_id, site.employees, site.email) == ("2180", 40, "info1@example.se")


def test_an_invalid_organisation_number_is_rejected_with_row_and_reason(tmp_path: Path) -> None:
    rows = [*companies("2181", 2), company(5, orgnr="556036-0794")]
    with pytest.raises(ImportValidationError) as error:
        read_register(write_csv(tmp_path / "f.csv", rows))
    issue = error.value.issues[0]
    assert (issue.row, issue.column) == (4, "orgnr")
    assert "fel kontrollsiffra" in issue.message
    assert not RegisterSite.objects.exists()


def test_a_re_import_updates_changed_rows_and_never_duplicates() -> None:
    store_register(register(companies("2181", 3)))
    again = register([company(0, employees=99), company(1), company(2), company(3)])
    result = store_register(again)
    assert (result.created, result.updated, result.unchanged) == (1, 1, 2)
    assert RegisterSite.objects.count() == 4
    assert RegisterSite.objects.get(orgnr=company(0)["orgnr"]).employees == 99


def test_a_head_office_that_moved_is_moved_not_duplicated() -> None:
    store_register(register([company(0)]))
    store_register(register([company(0, kommunkod="2180")]))
    heads = RegisterSite.objects.filter(orgnr=company(0)["orgnr"], site_type="head_office")
    assert list(heads.values_list("municipality_id", flat=True)) == ["2180"]


def test_a_failing_register_import_stores_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    store_register(register(companies("2181", 2)))

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the database went away")

    # The update of row 0 runs first; the creation of the new row then fails.
    monkeypatch.setattr(RegisterSite.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        store_register(register([company(0, employees=50), company(9)]))
    assert RegisterSite.objects.count() == 2
    assert RegisterSite.objects.get(orgnr=company(0)["orgnr"]).employees == 5


def _register_for_rounds() -> None:
    store_register(register(companies("2181", 300) + companies("2180", 30, 1000)))


def test_opening_a_round_invites_exactly_the_sample() -> None:
    _register_for_rounds()
    survey_round = open_round(2025, seed=7, closes_on=dt.date(2025, 4, 30))
    invitations = Invitation.objects.filter(round=survey_round)
    counts = dict(
        invitations.values_list("municipality_id")
        .annotate(n=pd_count())
        .values_list("municipality_id", "n")
    )
    assert counts == {"2181": 200, "2180": 30}
    assert survey_round.status == RoundStatus.OPEN
    assert survey_round.seed == 7
    assert not invitations.filter(site__isnull=True).exists()
    assert not invitations.exclude(email__endswith="@example.se").exists()


def pd_count():  # a tiny alias keeps the query above readable
    from django.db.models import Count

    return Count("pk")


def test_personal_link_tokens_are_unique_and_long_enough_not_to_guess() -> None:
    _register_for_rounds()
    tokens = list(
        Invitation.objects.filter(round=open_round(2025, seed=7)).values_list("token", flat=True)
    )
    assert len(set(tokens)) == len(tokens)
    assert min(len(t) for t in tokens) >= 32


def test_the_same_seed_draws_the_same_sample() -> None:
    _register_for_rounds()
    first = open_round(2025, seed=11)
    second = open_round(2026, seed=11)
    third = open_round(2027, seed=12)

    def drawn(survey_round) -> set[int]:
        return set(Invitation.objects.filter(round=survey_round).values_list("site_id", flat=True))

    assert drawn(first) == drawn(second)
    assert drawn(first) != drawn(third)


def test_a_second_round_for_a_year_is_refused(open_round: OpenRound) -> None:
    _register_for_rounds()
    with pytest.raises(RoundExists):
        open_round_service(2025)


def open_round_service(year: int):
    return open_round(year, seed=1)


def test_a_round_can_be_limited_to_some_municipalities() -> None:
    _register_for_rounds()
    survey_round = open_round(2025, seed=1, municipalities=["2180"])
    codes = set(
        Invitation.objects.filter(round=survey_round).values_list("municipality_id", flat=True)
    )
    assert codes == {"2180"}


def test_council_members_get_personal_links(open_round: OpenRound) -> None:
    members = pd.DataFrame(
        {"kommunkod": ["2180"], "name": ["Anna Ledamot"], "email": ["anna@gavle.example.se"]}
    )
    assert add_council_members(open_round.round, members) == 1
    added = Invitation.objects.get(name="Anna Ledamot")
    assert added.respondent_type == RespondentType.POLITICIAN
    assert added.token


def _answer(invitation: Invitation) -> None:
    response = SurveyResponse.objects.create(
        round=invitation.round,
        respondent_id=invitation.respondent_id,
        municipality_id=invitation.municipality_id,
        respondent_type=invitation.respondent_type,
        grades={"overall_grade": 4},
        channel="web",
        updated_at=timezone.now(),
    )
    invitation.response = response
    invitation.submitted_at = timezone.now()
    invitation.save()


def test_response_rates_count_answers_per_municipality_and_flag_low_ones(
    open_round: OpenRound,
) -> None:
    for invitation in (
        open_round.in_municipality("2181")[:2] + open_round.in_municipality("2180")[:1]
    ):
        _answer(invitation)
    # An answer imported from a provider, without a personal link.
    SurveyResponse.objects.create(
        round=open_round.round,
        respondent_id="P-1",
        municipality_id="2180",
        respondent_type="company",
        grades={"overall_grade": 3},
    )
    rates = response_rates(open_round.round).set_index(["kommunkod", "respondent_type"])
    assert rates.loc[("2181", "company"), ["sent", "answered"]].tolist() == [4, 2]
    assert rates.loc[("2180", "company"), ["sent", "answered"]].tolist() == [5, 2]
    assert rates.loc[("2181", "politician"), ["sent", "answered"]].tolist() == [2, 0]
    assert rates.loc[("2181", "company"), "rate"] == pytest.approx(0.5)
    assert rates.loc[("2181", "company"), "kommunnamn"] == "Sandviken"
    open_round.round.response_rate_threshold = 0.45
    assert rates.loc[("2181", "politician"), "below_threshold"]
    low = response_rates(open_round.round).query("below_threshold")
    assert low[["kommunkod", "respondent_type"]].values.tolist() == [
        ["2180", "company"],
        ["2181", "politician"],
    ]


def _statistics_and_answers(year: int) -> None:
    """Statistics for all 290 municipalities and a few provider answers in each."""
    from foretagsklimat.apps.statistics.services import store_statistics
    from foretagsklimat.apps.survey.services import store_answers
    from tests.conftest import synthetic_answers, synthetic_inputs

    _values, stats = synthetic_inputs(years=(year,))
    store_statistics(stats, synthetic=True)
    store_answers(synthetic_answers(year, per_municipality=3), synthetic=True)


def test_closing_a_round_stores_the_counts_and_publishes_that_years_ranking(
    open_round: OpenRound,
) -> None:
    _statistics_and_answers(2025)
    for invitation in open_round.companies[:3]:
        _answer(invitation)
    run = close_round(open_round.round)
    assert isinstance(run, RankingRun)
    assert run.year == 2025 and run.is_current
    assert run.municipalities.count() == 290
    open_round.round.refresh_from_db()
    assert open_round.round.status == RoundStatus.CLOSED
    assert open_round.round.closed_at is not None
    counts = {
        (c.municipality_id, c.respondent_type): (c.sent, c.answered)
        for c in QuestionnaireCount.objects.filter(round=open_round.round)
    }
    # Three provider answers without a personal link in every municipality.
    assert counts[("2181", "company")] == (4 + 3, 3 + 3)
    assert counts[("2180", "company")] == (4 + 3, 0 + 3)
    assert counts[("0114", "company")] == (3, 3)
    with pytest.raises(RoundNotOpen):
        close_round(open_round.round)


def test_closing_without_statistics_names_what_is_missing_and_leaves_the_round_open(
    open_round: OpenRound,
) -> None:
    _answer(open_round.companies[0])
    with pytest.raises(NotReadyToClose) as error:
        close_round(open_round.round)
    assert "municipal_tax (0 av 290 kommuner)" in str(error.value)
    open_round.round.refresh_from_db()
    assert open_round.round.is_open
    assert not QuestionnaireCount.objects.exists()
    assert not RankingRun.objects.filter(year=2025).exists()
