"""Filling a fresh server process's caches before it answers its first request.

``foretagsklimat serve`` runs :func:`warm_up` in every gunicorn worker before the worker
accepts connections, so that the first visitor after a start does not wait for what
every page of the newest year reads: its stored results and last year's, its fitted
what-if model, the year's statistics and the projected map. Nothing is rendered into
the page cache: every page's first view is still rendered for its own request.
"""

from __future__ import annotations

import logging
import time

logger = logging.getLogger(__name__)


def warm_up() -> None:
    """Read the newest published year into this process's caches (never raises)."""
    started = time.perf_counter()
    try:
        from django.template.loader import get_template

        from foretagsklimat.apps.public.maps import sweden_map
        from foretagsklimat.apps.ranking.analysis import peers_for, what_if_model
        from foretagsklimat.apps.ranking.queries import published_years, year_results

        years = published_years()
        for year in years[-2:]:
            year_results(year)
        if years:
            results = year_results(years[-1])
            what_if_model(years[-1])
            if results is not None and len(results.totals):
                peers_for(years[-1], str(results.totals["kommunkod"].iloc[0]))
        sweden_map({})
        for name in ("public/municipality.html", "public/ranking.html", "public/drivers.html"):
            get_template(name)
    except Exception:  # a server without a migrated database still starts
        logger.exception("Warming the caches failed; the first requests will fill them.")
        return
    logger.info("Caches warmed in %.2f s.", time.perf_counter() - started)
