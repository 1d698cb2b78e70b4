"""One ranked indicator of a methodology."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Indicator"]


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
