"""What-if, levers and targets: how a municipality's rank responds to its factor values.

:func:`what_if` changes some of one municipality's values and returns its new total and
rank; :func:`levers` gives, per indicator, the places gained by one step in the
improving direction (0.1 on a grade, a meaningful unit on a statistic, see
:data:`STATISTIC_STEPS`); :func:`reach_target` finds a small set of improvements that
reaches a target rank and :func:`describe_plan` states it as a sentence.

All of them score with the kernel :func:`~foretagsklimat.engine.ranking.rank` uses
(:class:`~foretagsklimat.engine.scoring.ScoringRule`: ranked columns, normaliser
registry, neutral points for gaps, the strict tie-break), but re-score only the changed
indicators; the tests check them against ``rank()`` on the modified input.
:class:`WhatIfModel` keeps a fitted year so that repeated questions (a page's sliders,
a search for a plan) skip parsing the input again.

The package has three parts: :mod:`.model` (the fitted numeric model and its
questions), :mod:`.plan` (the search for a plan) and :mod:`.wording` (the plan as a
Swedish or English sentence); :mod:`.steps` holds the lever step sizes.

Examples
--------
>>> import pandas as pd
>>> from foretagsklimat.engine.methodology import Methodology
>>> m = Methodology.from_dict({
...     "name": "toy", "title_sv": "Leksak", "title_en": "Toy", "first_year": 2020,
...     "indicators": [
...         {"code": "overall_grade", "kind": "survey", "source": "overall_grade",
...          "weight": "1/2", "direction": 1, "status": "inferred", "note": "toy"},
...         {"code": "municipal_tax", "kind": "statistic", "source": "municipal_tax",
...          "weight": "1/2", "direction": -1, "status": "inferred", "note": "toy"},
...     ]})
>>> values = pd.DataFrame({
...     "kommunkod": ["0114", "0115", "0117"] * 2,
...     "source": ["overall_grade"] * 3 + ["municipal_tax"] * 3,
...     "value": [4.0, 3.0, 3.5, 21.0, 20.0, 22.0]})
>>> result = what_if(values, m, "0117", {"overall_grade": 4.2})
>>> result.rank_before, result.rank
(3, 1)
>>> levers(values, m, "0117")[["indicator", "step", "places_gained"]]
       indicator  step  places_gained
0  overall_grade   0.1              0
1  municipal_tax  -0.1              0
"""

from __future__ import annotations

from .model import WhatIf, WhatIfModel, levers, reach_target, what_if
from .plan import Plan
from .steps import GRADE_RANGE, STATISTIC_STEPS, SURVEY_STEP
from .wording import describe_plan

__all__ = [
    "GRADE_RANGE",
    "STATISTIC_STEPS",
    "SURVEY_STEP",
    "Plan",
    "WhatIf",
    "WhatIfModel",
    "describe_plan",
    "levers",
    "reach_target",
    "what_if",
]
