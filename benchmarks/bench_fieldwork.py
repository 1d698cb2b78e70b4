"""Benchmark a survey round's field work at national scale.

A synthetic register for all 290 municipalities (``--scale 4``: about 1.2 million rows,
the national company count) goes through the steps an operator runs:

* ``read_register``: reading and validating the CSV file (every organisation number
  checked with python-stdnum);
* ``run_sampling``: frame rules, sample sizes and the seeded draw (pure pandas);
* ``store_register``: the first import into the database, then a re-import of the same
  file with 1 % of rows changed (the update path);
* ``open_round``: sampling the stored register and creating one personal link per unit;
* ``response_rates``: the live table after 45 % of the links have answered.

Each step is timed once (they change the database); peak Python memory comes from
:mod:`tracemalloc`. The database is a fresh SQLite file in a temporary folder unless
``DATABASE_URL`` is set. Run::

    .venv/bin/python benchmarks/bench_fieldwork.py [--scale 4]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_engine import machine

YEAR = 2026


def measure(label: str, step: Callable[[], Any]) -> Any:
    tracemalloc.start()
    started = time.perf_counter()
    result = step()
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(f"| {label} | {seconds:,.1f} s | {peak:,.0f} MiB |", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=4.0)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="bench-fieldwork-")
    os.environ.setdefault("FORETAGSKLIMAT_HOME", home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foretagsklimat.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from foretagsklimat import reference
    from foretagsklimat.apps.survey.fieldwork import open_round, response_rates, store_register
    from foretagsklimat.apps.survey.models import Invitation
    from foretagsklimat.demo.register import synthetic_register
    from foretagsklimat.sampling import read_register
    from foretagsklimat.sampling.survey import run_sampling

    call_command("migrate", interactive=False, verbosity=0)
    call_command("setup", verbosity=0)
    codes = sorted(reference.municipality_codes())
    register = synthetic_register(codes, scale=args.scale)
    path = Path(home) / "register.csv"
    register.to_csv(path, index=False)
    print(machine())
    print(
        f"Register: {len(register):,} rows, {path.stat().st_size / 2**20:,.0f} MiB CSV; "
        f"database {os.environ.get('DATABASE_URL', 'SQLite (temporary file)')}\n"
    )
    print("| step | time | peak Python memory |\n|---|---|---|")
    read = measure("read_register (CSV, validated)", lambda: read_register(path))
    sample = measure("run_sampling (frame, sizes, draw)", lambda: run_sampling(read, YEAR, 1))
    measure("store_register, first import", lambda: store_register(read))
    changed = read.copy()
    every = max(len(changed) // 100, 1)
    changed.loc[::every, "employees"] += 1
    measure("store_register, re-import (1 % changed)", lambda: store_register(changed))
    survey_round = measure("open_round (links for the sample)", lambda: open_round(YEAR, seed=1))
    links = Invitation.objects.filter(round=survey_round)
    answered = links.order_by("?").values_list("pk", flat=True)[: int(0.45 * links.count())]
    Invitation.objects.filter(pk__in=list(answered)).update(submitted_at=survey_round.created_at)
    rates = measure("response_rates (live table)", lambda: response_rates(survey_round))
    print(
        f"\n{len(sample.sample):,} sampled; {links.count():,} links; "
        f"{len(rates)} rows in the rates table."
    )


if __name__ == "__main__":
    main()
