"""No download carries a formula, and every CSV reads back in both dialects.

One table of every download of the product: the public pages, the workspace's lists, the
survey operator's pages. Each test seeds a text that a spreadsheet would run as a formula
(``=HYPERLINK(...)``) where the download takes its text from — a municipality's name, a
company, a note, a member, a methodology's label — and fetches every table of the
download as CSV for Excel, as CSV for scripts and as Excel: the text must come back
neutralised (``'=HYPERLINK(...)`` in CSV, a quote-prefixed text cell in Excel) and no
cell may begin like a formula unless it is a number.

The JSON API has no CSV endpoints (its answers are JSON only), so it has no row here.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import openpyxl
import pandas as pd
import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from foretagsklimat.spreadsheet import FORMULA_STARTS
from tests.workspace.conftest import Cast

FORMULA = '=HYPERLINK("http://x","y")'
SHORT_FORMULA = "=1+2"
NUMBER = re.compile(r"^-?\d+([.,]\d+)?%?$")


@dataclass(frozen=True)
class Download:
    """A download: its address (without ``format``), who fetches it, its CSV tables."""

    url: str
    who: str
    tables: tuple[str, ...] = ("",)
    xlsx: bool = True
    #: The text planted where the download takes it from (shorter where a column is short).
    seed: str = FORMULA


# --- seeding -------------------------------------------------------------------------


@pytest.fixture
def formula_names(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every municipality and county name looks like a formula."""
    from foretagsklimat import reference
    from foretagsklimat.apps.ranking.queries import clear_cache

    real = reference._municipalities()
    seeded = real.assign(
        kommunnamn=FORMULA + real["kommunnamn"], lansnamn=FORMULA + real["lansnamn"]
    )
    monkeypatch.setattr(reference, "_municipalities", lambda: seeded)
    clear_cache()


@pytest.fixture
def formula_frames(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages whose tables hold no names: a formula in their text columns."""
    views = "foretagsklimat.apps.public.views"
    comparison = importlib.import_module(f"{views}.comparison")
    drivers = importlib.import_module(f"{views}.drivers")
    methodology = importlib.import_module(f"{views}.methodology")

    real_comparison = comparison.comparison_frame
    monkeypatch.setattr(
        comparison,
        "comparison_frame",
        lambda *args: real_comparison(*args).assign(indicator=FORMULA),
    )
    monkeypatch.setattr(
        drivers,
        "drivers_for",
        lambda year, **_: pd.DataFrame(
            {"question": [FORMULA], "coefficient": [-0.25], "r2": [0.4], "n": [120]}
        ),
    )
    real_methodologies = methodology.builtin_methodologies

    def seeded_methodologies() -> dict[str, Any]:
        out = {}
        for name, m in real_methodologies().items():
            first, *rest = m.indicators
            out[name] = replace(m, indicators=(replace(first, label_sv=FORMULA), *rest))
        return out

    monkeypatch.setattr(methodology, "builtin_methodologies", seeded_methodologies)


def _public(years: tuple[int, ...]) -> Iterator[Download]:
    from foretagsklimat.engine.methodology import builtin_methodologies

    year = years[-1]
    yield Download("/", "public", ("topp-tio", "klattrare"))
    yield Download(f"/ranking/{year}/", "public", ("ranking", "alla-faktorer"))
    yield Download(f"/ranking/{year}/?faktor=service", "public", ("ranking",))
    yield Download("/kommun/2181/?jamfor=2180", "public", ("faktorer", "historik", "jamforelse"))
    yield Download("/lan/21/", "public", ("kommuner",))
    yield Download(f"/klattrare/{year}/", "public", ("klattrare", "fallare", "per-lan"))
    yield Download(f"/drivare/{year}/", "public", ("drivare",))
    yield Download("/metod/", "public", tuple(builtin_methodologies()))
    yield Download("/kommun/2181/jamforelse/2021/", "public", ("jamforelse",))


def _workspace(cast: Cast) -> Iterator[Download]:
    """Every workspace download, after seeding a formula into what each one shows."""
    from foretagsklimat.apps.workspace import audit
    from foretagsklimat.apps.workspace.models import (
        FollowUp,
        Goal,
        GoalKind,
        ProcurementItem,
        SupportOffering,
        SupportReferral,
        TargetKind,
        Visit,
        VisitTarget,
    )

    company = cast.company
    company.name = FORMULA
    company.area = "-Storvik"  # a text beginning with a minus: not a number
    company.save()
    cast.contact.name = FORMULA
    cast.contact.save()
    cast.sandviken_editor.first_name = FORMULA
    cast.sandviken_editor.save()
    visit = Visit(
        municipality_id="2181",
        company=company,
        officer=cast.sandviken_editor,
        planned_for=dt.date(2026, 3, 1),
        purpose=FORMULA,
        unit=FORMULA,
    )
    visit.mark_held(dt.date(2026, 3, 1))
    visit.save()
    VisitTarget.objects.create(
        municipality_id="2181", year=2026, kind=TargetKind.VISITS_TOTAL, target=10, unit=FORMULA
    )
    FollowUp.objects.create(
        municipality_id="2181", company=company, title=FORMULA, due_on=dt.date(2026, 4, 1)
    )
    offering = SupportOffering.objects.create(municipality_id="2181", name=FORMULA)
    SupportReferral.objects.create(offering=offering, company=company, note=FORMULA)
    item = ProcurementItem.objects.create(municipality_id="2181", title=FORMULA, text=FORMULA)
    item.companies.add(company)
    Goal.objects.create(
        municipality_id="2181", year=2026, kind=GoalKind.VISITS, target=10, note=FORMULA
    )
    audit.record(
        company.municipality, cast.sandviken_admin, "workspace.company.updated", company,
        {"name": ["Gammalt", FORMULA]},
    )  # fmt: skip

    def url(name: str, *args: object) -> str:
        return reverse(f"workspace:{name}", args=["2181", *args])

    yield Download(url("companies"), "admin", ("foretag",))
    yield Download(url("visits") + "?ar=2026", "admin", ("besok",))
    yield Download(url("followups"), "admin", ("uppfoljningar",))
    yield Download(url("support_offerings"), "admin", ("stodkatalog",))
    yield Download(url("support_offering", offering.pk), "admin", ("hanvisningar",))
    yield Download(url("procurement"), "admin", ("upphandlingsdialog",))
    yield Download(url("audit_log"), "admin", ("andringslogg",))
    yield Download(url("members"), "admin", ("medlemmar",))
    yield Download(url("targets") + "?ar=2026", "admin", ("besoksmal", "utvarderingar"))
    yield Download(url("goals"), "admin", ("mal",))
    yield Download(url("contact_export", cast.contact.pk), "admin", ("kontaktperson",))


def _operator(open_round: Any) -> Iterator[Download]:
    from foretagsklimat.apps.survey.models import SurveyResponse

    SurveyResponse.objects.create(
        round=open_round.round,
        respondent_id="R-1",
        municipality_id="2181",
        respondent_type="company",
        grades={"overall_grade": 4},
        # The channel is the export's only free text, and holds 8 characters.
        channel=SHORT_FORMULA,
    )
    yield Download(reverse("survey:rates", args=[2025]), "operator", ("svarsfrekvens",))
    yield Download(
        reverse("survey:export", args=[2025]), "operator", xlsx=False, seed=SHORT_FORMULA
    )


# --- reading back --------------------------------------------------------------------


def _get(client: Client, url: str, **params: str) -> Any:
    response = client.get(url, params)
    assert response.status_code == 200, (url, params, response.status_code)
    return response


def _csv_cells(content: bytes, dialect: str) -> list[list[str]]:
    if dialect == "excel":
        assert content.startswith("\ufeff".encode()), "no byte-order mark"
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    else:
        assert not content.startswith("\ufeff".encode())
        rows = list(csv.reader(io.StringIO(content.decode())))
    return rows


def _assert_neutral_csv(rows: list[list[str]], where: str) -> None:
    for row in rows:
        for cell in row:
            assert cell == "" or not cell.startswith(FORMULA_STARTS) or NUMBER.match(cell), (
                where,
                cell,
            )


def _assert_neutral_xlsx(content: bytes, where: str) -> set[str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in archive.read(name).decode(), (where, name)
    book = openpyxl.load_workbook(io.BytesIO(content))
    texts = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (where, sheet.title, cell.coordinate)
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                    assert cell.quotePrefix, (where, sheet.title, cell.coordinate, cell.value)
                    texts.add(cell.value)
    return texts


def _check(client: Client, download: Download) -> None:
    joiner = "&" if "?" in download.url else "?"
    seen_csv = False
    for table in download.tables:
        headers = {}
        for dialect in ("excel", "machine"):
            query = f"format=csv&dialect={dialect}" + (f"&table={table}" if table else "")
            content = _get(client, f"{download.url}{joiner}{query}").content
            rows = _csv_cells(content, dialect)
            _assert_neutral_csv(rows, f"{download.url} {table} {dialect}")
            seen_csv |= any("'" + download.seed in cell for row in rows for cell in row)
            headers[dialect] = rows[0]
            # …and pandas reads both dialects back with the same shape.
            if dialect == "excel":
                frame = pd.read_csv(io.BytesIO(content), sep=";", decimal=",", encoding="utf-8-sig")
            else:
                frame = pd.read_csv(io.BytesIO(content))
            assert frame.shape == (len(rows) - 1, len(rows[0])), (download.url, table)
        # Headers for people in the file for Excel, the stable codes in the one for scripts
        # (the audit log's codes are capitalised Swedish words already).
        unlabelled = [
            code
            for shown, code in zip(headers["excel"], headers["machine"], strict=True)
            if shown == code and not code[:1].isupper()
        ]
        assert not unlabelled, (download.url, table, unlabelled)
    assert seen_csv, f"{download.url}: the seeded text never reached the CSV"
    if not download.xlsx:
        return
    xlsx = _get(client, f"{download.url}{joiner}format=xlsx").content
    texts = _assert_neutral_xlsx(xlsx, download.url)
    assert any(download.seed in text for text in texts), f"{download.url}: not in the Excel file"


# --- the test ------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.usefixtures("formula_names", "formula_frames", "round_with_politicians")
def test_no_download_carries_a_formula_and_every_csv_reads_back(
    stored_rankings: tuple[int, ...], cast: Cast, open_round: Any, operator: User
) -> None:
    clients = {"public": Client(), "admin": cast.client(cast.sandviken_admin)}
    clients["operator"] = Client()
    clients["operator"].force_login(operator)
    downloads = [*_public(stored_rankings), *_workspace(cast), *_operator(open_round)]
    workspace = {d.url.split("/")[3] for d in downloads if d.who == "admin"}
    assert len(workspace) >= 10, workspace
    for download in downloads:
        _check(clients[download.who], download)
