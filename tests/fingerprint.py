"""A fingerprint of every number the product publishes, to prove a refactoring changed none.

``published_fingerprint()`` digests, for every published run, the stored tables (totals,
indicator results, rank intervals, the bootstrap's rank samples, the recorded
configuration) and the JSON API's answers built from them (rankings, factor rankings,
movers, one municipality's results, uncertainty, what-if, levers with a plan, peers,
drivers) and the politicians' comparison download (its CSV for scripts,
``dialect=machine``: the column codes, full precision). Floats are compared to 8
significant digits, and magnitudes below 1e-12 count as zero: a real change shows (no page
shows more than four decimals), while the last bits that differ between processors do
not. Those differ by up to 1e-12 relative in the drivers' bootstrap intervals (BLAS
kernels sum in another order on another CPU, or with another number of threads), and at
12 digits a value now and then rounded the other way.

Used by ``tests/site/test_published_numbers.py`` against a small demo, and by hand
against a whole demo database::

    FORETAGSKLIMAT_HOME=/path/with/var python -m tests.fingerprint > before.json
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import sys
from collections.abc import Iterable, Iterator
from typing import Any

#: The municipalities whose pages and analyses are fingerprinted: the demo's calibrated
#: ones (Sandviken's climb, the top three) and a large and a small one.
CODES = ("2181", "0184", "1442", "0162", "1480", "2180", "2418")
#: Those whose what-if, levers and peers are fingerprinted too (each answer refits the
#: what-if model, about a second).
ANALYSED = ("2181", "0184", "2418")


#: Significant digits a float is compared to, and the magnitude below which it is zero.
DIGITS = 8
ZERO = 1e-12


def _canonical(value: Any) -> Any:
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        return "0" if abs(value) < ZERO else f"{value:.{DIGITS}g}"
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in sorted(value.items())}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    if isinstance(value, bytes | memoryview):
        return hashlib.sha256(bytes(value)).hexdigest()
    return value


def digest(value: Any) -> str:
    text = json.dumps(_canonical(value), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _rows(queryset: Any, fields: Iterable[str]) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in queryset.values_list(*fields)]


def _stored(run: Any) -> Iterator[tuple[str, Any]]:
    import numpy as np

    from foretagsklimat.apps.ranking.models import (
        BootstrapSamples,
        IndicatorResult,
        MunicipalityResult,
        RankUncertainty,
    )

    yield "config", run.config
    yield "synthetic", run.synthetic
    yield (
        "totals",
        _rows(
            MunicipalityResult.objects.filter(run=run).order_by("municipality_id"),
            ["municipality_id", "rank", "points", "county_rank", "group_rank", "previous_rank"],
        ),
    )
    yield (
        "indicators",
        _rows(
            IndicatorResult.objects.filter(run=run).order_by("municipality_id", "indicator"),
            [
                "municipality_id",
                "indicator",
                "value",
                "n",
                "rank",
                "points",
                "value_low",
                "value_high",
            ],
        ),
    )
    yield (
        "uncertainty",
        _rows(
            RankUncertainty.objects.filter(run=run).order_by("municipality_id"),
            [
                "municipality_id",
                "rank_median",
                "rank_low",
                "rank_high",
                "points_low",
                "points_high",
                "change_low",
                "change_high",
                "verdict",
                "method_median",
                "method_low",
                "method_high",
            ],
        ),
    )
    samples = BootstrapSamples.objects.filter(run=run).first()
    if samples is not None:
        ranks = np.load(io.BytesIO(bytes(samples.samples)))["ranks"]
        yield (
            "bootstrap",
            [
                samples.method,
                samples.replications,
                samples.seed,
                samples.confidence,
                samples.codes,
                str(ranks.dtype),
                list(ranks.shape),
                hashlib.sha256(np.ascontiguousarray(ranks).tobytes()).hexdigest(),
            ],
        )


def _api_paths(year: int, indicators: list[str], codes: Iterable[str]) -> Iterator[str]:
    yield f"/api/v1/rankings/{year}?limit=290"
    yield f"/api/v1/movers/{year}"
    for indicator in indicators:
        yield f"/api/v1/rankings/{year}/factors/{indicator}?limit=290"
    yield f"/api/v1/drivers/{year}"
    yield f"/api/v1/drivers/{year}?level=municipalities"
    for code in codes:
        yield f"/api/v1/municipalities/{code}/results/{year}"
        yield f"/api/v1/municipalities/{code}/uncertainty/{year}"
    for code in ANALYSED:
        yield f"/api/v1/municipalities/{code}/whatif/{year}?service=4.2&overall_grade=3.9"
        yield f"/api/v1/municipalities/{code}/levers/{year}?target=100"
        yield f"/api/v1/municipalities/{code}/peers/{year}"


def _csv_rows(content: bytes) -> list[list[str]]:
    import csv

    text = content.decode("utf-8-sig")
    return [row for row in csv.reader(io.StringIO(text))]


def published_fingerprint(codes: Iterable[str] = CODES) -> dict[str, str]:
    """One digest per published run and table, per API answer and comparison download."""
    from django.test import Client

    from foretagsklimat.apps.ranking.models import RankingRun
    from foretagsklimat.engine.methodology import get_methodology

    client = Client()
    codes = list(codes)
    out: dict[str, str] = {}
    runs = RankingRun.objects.filter(is_current=True).order_by("year", "methodology")
    for run in runs:
        key = f"{run.year}/{run.methodology}"
        for name, value in _stored(run):
            out[f"{key}/{name}"] = digest(value)
        indicators = [i.code for i in get_methodology(run.methodology).indicators]
        for path in _api_paths(run.year, indicators, codes):
            response = client.get(path)
            body = json.loads(response.content) if response.content else None
            out[f"GET {path}"] = digest([response.status_code, body])
    for year in sorted({run.year for run in runs}):
        for code in codes:
            response = client.get(
                f"/kommun/{code}/jamforelse/{year}/", {"format": "csv", "dialect": "machine"}
            )
            if response.status_code == 200:
                out[f"comparison/{code}/{year}"] = digest(_csv_rows(response.content))
    return out


def differences(expected: dict[str, str], actual: dict[str, str]) -> list[str]:
    """Human-readable lines for every key that differs, is missing or is new."""
    lines = []
    for key in sorted(expected.keys() | actual.keys()):
        if key not in actual:
            lines.append(f"missing now: {key}")
        elif key not in expected:
            lines.append(f"new: {key}")
        elif expected[key] != actual[key]:
            lines.append(f"changed: {key}")
    return lines


def main() -> None:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foretagsklimat.web.settings")
    django.setup()
    json.dump(published_fingerprint(), sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
