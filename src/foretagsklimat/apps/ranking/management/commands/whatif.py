"""``foretagsklimat whatif --year Y --kommun K --set service=4.2``: a stored ranking with
some of one municipality's values changed; prints the rank and points before and after."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.table import Table

from foretagsklimat.apps.ranking import analysis
from foretagsklimat.apps.ranking.exports import SYNTHETIC_NOTE_SV
from foretagsklimat.apps.ranking.services import current_run, municipality_names, ranked_years
from foretagsklimat.terminal.console import rich_text
from foretagsklimat.web.frames import records


def stored_year(year: int | None) -> int:
    """The year asked for, or the latest published one; CommandError when there is none."""
    if year is None:
        years = ranked_years()
        if not years:
            raise CommandError(
                "Ingen publicerad ranking finns; kör 'foretagsklimat rank --year Y --save' "
                "eller 'foretagsklimat setup --demo'."
            )
        return years[-1]
    if current_run(year) is None:
        raise CommandError(
            f"Ingen ranking för {year}; kör 'foretagsklimat rank --year {year} --save'."
        )
    return year


def municipality(kommunkod: str) -> str:
    """The name of a municipality code; CommandError for an unknown one."""
    names = municipality_names()
    if kommunkod not in names:
        raise CommandError(f"Okänd kommunkod {kommunkod!r} (fyra siffror, t.ex. 2181).")
    return names[kommunkod]


def decimal_sv(value: float, decimals: int = 1) -> str:
    return f"{value:.{decimals}f}".replace(".", ",")


def parse_settings(items: list[str]) -> dict[str, float]:
    changes: dict[str, float] = {}
    for item in items:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise CommandError(f"--set {item!r}: skriv delfaktor=värde, t.ex. service=4.2.")
        try:
            changes[key.strip()] = float(raw.replace(",", "."))
        except ValueError:
            raise CommandError(f"--set {item!r}: {raw!r} är inte ett tal.") from None
    return changes


class Command(BaseCommand):
    help = (
        "What if: rank a stored year again with some of one municipality's values changed "
        "(--set indicator=value, repeatable)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="published year (default: the latest)")
        parser.add_argument("--kommun", required=True, help="municipality code, e.g. 2181")
        parser.add_argument(
            "--set",
            action="append",
            required=True,
            metavar="INDICATOR=VALUE",
            help="new value of an indicator, e.g. service=4.2 (repeatable)",
        )
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        year = stored_year(options["year"])
        code = options["kommun"]
        name = municipality(code)
        changes = parse_settings(options["set"])
        try:
            result = analysis.what_if_for(year, code, changes)
        except analysis.NoAnalysis as error:
            raise CommandError(str(error)) from None
        except ValueError as error:
            raise CommandError(str(error).removeprefix("what-if: ")) from None
        synthetic = bool(current_run(year).synthetic)  # type: ignore[union-attr]
        if options["format"] == "json":
            body = {"year": year, "name": name, "synthetic": synthetic, **result.to_dict()}
            self.stdout.write(json.dumps(body, ensure_ascii=False, indent=2))
            return
        title = f"Tänk om – {name} ({code}) {year}"
        if synthetic:
            title += f"\n{SYNTHETIC_NOTE_SV}"
        table = Table(title=title)
        for column in ("Delfaktor", "Värde före", "Värde efter", "Plac. före", "Plac. efter"):
            table.add_column(column, justify="left" if column == "Delfaktor" else "right")
        for row in records(result.indicators):
            table.add_row(
                str(row["indicator"]),
                decimal_sv(row["value_before"], 2),
                decimal_sv(row["value_after"], 2),
                decimal_sv(row["factor_rank_before"]),
                decimal_sv(row["factor_rank_after"]),
            )
        self.stdout.write(rich_text(table), ending="")
        places = result.change
        moved = (
            f"{places:+d} placeringar" if abs(places) != 1 else f"{places:+d} placering"
        ).replace("-", "−")
        self.stdout.write(
            f"Placering: {result.rank_before} → {result.rank} ({moved})\n"
            f"Poäng: {decimal_sv(result.points_before)} → {decimal_sv(result.points)}"
        )
