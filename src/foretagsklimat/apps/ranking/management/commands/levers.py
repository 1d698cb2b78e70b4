"""``foretagsklimat levers --kommun K [--target 100] [--year Y]``: places gained by one step
on each indicator, and the smallest grade improvements found that reach a target rank."""

from __future__ import annotations

import json
import math
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.table import Table

from foretagsklimat.apps.ranking import analysis
from foretagsklimat.apps.ranking.exports import SYNTHETIC_NOTE_SV
from foretagsklimat.apps.ranking.services import current_run
from foretagsklimat.engine.whatif import describe_plan
from foretagsklimat.terminal.console import rich_text
from foretagsklimat.web.frames import records

from .whatif import municipality, stored_year


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


class Command(BaseCommand):
    help = (
        "Levers: places gained by one step (0.1 on a grade) on each indicator of a stored "
        "year; with --target, a small set of grade improvements reaching that rank."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kommun", required=True, help="municipality code, e.g. 2181")
        parser.add_argument("--target", type=int, help="target rank, e.g. 100")
        parser.add_argument("--year", type=int, help="published year (default: the latest)")
        parser.add_argument("--language", choices=["sv", "en"], default="sv")
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        year = stored_year(options["year"])
        code = options["kommun"]
        name = municipality(code)
        language = options["language"]
        try:
            table = analysis.levers_for(year, code)
            plan = None
            if options["target"] is not None:
                plan = analysis.plan_for(year, code, options["target"])
        except analysis.NoAnalysis as error:
            raise CommandError(str(error)) from None
        except ValueError as error:
            raise CommandError(str(error)) from None
        sentence = describe_plan(plan, language, name=name) if plan is not None else None
        synthetic = bool(current_run(year).synthetic)  # type: ignore[union-attr]
        if options["format"] == "json":
            body: dict[str, Any] = {
                "year": year,
                "code": code,
                "name": name,
                "synthetic": synthetic,
                "levers": [
                    {k: _plain(v) for k, v in row.items()}
                    for row in table.to_dict(orient="records")
                ],
                "plan": None,
            }
            if plan is not None:
                body["plan"] = {
                    "target": plan.target_rank,
                    "reachable": plan.reachable,
                    "rank_before": plan.rank_before,
                    "final_rank": plan.final_rank,
                    "steps": [
                        {k: _plain(v) for k, v in row.items()}
                        for row in plan.steps.to_dict(orient="records")
                    ],
                    "sentence": sentence,
                }
            self.stdout.write(json.dumps(body, ensure_ascii=False, indent=2))
            return
        sv = language == "sv"
        title = f"Hävstänger – {name} ({code}) {year}" if sv else f"Levers – {name} ({code}) {year}"
        if synthetic:
            title += f"\n{SYNTHETIC_NOTE_SV}"
        headers = (
            ("Delfaktor", "Värde", "Steg", "Placeringar", "Ny placering")
            if sv
            else ("Indicator", "Value", "Step", "Places gained", "New rank")
        )
        rich_table = Table(title=title)
        for header in headers:
            rich_table.add_column(header, justify="left" if header == headers[0] else "right")
        for row in records(table):
            label = str(row["label_sv"] if sv else row["label_en"])
            step = f"{row['step']:+g}" + ("" if row["feasible"] else " *")
            value = "–" if math.isnan(row["value"]) else f"{row['value']:.2f}"
            rich_table.add_row(
                label,
                value.replace(".", ",") if sv else value,
                step.replace(".", ",") if sv else step,
                f"{row['places_gained']:+d}",
                str(row["new_rank"]),
            )
        self.stdout.write(rich_text(rich_table), ending="")
        if (~table["feasible"]).any():
            self.stdout.write(
                "* betyget kan inte passera 6 (eller värdet saknas)"
                if sv
                else "* the grade cannot pass 6 (or the value is missing)"
            )
        if sentence is not None:
            self.stdout.write(sentence)
        elif sv:
            self.stdout.write(
                "Ange --target N för den minsta uppsättning förbättringar som når plats N."
            )
