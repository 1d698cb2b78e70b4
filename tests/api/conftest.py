from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
from django.test import Client

from foretagsklimat import reference
from foretagsklimat.engine.methodology import get_methodology
from tests.snapshots import restored

BASE = "/api/v1"


def _walk_floats(value: Any) -> list[float]:
    if isinstance(value, float):
        return [value]
    if isinstance(value, dict):
        return [f for v in value.values() for f in _walk_floats(v)]
    if isinstance(value, list):
        return [f for v in value for f in _walk_floats(v)]
    return []


class Api:
    """GETs an endpoint and checks what every response must satisfy."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def get(self, path: str, status: int = 200, **params: Any) -> Any:
        response = self.client.get(BASE + path, params)
        assert response.status_code == status, response.content[:500]
        assert response["Content-Type"].startswith("application/json")
        text = response.content.decode()
        assert "NaN" not in text and "Infinity" not in text
        body = json.loads(text)
        assert all(math.isfinite(f) for f in _walk_floats(body))
        if status == 200:
            assert response["Cache-Control"] == "public, max-age=300"
        else:
            assert isinstance(body["detail"], str)
        return body


@pytest.fixture
def api(client: Client) -> Api:
    return Api(client)


def synthetic_answers(year: int = 2023, seed: int = 11) -> pd.DataFrame:
    """A few hundred company answers in 60 municipalities; overall grade tracks service."""
    rng = np.random.default_rng(seed)
    codes = sorted(reference.municipality_codes())[::5][:60]
    rows = len(codes) * 12
    questions = [i.source for i in get_methodology("sn-2020").indicators if i.kind == "survey"]
    latent = rng.normal(size=rows)
    frame = pd.DataFrame(
        {
            "respondent_id": [f"t{year}-{i}" for i in range(rows)],
            "kommunkod": np.repeat(codes, 12),
            "year": year,
            "respondent_type": "company",
        }
    )
    for question in questions:
        noise = rng.normal(size=rows)
        frame[question] = np.clip(np.round(3.5 + latent + noise), 1, 6)
    frame["overall_grade"] = np.clip(np.round(3.5 + latent + 0.8 * frame["service"] - 2.8), 1, 6)
    return frame


@pytest.fixture
def analyses_stored(stored_rankings: tuple[int, ...]) -> tuple[int, ...]:
    """Rank intervals stored for both years (a small bootstrap), then answers for 2023."""
    from foretagsklimat.apps.ranking.analysis import store_uncertainty
    from foretagsklimat.apps.ranking.models import RankingRun
    from foretagsklimat.apps.survey.services import store_answers

    def build() -> tuple[int, ...]:
        for year in stored_rankings:
            run = RankingRun.objects.get(year=year, is_current=True)
            store_uncertainty(run, replications=200)
        store_answers(synthetic_answers(), synthetic=True)
        return stored_rankings

    return restored("analyses_stored", build)
