"""The demo survey round: loading it, replacing it, and its public page of links."""

from __future__ import annotations

import pandas as pd
import pytest
from django.test import Client
from django.urls import reverse

import foretagsklimat.demo as demo_package
from foretagsklimat.apps.site.demo.survey_round import (
    DEMO_ROUND_YEAR,
    RealDataPresent,
    linked_municipalities,
    load_demo_round,
)
from foretagsklimat.apps.statistics.models import StatisticValue
from foretagsklimat.apps.survey.fieldwork import response_rates
from foretagsklimat.apps.survey.models import (
    Channel,
    Invitation,
    RegisterSite,
    RoundStatus,
    SurveyResponse,
    SurveyRound,
)

from .conftest import OpenRound

GAVLEBORG = ["2101", "2104", "2121", "2132", "2161", "2180", "2181", "2182", "2183", "2184"]
#: Provider answers are kept for these counties only, to keep the tests quick.
PROVIDER_COUNTIES = ("22",)


@pytest.fixture
def small_generator(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real generator, with the provider answers cut down to one county."""
    real = demo_package.generate

    def generate(**kwargs):  # type: ignore[no-untyped-def]
        data = real(**kwargs)
        codes = data.answers["kommunkod"].str[:2]
        data.answers = data.answers[codes.isin(["21", *PROVIDER_COUNTIES])].reset_index(drop=True)
        return data

    monkeypatch.setattr(demo_package, "generate", generate)


def load(seed: int = 5) -> SurveyRound:
    return load_demo_round(seed, scale=0.5).round


def test_the_linked_municipalities_are_gavleborgs_ten() -> None:
    assert linked_municipalities() == GAVLEBORG


@pytest.mark.slow
def test_the_demo_round_is_open_with_links_in_gavleborg_and_a_share_answered(
    db: None, small_generator: None
) -> None:
    survey_round = load()
    assert survey_round.year == DEMO_ROUND_YEAR == 2025
    assert survey_round.is_open and survey_round.synthetic
    links = Invitation.objects.filter(round=survey_round)
    assert set(links.values_list("municipality_id", flat=True)) == set(GAVLEBORG)
    answered = links.filter(submitted_at__isnull=False)
    assert 0.3 < answered.count() / links.count() < 0.55
    # Each answered link has its one web answer under the invitation's respondent id.
    for invitation in answered.select_related("response")[:50]:
        assert invitation.response is not None
        assert invitation.response.respondent_id == invitation.respondent_id
        assert invitation.response.channel == Channel.WEB
        assert invitation.response.grades
        assert all(1 <= g <= 6 for g in invitation.response.grades.values())
    web = SurveyResponse.objects.filter(round=survey_round, channel=Channel.WEB)
    assert web.count() == answered.count()
    # Everyone else answered through the provider, outside Gävleborg.
    provider = SurveyResponse.objects.filter(round=survey_round, channel=Channel.PROVIDER)
    assert provider.exists()
    assert not provider.filter(municipality__code__startswith="21").exists()
    # Visitors have unanswered links to open in Sandviken and Gävle.
    for code in ("2181", "2180"):
        assert links.filter(municipality_id=code, submitted_at__isnull=True).count() >= 10


@pytest.mark.slow
def test_some_demo_municipalities_are_below_the_response_rate_threshold(
    db: None, small_generator: None
) -> None:
    rates = response_rates(load())
    linked = rates[rates["kommunkod"].isin(GAVLEBORG)]
    assert 1 <= linked["below_threshold"].sum() <= 4
    assert not linked.loc[linked["kommunkod"].isin(["2180", "2181"]), "below_threshold"].any()


@pytest.mark.slow
def test_the_demo_rounds_statistics_are_stored_as_synthetic(
    db: None, small_generator: None
) -> None:
    load()
    stats = StatisticValue.objects.filter(year=DEMO_ROUND_YEAR)
    assert stats.values("municipality").distinct().count() == 290
    assert not stats.filter(synthetic=False).exists()


@pytest.mark.slow
def test_loading_again_replaces_the_round_the_register_and_the_links(
    db: None, small_generator: None
) -> None:
    first = load()
    tokens = set(Invitation.objects.values_list("token", flat=True))
    counts = (
        Invitation.objects.count(),
        SurveyResponse.objects.count(),
        RegisterSite.objects.count(),
    )
    second = load()
    assert SurveyRound.objects.filter(year=DEMO_ROUND_YEAR).count() == 1
    assert not SurveyRound.objects.filter(pk=first.pk).exists()
    assert second.is_open
    assert (
        Invitation.objects.count(),
        SurveyResponse.objects.count(),
        RegisterSite.objects.count(),
    ) == counts
    assert tokens.isdisjoint(Invitation.objects.values_list("token", flat=True))


@pytest.mark.slow
def test_real_data_is_left_alone(db: None, small_generator: None) -> None:
    real_site = RegisterSite.objects.create(
        orgnr="5560360793",
        name="Riktigt AB",
        legal_form="AB",
        employees=3,
        turnover_sek=1_000_000,
        municipality_id="0180",
        site_type="head_office",
    )
    real_round = SurveyRound.objects.create(year=2024, status=RoundStatus.CLOSED)
    real_answer = SurveyResponse.objects.create(
        round=real_round,
        respondent_id="r-1",
        municipality_id="0180",
        respondent_type="company",
        grades={"overall_grade": 4},
    )
    real_tax = StatisticValue.objects.create(
        year=DEMO_ROUND_YEAR, municipality_id="0180", statistic="municipal_tax", value=17.5
    )
    load()
    load()
    real_site.refresh_from_db()
    assert (real_site.name, real_site.synthetic) == ("Riktigt AB", False)
    assert SurveyResponse.objects.filter(pk=real_answer.pk).exists()
    real_tax.refresh_from_db()
    assert (real_tax.value, real_tax.synthetic) == (17.5, False)
    assert not SurveyRound.objects.get(pk=real_round.pk).synthetic


def test_it_refuses_when_a_real_round_of_the_year_exists(db: None) -> None:
    SurveyRound.objects.create(year=DEMO_ROUND_YEAR, status=RoundStatus.OPEN)
    with pytest.raises(RealDataPresent):
        load()
    assert not SurveyRound.objects.filter(synthetic=True).exists()
    assert not RegisterSite.objects.exists()


def test_it_refuses_when_the_real_register_has_rows_in_gavleborg(db: None) -> None:
    RegisterSite.objects.create(
        orgnr="5560360793",
        name="Riktigt AB",
        legal_form="AB",
        employees=3,
        turnover_sek=1_000_000,
        municipality_id="2181",
        site_type="head_office",
    )
    with pytest.raises(RealDataPresent):
        load()
    assert RegisterSite.objects.count() == 1
    assert not SurveyRound.objects.exists()


# --- the public demo page -----------------------------------------------------------------

DEMO_URL = "/enkat/demo/"


def links_on(page: str, invitations: list[Invitation]) -> list[Invitation]:
    return [i for i in invitations if reverse("survey:respond", args=[i.token]) in page]


def test_the_demo_page_is_404_without_a_demo_round(client: Client, db: None) -> None:
    assert reverse("survey:demo") == DEMO_URL
    assert client.get(DEMO_URL).status_code == 404


def test_the_demo_page_never_lists_links_of_a_real_round(
    client: Client, open_round: OpenRound
) -> None:
    assert not open_round.round.synthetic
    assert client.get(DEMO_URL).status_code == 404


def test_the_demo_page_is_404_once_the_demo_round_is_closed(
    client: Client, open_round: OpenRound
) -> None:
    SurveyRound.objects.filter(pk=open_round.round.pk).update(
        synthetic=True, status=RoundStatus.CLOSED
    )
    assert client.get(DEMO_URL).status_code == 404


def test_the_demo_page_lists_only_unanswered_company_links_with_names(
    client: Client, open_round: OpenRound
) -> None:
    SurveyRound.objects.filter(pk=open_round.round.pk).update(synthetic=True)
    answered = open_round.in_municipality("2181")[0]
    Invitation.objects.filter(pk=answered.pk).update(submitted_at="2025-03-01T10:00:00Z")
    response = client.get(DEMO_URL)
    assert response.status_code == 200
    page = response.content.decode()
    unanswered = [i for i in open_round.companies if i.pk != answered.pk]
    assert links_on(page, unanswered) == unanswered
    assert links_on(page, [answered, *open_round.politicians]) == []
    assert unanswered[0].name in page
    assert "Syntetisk demoenkät" in page
    assert "enkatoperator" in page and "FORETAGSKLIMAT_DEMO_PASSWORD" in page
    assert 'href="/enkat/2025/"' in page
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_demo_link_opens_the_questionnaire(client: Client, open_round: OpenRound) -> None:
    SurveyRound.objects.filter(pk=open_round.round.pk).update(synthetic=True)
    page = client.get(DEMO_URL).content.decode()
    invitation = links_on(page, open_round.in_municipality("2181"))[0]
    questionnaire = client.get(reverse("survey:respond", args=[invitation.token]))
    assert questionnaire.status_code == 200
    assert "<form" in questionnaire.content.decode()


def test_the_home_page_links_the_demo_round_only_when_it_is_open(
    client: Client, stored_rankings: tuple[int, ...]
) -> None:
    assert 'data-testid="demo-round-link"' not in client.get("/").content.decode()
    SurveyRound.objects.create(year=2025, status=RoundStatus.OPEN, synthetic=True)
    from django.core.cache import cache

    cache.clear()
    page = client.get("/").content.decode()
    assert 'data-testid="demo-round-link"' in page
    assert f'href="{DEMO_URL}"' in page


@pytest.mark.slow
def test_the_demo_answers_look_like_generated_ones(db: None, small_generator: None) -> None:
    survey_round = load()
    grades = pd.DataFrame.from_records(
        SurveyResponse.objects.filter(round=survey_round, channel=Channel.WEB).values_list(
            "grades", flat=True
        )
    )
    assert 2.5 < grades["overall_grade"].mean() < 4.5
    # "Vet ej" is left out, so some questions are missing from some answers.
    assert grades["procurement"].isna().any()
