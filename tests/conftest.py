"""Shared fixtures: a small stored ranking built from synthetic aggregates.

The web tests do not run the full demo generator (that has its own tests); they store
random factor values and statistics for every municipality and rank them with the engine,
which exercises the same storage and ranking path in a second or two.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pytest

from foretagsklimat import reference
from foretagsklimat.engine.methodology import load_catalogue
from tests.snapshots import restored

YEARS = (2022, 2023)


def synthetic_inputs(
    years: tuple[int, ...] = YEARS, seed: int = 7
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Random factor values (n = 40) and statistics for all 290 municipalities."""
    rng = np.random.default_rng(seed)
    codes = sorted(reference.municipality_codes())
    catalogue = load_catalogue()
    questions = list(catalogue["questions"])
    statistics = list(catalogue["statistics"])
    values = pd.DataFrame(
        [(c, y, q) for y in years for c in codes for q in questions],
        columns=["kommunkod", "year", "question"],
    )
    values["mean"] = rng.uniform(2.2, 4.8, len(values)).round(2)
    values["n"] = 40
    values["sd"] = 1.1
    stats = pd.DataFrame(
        [(c, y, s) for y in years for c in codes for s in statistics],
        columns=["kommunkod", "year", "statistic"],
    )
    stats["value"] = rng.uniform(5, 80, len(stats)).round(2)
    return values, stats


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Order and group the tests for parallel workers (scripts/test.sh runs pytest-xdist
    with ``--dist loadgroup``); without xdist only the order changes.

    * Tests marked ``slow`` (tens of seconds each) run first, so that no worker starts one
      when the others have nothing left to do.
    * Tests that share a module-, class- or package-scoped fixture (the demo data of
      tests/demo, the chromium of tests/browser) form one ``xdist_group``: one worker runs
      them and builds the fixture once.
    """
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
    for item in items:
        group = item.get_closest_marker("xdist_group")
        if group is None:
            shared = _shared_fixture_scope(item)
            if shared is None:
                continue
            item.add_marker(pytest.mark.xdist_group(shared))
        _mark_group_in_nodeid(config, item)


def _shared_fixture_scope(item: pytest.Item) -> str | None:
    """Where the first fixture of this test that outlives it is defined, if it has one."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return None
    shared = sorted(
        definition.baseid
        for name in info.names_closure
        for definition in info.name2fixturedefs.get(name, ())
        # (baseid "" are the plugins' own, such as pytest-django's unittest support)
        if definition.scope in {"class", "module", "package"} and definition.baseid
    )
    return shared[0] if shared else None


def _mark_group_in_nodeid(config: pytest.Config, item: pytest.Item) -> None:
    """pytest-xdist 3.8 passes a test's group to its scheduler as a suffix of the node id
    ("...::test_x@browser") that it writes to ``item._nodeid``, which pytest 9.2 no longer
    reads (pytest-xdist issue 1386): without this every group is silently split up. Does
    what xdist means to do, in the workers of a loadgroup run, unless xdist did it."""
    if not getattr(config.option, "loadgroup", False) or "@" in item.nodeid:
        return
    from _pytest.nodeid import NodeId

    names = sorted(
        {
            str(m.args[0] if m.args else m.kwargs.get("name", "default"))
            for m in item.iter_markers("xdist_group")
        }
    )
    if names and hasattr(item, "_id"):
        item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(names)}")


_db_blocker: Any = None


@pytest.fixture(autouse=True, scope="session")
def _keep_db_blocker(django_db_blocker: Any) -> None:
    global _db_blocker
    _db_blocker = django_db_blocker


def _flushes_database(item: pytest.Item) -> bool:
    """Whether pytest-django empties every table after this test (a transactional test)."""
    names = getattr(item, "fixturenames", ())
    if "transactional_db" in names or "live_server" in names:
        return True
    marker = item.get_closest_marker("django_db")
    if marker is None:
        return False
    return bool(marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """A transactional test ends by emptying every table, also the reference data that a
    migration loads (the 290 municipalities); pytest-django runs such tests after the
    others so that this harms none of them, but the order is not kept under pytest-xdist's
    groups (and no test should depend on the order). Load it again at once."""
    try:
        return (yield)
    finally:
        # After the last test the test database is gone (nextitem None): never touch another.
        if _db_blocker is not None and nextitem is not None and _flushes_database(item):
            from django.db import connection

            from foretagsklimat.apps.reference.services import load_reference_data

            if _is_test_database(connection):
                with _db_blocker.unblock():
                    load_reference_data()


def _is_test_database(connection: Any) -> bool:
    """pytest-django's test database: test_<name>[_gwN], or SQLite's in-memory one."""
    name = str(connection.settings_dict["NAME"])
    return name.startswith("test_") or "mode=memory" in name


@pytest.fixture(autouse=True)
def _fast_password_hashing(request: pytest.FixtureRequest) -> Iterator[None]:
    """Argon2 costs about 0.2 s a hash here, by design; the suite creates thousands of
    accounts (four per workspace test), which made it minutes slower. Tests hash with MD5
    unless marked ``real_password_hashing`` (tests/accounts/test_login.py checks that the
    production setting is Argon2). Argon2 stays in the list so its hashes still verify."""
    if request.node.get_closest_marker("real_password_hashing"):
        yield
        return
    from django.conf import settings
    from django.test import override_settings

    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]
    with override_settings(PASSWORD_HASHERS=hashers):
        yield


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Django's LocaleMiddleware leaves the last request's language active in the thread
    after the response: a test that asked for English left its followers in English
    whenever they ran next. Every test starts in the default language (Swedish)."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_result_cache() -> None:
    """Cached results are keyed by run; test databases roll back and reuse ids."""
    from foretagsklimat.apps.ranking.queries import clear_cache

    clear_cache()
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def stored_rankings(db: None) -> tuple[int, ...]:
    """Two synthetic years stored and ranked; returns the years.

    Built once per test process and restored after that (tests/snapshots.py)."""
    return restored("stored_rankings", _store_rankings)


def _store_rankings() -> tuple[int, ...]:
    from foretagsklimat.apps.ranking.services import compute_ranking, save_ranking
    from foretagsklimat.apps.reference.services import load_reference_data
    from foretagsklimat.apps.statistics.services import store_statistics
    from foretagsklimat.apps.survey.services import store_factor_values

    # Browser tests run against a flushed database (live_server), which loses the rows
    # the data migration loaded; loading them again is idempotent.
    load_reference_data()
    values, stats = synthetic_inputs()
    store_factor_values(values, synthetic=True)
    store_statistics(stats, synthetic=True)
    for year in YEARS:
        save_ranking(compute_ranking(year))
    return YEARS


@pytest.fixture
def stored_uncertainty(stored_rankings: tuple[int, ...]) -> tuple[int, ...]:
    """The two stored years with their rank intervals (a small parametric bootstrap)."""
    from foretagsklimat.apps.ranking.analysis import store_uncertainty
    from foretagsklimat.apps.ranking.services import current_run

    def build() -> tuple[int, ...]:
        for year in stored_rankings:
            run = current_run(year)
            assert run is not None
            store_uncertainty(run, replications=200)
        return stored_rankings

    return restored("stored_uncertainty", build)


def synthetic_answers(year: int = 2023, per_municipality: int = 12, seed: int = 3) -> pd.DataFrame:
    """Answers in which the overall grade follows service and dialogue (for drivers)."""
    rng = np.random.default_rng(seed)
    codes = np.repeat(sorted(reference.municipality_codes()), per_municipality)
    questions = list(load_catalogue()["questions"])
    latent = rng.normal(0, 1, (len(codes), len(questions)))
    frame = pd.DataFrame(np.clip(np.rint(3.5 + latent), 1, 6), columns=questions)
    overall = (
        3.5
        + 0.8 * latent[:, questions.index("service")]
        + 0.5 * latent[:, questions.index("dialogue")]
        + rng.normal(0, 0.5, len(codes))
    )
    frame["overall_grade"] = np.clip(np.rint(overall), 1, 6)
    frame.insert(0, "respondent_id", [f"T{year}-{i}" for i in range(len(codes))])
    frame.insert(1, "kommunkod", codes)
    frame.insert(2, "year", year)
    frame.insert(3, "respondent_type", "company")
    return frame
