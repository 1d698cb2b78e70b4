"""Validation of a methodology: every fault in a file reported once, naming the file.

:func:`build_methodology` checks a parsed file (or a recorded configuration) against
the format of docs/methodology.md and the question and statistic catalogue, and gives
the fields of the frozen :class:`~.model.Methodology` it describes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from .indicator import Indicator
from .rules import (
    AGGREGATIONS,
    KINDS,
    METHODOLOGY_STATUSES,
    MISSING_RULES,
    STATUSES,
    SUBQUESTION_RULES,
    TIE_RULES,
    WEIGHT_TOLERANCE,
    MethodologyError,
)

__all__ = ["validated_fields"]

_REQUIRED_TOP = ("name", "title_sv", "title_en", "first_year", "indicators")
_OPTIONAL_TOP: dict[str, Any] = {
    "description": "",
    "last_year": None,
    "aggregation": "rank_points",
    "tie_rule": "average",
    "tie_break": None,
    "status": None,
    "sources": [],
    "subquestions": {},
    "missing": "neutral",
    "variant_of": None,
    "assumptions": [],
}
_REQUIRED_INDICATOR = ("code", "kind", "source", "weight", "direction", "status", "note")
_OPTIONAL_INDICATOR = ("label_sv", "label_en", "group")
_ASSUMPTION_FIELDS = ("part", "status", "note")
_FRACTION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)\s*$")


def _parse_weight(raw: Any, where: str, path: str) -> float:
    # Fractions are allowed because SN states weights as 1/18, 1/33...; a decimal would
    # hide that and make the sum check depend on how many digits the analyst typed.
    if isinstance(raw, bool):
        raise MethodologyError(path, f"{where}: weight must be a number or 'a/b', got {raw!r}")
    if isinstance(raw, int | float):
        value = float(raw)
    elif isinstance(raw, str):
        match = _FRACTION.match(raw)
        if match:
            denominator = float(match.group(2))
            if denominator == 0:
                raise MethodologyError(path, f"{where}: weight {raw!r} divides by zero")
            value = float(match.group(1)) / denominator
        else:
            try:
                value = float(raw)
            except ValueError:
                raise MethodologyError(
                    path, f"{where}: weight must be a number or 'a/b', got {raw!r}"
                ) from None
    else:
        raise MethodologyError(path, f"{where}: weight must be a number or 'a/b', got {raw!r}")
    if not math.isfinite(value) or value <= 0:
        raise MethodologyError(path, f"{where}: weight must be positive, got {raw!r}")
    return value


def _require_str(data: Mapping[str, Any], key: str, where: str, path: str) -> str:
    value = data[key]
    if not isinstance(value, str) or (key != "note" and not value.strip()):
        raise MethodologyError(path, f"{where}: {key} must be a non-empty string")
    return value


def _year(value: Any, key: str, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise MethodologyError(path, f"{key} must be an integer year, got {value!r}")
    return value


def _build_indicator(
    raw: Any, position: int, path: str, catalogue: Mapping[str, Mapping[str, Any]]
) -> Indicator:
    where = f"indicator #{position}"
    if not isinstance(raw, Mapping):
        raise MethodologyError(path, f"{where}: must be a table ([[indicators]])")
    if "code" in raw and isinstance(raw["code"], str):
        where = f"indicator {raw['code']!r}"
    for key in _REQUIRED_INDICATOR:
        if key not in raw:
            raise MethodologyError(path, f"{where}: missing field {key!r}")
    unknown = sorted(set(raw) - set(_REQUIRED_INDICATOR) - set(_OPTIONAL_INDICATOR))
    if unknown:
        raise MethodologyError(path, f"{where}: unknown field {unknown[0]!r}")
    code = _require_str(raw, "code", where, path)
    kind = _require_str(raw, "kind", where, path)
    source = _require_str(raw, "source", where, path)
    if kind not in KINDS:
        raise MethodologyError(path, f"{where}: kind must be one of {KINDS}, got {kind!r}")
    questions, statistics = catalogue["questions"], catalogue["statistics"]
    if source not in questions and source not in statistics:
        raise MethodologyError(
            path, f"{where}: unknown question or statistic {source!r} (not in catalogue.toml)"
        )
    expected_kind = "survey" if source in questions else "statistic"
    if kind != expected_kind:
        raise MethodologyError(
            path,
            f"{where}: kind/source mismatch: {source!r} is a "
            f"{'survey question' if expected_kind == 'survey' else 'statistic'}, "
            f"but kind is {kind!r}",
        )
    direction = raw["direction"]
    if isinstance(direction, bool) or direction not in (1, -1):
        raise MethodologyError(
            path, f"{where}: invalid direction {direction!r} (1 = higher is better, -1 = lower)"
        )
    status = _require_str(raw, "status", where, path)
    if status not in STATUSES:
        raise MethodologyError(path, f"{where}: status must be one of {STATUSES}, got {status!r}")
    note = _require_str(raw, "note", where, path)
    entry = (questions if kind == "survey" else statistics)[source]
    group = raw.get("group", code)
    if not isinstance(group, str) or not group:
        raise MethodologyError(path, f"{where}: group must be a non-empty string")
    return Indicator(
        code=code,
        label_sv=str(raw.get("label_sv", entry.get("label_sv", code))),
        label_en=str(raw.get("label_en", entry.get("label_en", code))),
        kind=kind,
        source=source,
        weight=_parse_weight(raw["weight"], where, path),
        group=group,
        direction=int(direction),
        status=status,
        note=note,
    )


def validated_fields(
    data: Mapping[str, Any], path: str, catalogue: Mapping[str, Any]
) -> dict[str, Any]:
    """Validate a methodology mapping against the catalogue: the fields of the frozen
    :class:`~.model.Methodology` it describes (``Methodology(**fields)``).

    Raises
    ------
    MethodologyError
        Naming ``path`` and the first fault found.

    Examples
    --------
    >>> from foretagsklimat.engine.methodology import load_catalogue
    >>> validated_fields({"name": "x"}, "x.toml", load_catalogue())
    Traceback (most recent call last):
    ...
    foretagsklimat.engine.methodology.rules.MethodologyError: x.toml: missing field 'title_sv'
    """
    for key in _REQUIRED_TOP:
        if key not in data:
            raise MethodologyError(path, f"missing field {key!r}")
    unknown = sorted(set(data) - set(_REQUIRED_TOP) - set(_OPTIONAL_TOP))
    if unknown:
        raise MethodologyError(path, f"unknown field {unknown[0]!r}")
    values = {**_OPTIONAL_TOP, **data}
    name = _require_str(values, "name", "methodology", path)
    first_year = _year(values["first_year"], "first_year", path)
    last_year = values["last_year"]
    if last_year is not None:
        last_year = _year(last_year, "last_year", path)
        if last_year < first_year:
            raise MethodologyError(path, f"last_year {last_year} is before first_year {first_year}")

    raw_indicators = values["indicators"]
    if not isinstance(raw_indicators, list) or not raw_indicators:
        raise MethodologyError(path, "indicators must be a non-empty list of [[indicators]]")
    indicators = tuple(
        _build_indicator(raw, pos, path, catalogue) for pos, raw in enumerate(raw_indicators, 1)
    )
    seen: set[str] = set()
    for ind in indicators:
        if ind.code in seen:
            raise MethodologyError(path, f"duplicate indicator code {ind.code!r}")
        seen.add(ind.code)
    total = math.fsum(ind.weight for ind in indicators)
    if abs(total - 1.0) > WEIGHT_TOLERANCE:
        raise MethodologyError(path, f"weights sum to {total:.12g}, not 1")

    aggregation = values["aggregation"]
    if aggregation not in AGGREGATIONS:
        raise MethodologyError(
            path, f"aggregation must be one of {AGGREGATIONS}, got {aggregation!r}"
        )
    tie_rule = values["tie_rule"]
    if tie_rule not in TIE_RULES:
        raise MethodologyError(path, f"tie_rule must be one of {TIE_RULES}, got {tie_rule!r}")
    missing = values["missing"]
    if missing not in MISSING_RULES:
        raise MethodologyError(path, f"missing must be one of {MISSING_RULES}, got {missing!r}")

    groups: dict[str, list[Indicator]] = {}
    for ind in indicators:
        groups.setdefault(ind.group, []).append(ind)
    raw_sub = values["subquestions"]
    if not isinstance(raw_sub, Mapping):
        raise MethodologyError(path, "subquestions must be a table of group = rule")
    for group, rule in raw_sub.items():
        if group not in groups:
            raise MethodologyError(path, f"subquestions: no indicator has group {group!r}")
        if rule not in SUBQUESTION_RULES:
            raise MethodologyError(
                path,
                f"subquestions: rule for {group!r} must be one of "
                f"{SUBQUESTION_RULES}, got {rule!r}",
            )
        if rule == "mean":
            members = groups[group]
            if len({(m.kind, m.direction) for m in members}) > 1:
                raise MethodologyError(
                    path,
                    f"subquestions: group {group!r} mixes kinds or directions, "
                    "so its values cannot be averaged",
                )
            if group in seen and not (len(members) == 1 and members[0].code == group):
                raise MethodologyError(
                    path, f"subquestions: group {group!r} is also an indicator code"
                )
    # Codes as they appear in results: a "mean" group is ranked under its group name.
    ranked_codes = {
        (ind.group if raw_sub.get(ind.group) == "mean" else ind.code) for ind in indicators
    }

    tie_break = values["tie_break"]
    if tie_break is None:
        # The documented default; overall_grade only where the methodology ranks it.
        tie_break = ["points", *(["overall_grade"] if "overall_grade" in ranked_codes else [])]
    if not isinstance(tie_break, list) or not all(isinstance(k, str) for k in tie_break):
        raise MethodologyError(path, "tie_break must be a list of strings")
    for key in tie_break:
        if key not in ("points", "kommunkod") and key not in ranked_codes:
            raise MethodologyError(
                path,
                f"tie_break: {key!r} is neither 'points', 'kommunkod' nor a ranked indicator code",
            )
    if "kommunkod" not in tie_break:
        # The municipality code is unique, so ending with it makes the final order strict.
        tie_break = [*tie_break, "kommunkod"]

    sources = values["sources"]
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        raise MethodologyError(path, "sources must be a list of URLs (strings)")

    assumptions: list[tuple[str, str, str]] = []
    raw_assumptions = values["assumptions"]
    if not isinstance(raw_assumptions, list):
        raise MethodologyError(path, "assumptions must be a list of [[assumptions]] tables")
    for pos, item in enumerate(raw_assumptions, 1):
        if not isinstance(item, Mapping) or set(item) != set(_ASSUMPTION_FIELDS):
            raise MethodologyError(
                path, f"assumption #{pos}: needs exactly the fields {_ASSUMPTION_FIELDS}"
            )
        if item["status"] not in (*STATUSES, "gap"):
            raise MethodologyError(
                path, f"assumption #{pos}: status must be documented, inferred or gap"
            )
        assumptions.append((str(item["part"]), str(item["status"]), str(item["note"])))

    status = values["status"]
    if status is None:
        inferred = sum(ind.status == "inferred" for ind in indicators)
        status = (
            "documented"
            if inferred == 0
            else "inferred"
            if inferred == len(indicators)
            else "partly_inferred"
        )
    if status not in METHODOLOGY_STATUSES:
        raise MethodologyError(
            path, f"status must be one of {METHODOLOGY_STATUSES}, got {status!r}"
        )
    variant_of = values["variant_of"]
    if variant_of is not None and not isinstance(variant_of, str):
        raise MethodologyError(path, "variant_of must be a methodology name")

    return dict(
        name=name,
        title_sv=_require_str(values, "title_sv", "methodology", path),
        title_en=_require_str(values, "title_en", "methodology", path),
        description=str(values["description"]),
        first_year=first_year,
        last_year=last_year,
        aggregation=aggregation,
        tie_rule=tie_rule,
        tie_break=tuple(tie_break),
        indicators=indicators,
        status=status,
        sources=tuple(sources),
        subquestions=tuple(sorted(raw_sub.items())),
        missing=missing,
        variant_of=variant_of,
        assumptions=tuple(assumptions),
        path=None if path == "<dict>" else path,
    )
