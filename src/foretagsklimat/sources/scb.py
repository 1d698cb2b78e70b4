"""SCB's statistical database (PxWeb API v1): one table, one query, one statistic.

A table is asked for by POSTing a PxWeb query to its path under :data:`BASE_URL`::

    POST https://api.scb.se/OV0104/v1/doris/sv/ssd/OE/OE0101/Kommunalskatter2000
    {"query": [{"code": "Region", "selection": {"filter": "vs:RegionKommun07EjAggr",
                                                "values": ["0114", "2181"]}},
               {"code": "ContentsCode", "selection": {"filter": "item",
                                                      "values": ["OE0101D2"]}},
               {"code": "Tid", "selection": {"filter": "item", "values": ["2024"]}}],
     "response": {"format": "json"}}

The answer comes in the ``"json"`` format (``columns`` and ``data`` rows) or in
``"json-stat2"`` (a dataset: ``id``, ``size``, ``dimension``, ``value``); both are read.
:func:`parse_table` turns it into ``kommunkod``, ``year``, ``value``: the region
dimension gives the municipality (4-digit codes; the counties and Riket are counted and
left out), the time dimension the year, and every other dimension, the contents code
included, must be narrowed to one value, by the query or by ``contents=``.
``..`` and the other PxWeb marks of a missing value are not stored.
"""

from __future__ import annotations

import itertools
import json
import math
import os
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from foretagsklimat import reference

from .http import JsonFetcher, SourceError, problem_listing

__all__ = [
    "BASE_URL",
    "SOURCE",
    "ScbClient",
    "ScbData",
    "ScbError",
    "parse_table",
    "read_query",
    "read_saved",
    "source_of",
]

BASE_URL = "https://api.scb.se/OV0104/v1/doris/sv/ssd"
SOURCE = "SCB"
FORMATS = ("json", "json-stat2")
#: PxWeb's marks of a value that is missing, confidential or not applicable.
MISSING = frozenset({"", "..", ".", "-", "…", "x"})
REGION = "Region"
TIME = "Tid"
CONTENTS = "ContentsCode"


class ScbError(SourceError):
    """An SCB response, saved file or query file that cannot be imported."""


def table_path(path: str) -> str:
    """The table's path without slashes at the ends (``START/`` may stay or go).

    >>> table_path("/OE/OE0101/Kommunalskatter2000/")
    'OE/OE0101/Kommunalskatter2000'
    """
    cleaned = path.strip().strip("/")
    if not cleaned or any(not part or part in {".", ".."} for part in cleaned.split("/")):
        raise ScbError(f"Ogiltig tabellsökväg {path!r}: skriv som OE/OE0101/Kommunalskatter2000.")
    return cleaned


def source_of(path: str) -> str:
    """The ``source`` stored with the table's values: ``SCB (OE/OE0101/Kommunalskatter2000)``."""
    return f"{SOURCE} ({table_path(path).removeprefix('START/')})"


@dataclass
class ScbClient:
    """POST a PxWeb query to a table and return the parsed JSON answer.

    >>> ScbClient().table_url("OE/OE0101/Kommunalskatter2000")
    'https://api.scb.se/OV0104/v1/doris/sv/ssd/OE/OE0101/Kommunalskatter2000'
    """

    base_url: str = BASE_URL
    fetcher: JsonFetcher = field(default_factory=JsonFetcher)

    def table_url(self, path: str) -> str:
        return f"{self.base_url}/{table_path(path)}"

    def table(self, path: str, query: Mapping[str, Any]) -> Any:
        return self.fetcher.post(self.table_url(path), dict(query))


def _load_json(path: str | os.PathLike[str]) -> Any:
    path = Path(path)
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as error:
        raise ScbError(f"{path}: filen finns inte.") from error
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ScbError(f"{path}: ingen JSON ({error}).") from error


def read_query(path: str | os.PathLike[str]) -> dict[str, Any]:
    """A PxWeb query file as SCB's web page "API för den här tabellen" shows it.

    The ``response`` format must be ``json`` or ``json-stat2``; without one, ``json`` is
    asked for. SCB's page wraps the query as ``{"queryObj": {…}}`` when saved; that is
    read too.
    """
    raw = _load_json(path)
    if isinstance(raw, dict) and isinstance(raw.get("queryObj"), dict):
        raw = raw["queryObj"]
    if not isinstance(raw, dict) or not isinstance(raw.get("query"), list):
        raise ScbError(f"{path}: väntade en PxWeb-fråga med en lista ”query”.")
    for number, part in enumerate(raw["query"], 1):
        if not isinstance(part, dict) or "code" not in part or "selection" not in part:
            raise ScbError(f"{path}: query nr {number} saknar ”code” eller ”selection”.")
    response = raw.get("response") or {}
    if not isinstance(response, dict):
        raise ScbError(f'{path}: ”response” ska vara ett objekt som {{"format": "json"}}.')
    form = response.get("format", "json")
    if form not in FORMATS:
        raise ScbError(
            f"{path}: svarsformatet {form!r} läses inte; välj ”json” eller ”json-stat2”."
        )
    return {**raw, "response": {**response, "format": form}}


def read_saved(path: str | os.PathLike[str]) -> Any:
    """A saved answer of SCB's API (either format), read by :func:`parse_table`."""
    return _load_json(path)


@dataclass(frozen=True)
class ScbData:
    #: ``kommunkod``, ``year``, ``value``: one row per municipality and year.
    values: pd.DataFrame
    #: Cells of other regions than the 290 municipalities (counties, Riket).
    other_areas: int = 0
    #: Cells marked missing (``..`` and the like).
    missing: int = 0
    #: The contents code the values are of, and its text where the answer gives one.
    contents: str = ""


@dataclass(frozen=True)
class _Table:
    """Either format, as cells: each a code per dimension and the raw value."""

    dimensions: list[str]
    time: str | None
    texts: dict[str, dict[str, str]]
    cells: list[tuple[dict[str, str], Any]]


def _json_table(payload: dict[str, Any], where: str) -> _Table:
    columns = payload["columns"]
    keys = [c["code"] for c in columns if c.get("type") in {"d", "t"}]
    contents = [c["code"] for c in columns if c.get("type") == "c"]
    time = next((c["code"] for c in columns if c.get("type") == "t"), None)
    cells: list[tuple[dict[str, str], Any]] = []
    for number, row in enumerate(payload["data"], 1):
        key, values = row.get("key", []), row.get("values", [])
        if len(key) != len(keys) or len(values) != len(contents):
            raise ScbError(
                f"{where}: rad {number} i ”data” har {len(key)} nycklar och {len(values)} "
                f"värden, väntade {len(keys)} och {len(contents)}."
            )
        codes = dict(zip(keys, map(str, key), strict=True))
        for content, value in zip(contents, values, strict=True):
            cells.append(({**codes, CONTENTS: content}, value))
    texts = {CONTENTS: {c["code"]: str(c.get("text", "")) for c in columns if c.get("type") == "c"}}
    return _Table([*keys, CONTENTS], time, texts, cells)


def _stat_table(payload: dict[str, Any], where: str) -> _Table:
    ids, sizes = list(payload["id"]), list(payload["size"])
    dimension = payload["dimension"]
    orders: list[list[str]] = []
    texts: dict[str, dict[str, str]] = {}
    for dim in ids:
        category = dimension[dim]["category"]
        index = category.get("index")
        if isinstance(index, dict):
            order = [code for code, _pos in sorted(index.items(), key=lambda kv: kv[1])]
        elif isinstance(index, list):
            order = list(index)
        else:
            order = list(category.get("label", {}))
        orders.append(order)
        texts[dim] = {str(k): str(v) for k, v in category.get("label", {}).items()}
    if [len(o) for o in orders] != sizes:
        raise ScbError(f"{where}: ”size” {sizes} stämmer inte med dimensionernas kategorier.")
    raw_values = payload.get("value", [])
    total = math.prod(sizes)
    if isinstance(raw_values, dict):
        values: list[Any] = [raw_values.get(str(i)) for i in range(total)]
    else:
        values = list(raw_values)
    if len(values) != total:
        raise ScbError(
            f"{where}: {len(values)} värden, väntade {total} ({' × '.join(map(str, sizes))})."
        )
    cells = [
        (dict(zip(ids, combination, strict=True)), value)
        for combination, value in zip(itertools.product(*orders), values, strict=True)
    ]
    roles = payload.get("role", {})
    time = (roles.get("time") or [None])[0] or (TIME if TIME in ids else None)
    return _Table(ids, time, texts, cells)


def _cells_of(payload: Any, where: str) -> _Table:
    try:
        if isinstance(payload, dict) and "columns" in payload and "data" in payload:
            return _json_table(payload, where)
        if isinstance(payload, dict) and payload.get("class") == "dataset":
            return _stat_table(payload, where)
    except (KeyError, TypeError, AttributeError) as error:
        raise ScbError(f"{where}: svaret från SCB har inte väntad form ({error!r}).") from error
    raise ScbError(
        f"{where}: väntade ett svar från SCB:s API i formatet ”json” (columns, data) eller "
        "”json-stat2” (class dataset)."
    )


def _number(value: Any) -> float | str | None:
    """A float, None for a missing mark, or the raw text when it is no number."""
    if value is None:
        return None
    if isinstance(value, bool):
        return repr(value)
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else repr(value)
    text = str(value).strip()
    if text in MISSING:
        return None
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return text
    return number if math.isfinite(number) else text


def _single(table: _Table, dim: str, where: str, chosen: str | None) -> str | None:
    present = list(dict.fromkeys(codes[dim] for codes, _v in table.cells))
    if chosen is not None:
        if chosen not in present:
            raise ScbError(
                f"{where}: {dim} {chosen!r} finns inte i svaret; där finns {', '.join(present)}."
            )
        return chosen
    if len(present) > 1:
        raise ScbError(
            f"{where}: svaret har {len(present)} värden för {dim} ({', '.join(present[:8])}"
            f"{', …' if len(present) > 8 else ''}); välj ett i frågan"
            + (" eller med --contents." if dim == CONTENTS else ".")
        )
    return present[0] if present else None


def parse_table(
    payload: Any,
    *,
    where: str = "SCB",
    region: str = REGION,
    contents: str | None = None,
) -> ScbData:
    """The municipalities' values per year, or :class:`ScbError` naming every bad cell."""
    table = _cells_of(payload, where)
    if region not in table.dimensions:
        raise ScbError(
            f"{where}: ingen dimension {region!r} i svaret; "
            f"där finns {', '.join(table.dimensions)}."
        )
    if table.time is None:
        raise ScbError(f"{where}: ingen tidsdimension (som ”Tid”) i svaret.")
    picked: dict[str, str | None] = {}
    for dim in table.dimensions:
        if dim not in {region, table.time}:
            picked[dim] = _single(table, dim, where, contents if dim == CONTENTS else None)
    codes = reference.municipality_codes()
    rows: list[tuple[str, int, float]] = []
    problems: list[str] = []
    other = missing = 0
    for cell, raw in table.cells:
        if any(cell[dim] != code for dim, code in picked.items()):
            continue
        kommunkod, period = cell[region], cell[table.time]
        if kommunkod not in codes:
            other += 1
            continue
        label = f"{region} {kommunkod}, {table.time} {period}"
        if not period.isdigit() or len(period) != 4:
            problems.append(f"{label}: väntade ett år, fanns perioden {period!r}")
            continue
        value = _number(raw)
        if value is None:
            missing += 1
        elif isinstance(value, str):
            problems.append(f"{label}: väntade ett tal, fanns {value!r}")
        else:
            rows.append((kommunkod, int(period), value))
    repeated = Counter((code, year) for code, year, _v in rows)
    problems.extend(
        f"{region} {code}, år {year}: väntade ett värde, fanns {n}"
        for (code, year), n in repeated.items()
        if n > 1
    )
    if problems:
        raise ScbError(problem_listing(where, "SCB", problems))
    values = pd.DataFrame(rows, columns=["kommunkod", "year", "value"]).astype(
        {"year": "int64", "value": "float64"}
    )
    content = picked.get(CONTENTS) or ""
    text = table.texts.get(CONTENTS, {}).get(content, "")
    return ScbData(
        values,
        other_areas=other,
        missing=missing,
        contents=f"{content} {text}".strip() if text and text != content else content,
    )
