"""Small helpers shared by the public pages."""

from __future__ import annotations

from django.http import Http404

from foretagsklimat.apps.ranking.queries import YearResults, year_results


def results_or_404(year: int) -> YearResults:
    results = year_results(year)
    if results is None:
        raise Http404(f"Ingen ranking för {year}.")
    return results
