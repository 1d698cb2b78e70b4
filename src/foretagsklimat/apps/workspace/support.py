"""The support catalogue: offerings and referrals, each saved with its audit entry."""

from __future__ import annotations

from typing import Any

import pandas as pd
from django.db import transaction
from django.db.models import QuerySet

from . import audit
from .models import SupportOffering, SupportReferral

OFFERING_FIELDS = ("name", "kind", "provider", "conditions", "contact", "active")
REFERRAL_FIELDS = ("offering", "company", "date", "referral_type", "outcome", "note")


def _save(
    obj: Any,
    fields: tuple[str, ...],
    before: dict[str, Any] | None,
    municipality: Any,
    user: Any,
    action: str,
) -> None:
    obj.save()
    changes = audit.changed(before or {}, audit.snapshot(obj, fields))
    if before is None or changes:
        audit.record(municipality, user, action, obj, changes)


@transaction.atomic
def save_offering(
    offering: SupportOffering, user: Any, *, before: dict[str, Any] | None = None
) -> SupportOffering:
    """Create (``before`` None) or update an offering; ``before`` is a snapshot of
    :data:`OFFERING_FIELDS` taken before the form changed it."""
    action = (
        "workspace.support.offering_created"
        if before is None
        else "workspace.support.offering_updated"
    )
    _save(offering, OFFERING_FIELDS, before, offering.municipality, user, action)
    return offering


@transaction.atomic
def save_referral(referral: SupportReferral, user: Any) -> SupportReferral:
    referral.full_clean()
    _save(
        referral,
        REFERRAL_FIELDS,
        None,
        referral.offering.municipality,
        user,
        "workspace.support.referral_created",
    )
    return referral


def offerings_frame(offerings: QuerySet[Any]) -> pd.DataFrame:
    rows = [
        {
            "namn": o.name,
            "typ": o.get_kind_display(),
            "anordnare": o.provider,
            "villkor": o.conditions,
            "kontakt": o.contact,
            "aktivt": o.active,
            "hanvisningar": getattr(o, "referral_count", None),
        }
        for o in offerings
    ]
    return pd.DataFrame(
        rows, columns=["namn", "typ", "anordnare", "villkor", "kontakt", "aktivt", "hanvisningar"]
    )


def referrals_frame(referrals: QuerySet[Any]) -> pd.DataFrame:
    rows = [
        {
            "datum": r.date,
            "stod": r.offering.name,
            "organisationsnummer": r.company.orgnr,
            "foretag": r.company.name,
            "presenterat_eller_hanvisat": r.get_referral_type_display(),
            "utfall": r.get_outcome_display(),
            "anteckning": r.note,
        }
        for r in referrals.select_related("offering", "company")
    ]
    return pd.DataFrame(
        rows,
        columns=[
            "datum",
            "stod",
            "organisationsnummer",
            "foretag",
            "presenterat_eller_hanvisat",
            "utfall",
            "anteckning",
        ],
    )
