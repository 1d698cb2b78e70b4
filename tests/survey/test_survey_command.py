"""``foretagsklimat survey register|open|invite|remind|rates|close|export``."""

from __future__ import annotations

import getpass
import io
from pathlib import Path

import pandas as pd
import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from foretagsklimat.apps.survey.models import (
    AnswerAccess,
    Invitation,
    RegisterSite,
    RespondentType,
    RoundStatus,
    SurveyResponse,
    SurveyRound,
)
from tests.sampling.sampling_helpers import companies, company, write_csv

from .conftest import OpenRound

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("survey", *args, stdout=out)
    return out.getvalue()


def test_register_stores_a_file_and_a_second_import_updates(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "foretag.csv", companies("2181", 5))
    assert "5 nya rader, 0 uppdaterade" in run("register", "--file", str(path))
    write_csv(path, [company(0, employees=77), *companies("2181", 4, 1)])
    assert "0 nya rader, 1 uppdaterade, 4 oförändrade" in run("register", "--file", str(path))
    assert RegisterSite.objects.count() == 5


def test_register_refuses_an_invalid_file_with_row_numbers(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "foretag.csv", [company(0), company(1, orgnr="556036-0794")])
    with pytest.raises(CommandError) as error:
        run("register", "--file", str(path))
    assert "foretag.csv, rad 3, kolumn ”orgnr”" in str(error.value)
    assert "fel kontrollsiffra" in str(error.value)
    assert not RegisterSite.objects.exists()


def test_open_draws_the_sample_and_adds_council_members(tmp_path: Path) -> None:
    run("register", "--file", str(write_csv(tmp_path / "f.csv", companies("2181", 250))))
    members = tmp_path / "ledamoter.csv"
    pd.DataFrame(
        {"kommunkod": ["2181", "2181"], "name": ["A", "B"], "email": ["a@x.se", "b@x.se"]}
    ).to_csv(members, index=False)
    output = run(
        "open",
        "--year",
        "2025",
        "--seed",
        "3",
        "--closes-on",
        "2025-05-31",
        "--max-reminders",
        "1",
        "--politicians",
        str(members),
    )
    assert "200 företag i urvalet och 2 kommunfullmäktigeledamöter" in output
    survey_round = SurveyRound.objects.get(year=2025)
    assert (survey_round.status, str(survey_round.closes_on), survey_round.max_reminders) == (
        RoundStatus.OPEN,
        "2025-05-31",
        1,
    )
    assert survey_round.includes_politicians
    assert Invitation.objects.filter(respondent_type=RespondentType.POLITICIAN).count() == 2


def test_open_refuses_a_year_that_has_a_round(open_round: OpenRound) -> None:
    with pytest.raises(CommandError, match="redan en enkätomgång för 2025"):
        run("open", "--year", "2025", "--seed", "1")


def test_invite_and_remind_send_mail_and_rates_marks_low_municipalities(
    open_round: OpenRound,
) -> None:
    assert "10 inbjudningar skickade" in run("invite", "--year", "2025")
    for invitation in open_round.in_municipality("2180"):
        invitation.submitted_at = timezone.now()
        invitation.save()
    assert "6 påminnelser skickade" in run("remind", "--year", "2025")
    assert len(mail.outbox) == 16
    table = run("rates", "--year", "2025")
    lines = table.splitlines()
    sandviken = next(line for line in lines if "Sandviken" in line and "företag" in line)
    gavle = next(line for line in lines if "Gävle" in line)
    assert "under gränsen" in sandviken
    assert "under gränsen" not in gavle
    assert "4 svar av 10 utskickade; 2 under gränsen." in table


def test_close_refuses_without_statistics_and_a_second_close(open_round: OpenRound) -> None:
    SurveyResponse.objects.create(
        round=open_round.round,
        respondent_id="x",
        municipality_id="2181",
        respondent_type="company",
        grades={"overall_grade": 4},
    )
    with pytest.raises(CommandError, match="Statistik för 2025 saknas"):
        run("close", "--year", "2025")
    SurveyRound.objects.filter(year=2025).update(status=RoundStatus.CLOSED)
    with pytest.raises(CommandError, match="redan stängd"):
        run("close", "--year", "2025")


def test_export_writes_pseudonymised_answers_and_logs_the_os_user(
    open_round: OpenRound, tmp_path: Path
) -> None:
    SurveyResponse.objects.create(
        round=open_round.round,
        respondent_id="inv-1",
        municipality_id="2181",
        respondent_type="company",
        grades={"overall_grade": 4},
    )
    out = tmp_path / "export" / "svar.csv"
    assert "1 pseudonymiserade svar" in run("export", "--year", "2025", "--out", str(out))
    frame = pd.read_csv(out, dtype=str)
    assert frame.loc[0, "overall_grade"] == "4"
    assert "respondent_id" not in frame.columns
    access = AnswerAccess.objects.get()
    assert (access.action, access.actor, access.user) == ("export", getpass.getuser(), None)


def test_an_unknown_year_is_named() -> None:
    with pytest.raises(CommandError, match="Ingen enkätomgång för 2031"):
        run("rates", "--year", "2031")


def test_register_reads_scbs_layout_and_says_what_it_left_out(tmp_path: Path) -> None:
    extract = Path(__file__).parents[1] / "sampling" / "data" / "scb_urval.txt"
    fixed = tmp_path / "scb_urval.txt"
    text = extract.read_bytes().decode("cp1252").replace("169696969696", "169696969691")
    fixed.write_bytes(text.encode("cp1252"))
    out = run("register", "--file", str(fixed))
    assert "Företagsregistret: 5 nya rader" in out
    assert (
        "Ur SCB:s företagsregister lämnades 1 företag som inte är verksamma och 1 med en "
        "juridisk form som urvalet inte omfattar"
    ) in out
    assert RegisterSite.objects.filter(legal_form="EF").count() == 1
