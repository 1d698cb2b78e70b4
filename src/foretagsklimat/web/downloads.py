"""Every table on a page downloads as CSV or Excel: ``?format=csv`` or ``?format=xlsx``.

A page builds its tables as DataFrames anyway; ``download_response`` turns them into a
file when asked, with a ``synthetic`` column and note when they rest on demo data.

* ``?format=csv`` opens with a double click in Swedish Excel: UTF-8 with byte-order mark,
  ``;`` between cells, decimal comma, numbers rounded as the page shows them, headers in
  the interface language (:func:`foretagsklimat.spreadsheet.csv_text`, dialect
  ``excel``).
* ``?format=csv&dialect=machine`` is the form for scripts: comma-separated, decimal
  point, full precision, the stable column codes (``kommunkod``, ``rank``, …).
* ``?format=xlsx`` holds every table of the page, one sheet each, with the same headers
  and number formats as the CSV for Excel, and a sheet *Om filen*: source, methodology,
  date, address and, for demo data, the synthetic-data note.

No file carries a formula: text that begins like one is neutralised in every dialect
(see :mod:`foretagsklimat.spreadsheet`). A page passes ``labels`` (column → header) and
``formats`` (column → a number format of :data:`foretagsklimat.spreadsheet.FORMATS`) for
its own columns; the common ones (:data:`LABELS`, :data:`NUMBER_FORMATS`) are here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from foretagsklimat.spreadsheet import FORMATS as SPREADSHEET_FORMATS
from foretagsklimat.spreadsheet import Sheet, csv_text, xlsx_bytes

SYNTHETIC_NOTE = gettext_lazy(
    "SYNTETISKA DEMODATA — påhittade siffror, inte Svenskt Näringslivs ranking."
)
FORMATS = ("csv", "xlsx")
DIALECTS = ("excel", "machine")
#: The query parameters that ask for a file, left out of the address on *Om filen*.
FILE_PARAMETERS = ("format", "table", "dialect")
#: What the published pages' files rest on (their *Källa* on *Om filen*).
PUBLISHED_SOURCE = gettext_lazy(
    "Företagsklimat: den publicerade rankingen, byggd på företagens svar i enkäten och "
    "officiell statistik"
)

Label = str | Promise

#: Headers of the columns many downloads share; a page adds its own (``labels=``).
LABELS: dict[str, Label] = {
    "kommunkod": gettext_lazy("Kommunkod"),
    "kommun": gettext_lazy("Kommun"),
    "lanskod": gettext_lazy("Länskod"),
    "lansnamn": gettext_lazy("Län"),
    "kommungrupp_kod": gettext_lazy("Kommungruppskod"),
    "kommungrupp": gettext_lazy("Kommungrupp"),
    "year": gettext_lazy("År"),
    "rank": gettext_lazy("Placering"),
    "previous_rank": gettext_lazy("Placering året innan"),
    "change": gettext_lazy("Förändring (placeringar)"),
    "points": gettext_lazy("Poäng"),
    "county_rank": gettext_lazy("Placering i länet"),
    "group_rank": gettext_lazy("Placering i kommungruppen"),
    "methodology": gettext_lazy("Metod"),
    "indicator": gettext_lazy("Faktor (kod)"),
    "faktor": gettext_lazy("Faktor (kod)"),
    "value": gettext_lazy("Värde"),
    "n": gettext_lazy("Antal svar"),
    "synthetic": gettext_lazy("Syntetiska data"),
}

#: Number formats of the common columns: ranks whole, points with one decimal, values two.
NUMBER_FORMATS: dict[str, str] = {
    "rank": "0",
    "previous_rank": "0",
    "change": "0",
    "county_rank": "0",
    "group_rank": "0",
    "points": "0.0",
    "value": "0.00",
    "n": "0",
}
#: …and of a factor's columns in a wide table (``service_value``, ``service_rank``, …):
#: a factor's rank may be shared (12.5), so it keeps one decimal when it has one.
SUFFIX_FORMATS: dict[str, str] = {
    "_value": "0.00",
    "_rank": "0.#",
    "_points": "0.0",
    "_n": "0",
    "_change": "0.#",
}


def number_format(column: str, formats: Mapping[str, str]) -> str | None:
    """The column's format: the page's, else the common one, else by its suffix."""
    if column in formats:
        return formats[column]
    if column in NUMBER_FORMATS:
        return NUMBER_FORMATS[column]
    for suffix, name in SUFFIX_FORMATS.items():
        if column.endswith(suffix):
            return name
    return None


def _labelled(
    frame: pd.DataFrame, labels: Mapping[str, Label], formats: Mapping[str, str]
) -> Sheet:
    """The frame with headers in the interface language and its formats by header."""
    headers: list[str] = []
    by_header: dict[str, str] = {}
    for column in frame.columns:
        code = str(column)
        header = str(labels.get(code) or LABELS.get(code) or code)
        if header in headers:  # two columns may not share a header
            header = f"{header} ({code})"
        headers.append(header)
        name = number_format(code, formats)
        if name is not None:
            assert name in SPREADSHEET_FORMATS, name
            by_header[header] = name
    return Sheet(frame.set_axis(headers, axis=1), by_header)


def _about(
    request: HttpRequest,
    filename: str,
    *,
    synthetic: bool,
    source: Label | None,
    methodology: str | None,
) -> pd.DataFrame:
    """The sheet *Om filen*: what the file holds, where from, when, and from which page."""
    query = request.GET.copy()
    for parameter in FILE_PARAMETERS:
        query.pop(parameter, None)
    url = request.build_absolute_uri(request.path + (f"?{query.urlencode()}" if query else ""))
    rows: list[tuple[str, object]] = [
        (_("Fil"), filename),
        (_("Källa"), str(source or _("Företagsklimat"))),
    ]
    if methodology:
        rows.append((_("Metod"), methodology))
    rows += [
        (_("Datum"), timezone.localdate()),
        (_("Adress"), url),
    ]
    if synthetic:
        rows.append((_("Syntetiska data"), str(SYNTHETIC_NOTE)))
    rows.append(
        (
            _("CSV"),
            _(
                "Samma tabeller som CSV: ?format=csv öppnas i svenska Excel (semikolon, "
                "decimalkomma); ?format=csv&dialect=machine är för skript (komma, "
                "decimalpunkt, kolumnkoder)."
            ),
        )
    )
    return pd.DataFrame(rows, columns=[_("Uppgift"), _("Värde")])


def file_response(content: str | bytes, filename: str, content_type: str) -> HttpResponse:
    """A download: the content as an attachment named ``filename``."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(
    request: HttpRequest,
    frame: pd.DataFrame,
    filename: str,
    *,
    labels: Mapping[str, Label] | None = None,
    formats: Mapping[str, str] | None = None,
) -> HttpResponse:
    """One table as CSV in the dialect the request asks for (``?dialect=``, default the
    one for Swedish Excel); formula-like text neutralised in both."""
    dialect = request.GET.get("dialect", "excel")
    if dialect not in DIALECTS:
        raise Http404(_("Okänd CSV-dialekt."))
    if dialect == "machine":
        text = csv_text(frame, "machine")
    else:
        sheet = _labelled(frame, labels or {}, formats or {})
        text = csv_text(sheet.frame, "excel", formats=sheet.formats, yes=_("ja"), no=_("nej"))
    return file_response(text, filename, "text/csv; charset=utf-8")


def download_response(
    request: HttpRequest,
    tables: Mapping[str, pd.DataFrame] | Callable[[], Mapping[str, pd.DataFrame]],
    basename: str,
    *,
    synthetic: bool | Callable[[], bool],
    labels: Mapping[str, Label] | None = None,
    formats: Mapping[str, str] | None = None,
    source: Label | None = None,
    methodology: str | None = None,
) -> HttpResponse | None:
    """A file response when the request asks for one (``?format=``), else None.

    ``?table=NAME`` picks one of several tables for CSV; Excel holds them all, one sheet
    each. ``labels`` and ``formats`` (by column code) apply to every table of the page;
    ``source`` and ``methodology`` are shown on *Om filen*.
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
    labels, formats = labels or {}, formats or {}
    if fmt == "csv":
        name = request.GET.get("table") or next(iter(marked))
        if name not in marked:
            raise Http404("Okänd tabell.")
        filename = (
            f"{basename}-{slugify(name)}{suffix}.csv"
            if len(marked) > 1
            else f"{basename}{suffix}.csv"
        )
        return csv_response(request, marked[name], filename, labels=labels, formats=formats)
    filename = f"{basename}{suffix}.xlsx"
    about = _about(request, filename, synthetic=synthetic, source=source, methodology=methodology)
    sheets: dict[str, pd.DataFrame | Sheet] = {
        name[:31]: _labelled(frame, labels, formats) for name, frame in marked.items()
    }
    sheets[_("Om filen")] = about
    return file_response(
        xlsx_bytes(sheets),
        filename,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
