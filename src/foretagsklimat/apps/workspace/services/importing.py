"""Company import from the register format (CSV or Excel), all or nothing.

The file is validated by :func:`foretagsklimat.sampling.read_register` (organisation
numbers, counts, codes…); here only one more rule is added: every row must belong to
this municipality. A re-import updates companies by organisation number, never adds a
second row for one.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import IO, Any

import pandas as pd
from django.db import transaction
from django.utils import timezone

from foretagsklimat.apps.reference.models import Municipality
from foretagsklimat.importers.errors import ImportValidationError, Issue
from foretagsklimat.importers.tables import read_table
from foretagsklimat.reference.search import search_key
from foretagsklimat.sampling import read_register
from foretagsklimat.web.frames import records

from .. import audit
from ..models import AuditEntry, Company, SizeClass
from .companies import split_postal_address

#: The company fields a register row sets; the rest (area, location) is the workspace's own.
IMPORTED_FIELDS = (
    "name",
    "sni",
    "employees",
    "head_office",
    "address",
    "postal_code",
    "postal_town",
)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def read_companies(data: bytes, filename: str, municipality: Municipality) -> pd.DataFrame:
    """The register rows of ``municipality``, one per organisation number.

    Raises ImportValidationError naming file, row and column for every problem, including
    rows of other municipalities.
    """
    register = read_register(io.BytesIO(data), filename=filename)
    # read_register renumbers its rows; the table's index holds the spreadsheet rows.
    table = read_table(io.BytesIO(data), filename)
    rows, file = table.frame.index.to_numpy(), table.file
    foreign = register["kommunkod"] != municipality.code
    if foreign.any():
        raise ImportValidationError(
            Issue(
                file,
                int(rows[i]),
                "kommunkod",
                f"expected {municipality.code} ({municipality.name}), found "
                f'"{register.at[i, "kommunkod"]!s}": only this municipality\'s companies '
                "can be imported here",
            )
            for i in register.index[foreign]
        )
    # A company with its head office here and a workplace here is one company.
    register = register.assign(head_office=register["site_type"] == "head_office")
    register = register.sort_values("head_office", ascending=False, kind="stable")
    return register.drop_duplicates("orgnr").sort_index()


def _company_values(row: dict[str, Any]) -> dict[str, Any]:
    street, code, town = split_postal_address(row["postal_address"])
    return {
        "name": row["name"],
        "sni": row["sni"],
        "employees": int(row["employees"]),
        "head_office": bool(row["head_office"]),
        "address": street,
        "postal_code": code,
        "postal_town": town,
    }


def import_companies(
    municipality: Municipality,
    source: IO[bytes] | bytes,
    filename: str,
    user: Any,
    *,
    synthetic: bool = False,
) -> ImportResult:
    """Validate the whole file, then create or update its companies in one transaction."""
    data = source if isinstance(source, bytes) else source.read()
    register = read_companies(data, filename, municipality)
    existing = {c.orgnr: c for c in Company.objects.for_municipality(municipality)}
    new: list[Company] = []
    updated: list[Company] = []
    entries: list[AuditEntry] = []
    unchanged = 0
    for row in records(register):
        values = _company_values(row)
        company = existing.get(row["orgnr"])
        if company is None:
            new.append(
                Company(
                    municipality=municipality,
                    orgnr=row["orgnr"],
                    synthetic=synthetic,
                    size_class=SizeClass.of(values["employees"]),
                    search_name=search_key(values["name"]),
                    **values,
                )
            )
            continue
        changes = audit.changed(audit.snapshot(company, IMPORTED_FIELDS), values)
        if not changes:
            unchanged += 1
            continue
        for field, value in values.items():
            setattr(company, field, value)
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
    return ImportResult(len(new), len(updated), unchanged)
