"""Benchmark a large municipality's workspace.

Stockholm (0180) is the largest register a workspace will hold. A synthetic register at
``--scale`` (4 ≈ the real national company count) gives its head offices, which go
through the steps a business office runs:

* ``import_companies``: the first import of the register file (CSV, validated, all or
  nothing), then a re-import with 1 % of the rows changed (the update path, audited);
* five years of visits (``--visits`` a year, four in five evaluated) are created in bulk
  (set-up, not timed);
* ``target_progress`` and ``evaluation_summary`` for the year (the targets page);
* the company list as pages: one filtered page, "visited this year", and the Excel export
  of every company;
* the visit list's Excel export for the year;
* the board's dashboard with one goal of each kind (trends over five years) and its PDF;
* ``apply_retention(dry_run=True)``: counting what the retention rules would erase.

Pages go through Django's test client (the whole view, template and middleware, no
network). Each step is timed once; memory is the process's peak resident size so far
(``ru_maxrss``). The database is a fresh SQLite file in a temporary folder unless
``DATABASE_URL`` is set. Run::

    .venv/bin/python benchmarks/bench_workspace.py [--scale 4] [--visits 3000]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_engine import machine

CODE = "0180"
YEAR = 2026
TODAY = date(YEAR, 9, 30)


def measure(label: str, step: Callable[[], Any]) -> Any:
    """Time one step; memory is the process's peak resident size so far (tracemalloc
    would slow these object-heavy steps several times over and distort the times)."""
    started = time.perf_counter()
    result = step()
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10
    print(f"| {label} | {seconds:,.2f} s | {peak:,.0f} MiB |", flush=True)
    return result


def get(client: Any, url: str) -> Any:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    return response


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=4.0)
    parser.add_argument("--visits", type=int, default=3000, help="held visits a year")
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="bench-workspace-")
    os.environ.setdefault("FORETAGSKLIMAT_HOME", home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foretagsklimat.web.settings")
    import django

    django.setup()
    import numpy as np
    import time_machine
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client

    from foretagsklimat.apps.reference.models import Municipality
    from foretagsklimat.apps.site.demo.published import load_demo
    from foretagsklimat.apps.workspace.models import (
        Company,
        Evaluation,
        FollowUp,
        FollowUpStatus,
        Goal,
        GoalKind,
        Membership,
        Role,
        TargetKind,
        Visit,
        VisitTarget,
    )
    from foretagsklimat.apps.workspace.models.visits import new_evaluation_token
    from foretagsklimat.apps.workspace.services.importing import import_companies
    from foretagsklimat.apps.workspace.services.retention import apply_retention
    from foretagsklimat.apps.workspace.services.visit_progress import (
        evaluation_summary,
        target_progress,
    )
    from foretagsklimat.demo.register import synthetic_register

    call_command("migrate", interactive=False, verbosity=0)
    call_command("setup", verbosity=0)
    load_demo(range(YEAR - 5, YEAR))  # the public rankings the rank and grade goals read
    municipality = Municipality.objects.get(code=CODE)
    register = synthetic_register([CODE], scale=args.scale)
    register = register[register["site_type"] == "head_office"]
    data = register.to_csv(index=False).encode()
    print(machine())
    print(
        f"{municipality.name}: {len(register):,} companies, {len(data) / 2**20:,.1f} MiB CSV; "
        f"{args.visits:,} visits a year; database "
        f"{os.environ.get('DATABASE_URL', 'SQLite (temporary file)')}\n"
    )
    admin = User.objects.create_user("bench-admin")
    Membership.objects.create(user=admin, municipality=municipality, role=Role.ADMIN)

    print("| step | time | peak process memory so far |\n|---|---|---|")
    measure(
        "import_companies, first import",
        lambda: import_companies(municipality, data, "register.csv", admin),
    )
    changed = register.copy()
    changed.iloc[::100, changed.columns.get_loc("employees")] += 1
    measure(
        "import_companies, re-import (1 % changed)",
        lambda: import_companies(
            municipality, changed.to_csv(index=False).encode(), "register.csv", admin
        ),
    )

    # Set-up, not timed: five years of visits, most of them evaluated, and the targets.
    rng = np.random.default_rng(1)
    company_ids = np.array(
        Company.objects.for_municipality(municipality).values_list("pk", flat=True)
    )
    visits = []
    for year in range(YEAR - 4, YEAR + 1):
        days = rng.integers(0, 365, size=args.visits)
        for company_id, day in zip(rng.choice(company_ids, size=args.visits), days, strict=True):
            on = date(year, 1, 1) + timedelta(days=int(day))
            visits.append(
                Visit(
                    municipality=municipality,
                    company_id=int(company_id),
                    officer=admin,
                    planned_for=on,
                    held_on=on if on <= TODAY else None,
                    unit="Näringslivskontoret",
                    purpose="Företagsbesök",
                    topics=["lokaler"],
                    evaluation_token=new_evaluation_token() if on <= TODAY else None,
                )
            )
    Visit.objects.bulk_create(visits, batch_size=1000)
    held = Visit.objects.for_municipality(municipality).filter(held_on__isnull=False)
    grades = rng.integers(1, 7, size=(held.count(), 3))
    Evaluation.objects.bulk_create(
        (
            Evaluation(visit_id=pk, useful=int(g[0]), understood=int(g[1]), next_steps=int(g[2]))
            for pk, g in zip(held.values_list("pk", flat=True), grades, strict=True)
            if g[0] != 1
        ),  # about one in six visits goes without an evaluation
        batch_size=1000,
    )
    # A follow-up for every third held visit, due a month later, most closed in time.
    follow_ups = []
    for n, (visit_id, company_id, held_on) in enumerate(
        held.values_list("pk", "company_id", "held_on")[::3]
    ):
        due = held_on + timedelta(days=30)
        done = due - timedelta(days=int(rng.integers(-10, 20))) if due <= TODAY else None
        follow_ups.append(
            FollowUp(
                municipality=municipality,
                company_id=company_id,
                visit_id=visit_id,
                title=f"Uppföljning {n}",
                owner=admin,
                due_on=due,
                status=FollowUpStatus.DONE if done else FollowUpStatus.OPEN,
                done_on=done,
            )
        )
    FollowUp.objects.bulk_create(follow_ups, batch_size=1000)
    VisitTarget.objects.bulk_create(
        [
            VisitTarget(
                municipality=municipality,
                year=YEAR,
                kind=TargetKind.VISITS_TOTAL,
                target=args.visits,
            ),
            VisitTarget(
                municipality=municipality,
                year=YEAR,
                kind=TargetKind.VISITS_PER_UNIT,
                unit="Näringslivskontoret",
                target=args.visits,
            ),
            VisitTarget(
                municipality=municipality,
                year=YEAR,
                kind=TargetKind.VISITS_PER_OFFICER,
                officer=admin,
                target=args.visits,
            ),
            VisitTarget(
                municipality=municipality,
                year=YEAR,
                kind=TargetKind.COVERAGE,
                min_employees=10,
                within_years=2,
                target=0.8,
            ),
        ]
    )

    Goal.objects.bulk_create(
        [
            Goal(
                municipality=municipality,
                year=YEAR,
                kind=kind,
                target=target,
                min_employees=10 if kind == GoalKind.COVERAGE else None,
                within_years=2 if kind == GoalKind.COVERAGE else None,
            )
            for kind, target in (
                (GoalKind.RANK, 50),
                (GoalKind.OVERALL_GRADE, 4.0),
                (GoalKind.VISITS, args.visits),
                (GoalKind.COVERAGE, 0.5),
                (GoalKind.EVALUATION, 4.5),
                (GoalKind.FOLLOW_UPS_ON_TIME, 0.9),
            )
        ]
    )

    measure(
        "target_progress (4 targets, incl. coverage)",
        lambda: target_progress(municipality, YEAR, TODAY),
    )
    measure("evaluation_summary (year)", lambda: evaluation_summary(municipality, YEAR))
    client = Client()
    client.force_login(admin)
    base = f"/arbetsyta/{CODE}/"
    get(client, base)  # warm up: templates, translations, the session
    with time_machine.travel(TODAY, tick=False):
        measure(
            "company list, filtered page (q=ab, 10-49)",
            lambda: get(client, base + "foretag/?q=ab&storlek=10-49"),
        )
        measure("company list, visited this year", lambda: get(client, base + "foretag/?besokt=ja"))
        measure(
            f"company list, Excel export ({len(register):,} rows)",
            lambda: get(client, base + "foretag/?format=xlsx"),
        )
        measure(
            "visit list, Excel export (year)",
            lambda: get(client, base + f"besok/?ar={YEAR}&format=xlsx"),
        )
        measure("targets page", lambda: get(client, base + "besoksmal/"))
        measure("dashboard (6 goals, 5-year trends)", lambda: get(client, base + "oversikt/"))
        measure("PDF report", lambda: get(client, base + "oversikt/rapport.pdf"))
    measure("apply_retention, dry run (all municipalities)", lambda: apply_retention(dry_run=True))


if __name__ == "__main__":
    main()
