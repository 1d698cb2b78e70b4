"""Objects of the support catalogue, procurement dialogue and follow-ups for the cast."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User

from foretagsklimat.apps.workspace.models import (
    Company,
    FollowUp,
    ProcurementItem,
    SupportOffering,
    SupportReferral,
)

#: URL targets of the permission table, with the URL keyword each one fills.
SUPPORT_TARGETS = {
    "offering": "offering_id",
    "procurement": "item_id",
    "followup": "follow_up_id",
    "referral": "referral_id",
}


def offering(company: Company) -> SupportOffering:
    return SupportOffering.objects.get_or_create(
        municipality=company.municipality,
        name="Affärsrådgivning",
        defaults={"kind": "advice", "provider": "Kommunen"},
    )[0]


def procurement_item(company: Company) -> ProcurementItem:
    return ProcurementItem.objects.get_or_create(
        municipality=company.municipality,
        title="Hur lämnar man anbud?",
        defaults={"kind": "question", "date": date(2025, 3, 1)},
    )[0]


def follow_up(company: Company, owner: User | None = None) -> FollowUp:
    return FollowUp.objects.get_or_create(
        municipality=company.municipality,
        company=company,
        title="Skicka lokalförteckning",
        defaults={"owner": owner, "due_on": date(2025, 3, 10)},
    )[0]


def referral(company: Company) -> SupportReferral:
    return SupportReferral.objects.get_or_create(offering=offering(company), company=company)[0]


def support_target(target: str, company: Company) -> dict[str, int]:
    make = {
        "offering": offering,
        "procurement": procurement_item,
        "followup": follow_up,
        "referral": referral,
    }
    return {SUPPORT_TARGETS[target]: make[target](company).pk}
