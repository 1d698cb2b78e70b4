"""Small helpers shared by the public pages."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from foretagsklimat.apps.ranking.queries import YearResults, published_years, year_results
from foretagsklimat.web.errors import NotFound


def year_not_published(year: int, url_name: str = "public:ranking") -> NotFound:
    """The 404 for a year without a ranking: why, and a link to the latest year's page
    (``url_name`` taking the year, or the ranking)."""
    years = published_years()
    if not years:
        return NotFound(_("Ingen ranking är publicerad ännu."))
    latest = years[-1]
    reason = (
        _("Rankingen för %(year)s är inte publicerad ännu.")
        if year > latest
        else _("Det finns ingen ranking för %(year)s.")
    ) % {"year": year}
    link = (reverse(url_name, args=[latest]), _("Till %(year)s") % {"year": latest})
    return NotFound(reason, link=link)


def results_or_404(year: int, url_name: str = "public:ranking") -> YearResults:
    results = year_results(year)
    if results is None:
        raise year_not_published(year, url_name)
    return results
