"""Small helpers shared by the public pages."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import get_language

from foretagsklimat.apps.ranking.queries import YearResults, year_results
from foretagsklimat.engine.methodology import Indicator


def results_or_404(year: int) -> YearResults:
    results = year_results(year)
    if results is None:
        raise Http404(f"Ingen ranking för {year}.")
    return results


def indicator_label(indicator: Indicator) -> str:
    """The indicator's label in the visitor's language."""
    return indicator.label_en if get_language() == "en" else indicator.label_sv
