"""``foretagsklimat uncertainty``: how certain a rank is.

Two sources:

* COINr tables (``--data D.csv --meta M.csv``): the methodological uncertainty
  analysis — noise on the weights of the level just below the index, normalisation and
  aggregation drawn per replication — written to ``DIR/rank_stats.csv`` (and, when more
  than one choice varies, the sensitivity indices to ``DIR/sensitivity.csv``).
* A stored year (``--year Y``): the survey bootstrap stored with the published ranking
  (rank interval, change interval and verdict per municipality); with
  ``--methodological`` the same COINr-style analysis on the year's indicator values.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.table import Table

from foretagsklimat.apps.ranking import queries
from foretagsklimat.apps.ranking.analysis import (
    CHANGE_CONFIDENCE,
    RANK_CONFIDENCE,
    NoAnalysis,
    published_inputs,
    store_uncertainty,
    year_uncertainty,
)
from foretagsklimat.apps.ranking.exports import SYNTHETIC_NOTE_SV
from foretagsklimat.apps.ranking.services import current_run, municipality_names
from foretagsklimat.engine.coinr import AGGREGATES, NORMALISATIONS, CoinrIndex
from foretagsklimat.engine.sensitivity import (
    index_from_methodology,
    sensitivity_indices,
    uncertainty_analysis,
)
from foretagsklimat.engine.uncertainty import describe_change
from foretagsklimat.web.console import rich_text
from foretagsklimat.web.frames import records

from .index import choices, read_tables

STAT_COLUMNS = ["uCode", "Nominal", "Mean", "Median", "Q5", "Q95"]


def kommun_codes(values: list[str] | None) -> list[str]:
    """``--kommun`` given once or more, each possibly comma-separated."""
    return [c.strip() for v in values or [] for c in v.split(",") if c.strip()]


def _number(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _number(v) for k, v in row.items()} for row in records(frame)]


def _fmt(value: Any, decimals: int = 1) -> str:
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return "–"
    if isinstance(value, float):
        return f"{value:.{decimals}f}"
    return str(value)


class Command(BaseCommand):
    help = (
        "Rank uncertainty: COINr tables (--data/--meta: weights, normalisation and "
        "aggregation varied) or a stored year (--year: survey bootstrap; "
        "--methodological: the COINr-style analysis on the year's values)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data", help="COINr data table (CSV)")
        parser.add_argument("--meta", help="COINr metadata table (CSV)")
        parser.add_argument("--year", type=int, help="a stored, published year")
        parser.add_argument(
            "--methodological",
            action="store_true",
            help="with --year: vary weights, normalisation and aggregation instead",
        )
        parser.add_argument(
            "--compute",
            action="store_true",
            help="with --year: compute and store the survey bootstrap if it is missing",
        )
        parser.add_argument("--replications", type=int, default=1000)
        parser.add_argument(
            "--weight-noise",
            type=float,
            default=0.25,
            help="each weight below the index × U[1-X, 1+X], then rescaled (default 0.25)",
        )
        parser.add_argument(
            "--normalise",
            help="comma-separated alternatives, one drawn per replication "
            f"({', '.join(NORMALISATIONS)}; default minmax, for --year rank_points)",
        )
        parser.add_argument(
            "--aggregate",
            default="arithmetic",
            help=f"comma-separated alternatives ({', '.join(AGGREGATES)}; default arithmetic)",
        )
        parser.add_argument("--seed", type=int, help="random seed (same seed, same result)")
        parser.add_argument(
            "--base-samples",
            type=int,
            default=500,
            help="sensitivity indices: N base samples (N × 5 index evaluations)",
        )
        parser.add_argument("--out", help="directory for rank_stats.csv (and sensitivity.csv)")
        parser.add_argument(
            "--kommun", action="append", help="only these municipality codes (repeat or comma)"
        )
        parser.add_argument("--format", choices=["table", "csv", "json"], default="table")
        parser.add_argument("--limit", type=int, help="table: show only the first N rows")

    def handle(self, *args: Any, **options: Any) -> None:
        tables = options["data"] is not None or options["meta"] is not None
        if tables == (options["year"] is not None):
            raise CommandError("Ange antingen --data och --meta (COINr-tabeller) eller --year.")
        if options["replications"] < 1:
            raise CommandError("--replications måste vara minst 1.")
        if not 0 <= options["weight_noise"] < 1:
            raise CommandError("--weight-noise måste ligga i [0, 1).")
        if tables:
            if options["data"] is None or options["meta"] is None:
                raise CommandError("Både --data och --meta behövs.")
            self._methodological(read_tables(options["data"], options["meta"]), options, None)
        elif options["methodological"]:
            year = options["year"]
            try:
                methodology, values = published_inputs(year)
            except NoAnalysis as error:
                raise CommandError(
                    f"{error} Kör 'foretagsklimat rank --year {year} --save'."
                ) from None
            self._methodological(index_from_methodology(values, methodology), options, year)
        else:
            self._survey(options)

    # -- COINr-style: weights, normalisation, aggregation -------------------------------
    def _methodological(self, index: CoinrIndex, options: dict[str, Any], year: int | None) -> None:
        default = "rank_points" if year is not None else "minmax"
        norms = choices(options["normalise"] or default, NORMALISATIONS, "--normalise")
        aggs = choices(options["aggregate"], AGGREGATES, "--aggregate")
        wanted = kommun_codes(options["kommun"])
        unknown = sorted(set(wanted) - set(index.codes))
        if unknown:
            raise CommandError(f"Okänd kod i --kommun: {', '.join(unknown)}.")
        try:
            result = uncertainty_analysis(
                index,
                replications=options["replications"],
                weight_noise=options["weight_noise"],
                normalise=norms,
                aggregate=aggs,
                random_state=options["seed"],
            )
            varying = (options["weight_noise"] > 0) + (len(norms) > 1) + (len(aggs) > 1)
            sensitivity = None
            if varying > 1:
                sensitivity = sensitivity_indices(
                    index,
                    base_samples=options["base_samples"],
                    weight_noise=options["weight_noise"],
                    normalise=norms,
                    aggregate=aggs,
                    random_state=options["seed"],
                )
        except ValueError as error:
            raise CommandError(f"Osäkerhetsanalysen kan inte göras: {error}") from None
        stats = result.rank_stats[STAT_COLUMNS]
        if options["out"]:
            out = Path(options["out"])
            try:
                out.mkdir(parents=True, exist_ok=True)
                stats.to_csv(out / "rank_stats.csv", index=False)
                if sensitivity is not None:
                    sensitivity.to_csv(out / "sensitivity.csv", index=False)
            except OSError as error:
                raise CommandError(f"{out}: kan inte skriva: {error}") from None
        shown = stats[stats["uCode"].isin(wanted)] if wanted else stats
        if year is not None:
            shown = shown.assign(uName=shown["uCode"].map(municipality_names()))
        fmt = options["format"]
        if fmt == "csv":
            self.stdout.write(shown.to_csv(index=False), ending="")
        elif fmt == "json":
            body: dict[str, Any] = {
                "year": year,
                "config": result.config,
                "rank_stats": _records(shown),
                "sensitivity": None if sensitivity is None else _records(sensitivity),
            }
            self.stdout.write(json.dumps(body, ensure_ascii=False, indent=2))
        else:
            self._stats_table(shown, result.config, sensitivity, options["limit"], year)
        if options["out"]:
            written = ["rank_stats.csv"] + (["sensitivity.csv"] if sensitivity is not None else [])
            self.stderr.write(f"Skrev {', '.join(written)} i {options['out']}.")

    def _stats_table(
        self,
        stats: pd.DataFrame,
        config: dict[str, Any],
        sensitivity: pd.DataFrame | None,
        limit: int | None,
        year: int | None,
    ) -> None:
        about = (
            f"{config['replications']} replikeringar; vikterna närmast under indexet "
            f"× U[1 ± {config['weight_noise']:g}]; normalisering "
            f"{' / '.join(config['normalise'])}; aggregering {' / '.join(config['aggregate'])}"
            f"; seed {config['random_state']}"
        )
        title = "Rangstatistik" if year is None else f"Rangstatistik {year}"
        self.stdout.write(about)
        table = Table(title=title)
        columns = ["uCode", *(["uName"] if "uName" in stats else []), *STAT_COLUMNS[1:]]
        for column in columns:
            table.add_column(column, justify="left" if column == "uName" else "right")
        for values in records(stats.head(limit) if limit else stats):
            table.add_row(*(_fmt(values[c]) for c in columns))
        self.stdout.write(rich_text(table), ending="")
        if sensitivity is not None:
            indices = Table(title="Känslighetsindex")
            for column in ("input", "first_order", "total"):
                indices.add_column(column, justify="left" if column == "input" else "right")
            for row in records(sensitivity):
                indices.add_row(
                    str(row["input"]), _fmt(row["first_order"], 2), _fmt(row["total"], 2)
                )
            self.stdout.write(rich_text(indices), ending="")

    # -- survey bootstrap of a stored year ----------------------------------------------
    def _survey(self, options: dict[str, Any]) -> None:
        year = options["year"]
        run = current_run(year)
        results = queries.year_results(year)
        if run is None or results is None:
            raise CommandError(
                f"Ingen ranking för {year}; kör 'foretagsklimat rank --year {year} --save'."
            )
        frame = year_uncertainty(year)
        if frame.empty and options["compute"]:
            store_uncertainty(run, options["replications"])
            frame = year_uncertainty(year)
            if frame.empty:
                raise CommandError(
                    f"{year}: varken enkätsvar eller standardavvikelser finns lagrade; "
                    "rankningsintervall kan inte beräknas."
                )
        elif frame.empty:
            raise CommandError(
                f"Inga rankningsintervall lagrade för {year}; kör med --compute "
                "(eller publicera rankingen igen med 'foretagsklimat rank --save')."
            )
        totals = results.totals[["kommunkod", "kommun", "rank", "points", "change"]]
        table = totals.merge(frame, on="kommunkod", how="left").sort_values("rank")
        wanted = kommun_codes(options["kommun"])
        unknown = sorted(set(wanted) - set(table["kommunkod"]))
        if unknown:
            raise CommandError(f"Okänd eller orankad kommunkod i --kommun: {', '.join(unknown)}.")
        if wanted:
            table = table[table["kommunkod"].isin(wanted)]
        # A missing change (no rank the year before) and a missing sentence stay None in
        # object columns: left to pandas, ints beside None become floats with NaN and
        # strings beside None NaN, which _sentence, "{:+d}" and the table cannot take.
        table = table.assign(
            change=pd.Series(
                [None if pd.isna(c) else int(c) for c in table["change"]],
                index=table.index,
                dtype=object,
            ),
            verdict=table["verdict"].replace("", None),
        )
        table["sentence"] = pd.Series(
            [_sentence(row) for row in records(table)], index=table.index, dtype=object
        )
        table = table.reset_index(drop=True)
        fmt = options["format"]
        if fmt == "csv":
            self.stdout.write(
                table.assign(synthetic=results.synthetic).to_csv(index=False), ending=""
            )
            return
        if fmt == "json":
            body = {
                "year": year,
                "synthetic": results.synthetic,
                "confidence": RANK_CONFIDENCE,
                "change_confidence": CHANGE_CONFIDENCE,
                "municipalities": _records(table),
            }
            self.stdout.write(json.dumps(body, ensure_ascii=False, indent=2))
            return
        title = (
            f"Rankningens osäkerhet {year}: {RANK_CONFIDENCE:.0%} intervall för placeringen, "
            f"{CHANGE_CONFIDENCE:.0%} för förändringen"
        )
        if results.synthetic:
            title += f"\n{SYNTHETIC_NOTE_SV}"
        rich_table = Table(title=title)
        headers = ("Plac.", "Kommun", "Kod", "Median", "Intervall", "Förändring", "Omdöme")
        for header in headers:
            rich_table.add_column(
                header, justify="left" if header in {"Kommun", "Omdöme"} else "right"
            )
        rows = table.head(options["limit"]) if options["limit"] else table
        for row in records(rows):
            rich_table.add_row(
                str(row["rank"]),
                str(row["kommun"]),
                str(row["kommunkod"]),
                _fmt(row["rank_median"], 0),
                f"{_fmt(row['rank_low'], 0)}–{_fmt(row['rank_high'], 0)}",
                "–" if row["change"] is None else f"{row['change']:+d}".replace("-", "−"),
                row["sentence"] or "–",
            )
        self.stdout.write(rich_text(rich_table, width=140), ending="")


def _sentence(row: dict[str, Any]) -> str | None:
    if row["change"] is None or row["verdict"] is None or pd.isna(row["change_low"]):
        return None
    return describe_change({**row, "confidence": CHANGE_CONFIDENCE}, "sv")
