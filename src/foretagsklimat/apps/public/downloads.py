"""Every table on a page downloads as CSV or Excel: ``?format=csv`` or ``?format=xlsx``.

A page builds its tables as DataFrames anyway; ``download_response`` turns them into a
file when asked, with a ``synthetic`` column and note when they rest on demo data.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

import pandas as pd
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.text import slugify

SYNTHETIC_NOTE = "SYNTETISKA DEMODATA — påhittade siffror, inte Svenskt Näringslivs ranking."
FORMATS = ("csv", "xlsx")


def download_response(
    request: HttpRequest,
    tables: Mapping[str, pd.DataFrame],
    basename: str,
    *,
    synthetic: bool,
) -> HttpResponse | None:
    """A file response when the request asks for one (``?format=``), else None.

    ``?table=NAME`` picks one of several tables for CSV; Excel holds them all, one sheet each.
    """
    fmt = request.GET.get("format")
    if fmt is None:
        return None
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
        buffer = io.BytesIO()
        with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
            for name, frame in marked.items():
                frame.to_excel(writer, sheet_name=name[:31], index=False)
            notes = [SYNTHETIC_NOTE] if synthetic else []
            pd.DataFrame({"Om filen": [basename, *notes]}).to_excel(
                writer, sheet_name="Om", index=False
            )
        filename = f"{basename}{suffix}.xlsx"
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
