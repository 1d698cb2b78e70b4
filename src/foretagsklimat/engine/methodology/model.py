"""A methodology as an object: its indicators, aggregation, tie rule and tie-break.

:class:`Methodology` and :class:`~.indicator.Indicator` are frozen and validated: build
them with :func:`~.files.load_methodology` or :meth:`Methodology.from_dict`, which check
every field once (:mod:`.validation`); the ranking code trusts them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .catalogue import load_catalogue
from .indicator import Indicator
from .validation import validated_fields

__all__ = ["Methodology"]


@dataclass(frozen=True)
class Methodology:
    """A validated ranking methodology (see docs/methodology.md for every field).

    Build one with :func:`load_methodology` or :meth:`from_dict`; both validate.

    Examples
    --------
    >>> from foretagsklimat.engine.methodology import get_methodology
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
        >>> from foretagsklimat.engine.methodology import get_methodology
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
        return cls(**validated_fields(data, str(path), load_catalogue()))

    def replace(self, **changes: Any) -> Methodology:
        """A validated copy with some top-level fields changed (e.g. ``tie_rule``)."""
        data = self.to_dict()
        data.update(changes)
        return Methodology.from_dict(data, path=self.path or "<dict>")
