"""The support catalogue: offerings and referrals, each saved with its audit entry."""

from __future__ import annotations

from typing import Any

import pandas as pd
from django.db import transaction
from django.db.models import QuerySet

from .. import audit
from ..models import SupportOffering, SupportReferral


def save_offering(offering: SupportOffering, user: Any) -> SupportOffering:
    """Create or update an offering; the update's entry names the fields that changed."""
    action = (
        "workspace.support.offering_created"
        if offering.pk is None
        else "workspace.support.offering_updated"
    )
    audit.save(offering, user, action)
    return offering


@transaction.atomic
def delete_offering(offering: SupportOffering, user: Any) -> int:
    """Remove an offering and its referrals, each with its entry; returns the referrals'
    number."""
    referrals = list(offering.referrals.select_related("offering__municipality", "company"))
    for referral in referrals:
        audit.delete(referral, user, "workspace.support.referral_deleted")
    audit.delete(offering, user, "workspace.support.offering_deleted")
    return len(referrals)


def delete_referral(referral: SupportReferral, user: Any) -> None:
    audit.delete(referral, user, "workspace.support.referral_deleted")


@transaction.atomic
def save_referral(referral: SupportReferral, user: Any) -> SupportReferral:
    """Create a referral (of an offering and a company of the same municipality)."""
    referral.full_clean()
    audit.save(referral, user, "workspace.support.referral_created")
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
