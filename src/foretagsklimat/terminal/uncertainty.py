"""``foretagsklimat uncertainty``: how certain a rank is — its options, and COINr's tables.

Two sources:

* COINr tables (``--data D.csv --meta M.csv``): the methodological uncertainty
  analysis — noise on the weights of the level just below the index, normalisation and
  aggregation drawn per replication — written to ``DIR/rank_stats.csv`` (and, when more
  than one choice varies, the sensitivity indices to ``DIR/sensitivity.csv``). This needs
  no database and is done here.
* A stored year (``--year Y``): the survey bootstrap stored with the published ranking,
  or with ``--methodological`` the same COINr-style analysis on the year's indicator
  values; the management command (``apps/ranking/management/commands/uncertainty.py``)
  adds those to this body.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from foretagsklimat.engine.coinr import AGGREGATES, NORMALISATIONS, CoinrIndex
from foretagsklimat.engine.sensitivity import sensitivity_indices, uncertainty_analysis

from . import command
from .command import CommandError
from .index import choices, read_tables

STAT_COLUMNS = ["uCode", "Nominal", "Mean", "Median", "Q5", "Q95"]


def kommun_codes(values: list[str] | None) -> list[str]:
    """``--kommun`` given once or more, each possibly comma-separated."""
    return [c.strip() for v in values or [] for c in v.split(",") if c.strip()]


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as dicts keyed by column name."""
    return cast("list[dict[str, Any]]", frame.to_dict("records"))


def _number(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value


def json_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows with numpy scalars as Python numbers and NaN as None, for JSON."""
    return [{k: _number(v) for k, v in row.items()} for row in records(frame)]


def fmt(value: Any, decimals: int = 1) -> str:
    """A table cell: a float to ``decimals``, a missing value as a dash."""
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return "–"
    if isinstance(value, float):
        return f"{value:.{decimals}f}"
    return str(value)


class Uncertainty:
    """The command's options and its COINr-table analysis (see :mod:`.command`)."""

    stdout: Any
    stderr: Any

    help = (
        "Rank uncertainty: COINr tables (--data/--meta: weights, normalisation and "
        "aggregation varied) or a stored year (--year: survey bootstrap; "
        "--methodological: the COINr-style analysis on the year's values)."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
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

    @staticmethod
    def needs_database(options: Mapping[str, Any]) -> bool:
        """A stored year and no tables: the analysis reads the database."""
        return options["year"] is not None and options["data"] is None and options["meta"] is None

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
            self.methodological(read_tables(options["data"], options["meta"]), options)
        else:
            self.stored_year(options)

    def stored_year(self, options: dict[str, Any]) -> None:
        """``--year``: the management command reads the stored year."""
        raise NotImplementedError("--year needs the database: run the management command")

    # -- COINr-style: weights, normalisation, aggregation -------------------------------
    def methodological(
        self,
        index: CoinrIndex,
        options: dict[str, Any],
        year: int | None = None,
        names: Mapping[str, str] | None = None,
    ) -> None:
        """The analysis of ``index``; a stored ``year`` shows ``names`` beside the codes."""
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
            shown = shown.assign(uName=shown["uCode"].map(names or {}))
        output = options["format"]
        if output == "csv":
            self.stdout.write(shown.to_csv(index=False), ending="")
        elif output == "json":
            body: dict[str, Any] = {
                "year": year,
                "config": result.config,
                "rank_stats": json_records(shown),
                "sensitivity": None if sensitivity is None else json_records(sensitivity),
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
        from rich.table import Table

        from .console import rich_text

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
            table.add_row(*(fmt(values[c]) for c in columns))
        self.stdout.write(rich_text(table), ending="")
        if sensitivity is not None:
            indices = Table(title="Känslighetsindex")
            for column in ("input", "first_order", "total"):
                indices.add_column(column, justify="left" if column == "input" else "right")
            for row in records(sensitivity):
                indices.add_row(str(row["input"]), fmt(row["first_order"], 2), fmt(row["total"], 2))
            self.stdout.write(rich_text(indices), ending="")


class Command(Uncertainty, command.Command):
    """``uncertainty`` on COINr's tables without Django (``cli.py`` runs ``--year`` with it)."""
