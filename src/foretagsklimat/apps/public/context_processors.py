from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from foretagsklimat.apps.ranking.services import demo_data_present


def site(request: HttpRequest) -> dict[str, Any]:
    """Tell every page whether it is showing synthetic demo data."""
    return {"synthetic_data": demo_data_present()}
