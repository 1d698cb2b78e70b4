"""Ranking methodologies as data: TOML files read, validated and frozen.

A methodology says which indicators are ranked, with which weight and direction, how
ranks become points, how ties are treated and which years it is in force. The built-in
files live in ``foretagsklimat/methodologies/``; an analyst adds one by dropping a
``.toml`` file there, or in a directory named by the ``dirs`` argument or by the
``FORETAGSKLIMAT_METHODOLOGY_DIRS`` environment variable (``os.pathsep``-separated).
The file format is described in ``docs/methodology.md``.

Every fault in a file is reported once, here, as a :class:`MethodologyError` naming
the file and the fault; the ranking code trusts a loaded :class:`Methodology`.

The package, from the bottom up: :mod:`.rules` (the allowed values and
:class:`MethodologyError`), :mod:`.indicator`, :mod:`.catalogue` (every question and
statistic a methodology may rank), :mod:`.validation` (checking a mapping against the
format and the catalogue), :mod:`.model` (the frozen :class:`Methodology`) and
:mod:`.files` (loading files, the one in force per year).

Examples
--------
>>> m = methodology_for_year(2017)
>>> m.name, len(m.indicators), round(sum(i.weight for i in m.indicators), 12)
('sn-2014', 18, 1.0)
>>> get_methodology("sn-2020").first_year
2020
"""

from __future__ import annotations

from .files import (
    ENV_VAR,
    builtin_methodologies,
    get_methodology,
    load_catalogue,
    load_methodology,
    methodology_dirs,
    methodology_for_year,
    resolve_methodology,
)
from .indicator import Indicator
from .model import Methodology
from .rules import (
    AGGREGATIONS,
    MISSING_RULES,
    SUBQUESTION_RULES,
    TIE_RULES,
    MethodologyError,
)

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
