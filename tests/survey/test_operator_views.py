"""The survey operator's pages: who may see them, and what each one does."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from foretagsklimat.apps.survey import urls as survey_urls
from foretagsklimat.apps.survey.fieldwork import store_register
from foretagsklimat.apps.survey.models import (
    AnswerAccess,
    Channel,
    Invitation,
    ReminderBatch,
    RoundStatus,
    SurveyResponse,
    SurveyRound,
)
from tests.sampling.sampling_helpers import companies, register

from .conftest import ORGNRS, OpenRound

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Row:
    name: str
    method: str = "get"
    operator_status: int = 200


#: Every operator URL once. A new URL under enkat/ without a row here fails the test below.
URLS = (
    Row("rounds"),
    Row("round"),
    Row("rates"),
    Row("invite", "post", 200),  # the confirmation page first
    Row("remind", "post", 302),  # nobody invited yet: nothing to remind, back to the round
    Row("close", "post", 200),  # the confirmation page first
    Row("import_answers"),
    Row("answers"),
    Row("answer"),
    Row("export"),
    Row("access_log"),
    Row("enter"),
    Row("enter_answer"),
)


def url_for(name: str, fixture: OpenRound, response: SurveyResponse) -> str:
    kwargs: dict[str, int] = {}
    if name != "rounds":
        kwargs["year"] = fixture.round.year
    if name == "answer":
        kwargs["response_id"] = response.pk
    if name == "enter_answer":
        kwargs["invitation_id"] = fixture.companies[0].pk
    return reverse(f"survey:{name}", kwargs=kwargs)


def answered(invitation: Invitation, grades: dict[str, int] | None = None) -> SurveyResponse:
    response = SurveyResponse.objects.create(
        round=invitation.round,
        respondent_id=invitation.respondent_id,
        municipality_id=invitation.municipality_id,
        respondent_type=invitation.respondent_type,
        grades=grades or {"overall_grade": 4, "service": 5},
        comments={"service": "Snabba besked.", "general": "Bra kommun."},
        channel=Channel.WEB,
        updated_at=timezone.now(),
    )
    invitation.response = response
    invitation.submitted_at = timezone.now()
    invitation.save()
    return response


def test_every_operator_url_has_a_row_in_the_permission_table() -> None:
    names = {
        p.name
        for p in survey_urls.urlpatterns
        if str(p.pattern).startswith("enkat/") and p.name != "demo"
    }
    assert names == {row.name for row in URLS}


def _request(client: Client, row: Row, url: str):
    try:
        return getattr(client, row.method)(url)
    except NotImplementedError:
        pytest.skip(f"the view behind {row.name} is not written yet")


@pytest.mark.parametrize("row", URLS, ids=lambda r: r.name)
def test_only_the_survey_operator_gets_in(
    row: Row, open_round: OpenRound, operator: User, outsider: User
) -> None:
    url = url_for(row.name, open_round, answered(open_round.companies[0]))
    client = Client()
    logged_out = _request(client, row, url)
    assert logged_out.status_code == 302
    assert logged_out["Location"].startswith(reverse("accounts:login"))

    client.force_login(outsider)
    assert _request(client, row, url).status_code == 403

    client.force_login(operator)
    assert _request(client, row, url).status_code == row.operator_status


@pytest.fixture
def operator_client(operator: User) -> Client:
    client = Client()
    client.force_login(operator)
    return client


def test_the_rounds_page_opens_a_round_from_the_stored_register(operator_client: Client) -> None:
    store_register(register(companies("2181", 30)))
    page = operator_client.get(reverse("survey:rounds"))
    assert "open-round-form" in page.content.decode()
    response = operator_client.post(
        reverse("survey:rounds"),
        {
            "year": 2026,
            "seed": 5,
            "closes_on": "2026-04-30",
            "max_reminders": 3,
            "municipalities": "2181",
        },
    )
    assert response.status_code == 302
    survey_round = SurveyRound.objects.get(year=2026)
    assert (survey_round.status, survey_round.max_reminders) == (RoundStatus.OPEN, 3)
    assert Invitation.objects.filter(round=survey_round).count() == 30


def test_opening_an_existing_year_again_says_so(
    operator_client: Client, open_round: OpenRound
) -> None:
    store_register(register(companies("2181", 3)))
    response = operator_client.post(
        reverse("survey:rounds"), {"year": 2025, "seed": 5, "max_reminders": 2}, follow=True
    )
    assert "Det finns redan en enkätomgång för 2025" in response.content.decode()


def test_the_overview_lists_municipalities_below_the_threshold_first(
    operator_client: Client, open_round: OpenRound
) -> None:
    for invitation in open_round.in_municipality("2180"):
        answered(invitation)
    page = operator_client.get(reverse("survey:round", args=[2025])).content.decode()
    table = page[page.index('data-testid="rates-table"') :]
    # Sandviken (no answers) is below 30 %, Gävle (all answered) is not.
    assert table.index("Sandviken") < table.index("Gävle")
    assert 'class="below"' in table
    assert reverse("survey:enter", args=[2025]) in page


def test_the_rates_come_as_a_fragment_for_the_live_view_and_as_csv(
    operator_client: Client, open_round: OpenRound
) -> None:
    url = reverse("survey:rates", args=[2025])
    fragment = operator_client.get(url, {"fragment": "1"}).content.decode()
    assert fragment.lstrip().startswith("<div") and "<html" not in fragment
    csv = operator_client.get(url, {"format": "csv", "dialect": "machine"})
    assert csv["Content-Type"].startswith("text/csv")
    header = csv.content.decode().splitlines()[0]
    assert header.startswith("kommunkod,kommunnamn,respondent_type,sent,answered,rate")


def test_sending_from_the_overview_mails_the_links_and_a_closed_round_refuses(
    operator_client: Client, open_round: OpenRound
) -> None:
    asked = operator_client.post(reverse("survey:invite", args=[2025]))
    assert 'data-testid="confirmation"' in asked.content.decode()
    assert mail.outbox == []
    response = operator_client.post(
        reverse("survey:invite", args=[2025]), {"confirmed": "1"}, follow=True
    )
    assert len(mail.outbox) == 10
    assert "10 inbjudningar skickade" in response.content.decode()
    SurveyRound.objects.filter(pk=open_round.round.pk).update(status=RoundStatus.CLOSED)
    mail.outbox.clear()
    response = operator_client.post(reverse("survey:remind", args=[2025]), follow=True)
    assert mail.outbox == []
    assert "Omgången är stängd" in response.content.decode()


def test_closing_asks_first_and_a_failed_close_leaves_the_round_open(
    operator_client: Client, open_round: OpenRound
) -> None:
    url = reverse("survey:close", args=[2025])
    first = operator_client.post(url).content.decode()
    assert 'data-testid="confirmation"' in first
    assert "publiceras, och svaren kan inte längre ändras" in first
    open_round.round.refresh_from_db()
    assert open_round.round.is_open
    # No statistics are stored, so the ranking cannot be computed.
    answered(open_round.companies[0])
    second = operator_client.post(url, {"confirmed": "1"}, follow=True)
    assert "Statistik för 2025 saknas" in second.content.decode()
    open_round.round.refresh_from_db()
    assert open_round.round.is_open


def _upload(text: str, name: str = "leverantor.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_a_provider_file_is_imported_with_the_provider_channel_and_logged(
    operator_client: Client, open_round: OpenRound
) -> None:
    text = (
        "respondent_id,kommunkod,year,respondent_type,overall_grade,service\n"
        "L-1,2181,2025,company,4,5\nL-2,2180,2025,företag,vet ej,2\n"
    )
    response = operator_client.post(
        reverse("survey:import_answers", args=[2025]), {"file": _upload(text)}
    )
    assert response.status_code == 302
    stored = SurveyResponse.objects.filter(round=open_round.round).order_by("respondent_id")
    assert [(r.respondent_id, r.channel, r.grades) for r in stored] == [
        ("L-1", Channel.PROVIDER, {"overall_grade": 4, "service": 5}),
        ("L-2", Channel.PROVIDER, {"service": 2}),
    ]
    assert AnswerAccess.objects.filter(action=AnswerAccess.Action.IMPORT).count() == 1


def test_an_invalid_provider_file_shows_every_problem_and_imports_nothing(
    operator_client: Client, open_round: OpenRound
) -> None:
    text = (
        "respondent_id,kommunkod,year,respondent_type,overall_grade\n"
        "L-1,2181,2025,company,4\nL-2,9999,2025,company,7\n"
    )
    page = operator_client.post(
        reverse("survey:import_answers", args=[2025]), {"file": _upload(text)}
    ).content.decode()
    assert 'data-testid="import-issues"' in page
    assert '<td>leverantor.csv</td><td class="num">3</td><td>kommunkod</td>' in page
    assert '<td class="num">3</td><td>overall_grade</td>' in page
    assert not SurveyResponse.objects.exists()


def test_a_provider_file_for_another_year_is_refused(
    operator_client: Client, open_round: OpenRound
) -> None:
    text = "respondent_id,kommunkod,year,respondent_type,overall_grade\nL-1,2181,2024,company,4\n"
    page = operator_client.post(
        reverse("survey:import_answers", args=[2025]), {"file": _upload(text)}
    ).content.decode()
    assert (
        '<td class="num">2</td><td>year</td><td>väntade 2025 (den här omgången), fanns ”2024”'
        in page
    )
    assert not SurveyResponse.objects.exists()


def test_a_provider_file_reports_the_rounds_problems_with_the_files_own(
    operator_client: Client, open_round: OpenRound
) -> None:
    """One round of corrections: a wrong year, a reserved id and a bad grade, all at once,
    in the interface's language."""
    text = (
        "respondent_id,kommunkod,year,respondent_type,overall_grade\n"
        "inv-7,2181,2025,company,4\n"
        "L-2,2181,2024,company,4\n"
        "L-3,2181,2025,company,9\n"
    )
    url = reverse("survey:import_answers", args=[2025])
    operator_client.get("/sprak/en/")
    page = operator_client.post(url, {"file": _upload(text)}).content.decode()
    assert "3 problems found; nothing was imported." in page
    assert (
        '<td class="num">2</td><td>respondent_id</td><td>expected an id that does not start with '
        "&quot;inv-&quot; (reserved for personal links), found ”inv-7”</td>"
    ) in page
    assert "expected 2025 (this round), found ”2024”" in page
    assert '<td class="num">4</td><td>overall_grade</td><td>expected a grade 1–6' in page
    assert not SurveyResponse.objects.exists()


def test_looking_at_answers_is_logged_and_shows_no_organisation_number(
    operator_client: Client, open_round: OpenRound
) -> None:
    response = answered(open_round.companies[0])
    listing = operator_client.get(reverse("survey:answers", args=[2025])).content.decode()
    assert response.respondent_id in listing
    one = operator_client.get(reverse("survey:answer", args=[2025, response.pk])).content.decode()
    assert "Snabba besked." in one and "Bra kommun." in one
    export = operator_client.get(reverse("survey:export", args=[2025])).content.decode()
    for page in (listing, one, export):
        assert ORGNRS[0] not in page
        assert "foretag0@example.se" not in page
    accesses = AnswerAccess.objects.order_by("at", "pk")
    actions = list(accesses.values_list("action", "user__username"))
    assert actions == [("list", "operator"), ("view", "operator"), ("export", "operator")]
    log = operator_client.get(reverse("survey:access_log", args=[2025])).content.decode()
    assert log.count("<td>operator</td>") == 3


def test_an_answer_of_another_round_is_not_found(
    operator_client: Client, open_round: OpenRound
) -> None:
    response = answered(open_round.companies[0])
    SurveyRound.objects.create(year=2024)
    assert (
        operator_client.get(reverse("survey:answer", args=[2024, response.pk])).status_code == 404
    )


# --- confirmation, the reminder interval, the rates table, the search ---------------------


def test_the_invitation_question_says_how_many_and_where(
    operator_client: Client, open_round: OpenRound
) -> None:
    page = operator_client.post(reverse("survey:invite", args=[2025])).content.decode()
    assert "10 e-postmeddelanden" in page
    assert "8 företag" in page and "2 kommunfullmäktigeledamöter" in page
    assert "i 2 kommuner: Gävle (2180), Sandviken (2181)" in page
    assert 'name="confirmed" value="1"' in page
    assert reverse("survey:round", args=[2025]) in page  # the way back


def test_reminders_ask_first_then_wait_the_interval(
    operator_client: Client, open_round: OpenRound
) -> None:
    Invitation.objects.filter(round=open_round.round).update(invited_at=timezone.now())
    url = reverse("survey:remind", args=[2025])
    asked = operator_client.post(url).content.decode()
    assert "10 påminnelser skickas nu" in asked
    assert "Nästa påminnelse kan skickas tidigast 24 timmar efter denna." in asked
    assert mail.outbox == [] and not ReminderBatch.objects.exists()
    sent = operator_client.post(url, {"confirmed": "1"}, follow=True).content.decode()
    assert len(mail.outbox) == 10 and "10 påminnelser skickade" in sent
    batch = ReminderBatch.objects.get()
    assert batch.user is not None and batch.user.username == "operator"
    overview = operator_client.get(reverse("survey:round", args=[2025])).content.decode()
    button = overview[overview.index('data-testid="send-reminders"') :].split(">", 1)[0]
    assert "disabled" in button
    assert "Senaste påminnelsen skickades" in overview and "nästa kan skickas från" in overview
    # Even a confirmed POST (a second tab, a resent form) is refused within the interval.
    mail.outbox.clear()
    again = operator_client.post(url, {"confirmed": "1"}, follow=True).content.decode()
    assert mail.outbox == [] and "nästa kan skickas från" in again
    assert ReminderBatch.objects.count() == 1


def _provider_answer(open_round: OpenRound, respondent_id: str, code: str) -> SurveyResponse:
    return SurveyResponse.objects.create(
        round=open_round.round,
        respondent_id=respondent_id,
        municipality_id=code,
        respondent_type="company",
        grades={"overall_grade": 4},
        channel=Channel.PROVIDER,
    )


def test_the_rates_count_channels_apart_and_total_them(
    operator_client: Client, open_round: OpenRound
) -> None:
    answered(open_round.companies[0])  # web, Sandviken
    paper = answered(open_round.companies[1])
    SurveyResponse.objects.filter(pk=paper.pk).update(channel=Channel.PAPER)
    _provider_answer(open_round, "L-1", "2180")
    csv = operator_client.get(
        reverse("survey:rates", args=[2025]), {"format": "csv", "dialect": "machine"}
    )
    lines = csv.content.decode().splitlines()
    assert "answered_web,answered_paper,answered_phone,answered_provider" in lines[0]
    page = operator_client.get(reverse("survey:rates", args=[2025])).content.decode()
    totals = page[page.index('data-testid="rates-totals"') :]
    cells = [c.split("<", 1)[0] for c in totals.split('<td class="num">')[1:7]]
    # sent (10 links + 1 provider answer), web, paper, phone, provider, answered
    assert cells == ["11", "1", "1", "0", "1", "3"]
    assert "Totalt, 2 kommuner" in totals


def test_municipalities_outside_the_round_are_shown_only_when_asked(
    operator_client: Client, open_round: OpenRound
) -> None:
    _provider_answer(open_round, "L-1", "0180")  # Stockholm: no personal links
    url = reverse("survey:rates", args=[2025])
    page = operator_client.get(url).content.decode()
    table = page[page.index('data-testid="rates-table"') :]
    assert "Stockholm" not in table
    assert "Visa även 1 kommun utanför omgången" in page
    everything = operator_client.get(url, {"alla": "1"}).content.decode()
    assert "Stockholm" in everything[everything.index('data-testid="rates-table"') :]


def test_the_county_filter_is_kept_in_the_urls(
    operator_client: Client, open_round: OpenRound
) -> None:
    Invitation.objects.filter(pk=open_round.companies[4].pk).update(municipality_id="2281")
    url = reverse("survey:round", args=[2025])
    page = operator_client.get(url, {"lan": "21"}).content.decode()
    table = page[page.index('data-testid="rates-table"') :]
    assert "Sandviken" in table and "Gävle" in table and "Sundsvall" not in table
    assert "?fragment=1&amp;lan=21" in page and "format=csv&amp;lan=21" in page
    assert '<option value="22">' in page and '<option value="21" selected>' in page
    fragment = operator_client.get(
        reverse("survey:rates", args=[2025]), {"fragment": "1", "lan": "22"}
    ).content.decode()
    assert "Sundsvall" in fragment and "Gävle" not in fragment


@pytest.mark.parametrize("query", ["gavle", "GÄVLE", "gäv", "2180"])
def test_answers_are_found_by_municipality_ignoring_case_and_accents(
    operator_client: Client, open_round: OpenRound, query: str
) -> None:
    in_gavle = answered(open_round.in_municipality("2180")[0])
    in_sandviken = answered(open_round.in_municipality("2181")[0])
    page = operator_client.get(
        reverse("survey:answers", args=[2025]), {"q": query}
    ).content.decode()
    assert in_gavle.respondent_id in page
    assert f">{in_sandviken.respondent_id}<" not in page
    entry = AnswerAccess.objects.get(action=AnswerAccess.Action.LIST)
    assert query in entry.detail


def test_matching_municipalities_folds_the_reference_names() -> None:
    from foretagsklimat.apps.survey.views.operator import matching_municipalities

    assert matching_municipalities("malmo") == ["1280"]
    assert "2180" in matching_municipalities("21")
    assert matching_municipalities("  ") == []


def test_the_service_messages_come_in_the_interface_language(
    operator_client: Client, open_round: OpenRound
) -> None:
    from django.conf import settings

    operator_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    store_register(register(companies("2181", 3)))
    opened = operator_client.post(
        reverse("survey:rounds"), {"year": 2025, "seed": 5, "max_reminders": 2}, follow=True
    ).content.decode()
    assert "There is already a survey round for 2025." in opened
    Invitation.objects.filter(round=open_round.round).update(invited_at=timezone.now())
    url = reverse("survey:remind", args=[2025])
    asked = operator_client.post(url).content.decode()
    assert "10 reminders are now sent" in asked and "in 2 municipalities" in asked
    operator_client.post(url, {"confirmed": "1"})
    again = operator_client.post(url, {"confirmed": "1"}, follow=True).content.decode()
    assert "The last reminder for round 2025 was sent on" in again


def test_a_round_without_links_or_answers_shows_empty_tables(operator_client: Client) -> None:
    SurveyRound.objects.create(year=2030, status=RoundStatus.OPEN)
    for name in ("round", "rates"):
        page = operator_client.get(reverse(f"survey:{name}", args=[2030]), {"lan": "21"})
        assert page.status_code == 200
        assert "Inga inbjudningar eller svar ännu." in page.content.decode()
    csv = operator_client.get(reverse("survey:rates", args=[2030]), {"format": "csv"})
    assert csv.status_code == 200
    found = operator_client.get(reverse("survey:answers", args=[2030]), {"q": "gävle"})
    assert "Inga svar från en kommun som matchar sökningen." in found.content.decode()
