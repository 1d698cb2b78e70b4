"""Company import from a company list (CSV or Excel), all or nothing.

The file is read by :func:`foretagsklimat.importers.companies.read_companies`: only the
organisation number and the name are needed, every problem of the file is reported at
once (rows of another municipality among them), and nothing is loaded when there is
any. A re-import updates companies by organisation number, never adds a second row for
one, and changes only the fields the file has columns for.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

import pandas as pd
from django.db import transaction
from django.utils import timezone

from foretagsklimat.apps.reference.models import Municipality
from foretagsklimat.importers.companies import read_companies as read_company_list
from foretagsklimat.reference.search import search_key
from foretagsklimat.web.frames import records

from .. import audit
from ..models import AuditEntry, Company, SizeClass
from .companies import split_postal_address

#: The company fields a list can set; location is the workspace's own.
IMPORTED_FIELDS = (
    "name",
    "sni",
    "employees",
    "head_office",
    "address",
    "postal_code",
    "postal_town",
    "area",
)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    #: For a national file (Bolagsverket, SCB): its layout and the rows left out, as
    #: counts of ``persons``, ``inactive`` and ``elsewhere`` (other municipalities).
    layout: str = ""
    left_out: dict[str, int] = field(default_factory=dict)


def read_companies(
    data: bytes, filename: str, municipality: Municipality, postal_towns: Iterable[str] = ()
) -> pd.DataFrame:
    """The list's rows, one per organisation number; ``attrs["given"]`` names the
    optional fields the file has.

    Raises ImportValidationError naming file, row and column for every problem, including
    rows of other municipalities.
    """
    return read_company_list(
        io.BytesIO(data),
        filename,
        kommunkod=municipality.code,
        municipality_name=municipality.name,
        postal_towns=postal_towns,
    )


def _company_values(row: dict[str, Any], given: list[str]) -> dict[str, Any]:
    """The fields the file sets for one company: the name always, the others when the
    file has their column."""
    employees = row["employees"]
    values: dict[str, Any] = {
        "name": row["name"],
        "sni": row["sni"],
        "employees": None if employees is None or math.isnan(employees) else int(employees),
        "head_office": bool(row["head_office"]),
        "address": row["address"],
        "postal_code": row["postal_code"],
        "postal_town": row["postal_town"],
        "area": row["area"],
    }
    if row["postal_address"] and not (row["address"] or row["postal_town"]):
        street, code, town = split_postal_address(row["postal_address"])
        values.update(address=street, postal_code=code or row["postal_code"], postal_town=town)
    return {"name": values["name"], **{field: values[field] for field in given}}


def import_companies(
    municipality: Municipality,
    source: IO[bytes] | bytes,
    filename: str,
    user: Any,
    *,
    synthetic: bool = False,
    postal_towns: Iterable[str] = (),
) -> ImportResult:
    """Validate the whole file, then create or update its companies in one transaction.

    ``postal_towns`` choose the municipality's companies in a national file that has no
    municipality column (Bolagsverket's bulk file).
    """
    data = source if isinstance(source, bytes) else source.read()
    register = read_companies(data, filename, municipality, postal_towns)
    given = list(register.attrs.get("given", []))
    existing = {c.orgnr: c for c in Company.objects.for_municipality(municipality)}
    new: list[Company] = []
    updated: list[Company] = []
    entries: list[AuditEntry] = []
    unchanged = 0
    for row in records(register):
        values = _company_values(row, given)
        company = existing.get(row["orgnr"])
        if company is None:
            new.append(
                Company(
                    municipality=municipality,
                    orgnr=row["orgnr"],
                    synthetic=synthetic,
                    size_class=SizeClass.of(values.get("employees")),
                    search_name=search_key(values["name"]),
                    **values,
                )
            )
            continue
        changes = audit.changed(audit.snapshot(company, tuple(values)), values)
        if not changes:
            unchanged += 1
            continue
        for name, value in values.items():
            setattr(company, name, value)
        company.size_class = SizeClass.of(company.employees)
        company.search_name = search_key(company.name)
        company.updated_at = timezone.now()
        updated.append(company)
        # Thousands of rows: the entries are written in bulk, not one ``audit.save`` each.
        entries.append(
            audit.entry(
                municipality,
                user,
                "workspace.company.updated",
                company,
                {**changes, "källa": [None, filename]},
            )
        )
    with transaction.atomic():
        Company.objects.bulk_create(new, batch_size=500)
        Company.objects.bulk_update(
            updated, [*IMPORTED_FIELDS, "size_class", "search_name", "updated_at"], batch_size=500
        )
        AuditEntry.objects.bulk_create(entries, batch_size=500)
        audit.record(
            municipality,
            user,
            "workspace.company.imported",
            None,
            {
                "fil": [None, filename],
                "nya": [None, len(new)],
                "uppdaterade": [None, len(updated)],
            },
        )
    return ImportResult(
        len(new),
        len(updated),
        unchanged,
        layout=register.attrs.get("layout", ""),
        left_out=dict(register.attrs.get("left_out", {})),
    )
