"""Benchmark the company picker's search and the sorted company list on Stockholm's
register (about 120,000 companies).

The register is the synthetic one at ``--scale`` (4 ≈ the real national company count;
Stockholm's head offices are then about 120,000 companies), imported as a business
office's minimal list (organisation number and name only, the first step timed). Then,
through Django's test client (view, JSON and middleware; no network), after one warm-up
request each:

* the search endpoint ``/arbetsyta/0180/foretag/sok/?q=…`` for a common word, a rare
  name, an organisation number prefix and a whole number;
* the picker's resolution of typed text without JavaScript (``CompanyField.clean``):
  an organisation number, a unique name, an ambiguous one;
* the company list sorted by a column, the first and the hundredth page.

Each is repeated ``--repeat`` times; the median is reported with the peak resident
memory of the process so far. The database is a fresh SQLite file unless
``DATABASE_URL`` is set. Run::

    .venv/bin/python benchmarks/bench_company_search.py [--scale 4] [--repeat 20]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_engine import machine

CODE = "0180"


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10


def timed(label: str, step: Callable[[], Any], repeat: int) -> None:
    step()  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        step()
        times.append(time.perf_counter() - started)
    median = statistics.median(times) * 1000
    print(f"| {label} | {median:,.1f} ms | {max(times) * 1000:,.1f} ms | {peak_mib():,.0f} MiB |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=4.0)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("FORETAGSKLIMAT_HOME", tempfile.mkdtemp(prefix="bench-search-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foretagsklimat.web.settings")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client

    from foretagsklimat.apps.reference.models import Municipality
    from foretagsklimat.apps.workspace.forms.widgets import CompanyField, Typed
    from foretagsklimat.apps.workspace.models import Company, Membership, Role
    from foretagsklimat.apps.workspace.services.importing import import_companies
    from foretagsklimat.demo.register import synthetic_register

    call_command("migrate", interactive=False, verbosity=0)
    call_command("setup", verbosity=0)
    municipality = Municipality.objects.get(code=CODE)
    register = synthetic_register([CODE], scale=args.scale)
    register = register[register["site_type"] == "head_office"]
    minimal = register[["orgnr", "name"]].rename(
        columns={"orgnr": "organisationsnummer", "name": "namn"}
    )
    data = minimal.to_csv(index=False, sep=";").encode("utf-8-sig")
    print(machine())
    print(
        f"{municipality.name}: {len(minimal):,} companies ({len(data) / 2**20:,.1f} MiB CSV); "
        f"database {os.environ.get('DATABASE_URL', 'SQLite (temporary file)')}; "
        f"median of {args.repeat} after a warm-up\n"
    )
    user = User.objects.create_user("bench-editor")
    Membership.objects.create(user=user, municipality=municipality, role=Role.EDITOR)

    started = time.perf_counter()
    import_companies(municipality, data, "foretag.csv", user)
    print(
        f"Import of the minimal list (organisation number and name): "
        f"{time.perf_counter() - started:,.1f} s, {peak_mib():,.0f} MiB peak\n"
    )
    companies = Company.objects.for_municipality(municipality)
    sample = companies.order_by("pk")[len(minimal) // 2]
    word = sample.name.split()[0]
    unique = companies.order_by("-pk").first()
    assert unique is not None
    client = Client()
    client.force_login(user)

    def search(query: str) -> Callable[[], Any]:
        url = f"/arbetsyta/{CODE}/foretag/sok/"

        def run() -> Any:
            response = client.get(url, {"q": query})
            assert response.status_code == 200
            return response

        return run

    def resolve(text: str) -> Callable[[], Any]:
        def run() -> Any:
            field = CompanyField(municipality=municipality)
            try:
                return field.clean(Typed(text))
            except django.forms.ValidationError:
                return None

        return run

    def page(query: dict[str, Any]) -> Callable[[], Any]:
        def run() -> Any:
            response = client.get(f"/arbetsyta/{CODE}/foretag/", query)
            assert response.status_code == 200
            return response

        return run

    count = lambda q: len(search(q)().json()["results"])  # noqa: E731
    print("| step | median | slowest | peak process memory so far |\n|---|---|---|---|")
    timed(f"search, a common word (`{word}`, {count(word)} hits shown)", search(word), args.repeat)
    timed(f"search, a rare name (`{unique.name}`)", search(unique.name), args.repeat)
    timed("search, organisation number prefix (`5560`)", search("5560"), args.repeat)
    timed("search, a whole organisation number", search(unique.formatted_orgnr), args.repeat)
    timed("search, nothing matches (`qqqxz`)", search("qqqxz"), args.repeat)
    timed("resolve typed organisation number", resolve(unique.formatted_orgnr), args.repeat)
    timed("resolve a unique full name", resolve(unique.name), args.repeat)
    timed(f"resolve an ambiguous word (`{word}`)", resolve(word), args.repeat)
    timed("company list sorted by size, page 1", page({"sort": "-storlek"}), args.repeat)
    timed("company list sorted by name, page 100", page({"sort": "namn", "sida": 100}), args.repeat)


if __name__ == "__main__":
    main()
