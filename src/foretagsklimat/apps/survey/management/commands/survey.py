"""``foretagsklimat survey sample``: draw a survey round's sample from a company register.

Thin: reading, the frame rules, the sizes and the draw live in
:mod:`foretagsklimat.sampling` (see ``docs/sampling.md``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.table import Table

from foretagsklimat.apps.ranking.management.commands.index import rich_text
from foretagsklimat.importers import ImportValidationError
from foretagsklimat.sampling import read_register
from foretagsklimat.sampling.survey import run_sampling


class Command(BaseCommand):
    help = "Survey rounds: 'sample' draws the sample from a company register (CSV or Excel)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        sample = actions.add_parser(
            "sample", help="draw the sample and write sample.csv and exclusions.csv"
        )
        sample.add_argument("--register", type=Path, required=True, help="register CSV/.xlsx")
        sample.add_argument("--year", type=int, required=True, help="the survey round")
        sample.add_argument("--seed", type=int, required=True, help="seed of the random draw")
        sample.add_argument("--out", type=Path, required=True, help="directory for the files")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            register = read_register(options["register"])
        except ImportValidationError as error:
            raise CommandError(f"Inget urval gjordes.\n{error.format(limit=None)}") from error
        run = run_sampling(register, options["year"], options["seed"])
        sample_path, exclusions_path = run.write(options["out"])

        table = Table(title=f"Urval {options['year']} (seed {options['seed']})")
        for header in ("Kommun", "Kod", "Register", "Ram", "Storlek", "Urval"):
            table.add_column(header, justify="left" if header in {"Kommun", "Kod"} else "right")
        for row in run.summary.itertuples(index=False):
            size = f"{row.size_class} (totalundersökning)" if row.census else str(row.size_class)
            table.add_row(str(row.kommunnamn), str(row.kommunkod), str(row.register_rows),
                          str(row.frame_count), size, str(row.sampled))
        self.stdout.write(rich_text(table), ending="")
        self.stdout.write(self.style.SUCCESS(
            f"{len(run.sample)} i urvalet → {sample_path}; "
            f"{len(run.exclusions)} uteslutna → {exclusions_path}."
        ))
