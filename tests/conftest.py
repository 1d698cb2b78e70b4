"""Shared fixtures: a small stored ranking built from synthetic aggregates.

The web tests do not run the full demo generator (that has its own tests); they store
random factor values and statistics for every municipality and rank them with the engine,
which exercises the same storage and ranking path in a second or two.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest

from foretagsklimat import reference
from foretagsklimat.engine.methodology import load_catalogue

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
def _fresh_result_cache() -> None:
    """Cached results are keyed by run; test databases roll back and reuse ids."""
    from foretagsklimat.apps.ranking.queries import clear_cache

    clear_cache()
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def stored_rankings(db: None) -> tuple[int, ...]:
    """Two synthetic years stored and ranked; returns the years."""
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

    for year in stored_rankings:
        run = current_run(year)
        assert run is not None
        store_uncertainty(run, replications=200)
    return stored_rankings


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
