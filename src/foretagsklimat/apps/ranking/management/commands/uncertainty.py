"""``foretagsklimat uncertainty``: how certain a rank is.

The options and the analysis of COINr tables (``--data D.csv --meta M.csv``) are
:mod:`foretagsklimat.terminal.uncertainty`, which ``cli.py`` runs without Django. This
management command adds a stored year (``--year Y``): the survey bootstrap stored with
the published ranking (rank interval, change interval and verdict per municipality);
with ``--methodological`` the same COINr-style analysis on the year's indicator values.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
from django.core.management.base import CommandError
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
from foretagsklimat.engine.sensitivity import index_from_methodology
from foretagsklimat.engine.uncertainty import describe_change
from foretagsklimat.terminal.console import rich_text
from foretagsklimat.terminal.uncertainty import (
    Uncertainty,
    json_records,
    kommun_codes,
    records,
)
from foretagsklimat.terminal.uncertainty import (
    fmt as cell,
)
from foretagsklimat.web.commands import TerminalCommand


class Command(Uncertainty, TerminalCommand):
    def stored_year(self, options: dict[str, Any]) -> None:
        if not options["methodological"]:
            self._survey(options)
            return
        year = options["year"]
        try:
            methodology, values = published_inputs(year)
        except NoAnalysis as error:
            raise CommandError(f"{error} Kör 'foretagsklimat rank --year {year} --save'.") from None
        self.methodological(
            index_from_methodology(values, methodology), options, year, municipality_names()
        )

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
                "municipalities": json_records(table),
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
                cell(row["rank_median"], 0),
                f"{cell(row['rank_low'], 0)}–{cell(row['rank_high'], 0)}",
                "–" if row["change"] is None else f"{row['change']:+d}".replace("-", "−"),
                row["sentence"] or "–",
            )
        self.stdout.write(rich_text(rich_table, width=140), ending="")


def _sentence(row: dict[str, Any]) -> str | None:
    if row["change"] is None or row["verdict"] is None or pd.isna(row["change_low"]):
        return None
    return describe_change({**row, "confidence": CHANGE_CONFIDENCE}, "sv")
