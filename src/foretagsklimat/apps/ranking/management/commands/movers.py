"""``foretagsklimat movers --year Y``: climbers and fallers since the year before."""

from __future__ import annotations

import io
import json
from typing import Any

import pandas as pd
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from foretagsklimat import reference
from foretagsklimat.apps.ranking.exports import SYNTHETIC_NOTE_SV, RankingTable
from foretagsklimat.apps.ranking.services import current_run
from foretagsklimat.engine.movers import biggest_climbers, movers
from foretagsklimat.web.frames import records


class Command(BaseCommand):
    help = "List the climbers and fallers of a year against the year before (stored rankings)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--county", help="only this county (länskod, e.g. 21)")
        parser.add_argument("--limit", type=int, default=10, help="climbers and fallers shown")
        parser.add_argument("--format", choices=["table", "csv", "json"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        now, before = current_run(year), current_run(year - 1)
        if now is None or before is None:
            raise CommandError(
                f"Rankingar för både {year - 1} och {year} behövs; kör 'foretagsklimat rank "
                f"--year {year} --save' eller 'foretagsklimat setup --demo'."
            )
        current = RankingTable.from_run(now)
        previous = RankingTable.from_run(before)
        changes = movers(
            previous.totals[["kommunkod", "rank"]], current.totals[["kommunkod", "rank"]]
        )
        ref = reference.municipalities()[["kommunkod", "kommunnamn", "lanskod", "lansnamn"]]
        changes = changes.merge(ref, on="kommunkod", how="left")
        if options["county"]:
            changes = changes[changes["lanskod"] == options["county"]]
        changes = changes.sort_values(["change", "rank"], ascending=[False, True])
        synthetic = current.synthetic or previous.synthetic
        limit = options["limit"]
        climbers, fallers = changes.head(limit), changes.iloc[::-1].head(limit)
        per_county = biggest_climbers(changes, ref, by="lanskod")
        if options["format"] == "csv":
            out = changes.assign(synthetic=synthetic)
            self.stdout.write(out.to_csv(index=False), ending="")
        elif options["format"] == "json":
            self.stdout.write(
                json.dumps(
                    {
                        "year": year,
                        "synthetic": synthetic,
                        "climbers": _records(climbers),
                        "fallers": _records(fallers),
                        "biggest_climber_per_county": _records(per_county),
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
        else:
            buffer = io.StringIO()
            console = Console(file=buffer, width=100)
            if synthetic:
                console.print(SYNTHETIC_NOTE_SV)
            for title, part in ((f"Klättrare {year}", climbers), (f"Fallare {year}", fallers)):
                table = Table(title=title)
                for column in ("Kommun", "Län", f"{year - 1}", f"{year}", "Förändring"):
                    table.add_column(column)
                for row in records(part):
                    table.add_row(
                        row["kommunnamn"],
                        row["lansnamn"],
                        str(row["rank_previous"]),
                        str(row["rank"]),
                        f"{row['change']:+d}",
                    )
                console.print(table)
            self.stdout.write(buffer.getvalue(), ending="")


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    columns = [
        c
        for c in ("kommunkod", "kommunnamn", "lanskod", "rank_previous", "rank", "change")
        if c in frame
    ]
    return [
        {k: (int(v) if k in {"rank_previous", "rank", "change"} else v) for k, v in rec.items()}
        for rec in records(frame[columns])
    ]
