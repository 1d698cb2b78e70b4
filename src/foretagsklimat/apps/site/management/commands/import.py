"""``foretagsklimat import KIND FILE``: validate a file completely, then store all of it.

Nothing is stored when any row is wrong: the readers validate the whole file first and
the store runs in one transaction.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from foretagsklimat import importers
from foretagsklimat.apps.ranking.analysis import publish
from foretagsklimat.apps.ranking.services import NothingToRank, compute_ranking
from foretagsklimat.apps.statistics.services import store_statistics
from foretagsklimat.apps.survey.services import AlreadyStored, store_answers, store_factor_values
from foretagsklimat.terminal.console import progress_bar

KINDS = ("answers", "factor-values", "statistics", "statistik-xlsx")


class Command(BaseCommand):
    help = "Import survey answers, factor values or statistics from CSV or Excel (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--synthetic", action="store_true", help="mark the imported data as synthetic"
        )
        parser.add_argument(
            "--replace", action="store_true", help="answers: replace the years' stored answers"
        )
        parser.add_argument(
            "--rank", action="store_true", help="recompute and store the affected years' rankings"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kind, path = options["kind"], options["file"]
        if not path.exists():
            raise CommandError(f"{path}: filen finns inte.")
        try:
            if kind == "answers":
                frame = importers.read_answers(path)
                with progress_bar() as bar:
                    task = bar.add_task("Sparar enkätsvar", total=len(frame))
                    count = store_answers(
                        frame,
                        synthetic=options["synthetic"],
                        replace=options["replace"],
                        progress=lambda n: bar.advance(task, n),
                    )
            elif kind == "factor-values":
                # A factor file may carry statistics rows too; both parts are stored.
                parts = importers.read_factor_file(path)
                frame = pd.concat([parts.factor_values[["year"]], parts.statistics[["year"]]])
                with transaction.atomic():
                    count = store_factor_values(
                        parts.factor_values, synthetic=options["synthetic"], source=path.name
                    )
                    count += store_statistics(
                        parts.statistics, synthetic=options["synthetic"], source=path.name
                    )
            elif kind == "statistics":
                frame = importers.read_statistics(path)
                count = store_statistics(frame, synthetic=options["synthetic"], source=path.name)
            else:
                workbook = importers.read_statistik_workbook(path)
                frame = workbook.statistics
                count = store_statistics(frame, synthetic=options["synthetic"], source=path.name)
                for note in workbook.skipped:
                    self.stderr.write(f"Hoppade över: {note}")
        except (importers.ImportValidationError, AlreadyStored) as error:
            raise CommandError(f"Inget importerades.\n{error}") from error
        years = sorted(int(y) for y in frame["year"].unique())
        self.stdout.write(
            self.style.SUCCESS(
                f"{path.name}: {count} rader importerade ({', '.join(map(str, years))})."
            )
        )
        if options["rank"]:
            for year in years:
                try:
                    run = publish(compute_ranking(year))
                except NothingToRank as error:
                    raise CommandError(str(error)) from error
                self.stdout.write(f"Ranking {year} ({run.methodology}) sparad.")
