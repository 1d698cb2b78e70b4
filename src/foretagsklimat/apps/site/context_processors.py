from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from foretagsklimat.apps.ranking.services import demo_data_present, ranked_years


def site(request: HttpRequest) -> dict[str, Any]:
    """What every page needs: whether it shows synthetic data, and the latest year."""
    years = ranked_years()
    return {"synthetic_data": demo_data_present(), "latest_year": years[-1] if years else None}
