"""Every table on a page downloads as CSV or Excel: ``?format=csv`` or ``?format=xlsx``.

A page builds its tables as DataFrames anyway; ``download_response`` turns them into a
file when asked, with a ``synthetic`` column and note when they rest on demo data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.text import slugify

from foretagsklimat.spreadsheet import xlsx_bytes

SYNTHETIC_NOTE = "SYNTETISKA DEMODATA — påhittade siffror, inte Svenskt Näringslivs ranking."
FORMATS = ("csv", "xlsx")


def download_response(
    request: HttpRequest,
    tables: Mapping[str, pd.DataFrame] | Callable[[], Mapping[str, pd.DataFrame]],
    basename: str,
    *,
    synthetic: bool | Callable[[], bool],
) -> HttpResponse | None:
    """A file response when the request asks for one (``?format=``), else None.

    ``?table=NAME`` picks one of several tables for CSV; Excel holds them all, one sheet each.
    """
    fmt = request.GET.get("format")
    if fmt is None:
        return None
    # A page may pass builders: its tables (and the synthetic check, a query) are then
    # only made when a file is asked for, not on every view of the page.
    if callable(tables):
        tables = tables()
    if callable(synthetic):
        synthetic = synthetic()
    if fmt not in FORMATS or not tables:
        raise Http404("Okänt format.")
    marked = {name: frame.assign(synthetic=synthetic) for name, frame in tables.items()}
    suffix = "-syntetisk" if synthetic else ""
    if fmt == "csv":
        name = request.GET.get("table") or next(iter(marked))
        if name not in marked:
            raise Http404("Okänd tabell.")
        filename = (
            f"{basename}-{slugify(name)}{suffix}.csv"
            if len(marked) > 1
            else f"{basename}{suffix}.csv"
        )
        response = HttpResponse(
            marked[name].to_csv(index=False), content_type="text/csv; charset=utf-8"
        )
    else:
        notes = [SYNTHETIC_NOTE] if synthetic else []
        about = pd.DataFrame({"Om filen": [basename, *notes]})
        content = xlsx_bytes({**{name[:31]: frame for name, frame in marked.items()}, "Om": about})
        filename = f"{basename}{suffix}.xlsx"
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
