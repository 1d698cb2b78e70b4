"""``foretagsklimat statistics kolada|scb``: official statistics from the open data services.

``kolada`` fetches key figures (KPIs) for all 290 municipalities from Kolada's API v3 and
stores each KPI that the mapping file pairs with a statistic of the catalogue as that
statistic (``source`` ``Kolada (N00901)``); every KPI fetched is also kept as a key
figure, which a workspace goal can follow. ``scb`` POSTs a PxWeb query to a table of
SCB's statistical database and stores the answer as one statistic (``source``
``SCB (<table>)``). Both read a saved response instead with ``--from-file`` (no network
needed) and write the one they fetched with ``--save``. Nothing is stored unless the
whole response is good. Thin: the clients and parsers are :mod:`foretagsklimat.sources`;
``docs/importing.md`` has a worked example of each.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from foretagsklimat import reference
from foretagsklimat.engine.methodology import MethodologyError, load_catalogue, resolve_methodology
from foretagsklimat.sources import SourceError, kolada, scb
from foretagsklimat.sources.http import JsonFetcher

from ...services import store_kpi_values, store_statistics

FIRST_YEAR, LAST_YEAR = 1990, 2100


def make_fetcher() -> JsonFetcher:
    """The HTTP fetcher of both clients (tests replace it with one on a mock transport)."""
    return JsonFetcher()


def parse_years(text: str) -> list[int]:
    """``2024``, ``2023,2024`` or ``2020-2024`` as a sorted list of years."""
    years: set[int] = set()
    for part in (p.strip() for p in text.split(",")):
        first, _dash, last = part.partition("-")
        try:
            low, high = int(first), int(last or first)
        except ValueError:
            raise CommandError(
                f"Ogiltigt år {part!r}: skriv ett år (2024), flera (2023,2024) eller ett "
                "intervall (2020-2024)."
            ) from None
        if not FIRST_YEAR <= low <= high <= LAST_YEAR:
            raise CommandError(f"Ogiltigt år {part!r}: väntade år {FIRST_YEAR}–{LAST_YEAR}.")
        years.update(range(low, high + 1))
    return sorted(years)


def _municipality(code: str | None) -> str | None:
    if code is None:
        return None
    code = code.strip()
    if code not in reference.municipality_codes():
        raise CommandError(f"Okänd kommunkod {code!r}: väntade fyra siffror som 0114 eller 2181.")
    return code


def _values(n: int) -> str:
    return f"{n} värde" if n == 1 else f"{n} värden"


def _save(path: Path, payload: Any) -> None:
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


class Command(BaseCommand):
    help = (
        "Import official statistics from Kolada (key figures, 'kolada') or SCB's statistical "
        "database (a PxWeb table, 'scb'), fetched or from a saved response (--from-file)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sources = parser.add_subparsers(dest="source", required=True)
        k = sources.add_parser("kolada", help="key figures from Kolada (API v3)")
        k.add_argument("--kpi", help="KPI ids, comma-separated (default: every KPI of the mapping)")
        k.add_argument("--year", required=True, help="year(s): 2024, 2023,2024 or 2020-2024")
        k.add_argument("--municipality", help="only this municipality (kommunkod), e.g. for a goal")
        k.add_argument(
            "--from-file", type=Path, help="a saved Kolada response (one page or a list)"
        )
        k.add_argument(
            "--mapping", type=Path, help="statistic-to-KPI mapping TOML (default: shipped)"
        )
        k.add_argument("--methodology", help="check against it (default: in force that year)")
        k.add_argument("--save", type=Path, help="also write the fetched pages to this file")

        s = sources.add_parser("scb", help="a table of SCB's statistical database (PxWeb)")
        s.add_argument(
            "--table", required=True, help="table path, e.g. OE/OE0101/Kommunalskatter2000"
        )
        s.add_argument("--query", type=Path, help="PxWeb query JSON (needed unless --from-file)")
        s.add_argument("--from-file", type=Path, help="a saved answer (json or json-stat2)")
        s.add_argument("--statistic", required=True, help="the catalogue's statistic code")
        s.add_argument("--contents", help="the ContentsCode to take when there are several")
        s.add_argument("--region", default=scb.REGION, help="the region dimension's code")
        s.add_argument("--year", help="only these years (default: every year in the answer)")
        s.add_argument("--methodology", help="check against it (default: in force that year)")
        s.add_argument("--save", type=Path, help="also write the fetched answer to this file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["source"] == "kolada":
                self.handle_kolada(options)
            else:
                self.handle_scb(options)
        except SourceError as error:
            raise CommandError(str(error)) from error

    # --- Kolada ---------------------------------------------------------------------------

    def handle_kolada(self, options: dict[str, Any]) -> None:
        mapping_path = options["mapping"]
        mapping = kolada.read_mapping(mapping_path)
        mapping_name = mapping_path.name if mapping_path else "kolada_mapping.toml"
        kpis = kolada.check_kpi_ids(options["kpi"].split(",")) if options["kpi"] else list(mapping)
        years = parse_years(options["year"])
        municipality = _municipality(options["municipality"])
        if options["from_file"]:
            where = options["from_file"].name
            pages = kolada.read_saved(options["from_file"])
        else:
            client = kolada.KoladaClient(fetcher=make_fetcher())
            if municipality:
                pages = [
                    p for kpi in kpis for p in client.municipality_data(kpi, municipality, years)
                ]
                where = client.municipality_url(",".join(kpis), municipality, years)
            else:
                pages = client.data(kpis, years)
                where = client.data_url(kpis, years)
            if options["save"]:
                _save(options["save"], pages)
                self.stdout.write(f"Sparade svaret ({len(pages)} sidor) i {options['save']}.")
        data = kolada.parse_pages(pages, where=where)
        values = data.values
        wanted = values["kpi"].isin(kpis) & values["year"].isin(years)
        if municipality:
            wanted &= values["kommunkod"] == municipality
        if (~wanted).any():
            self.stdout.write(
                f"Hoppade över {_values(int((~wanted).sum()))} för andra KPI:er, år eller kommuner "
                "än de valda."
            )
        values = values[wanted]
        found = set(zip(values["kpi"], values["year"], strict=True))
        absent = [f"{kpi} år {year}" for kpi in kpis for year in years if (kpi, year) not in found]
        if absent:
            raise CommandError(
                f"{where}: Kolada har inga värden för kommunerna för {', '.join(absent)}. "
                "Inget importerades. (Kolada publicerar ett år först när det finns; kontrollera "
                "KPI-id och år.)"
            )
        self._check_methodology(
            options["methodology"], years, [mapping[k].statistic for k in kpis if k in mapping]
        )
        with transaction.atomic():
            store_kpi_values(values, source=kolada.SOURCE)
            for kpi in kpis:
                part = values[values["kpi"] == kpi]
                if kpi not in mapping:
                    self.stdout.write(
                        f"{kpi}: {_values(len(part))} sparade som nyckeltal (för mål i "
                        f"arbetsytan); KPI:n står inte i {mapping_name}, så ingen statistik."
                    )
                    continue
                statistic = mapping[kpi].statistic
                frame = part.drop(columns="kpi").assign(statistic=statistic)
                store_statistics(
                    frame[["kommunkod", "year", "statistic", "value"]],
                    source=kolada.source_of(kpi),
                )
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{kpi} → {statistic}: {_values(len(part))} ({self._per_year(part)}) "
                        "sparade som statistik."
                    )
                )
        self._notes(data.other_areas, data.missing)
        self.stdout.write(kolada.ATTRIBUTION)

    # --- SCB ------------------------------------------------------------------------------

    def handle_scb(self, options: dict[str, Any]) -> None:
        statistic = options["statistic"]
        statistics = load_catalogue()["statistics"]
        if statistic not in statistics:
            raise CommandError(
                f"Okänd statistik {statistic!r}: väntade en kod ur katalogen "
                f"({', '.join(statistics)})."
            )
        table = scb.table_path(options["table"])
        years = parse_years(options["year"]) if options["year"] else None
        if options["from_file"]:
            where = options["from_file"].name
            payload = scb.read_saved(options["from_file"])
        else:
            if not options["query"]:
                raise CommandError(
                    "Ange --query FRÅGA.json (eller --from-file med ett sparat svar)."
                )
            query = scb.read_query(options["query"])
            client = scb.ScbClient(fetcher=make_fetcher())
            where = client.table_url(table)
            payload = client.table(table, query)
            if options["save"]:
                _save(options["save"], payload)
                self.stdout.write(f"Sparade svaret i {options['save']}.")
        data = scb.parse_table(
            payload, where=where, region=options["region"], contents=options["contents"]
        )
        values = data.values
        if years is not None:
            absent = sorted(set(years) - set(values["year"]))
            if absent:
                raise CommandError(
                    f"{where}: svaret har inga värden för kommunerna år "
                    f"{', '.join(map(str, absent))}. Inget importerades."
                )
            values = values[values["year"].isin(years)]
        if values.empty:
            raise CommandError(
                f"{where}: svaret har inga värden för kommunerna. Inget importerades."
            )
        self._check_methodology(
            options["methodology"], sorted(set(values["year"].tolist())), [statistic]
        )
        frame = values.assign(statistic=statistic)[["kommunkod", "year", "statistic", "value"]]
        count = store_statistics(frame, source=scb.source_of(table))
        contents = f" ({data.contents})" if data.contents else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{table}{contents} → {statistic}: {_values(count)} ({self._per_year(values)}) "
                "sparade som statistik."
            )
        )
        self._notes(data.other_areas, data.missing)
        self.stdout.write(f"Källa: {scb.SOURCE}")

    # --- shared ---------------------------------------------------------------------------

    def _check_methodology(
        self, name: str | None, years: Sequence[int], statistics: Sequence[str]
    ) -> None:
        """Say when a statistic is not ranked by the methodology (it is stored anyway: the
        statistics are per year, and another methodology may rank it)."""
        for year in years:
            try:
                methodology = resolve_methodology(name, year)
            except (MethodologyError, LookupError, KeyError) as error:
                if name:
                    raise CommandError(str(error)) from error
                continue  # no methodology in force that year: nothing to check against
            ranked = {i.source for i in methodology.indicators if i.kind == "statistic"}
            for statistic in statistics:
                if statistic not in ranked:
                    self.stdout.write(
                        f"Obs: metoden {methodology.name} rankar inte {statistic} ({year}); "
                        "värdena sparas ändå."
                    )

    @staticmethod
    def _per_year(values: pd.DataFrame) -> str:
        counts = values.groupby("year").size()
        return ", ".join(f"{n} kommuner {year}" for year, n in counts.items())

    def _notes(self, other_areas: int, missing: int) -> None:
        if other_areas:
            self.stdout.write(
                f"Hoppade över {_values(other_areas)} för län, regioner, riket och kommungrupper."
            )
        if missing:
            self.stdout.write(
                f"{_values(missing)} saknas i källan (inte publicerade) och sparades inte."
            )
