"""Kolada (API v3): key figures (KPIs) per municipality and year, from RKA's open database.

Kolada's data endpoints answer one page of JSON at a time::

    {"count": 290, "next_page": "…?page=2" or null,
     "values": [{"kpi": "N00901", "municipality": "0114", "period": 2024,
                 "values": [{"gender": "T", "status": "", "value": 20.08, "count": 1}]}]}

:class:`KoladaClient` follows ``next_page`` to the end; :func:`parse_pages` keeps the
total (gender ``"T"``) of each of the 290 municipalities (regions, ``0000`` Riket and
the ``G…`` groups are counted and left out) and names every value that is not a number
by KPI, municipality and period. :func:`read_mapping` reads the file that says which
KPI carries which statistic of the catalogue; the default ships in this package
(``kolada_mapping.toml``, with its provenance). Kolada's terms ask that the data be
shown with its source: every value is stored with ``source`` :data:`SOURCE` and shown
with :data:`ATTRIBUTION`.
"""

from __future__ import annotations

import json
import math
import os
import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pandas as pd

from foretagsklimat import reference
from foretagsklimat.engine.methodology import load_catalogue

from .http import JsonFetcher, SourceError, problem_listing

__all__ = [
    "ATTRIBUTION",
    "BASE_URL",
    "DEFAULT_MAPPING",
    "SOURCE",
    "KoladaClient",
    "KoladaData",
    "KoladaError",
    "KpiMapping",
    "parse_pages",
    "read_mapping",
    "read_saved",
    "source_of",
]

BASE_URL = "https://api.kolada.se/v3"
#: The ``source`` stored with every value that came from Kolada.
SOURCE = "Kolada"
#: What Kolada's terms of use ask to be shown with the data.
ATTRIBUTION = "Källa: Kolada"
#: A KPI id: a capital letter and five digits (``N00901``, ``U07451``).
KPI_ID = re.compile(r"^[A-Z]\d{5}$")
#: A guard against a service that pages for ever.
MAX_PAGES = 500
DEFAULT_MAPPING = files("foretagsklimat") / "sources" / "kolada_mapping.toml"
COLUMNS = ["kpi", "kommunkod", "year", "value"]


class KoladaError(SourceError):
    """A Kolada response, saved file or mapping file that cannot be imported."""


def source_of(kpi: str) -> str:
    """The ``source`` stored with a statistic taken from the KPI: ``Kolada (N00901)``."""
    return f"{SOURCE} ({kpi})"


def check_kpi_ids(kpis: Iterable[str]) -> list[str]:
    """The ids, stripped and upper-cased; a malformed one is refused before any request."""
    ids = [k.strip().upper() for k in kpis if k.strip()]
    bad = [k for k in ids if not KPI_ID.match(k)]
    if bad:
        raise KoladaError(
            f"Ogiltigt KPI-id {', '.join(repr(k) for k in bad)}: "
            "ett KPI-id är en bokstav och fem siffror, som N00901 eller U07451."
        )
    if not ids:
        raise KoladaError("Ange minst ett KPI-id, som N00901.")
    return list(dict.fromkeys(ids))


@dataclass
class KoladaClient:
    """Kolada's data endpoints, every page of them.

    >>> KoladaClient().data_url(["N00901"], [2023, 2024])
    'https://api.kolada.se/v3/data/kpi/N00901/year/2023,2024'
    """

    base_url: str = BASE_URL
    fetcher: JsonFetcher = field(default_factory=JsonFetcher)

    def data_url(self, kpis: Sequence[str], years: Sequence[int]) -> str:
        return f"{self.base_url}/data/kpi/{','.join(kpis)}/year/{','.join(map(str, years))}"

    def municipality_url(self, kpi: str, municipality: str, years: Sequence[int]) -> str:
        return (
            f"{self.base_url}/data/kpi/{kpi}/municipality/{municipality}"
            f"/year/{','.join(map(str, years))}"
        )

    def data(self, kpis: Sequence[str], years: Sequence[int]) -> list[dict[str, Any]]:
        """Every page of the KPIs' values for all municipalities in the years."""
        return self.pages(self.data_url(check_kpi_ids(kpis), years))

    def municipality_data(
        self, kpi: str, municipality: str, years: Sequence[int]
    ) -> list[dict[str, Any]]:
        """Every page of one KPI's values for one municipality."""
        (kpi,) = check_kpi_ids([kpi])
        return self.pages(self.municipality_url(kpi, municipality, years))

    def pages(self, url: str) -> list[dict[str, Any]]:
        """GET ``url`` and each ``next_page`` after it (absolute or relative to the page)."""
        pages: list[dict[str, Any]] = []
        seen: set[str] = set()
        next_url: str | None = url
        while next_url:
            if next_url in seen or len(pages) >= MAX_PAGES:
                raise KoladaError(
                    f"{url}: Kolada slutar inte dela upp svaret i sidor "
                    f"(sida {len(pages) + 1}, {next_url}).",
                    url=url,
                )
            seen.add(next_url)
            page = _check_page(self.fetcher.get(next_url), next_url)
            pages.append(page)
            following = page.get("next_page")
            next_url = urljoin(next_url, following) if following else None
        return pages


def _check_page(page: Any, where: str) -> dict[str, Any]:
    if not isinstance(page, dict) or not isinstance(page.get("values"), list):
        raise KoladaError(
            f"{where}: väntade ett svar från Kolada med en lista ”values”, "
            f"fanns {type(page).__name__}.",
            url=where,
        )
    return page


def read_saved(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """A saved Kolada response: one page (``{"values": …}``) or a list of pages.

    A single page that still has a ``next_page`` is refused: the file holds only part
    of the answer, and importing it would leave municipalities out without a word.
    """
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise KoladaError(f"{path}: filen finns inte.") from error
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise KoladaError(f"{path}: ingen JSON ({error}).") from error
    pages = raw if isinstance(raw, list) else [raw]
    checked = [_check_page(page, f"{path}, sida {n}") for n, page in enumerate(pages, 1)]
    if not checked:
        raise KoladaError(f"{path}: filen har inga sidor.")
    if checked[-1].get("next_page"):
        raise KoladaError(
            f"{path}: sista sidan har next_page ({checked[-1]['next_page']}), så filen har "
            "bara en del av svaret. Spara alla sidor som en JSON-lista (som "
            "”foretagsklimat statistics kolada … --save FIL” gör)."
        )
    return checked


@dataclass(frozen=True)
class KoladaData:
    """The municipalities' totals, with what was left out and why."""

    #: ``kpi``, ``kommunkod``, ``year``, ``value``: one row per KPI, municipality, year.
    values: pd.DataFrame
    #: Values of other areas than the 290 municipalities (regions, Riket, groups).
    other_areas: int = 0
    #: Municipality values without a total, or whose total is null (not published).
    missing: int = 0


def _year_of(period: Any) -> int | None:
    if isinstance(period, bool):
        return None
    if isinstance(period, int):
        return period
    if isinstance(period, str) and period.strip().isdigit():
        return int(period.strip())
    return None


def parse_pages(pages: Sequence[dict[str, Any]], *, where: str = "Kolada") -> KoladaData:
    """The totals of the 290 municipalities, or :class:`KoladaError` naming every bad value.

    >>> page = {"values": [
    ...     {"kpi": "N00901", "municipality": "0114", "period": 2024,
    ...      "values": [{"gender": "T", "status": "", "value": 20.08, "count": 1}]},
    ...     {"kpi": "N00901", "municipality": "0001", "period": 2024,
    ...      "values": [{"gender": "T", "status": "", "value": 11.8, "count": 1}]}]}
    >>> data = parse_pages([page])
    >>> data.values.to_dict("records"), data.other_areas
    ([{'kpi': 'N00901', 'kommunkod': '0114', 'year': 2024, 'value': 20.08}], 1)
    """
    codes = reference.municipality_codes()
    rows: list[tuple[str, str, int, float]] = []
    problems: list[str] = []
    other = missing = 0
    for number, page in enumerate(pages, 1):
        for item in page.get("values", []):
            if not isinstance(item, dict):
                problems.append(f"sida {number}: väntade ett objekt per värde, fanns {item!r}")
                continue
            kpi, municipality, period = (
                item.get("kpi"),
                item.get("municipality"),
                item.get("period"),
            )
            label = f"KPI {kpi}, kommun {municipality}, period {period}"
            if municipality not in codes:
                other += 1
                continue
            year = _year_of(period)
            if year is None:
                problems.append(f"{label}: väntade ett år som period, fanns {period!r}")
                continue
            totals = [
                v
                for v in item.get("values") or []
                if isinstance(v, dict) and v.get("gender") == "T"
            ]
            if len(totals) > 1:
                problems.append(f"{label}: väntade ett värde för gender ”T”, fanns {len(totals)}")
                continue
            value = totals[0].get("value") if totals else None
            if value is None:
                missing += 1
                continue
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(value)
            ):
                problems.append(f"{label}: väntade ett tal som värde, fanns {value!r}")
                continue
            rows.append((str(kpi), str(municipality), year, float(value)))
    repeated = Counter((kpi, code, year) for kpi, code, year, _value in rows)
    problems.extend(
        f"KPI {kpi}, kommun {code}, period {year}: väntade ett värde, fanns {n}"
        for (kpi, code, year), n in repeated.items()
        if n > 1
    )
    if problems:
        raise KoladaError(problem_listing(where, "Kolada", problems))
    values = pd.DataFrame(rows, columns=COLUMNS).astype({"year": "int64", "value": "float64"})
    return KoladaData(values, other_areas=other, missing=missing)


@dataclass(frozen=True)
class KpiMapping:
    """One line of a mapping file: the catalogue's statistic and the KPI that carries it."""

    statistic: str
    kpi: str
    title: str = ""
    note: str = ""


def read_mapping(path: str | os.PathLike[str] | None = None) -> dict[str, KpiMapping]:
    """The mapping file (default: the one shipped), keyed by KPI id.

    >>> read_mapping()["N00901"].statistic
    'municipal_tax'
    """
    name = str(path) if path is not None else "kolada_mapping.toml"
    try:
        if path is None:
            with DEFAULT_MAPPING.open("rb") as fh:
                raw = tomllib.load(fh)
        else:
            with Path(path).open("rb") as fh:
                raw = tomllib.load(fh)
    except FileNotFoundError as error:
        raise KoladaError(f"{name}: filen finns inte.") from error
    except tomllib.TOMLDecodeError as error:
        raise KoladaError(f"{name}: ingen giltig TOML ({error}).") from error
    statistics = load_catalogue()["statistics"]
    entries = raw.get("statistics")
    if not isinstance(entries, list) or not entries:
        raise KoladaError(f"{name}: väntade minst en tabell [[statistics]] med statistic och kpi.")
    problems: list[str] = []
    mapping: dict[str, KpiMapping] = {}
    seen: dict[str, str] = {}
    for number, entry in enumerate(entries, 1):
        statistic, kpi = str(entry.get("statistic", "")), str(entry.get("kpi", ""))
        where = f"{name}, [[statistics]] nr {number}"
        if statistic not in statistics:
            problems.append(
                f"{where}: väntade en statistikkod ur katalogen ({', '.join(statistics)}), "
                f"fanns {statistic!r}"
            )
        if not KPI_ID.match(kpi):
            problems.append(f"{where}: väntade ett KPI-id som N00901, fanns {kpi!r}")
        if kpi in mapping:
            problems.append(f"{where}: KPI {kpi} står redan för {mapping[kpi].statistic}")
        if statistic in seen:
            problems.append(f"{where}: {statistic} hämtas redan från {seen[statistic]}")
        mapping[kpi] = KpiMapping(
            statistic, kpi, str(entry.get("title", "")), str(entry.get("note", ""))
        )
        seen[statistic] = kpi
    if problems:
        raise KoladaError("\n".join(problems))
    return mapping
