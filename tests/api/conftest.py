from __future__ import annotations

import json
import math
from typing import Any

import pytest
from django.test import Client

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
