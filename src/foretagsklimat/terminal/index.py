"""``foretagsklimat index --data D.csv --meta M.csv --out DIR``: a composite index from
COINr's two tables, written to ``DIR/index.csv`` (``uCode``, ``Index``, ``Rank``)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pandas as pd

from foretagsklimat.engine.coinr import (
    AGGREGATES,
    NORMALISATIONS,
    CoinrError,
    CoinrIndex,
    build_index,
    read_coinr,
)

from . import command
from .command import CommandError


def _read_csv(path: str, dtype: dict[str, type], what: str) -> pd.DataFrame:
    file = Path(path)
    if not file.is_file():
        raise CommandError(f"{path}: filen finns inte ({what}).")
    try:
        return pd.read_csv(file, dtype=dtype)
    except pd.errors.EmptyDataError:
        raise CommandError(f"{path}: filen är tom ({what}).") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        raise CommandError(f"{path}: kan inte läsas som CSV ({what}): {error}") from None


def read_tables(data: str, meta: str) -> CoinrIndex:
    """COINr's data and metadata CSVs as a validated index; errors name file and fault."""
    frames = (
        _read_csv(data, {"uCode": str, "uName": str}, "datatabell"),
        _read_csv(meta, {"iCode": str, "Parent": str}, "metadatatabell"),
    )
    try:
        return read_coinr(*frames)
    except CoinrError as error:
        message = str(error)
        file = data if message.startswith("data") else meta
        raise CommandError(f"{file}: {message}") from None


def choices(value: str, allowed: tuple[str, ...], option: str) -> list[str]:
    """A comma-separated option as a list of known names."""
    chosen = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [v for v in chosen if v not in allowed]
    if not chosen or unknown:
        raise CommandError(
            f"{option}: okänt val {', '.join(unknown) or repr(value)}; "
            f"välj bland {', '.join(allowed)}."
        )
    return chosen


class Index:
    """The command's body, run by either runner (see :mod:`.command`)."""

    stdout: Any
    stderr: Any

    help = (
        "Build a composite index from COINr's data and metadata tables (CSV) and write "
        "DIR/index.csv with uCode, Index and Rank."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--data", required=True, help="COINr data table: uCode, uName, …")
        parser.add_argument(
            "--meta",
            required=True,
            help="COINr metadata: iCode, iName, Level, Parent, Direction, Weight, Type",
        )
        parser.add_argument(
            "--normalise",
            choices=NORMALISATIONS,
            default="minmax",
            help="minmax: [0, 100]; zscore: mean 10, sd 2; rank_points: N + 1 - rank",
        )
        parser.add_argument("--aggregate", choices=AGGREGATES, default="arithmetic")
        parser.add_argument("--out", required=True, help="directory for index.csv")
        parser.add_argument("--limit", type=int, default=10, help="rows shown (0: none)")

    def handle(self, *args: Any, **options: Any) -> None:
        index = read_tables(options["data"], options["meta"])
        try:
            frame = build_index(index, options["normalise"], options["aggregate"])
        except ValueError as error:
            raise CommandError(f"Indexet kan inte beräknas: {error}") from None
        out = Path(options["out"])
        try:
            out.mkdir(parents=True, exist_ok=True)
            path = out / "index.csv"
            frame.to_csv(path, index=False)
        except OSError as error:
            raise CommandError(f"{out}: kan inte skriva index.csv: {error}") from None
        if options["limit"] > 0:
            from rich.table import Table

            from .console import rich_text

            table = Table(
                title=f"Index ({options['normalise']}, {options['aggregate']}), "
                f"{len(frame)} enheter"
            )
            for column in ("Rank", "uCode", "Index"):
                table.add_column(column, justify="right")
            for row in frame.head(options["limit"]).itertuples(index=False):
                table.add_row(str(row.Rank), str(row.uCode), f"{row.Index:.2f}")
            self.stdout.write(rich_text(table), ending="")
        self.stdout.write(
            f"Skrev {path} ({len(frame)} enheter, {len(index.indicators)} indikatorer)."
        )


class Command(Index, command.Command):
    """``index`` without Django."""
