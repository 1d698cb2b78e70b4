"""The endpoints of ``/api/v1/``. Thin: parse parameters, call ``data``, map NotFound to 404."""

from __future__ import annotations

import math
from functools import wraps
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.renderers import JSONRenderer

from . import analyses, data
from .schemas import (
    DriversOut,
    ErrorOut,
    FactorRankingOut,
    LeversOut,
    MethodologyOut,
    MoversOut,
    MunicipalityDetailOut,
    MunicipalityOut,
    MunicipalityYearOut,
    PeersOut,
    RankingOut,
    RankingYearsOut,
    UncertaintyOut,
    WhatIfOut,
)

MAX_LIMIT = 290
DEFAULT_LIMIT = 100
CACHE_CONTROL = "public, max-age=300"


def _finite(value: Any) -> Any:
    """Replace NaN and infinities by None, all the way down."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


class StrictJSONRenderer(JSONRenderer):
    """JSON without NaN: a NaN that slipped past ``data`` becomes null, never ``NaN``."""

    json_dumps_params = {"allow_nan": False, "ensure_ascii": False}

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> Any:
        return super().render(request, _finite(data), response_status=response_status)


class ForetagsklimatAPI(NinjaAPI):
    def create_response(
        self,
        request: HttpRequest,
        data: Any,
        *,
        status: int | None = None,
        temporal_response: HttpResponse | None = None,
    ) -> HttpResponse:
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        if request.method == "GET" and 200 <= response.status_code < 300:
            response["Cache-Control"] = CACHE_CONTROL
        return response


def _cacheable(view: Any) -> Any:
    """The OpenAPI document is served outside ``create_response``; cache it alike."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = view(request, *args, **kwargs)
        if response.status_code == 200:
            response["Cache-Control"] = CACHE_CONTROL
        return response

    return wrapped


api = ForetagsklimatAPI(
    title="Företagsklimat API",
    version="1",
    description=(
        "Published business-climate rankings of Sweden's 290 municipalities. "
        "Survey values from fewer answers than the minimum are never returned "
        "(`suppressed: true`, value and n null). Responses resting on demo data carry "
        '`"synthetic": true`. See /api/v1/ for examples.'
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url=None,
    docs_decorator=_cacheable,
    renderer=StrictJSONRenderer(),
)

NOT_FOUND = {404: ErrorOut}
INVALID = {422: ErrorOut}


class Page(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(
            DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rows per page (max 290)."
        )
        offset: int = Field(0, ge=0, le=10_000, description="Rows to skip.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


def _found(call: Any, *args: Any) -> Any:
    try:
        return call(*args)
    except data.NotFound as exc:
        raise HttpError(404, str(exc)) from None
    except analyses.Invalid as exc:
        raise HttpError(422, str(exc)) from None


CODE = Path(..., description="Municipality code (kommunkod).", example="2181")
COUNTY = Query(None, description="Only this county (länskod, 2 digits).", example="21")
GROUP = Query(None, description="Only this SKR municipality group.", example="B3")
YEAR = Path(..., ge=1000, le=9999, description="Ranking year.", example=2023)
LIMIT = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rows per page (max 290).")
OFFSET = Query(0, ge=0, le=10_000, description="Rows to skip.")


@api.get(
    "/municipalities",
    response={200: list[MunicipalityOut], 404: ErrorOut},
    tags=["municipalities"],
    summary="All municipalities",
)
@paginate(Page)
def list_municipalities(
    request: HttpRequest, county: str | None = COUNTY, group: str | None = GROUP
) -> Any:
    """The 290 municipalities with county and SKR group, by code; paginated."""
    return _found(data.municipalities, county, group)


@api.get(
    "/municipalities/{code}",
    response={200: MunicipalityDetailOut, **NOT_FOUND},
    tags=["municipalities"],
    summary="One municipality and its total rank per year",
)
def get_municipality(request: HttpRequest, code: str = CODE) -> Any:
    return _found(data.municipality_detail, code)


@api.get(
    "/municipalities/{code}/results/{year}",
    response={200: MunicipalityYearOut, **NOT_FOUND},
    tags=["municipalities"],
    summary="One municipality's result on every indicator in a year",
)
def get_municipality_year(request: HttpRequest, code: str = CODE, year: int = YEAR) -> Any:
    return _found(data.municipality_year, code, year)


@api.get(
    "/methodologies",
    response=list[MethodologyOut],
    tags=["methodologies"],
    summary="All ranking methodologies",
)
def list_methodologies(request: HttpRequest) -> Any:
    return data.methodologies()


@api.get(
    "/methodologies/{name}",
    response={200: MethodologyOut, **NOT_FOUND},
    tags=["methodologies"],
    summary="One methodology",
)
def get_methodology(
    request: HttpRequest, name: str = Path(..., description="Methodology name.", example="sn-2020")
) -> Any:
    return _found(data.methodology, name)


@api.get(
    "/rankings",
    response=RankingYearsOut,
    tags=["rankings"],
    summary="Published years",
)
def list_rankings(request: HttpRequest) -> Any:
    return data.ranking_years()


@api.get(
    "/rankings/{year}",
    response={200: RankingOut, **NOT_FOUND},
    tags=["rankings"],
    summary="Total ranking of a year",
)
def get_ranking(
    request: HttpRequest,
    year: int = YEAR,
    county: str | None = COUNTY,
    group: str | None = GROUP,
    limit: int = LIMIT,
    offset: int = OFFSET,
) -> Any:
    """Sorted by total rank; ``count`` is the number of rows matching the filters."""
    return _found(data.ranking, year, county, group, limit, offset)


@api.get(
    "/rankings/{year}/factors/{indicator}",
    response={200: FactorRankingOut, **NOT_FOUND},
    tags=["rankings"],
    summary="Ranking on one indicator in a year",
)
def get_factor_ranking(
    request: HttpRequest,
    year: int = YEAR,
    indicator: str = Path(..., description="Indicator code.", example="overall_grade"),
    county: str | None = COUNTY,
    group: str | None = GROUP,
    limit: int = LIMIT,
    offset: int = OFFSET,
) -> Any:
    """Sorted by the indicator's rank; suppressed values are null."""
    return _found(data.factor_ranking, year, indicator, county, group, limit, offset)


@api.get(
    "/movers/{year}",
    response={200: MoversOut, **NOT_FOUND},
    tags=["rankings"],
    summary="Biggest climbers and fallers since the previous year",
)
def get_movers(
    request: HttpRequest,
    year: int = YEAR,
    county: str | None = COUNTY,
    limit: int = Query(10, ge=1, le=MAX_LIMIT, description="Climbers and fallers to list."),
) -> Any:
    return _found(data.movers_of_year, year, county, limit)


# -- understanding a rank ----------------------------------------------------------------
@api.get(
    "/municipalities/{code}/uncertainty/{year}",
    response={200: UncertaintyOut, **NOT_FOUND},
    tags=["analyses"],
    summary="How certain a municipality's rank is, and whether its change is real",
)
def get_uncertainty(request: HttpRequest, code: str = CODE, year: int = YEAR) -> Any:
    """The rank interval from the survey bootstrap stored with the year's ranking
    (resampling the answers behind every municipality's grades), and the interval of the
    change since the previous year with its verdict: `real_improvement`, `real_decline`
    or `noise`. 404 when no interval has been computed for the year."""
    return _found(analyses.uncertainty, code, year)


@api.get(
    "/municipalities/{code}/whatif/{year}",
    response={200: WhatIfOut, **NOT_FOUND, **INVALID},
    tags=["analyses"],
    summary="The rank with some of the municipality's values changed",
)
def get_what_if(request: HttpRequest, code: str = CODE, year: int = YEAR) -> Any:
    """Every query parameter is an indicator code of the year's methodology with a new
    value, e.g. `?service=4.2&overall_grade=3.9` (grades 1–6). Only this municipality's
    rank and points are returned, never other municipalities' values. An unknown
    indicator, a non-number or a grade outside 1–6 is answered with 422."""
    changes = dict(request.GET.lists())
    return _found(lambda: analyses.what_if(code, year, analyses.parse_changes(changes)))


@api.get(
    "/municipalities/{code}/levers/{year}",
    response={200: LeversOut, **NOT_FOUND, **INVALID},
    tags=["analyses"],
    summary="Places gained per step on each indicator, and a plan to reach a target rank",
)
def get_levers(
    request: HttpRequest,
    code: str = CODE,
    year: int = YEAR,
    target: int | None = Query(
        None, ge=1, le=MAX_LIMIT, description="Target rank for the plan.", example=100
    ),
) -> Any:
    """One step in the improving direction per indicator (0.1 on a grade) and the places
    it gains; with `target`, a small set of grade improvements reaching that rank, as a
    sentence in Swedish and English."""
    return _found(analyses.levers, code, year, target)


@api.get(
    "/municipalities/{code}/peers/{year}",
    response={200: PeersOut, **NOT_FOUND},
    tags=["analyses"],
    summary="Structurally similar municipalities and an indicator-by-indicator comparison",
)
def get_peers(
    request: HttpRequest,
    code: str = CODE,
    year: int = YEAR,
    k: int = Query(8, ge=1, le=30, description="Number of peers.", example=8),
) -> Any:
    """Peers by SKR group, population and the year's statistics (not by grades); the
    comparison sets the municipality's values beside the peers' mean. Suppressed values
    are null and left out of the means."""
    return _found(analyses.peers, code, year, k)


@api.get(
    "/drivers/{year}",
    response={200: DriversOut, **NOT_FOUND},
    tags=["analyses"],
    summary="Which survey questions explain the overall grade",
)
def get_drivers(
    request: HttpRequest,
    year: int = YEAR,
    level: Literal["respondents", "municipalities"] = Query(
        "respondents",
        description="Regress answers (respondents) or municipality means (municipalities).",
    ),
    group: str | None = GROUP,
) -> Any:
    """Standardised regression coefficients of the overall grade on the other questions,
    with 95 % bootstrap intervals; `group` fits within one SKR group. 404 when the year
    has no stored answers (only aggregates)."""
    return _found(analyses.drivers, year, level, group)
