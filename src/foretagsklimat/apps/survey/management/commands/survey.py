"""``foretagsklimat survey ACTION``: sampling and running a survey round.

``sample`` draws a sample from a register file without storing anything. The others
run a stored round: ``register`` stores the company register, ``open`` draws the
sample and creates the personal links, ``invite`` and ``remind`` send e-mail, ``rates``
shows the response rates, ``close`` publishes the year's results, ``export`` writes the
pseudonymised answers. Thin: the work lives in :mod:`foretagsklimat.sampling`,
:mod:`..fieldwork`, :mod:`..mailing` and :mod:`..privacy` (``docs/fieldwork.md``).
"""

from __future__ import annotations

import datetime as dt
import getpass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.table import Table

from foretagsklimat.importers import ImportValidationError
from foretagsklimat.sampling import read_register
from foretagsklimat.sampling.survey import run_sampling
from foretagsklimat.terminal.console import rich_text

from ... import fieldwork, mailing, privacy
from ...models import AnswerAccess, SurveyRound


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"Ogiltigt datum {text!r}: skriv ÅÅÅÅ-MM-DD.") from error


class Command(BaseCommand):
    help = (
        "Survey rounds: 'sample' draws a sample from a register file; 'register', 'open', "
        "'invite', 'remind', 'rates', 'close' and 'export' run a stored round."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        sample = actions.add_parser(
            "sample", help="draw the sample and write sample.csv and exclusions.csv"
        )
        sample.add_argument("--register", type=Path, required=True, help="register CSV/.xlsx")
        sample.add_argument("--year", type=int, required=True, help="the survey round")
        sample.add_argument("--seed", type=int, required=True, help="seed of the random draw")
        sample.add_argument("--out", type=Path, required=True, help="directory for the files")

        register = actions.add_parser("register", help="store a company register (CSV/.xlsx)")
        register.add_argument("--file", type=Path, required=True, help="register CSV/.xlsx")
        register.add_argument("--synthetic", action="store_true", help="made-up demo companies")

        opening = actions.add_parser("open", help="open a round: sample and personal links")
        opening.add_argument("--year", type=int, required=True)
        opening.add_argument("--seed", type=int, required=True, help="seed of the random draw")
        opening.add_argument("--closes-on", type=_date, help="last day to answer, YYYY-MM-DD")
        opening.add_argument(
            "--municipalities", help="only these municipality codes, comma-separated"
        )
        opening.add_argument("--max-reminders", type=int, default=2)
        opening.add_argument(
            "--politicians", type=Path, help="council members CSV/.xlsx: kommunkod,name,email"
        )
        opening.add_argument("--methodology", help="whose questionnaire; default: in force")
        opening.add_argument("--synthetic", action="store_true", help="a demo round")

        for name, text in (
            ("invite", "e-mail the personal links not yet sent"),
            ("remind", "remind those who have not answered"),
            ("rates", "response rates per municipality"),
            ("close", "close the round and publish the year's ranking"),
        ):
            actions.add_parser(name, help=text).add_argument("--year", type=int, required=True)
        export = actions.add_parser("export", help="pseudonymised answers as CSV")
        export.add_argument("--year", type=int, required=True)
        export.add_argument("--out", type=Path, required=True, help="CSV file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        handler = getattr(self, f"handle_{action}")
        try:
            handler(options)
        except fieldwork.FieldworkError as error:
            raise CommandError(str(error)) from error

    # --- actions --------------------------------------------------------------------------

    def handle_sample(self, options: dict[str, Any]) -> None:
        try:
            register = read_register(options["register"])
        except ImportValidationError as error:
            raise CommandError(f"Inget urval gjordes.\n{error.format(limit=None)}") from error
        self._say_left_out(register)
        run = run_sampling(register, options["year"], options["seed"])
        sample_path, exclusions_path = run.write(options["out"])

        table = Table(title=f"Urval {options['year']} (seed {options['seed']})")
        for header in ("Kommun", "Kod", "Register", "Ram", "Storlek", "Urval"):
            table.add_column(header, justify="left" if header in {"Kommun", "Kod"} else "right")
        for row in run.summary.itertuples(index=False):
            size = f"{row.size_class} (totalundersökning)" if row.census else str(row.size_class)
            table.add_row(
                str(row.kommunnamn),
                str(row.kommunkod),
                str(row.register_rows),
                str(row.frame_count),
                size,
                str(row.sampled),
            )
        self.stdout.write(rich_text(table), ending="")
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(run.sample)} i urvalet → {sample_path}; "
                f"{len(run.exclusions)} uteslutna → {exclusions_path}."
            )
        )

    def handle_register(self, options: dict[str, Any]) -> None:
        try:
            register = read_register(options["file"])
        except ImportValidationError as error:
            raise CommandError(f"Inget importerades.\n{error.format(limit=None)}") from error
        result = fieldwork.store_register(register, synthetic=options["synthetic"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Företagsregistret: {result.created} nya rader, {result.updated} uppdaterade, "
                f"{result.unchanged} oförändrade."
            )
        )
        self._say_left_out(register)

    def _say_left_out(self, register: Any) -> None:
        """What a file from SCB's Företagsregistret left out, when it was one."""
        left_out = register.attrs.get("left_out")
        if left_out:
            self.stdout.write(
                f"Ur SCB:s företagsregister lämnades {left_out['inactive']} företag som inte "
                f"är verksamma och {left_out['other_forms']} med en juridisk form som urvalet "
                "inte omfattar (ideella föreningar, stiftelser …) utanför."
            )

    def handle_open(self, options: dict[str, Any]) -> None:
        members = None
        if options["politicians"]:
            try:
                members = fieldwork.read_council_members(options["politicians"])
            except ImportValidationError as error:
                raise CommandError(f"Ingen omgång öppnades.\n{error.format(limit=None)}") from error
        codes = None
        if options["municipalities"]:
            codes = [c.strip() for c in options["municipalities"].split(",") if c.strip()]
        survey_round = fieldwork.open_round(
            options["year"],
            seed=options["seed"],
            methodology=options["methodology"],
            closes_on=options["closes_on"],
            municipalities=codes,
            max_reminders=options["max_reminders"],
            includes_politicians=members is not None,
            synthetic=options["synthetic"],
        )
        companies = survey_round.invitations.count()
        politicians = 0 if members is None else fieldwork.add_council_members(survey_round, members)
        self.stdout.write(
            self.style.SUCCESS(
                f"Enkätomgång {survey_round.year} öppnad: {companies} företag i urvalet"
                + (f" och {politicians} kommunfullmäktigeledamöter" if politicians else "")
                + f" har fått personliga länkar. Skicka inbjudningarna med "
                f"'foretagsklimat survey invite --year {survey_round.year}'."
            )
        )

    def handle_invite(self, options: dict[str, Any]) -> None:
        count = mailing.send_invitations(self._round(options["year"]))
        self.stdout.write(self.style.SUCCESS(f"{count} inbjudningar skickade."))

    def handle_remind(self, options: dict[str, Any]) -> None:
        # The same wait between batches as on the web (RemindersTooSoon → CommandError).
        count = mailing.send_reminders(self._round(options["year"]), actor=getpass.getuser())
        self.stdout.write(self.style.SUCCESS(f"{count} påminnelser skickade."))

    def handle_rates(self, options: dict[str, Any]) -> None:
        survey_round = self._round(options["year"])
        rates = fieldwork.response_rates(survey_round)
        threshold = survey_round.response_rate_threshold
        table = Table(title=f"Svarsfrekvens {survey_round.year} (gräns {threshold:.0%})")
        for header in ("Kommun", "Kod", "Svarande"):
            table.add_column(header)
        for header in ("Utskickade", "Svar", "Svarsfrekvens"):
            table.add_column(header, justify="right")
        for row in rates.itertuples(index=False):
            mark = " ← under gränsen" if row.below_threshold else ""
            kind = "kommunfullmäktige" if row.respondent_type == "politician" else "företag"
            table.add_row(
                str(row.kommunnamn),
                str(row.kommunkod),
                kind,
                str(row.sent),
                str(row.answered),
                f"{row.rate:.0%}{mark}",
                style="bold yellow" if row.below_threshold else None,
            )
        self.stdout.write(rich_text(table), ending="")
        below = int(rates["below_threshold"].sum())
        self.stdout.write(
            f"{int(rates['answered'].sum())} svar av {int(rates['sent'].sum())} utskickade; "
            f"{below} under gränsen."
        )

    def handle_close(self, options: dict[str, Any]) -> None:
        survey_round = self._round(options["year"])
        self.stdout.write("Stänger omgången och räknar rankingen med osäkerhet …")
        run = fieldwork.close_round(survey_round)
        self.stdout.write(
            self.style.SUCCESS(
                f"Enkätomgång {survey_round.year} stängd; rankingen {run.year} ({run.methodology}) "
                f"är publicerad."
            )
        )

    def handle_export(self, options: dict[str, Any]) -> None:
        survey_round = self._round(options["year"])
        frame = privacy.pseudonymised_answers(survey_round)
        out: Path = options["out"]
        out.parent.mkdir(parents=True, exist_ok=True)
        frame.to_csv(out, index=False, encoding="utf-8")
        privacy.log_access(
            AnswerAccess.Action.EXPORT,
            survey_round,
            actor=getpass.getuser(),
            detail=f"{len(frame)} svar, pseudonymiserade → {out.name}",
        )
        self.stdout.write(
            self.style.SUCCESS(f"{len(frame)} pseudonymiserade svar → {out} (exporten är loggad).")
        )

    def _round(self, year: int) -> SurveyRound:
        survey_round = SurveyRound.objects.filter(year=year).first()
        if survey_round is None:
            raise CommandError(f"Ingen enkätomgång för {year}.")
        return survey_round
