"""The OpenAPI document is valid, complete, and no generated request makes a server error."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from foretagsklimat.apps.api.examples import EXAMPLES

from .conftest import Api

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    "/api/v1/municipalities",
    "/api/v1/municipalities/{code}",
    "/api/v1/municipalities/{code}/results/{year}",
    "/api/v1/methodologies",
    "/api/v1/methodologies/{name}",
    "/api/v1/rankings",
    "/api/v1/rankings/{year}",
    "/api/v1/rankings/{year}/factors/{indicator}",
    "/api/v1/movers/{year}",
    "/api/v1/municipalities/{code}/uncertainty/{year}",
    "/api/v1/municipalities/{code}/whatif/{year}",
    "/api/v1/municipalities/{code}/levers/{year}",
    "/api/v1/municipalities/{code}/peers/{year}",
    "/api/v1/drivers/{year}",
}


def openapi_paths(api: Api) -> list[str]:
    return list(api.get("/openapi.json")["paths"])


def _validate(document: dict[str, Any]) -> None:
    try:
        from openapi_spec_validator import validate
    except ImportError:  # not a dependency: schemathesis carries the OpenAPI meta-schemas
        from schemathesis.specs.openapi.definitions import OPENAPI_31_VALIDATOR

        OPENAPI_31_VALIDATOR.validate(document)
    else:
        validate(document)


def test_the_openapi_document_is_valid_and_lists_every_endpoint(api: Api) -> None:
    document = api.get("/openapi.json")
    _validate(document)
    assert set(document["paths"]) == ENDPOINTS
    assert document["info"]["version"] == "1"


def test_every_operation_documents_its_fields_and_404(api: Api) -> None:
    document = api.get("/openapi.json")
    for path, operations in document["paths"].items():
        responses = operations["get"]["responses"]
        assert "200" in responses, path
        if "{" in path or path == "/api/v1/municipalities":
            assert "404" in responses, path
    schemas = document["components"]["schemas"]
    described = schemas["IndicatorResultOut"]["properties"]
    assert "description" in described["suppressed"]
    assert described["code"]["examples"] == ["overall_grade"]


def _keys(example: Any, real: Any, where: str) -> None:
    """Every key of the example exists in the real response (recursively)."""
    if isinstance(example, dict):
        assert isinstance(real, dict), where
        for key, value in example.items():
            assert key in real, f"{where}.{key}"
            _keys(value, real[key], f"{where}.{key}")
    elif isinstance(example, list) and example and real:
        _keys(example[0], real[0], f"{where}[0]")


def test_the_documented_examples_use_only_real_fields(
    api: Api, analyses_stored: tuple[int, ...]
) -> None:
    assert {"/api/v1" + e.path for e in EXAMPLES} == ENDPOINTS
    for example in EXAMPLES:
        real = api.get(example.request)
        _keys(example.response, real, example.request)


@pytest.fixture
def connection_kept_open() -> Iterator[None]:
    """Keep the test's database connection across WSGI requests.

    A bare WSGI handler closes "old" connections when a request ends, and inside the
    test's transaction PostgreSQL's connection counts as old; Django's own test client
    disconnects the same signal for the same reason.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("path", sorted(ENDPOINTS))
def test_no_generated_request_makes_a_server_error(
    path: str, stored_rankings: tuple[int, ...], connection_kept_open: None
) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operation = schema[path]["GET"]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=15,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        response = case.call()
        case.validate_response(response, checks=[not_a_server_error])
        assert response.status_code < 500
        if response.headers.get("Content-Type", "").startswith("application/json"):
            assert "NaN" not in response.text
            json.loads(response.text)

    run()
