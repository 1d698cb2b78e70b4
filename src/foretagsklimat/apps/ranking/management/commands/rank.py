"""``foretagsklimat rank --year Y``: rank what is stored, print or export it."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from foretagsklimat.apps.ranking.analysis import publish
from foretagsklimat.apps.ranking.exports import SYNTHETIC_NOTE_SV, RankingTable
from foretagsklimat.apps.ranking.services import NothingToRank, compute_ranking
from foretagsklimat.engine.methodology import MethodologyError
from foretagsklimat.web.frames import records


class Command(BaseCommand):
    help = "Rank the stored survey values and statistics of one year with the engine."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--methodology", help="methodology name (default: the one in force that year)"
        )
        parser.add_argument("--format", choices=["table", "csv", "json", "xlsx"], default="table")
        parser.add_argument("--output", "-o", help="write to this file instead of the terminal")
        parser.add_argument("--limit", type=int, help="table: show only the first N")
        parser.add_argument(
            "--save", action="store_true", help="store the result as the year's published ranking"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            computed = compute_ranking(options["year"], options["methodology"])
        except (NothingToRank, MethodologyError, LookupError) as error:
            raise CommandError(str(error)) from error
        if options["save"]:
            publish(computed)
        table = RankingTable.from_computed(computed)
        fmt, output = options["format"], options["output"]
        if fmt == "xlsx":
            data = table.to_xlsx()
            if output:
                Path(output).write_bytes(data)
            else:
                sys.stdout.buffer.write(data)
            return
        if fmt == "table":
            text = self._table(table, options["limit"])
        else:
            text = table.to_json() + "\n" if fmt == "json" else table.to_csv()
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")

    def _table(self, table: RankingTable, limit: int | None) -> str:
        title = f"Ranking {table.year} ({table.methodology.name})"
        if table.synthetic:
            title += f"\n{SYNTHETIC_NOTE_SV}"
        rich_table = Table(title=title)
        for column in ("Placering", "Kommun", "Kommunkod", "Poäng"):
            rich_table.add_column(column, justify="right" if column != "Kommun" else "left")
        rows = table.totals.sort_values("rank")
        if limit:
            rows = rows.head(limit)
        for row in records(rows):
            rich_table.add_row(
                str(row["rank"]), row["kommun"], row["kommunkod"], f"{row['points']:.1f}"
            )
        buffer = io.StringIO()
        Console(file=buffer, width=100).print(rich_table)
        return buffer.getvalue()
