"""Ranking methodologies as data: TOML files read, validated and frozen.

A methodology says which indicators are ranked, with which weight and direction, how
ranks become points, how ties are treated and which years it is in force. The built-in
files live in ``foretagsklimat/methodologies/``; an analyst adds one by dropping a
``.toml`` file there, or in a directory named by the ``dirs`` argument or by the
``FORETAGSKLIMAT_METHODOLOGY_DIRS`` environment variable (``os.pathsep``-separated).
The file format is described in ``docs/methodology.md``.

Every fault in a file is reported once, here, as a :class:`MethodologyError` naming
the file and the fault; the ranking code trusts a loaded :class:`Methodology`.

Examples
--------
>>> m = methodology_for_year(2017)
>>> m.name, len(m.indicators), round(sum(i.weight for i in m.indicators), 12)
('sn-2014', 18, 1.0)
>>> get_methodology("sn-2020").first_year
2020
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from itertools import pairwise
from pathlib import Path
from typing import Any

from .normalisers import NORMALISERS, TIE_RULES

__all__ = [
    "AGGREGATIONS",
    "ENV_VAR",
    "MISSING_RULES",
    "SUBQUESTION_RULES",
    "TIE_RULES",
    "Indicator",
    "Methodology",
    "MethodologyError",
    "builtin_methodologies",
    "get_methodology",
    "load_catalogue",
    "load_methodology",
    "methodology_dirs",
    "methodology_for_year",
    "resolve_methodology",
]

#: Environment variable naming extra methodology directories (``os.pathsep``-separated).
ENV_VAR = "FORETAGSKLIMAT_METHODOLOGY_DIRS"

#: How indicator values become points: the normalisers of
#: :data:`~foretagsklimat.engine.normalisers.NORMALISERS`, SN's ``rank_points`` first.
AGGREGATIONS = ("rank_points", *(name for name in NORMALISERS if name != "rank_points"))
#: How a group of sub-questions is ranked (see ``subquestions`` in docs/methodology.md).
SUBQUESTION_RULES = ("separate", "mean")
#: What a municipality without a value for an indicator receives.
MISSING_RULES = ("neutral", "error")
STATUSES = ("documented", "inferred")
METHODOLOGY_STATUSES = ("documented", "partly_inferred", "inferred")
KINDS = ("survey", "statistic")
WEIGHT_TOLERANCE = 1e-9

_PACKAGE_DIR = files("foretagsklimat") / "methodologies"
_CATALOGUE_FILE = "catalogue.toml"

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


class MethodologyError(ValueError):
    """A methodology file (or recorded configuration) is broken.

    The message names the file and the fault, e.g.
    ``sn-2014.toml: weights sum to 0.98, not 1``.

    Attributes
    ----------
    path : str
        The file (or ``"<dict>"`` for a configuration read back from JSON).
    fault : str
        What is wrong, in words an analyst can act on.
    """

    def __init__(self, path: str | os.PathLike[str], fault: str) -> None:
        self.path = str(path)
        self.fault = fault
        super().__init__(f"{self.path}: {fault}")


@dataclass(frozen=True)
class Indicator:
    """One ranked indicator of a methodology.

    Attributes
    ----------
    code : str
        Unique within the methodology; used as ``indicator`` in ranking results.
    label_sv, label_en : str
        Display names (default: the catalogue's labels of ``source``).
    kind : {"survey", "statistic"}
        Whether ``source`` is a survey question or an official statistic.
    source : str
        A question or statistic code from ``catalogue.toml``.
    weight : float
        Share of the total; a methodology's weights sum to 1.
    group : str
        Groups sub-questions (e.g. ``"attitudes"``); defaults to ``code``.
    direction : {1, -1}
        +1 = a higher value is better; -1 = lower is better (municipal tax).
    status : {"documented", "inferred"}
        Whether SN documents this weight and direction or we inferred it.
    note : str
        Why: the source, or the reasoning behind an inference.
    """

    code: str
    label_sv: str
    label_en: str
    kind: str
    source: str
    weight: float
    group: str
    direction: int
    status: str
    note: str

    def to_dict(self) -> dict[str, Any]:
        """The indicator as plain JSON-serialisable values."""
        return {
            "code": self.code,
            "label_sv": self.label_sv,
            "label_en": self.label_en,
            "kind": self.kind,
            "source": self.source,
            "weight": self.weight,
            "group": self.group,
            "direction": self.direction,
            "status": self.status,
            "note": self.note,
        }


@dataclass(frozen=True)
class Methodology:
    """A validated ranking methodology (see docs/methodology.md for every field).

    Build one with :func:`load_methodology` or :meth:`from_dict`; both validate.

    Examples
    --------
    >>> m = get_methodology("sn-2020")
    >>> [i.code for i in m.indicators][:2]
    ['overall_grade', 'attitude_politicians']
    >>> m.indicator("municipal_tax").direction
    -1
    """

    name: str
    title_sv: str
    title_en: str
    description: str
    first_year: int
    last_year: int | None
    aggregation: str
    tie_rule: str
    tie_break: tuple[str, ...]
    indicators: tuple[Indicator, ...]
    status: str
    sources: tuple[str, ...]
    subquestions: tuple[tuple[str, str], ...] = ()
    missing: str = "neutral"
    variant_of: str | None = None
    assumptions: tuple[tuple[str, str, str], ...] = ()
    path: str | None = field(default=None, compare=False)

    # -- queries -------------------------------------------------------------------------
    def indicator(self, code: str) -> Indicator:
        """The indicator with this code (``KeyError`` if absent)."""
        for ind in self.indicators:
            if ind.code == code:
                return ind
        raise KeyError(code)

    @property
    def codes(self) -> tuple[str, ...]:
        """Indicator codes in file order."""
        return tuple(ind.code for ind in self.indicators)

    def subquestion_rule(self, group: str) -> str:
        """``"separate"`` or ``"mean"`` for a group (default ``"separate"``)."""
        return dict(self.subquestions).get(group, "separate")

    def covers(self, year: int) -> bool:
        """Whether the methodology is in force in ``year``."""
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    def inferred_parts(self) -> list[dict[str, str]]:
        """Everything not documented by SN: inferred indicators and assumptions.

        Returns
        -------
        list of dict
            Each with ``part``, ``status`` and ``note``.

        Examples
        --------
        >>> parts = get_methodology("sn-2014").inferred_parts()
        >>> any(p["part"] == "attitude_public" for p in parts)
        True
        """
        parts = [
            {"part": ind.code, "status": ind.status, "note": ind.note}
            for ind in self.indicators
            if ind.status != "documented"
        ]
        parts += [
            {"part": part, "status": status, "note": note}
            for part, status, note in self.assumptions
            if status != "documented"
        ]
        return parts

    # -- serialisation -------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The methodology as JSON-serialisable values, in the file's own vocabulary.

        ``Methodology.from_dict(m.to_dict()) == m``; the ranking records this dict in
        its configuration.
        """
        return {
            "name": self.name,
            "title_sv": self.title_sv,
            "title_en": self.title_en,
            "description": self.description,
            "first_year": self.first_year,
            "last_year": self.last_year,
            "aggregation": self.aggregation,
            "tie_rule": self.tie_rule,
            "tie_break": list(self.tie_break),
            "status": self.status,
            "sources": list(self.sources),
            "subquestions": dict(self.subquestions),
            "missing": self.missing,
            "variant_of": self.variant_of,
            "assumptions": [{"part": p, "status": s, "note": n} for p, s, n in self.assumptions],
            "indicators": [ind.to_dict() for ind in self.indicators],
        }

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, path: str | os.PathLike[str] = "<dict>"
    ) -> Methodology:
        """Validate a mapping (a parsed file or a recorded configuration).

        Raises
        ------
        MethodologyError
            Naming ``path`` and the first fault found.
        """
        return _build(data, str(path), load_catalogue())

    def replace(self, **changes: Any) -> Methodology:
        """A validated copy with some top-level fields changed (e.g. ``tie_rule``)."""
        data = self.to_dict()
        data.update(changes)
        return _build(data, self.path or "<dict>", load_catalogue())


# -- catalogue ---------------------------------------------------------------------------
@cache
def _catalogue() -> dict[str, dict[str, dict[str, Any]]]:
    with (_PACKAGE_DIR / _CATALOGUE_FILE).open("rb") as fh:
        raw = tomllib.load(fh)
    return {
        "questions": {q["code"]: q for q in raw.get("questions", [])},
        "statistics": {s["code"]: s for s in raw.get("statistics", [])},
    }


def load_catalogue() -> dict[str, dict[str, dict[str, Any]]]:
    """The question and statistic catalogue, keyed by code.

    Returns
    -------
    dict
        ``{"questions": {code: entry}, "statistics": {code: entry}}``; each entry has at
        least ``code``, ``label_sv`` and ``label_en``.

    Examples
    --------
    >>> cat = load_catalogue()
    >>> "overall_grade" in cat["questions"], "municipal_tax" in cat["statistics"]
    (True, True)
    """
    cat = _catalogue()
    return {kind: dict(entries) for kind, entries in cat.items()}


# -- validation --------------------------------------------------------------------------
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


def _build(data: Mapping[str, Any], path: str, catalogue: Mapping[str, Any]) -> Methodology:
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

    return Methodology(
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


# -- loading -----------------------------------------------------------------------------
def load_methodology(path: str | os.PathLike[str]) -> Methodology:
    """Read and validate one methodology file.

    Parameters
    ----------
    path : path-like
        A ``.toml`` file in the format of docs/methodology.md.

    Returns
    -------
    Methodology

    Raises
    ------
    MethodologyError
        Naming the file and the fault (syntax error, missing field, unknown code,
        weights not summing to 1, ...).

    Examples
    --------
    >>> from importlib.resources import files
    >>> m = load_methodology(files("foretagsklimat") / "methodologies" / "sn-2014.toml")
    >>> m.tie_rule
    'average'
    """
    name = str(path)
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise MethodologyError(name, f"TOML syntax error: {exc}") from None
    except OSError as exc:
        raise MethodologyError(name, f"cannot read file: {exc.strerror}") from None
    return _build(data, name, load_catalogue())


def methodology_dirs(dirs: Iterable[str | os.PathLike[str]] | None = None) -> list[Path]:
    """The directories searched for methodology files, built-in first.

    Extra directories come from ``dirs`` and then ``FORETAGSKLIMAT_METHODOLOGY_DIRS``.

    Examples
    --------
    >>> [p.name for p in methodology_dirs(["/srv/methods"])][-2:]
    ['methodologies', 'methods']
    """
    found = [Path(str(_PACKAGE_DIR))]
    extra = list(dirs or [])
    extra += [p for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p.strip()]
    for entry in extra:
        path = Path(entry)
        if path not in found:
            found.append(path)
    return found


def builtin_methodologies(
    dirs: Iterable[str | os.PathLike[str]] | None = None,
) -> dict[str, Methodology]:
    """All methodologies: the package's files plus any extra directories.

    Parameters
    ----------
    dirs : iterable of path-like, optional
        Extra directories; ``FORETAGSKLIMAT_METHODOLOGY_DIRS`` is always added.

    Returns
    -------
    dict
        Methodology name to :class:`Methodology`, ordered by ``first_year`` then name.

    Raises
    ------
    MethodologyError
        For a broken file, two files with the same name, or two methodologies in force
        (no ``variant_of``) whose years overlap.

    Examples
    --------
    >>> sorted(builtin_methodologies())[:2]
    ['sn-2014', 'sn-2020']
    """
    loaded: dict[str, Methodology] = {}
    for directory in methodology_dirs(dirs):
        if not directory.is_dir():
            raise MethodologyError(str(directory), "methodology directory does not exist")
        for file in sorted(directory.glob("*.toml")):
            if file.name == _CATALOGUE_FILE:
                continue
            methodology = load_methodology(file)
            if methodology.name in loaded:
                raise MethodologyError(
                    str(file),
                    f"duplicate methodology name {methodology.name!r} "
                    f"(also in {loaded[methodology.name].path})",
                )
            loaded[methodology.name] = methodology
    _check_no_overlap(loaded.values())
    return dict(sorted(loaded.items(), key=lambda kv: (kv[1].first_year, kv[0])))


def _check_no_overlap(methodologies: Iterable[Methodology]) -> None:
    in_force = sorted(
        (m for m in methodologies if m.variant_of is None), key=lambda m: m.first_year
    )
    for earlier, later in pairwise(in_force):
        if earlier.last_year is None or earlier.last_year >= later.first_year:
            raise MethodologyError(
                later.path or later.name,
                f"years {later.first_year}-{later.last_year or ''} overlap "
                f"{earlier.name!r} ({earlier.first_year}-{earlier.last_year or ''}, "
                f"{earlier.path}); mark one as variant_of the other",
            )


def get_methodology(name: str, dirs: Iterable[str | os.PathLike[str]] | None = None) -> Methodology:
    """The methodology called ``name``.

    Raises
    ------
    KeyError
        Listing the names that exist.

    Examples
    --------
    >>> get_methodology("sn-2014").last_year
    2019
    >>> get_methodology("sn-1999")
    Traceback (most recent call last):
    ...
    KeyError: "no methodology called 'sn-1999'; available: sn-2014, sn-2020"
    """
    available = builtin_methodologies(dirs)
    try:
        return available[name]
    except KeyError:
        raise KeyError(
            f"no methodology called {name!r}; available: {', '.join(available)}"
        ) from None


def methodology_for_year(
    year: int, dirs: Iterable[str | os.PathLike[str]] | None = None
) -> Methodology:
    """The methodology in force in ``year`` (variants are never chosen).

    Raises
    ------
    LookupError
        When no methodology covers the year.

    Examples
    --------
    >>> methodology_for_year(2019).name, methodology_for_year(2024).name
    ('sn-2014', 'sn-2020')
    """
    available = builtin_methodologies(dirs)
    for methodology in available.values():
        if methodology.variant_of is None and methodology.covers(year):
            return methodology
    spans = ", ".join(
        f"{m.name} {m.first_year}-{m.last_year or ''}"
        for m in available.values()
        if m.variant_of is None
    )
    raise LookupError(f"no methodology is in force in {year}; known: {spans}")


def resolve_methodology(methodology: Methodology | str | None, year: int | None) -> Methodology:
    """A methodology given as itself, by name, or as the one in force in ``year``.

    Raises
    ------
    ValueError
        When neither a methodology nor a year is given.

    Examples
    --------
    >>> resolve_methodology("sn-2014", None).name, resolve_methodology(None, 2021).name
    ('sn-2014', 'sn-2020')
    """
    if isinstance(methodology, Methodology):
        return methodology
    if isinstance(methodology, str):
        return get_methodology(methodology)
    if year is None:
        raise ValueError("give a methodology, or a year to choose the one in force")
    return methodology_for_year(year)
