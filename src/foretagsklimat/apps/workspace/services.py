"""Changes to the workspace, each in one transaction with its audit entry."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from foretagsklimat.apps.reference.models import Municipality

from . import audit
from .models import Company, Contact, Membership, Role

COMPANY_FIELDS = (
    "orgnr",
    "name",
    "sni",
    "employees",
    "address",
    "postal_code",
    "postal_town",
    "area",
    "latitude",
    "longitude",
)
CONTACT_FIELDS = ("name", "role", "phone", "email", "consent", "consent_date")


def _save_with_audit(
    obj: Model,
    fields: tuple[str, ...],
    before: dict[str, Any] | None,
    municipality: Municipality,
    user: Any,
    action: str,
) -> None:
    obj.save()
    changes = audit.changed(before or {}, audit.snapshot(obj, fields))
    if before is None or changes:
        audit.record(municipality, user, action, obj, changes)


@transaction.atomic
def save_company(company: Company, user: Any, *, before: dict[str, Any] | None = None) -> Company:
    """Create (``before`` None) or update a company; audit the fields that changed.

    ``before`` is ``audit.snapshot(company, COMPANY_FIELDS)`` taken before the form
    changed the instance.
    """
    action = "workspace.company.created" if before is None else "workspace.company.updated"
    _save_with_audit(company, COMPANY_FIELDS, before, company.municipality, user, action)
    return company


@transaction.atomic
def save_contact(contact: Contact, user: Any, *, before: dict[str, Any] | None = None) -> Contact:
    action = "workspace.contact.created" if before is None else "workspace.contact.updated"
    _save_with_audit(contact, CONTACT_FIELDS, before, contact.company.municipality, user, action)
    return contact


@transaction.atomic
def erase_contact(contact: Contact, user: Any) -> None:
    """GDPR erasure: blank the personal fields here and in earlier audit entries.

    The row stays (anonymous counts survive); the erasure's own entry names the fields
    erased, not their values.
    """
    erased = [f for f in Contact.PERSONAL_FIELDS if getattr(contact, f)]
    contact.erase()
    audit.redact(contact, Contact.PERSONAL_FIELDS)
    audit.record(
        contact.company.municipality,
        user,
        "workspace.contact.erased",
        contact,
        {field: [audit.ERASED, ""] for field in erased},
    )


def contact_data(contact: Contact) -> dict[str, Any]:
    """Everything held about one person, for a data-subject access request."""
    return {
        "kontaktperson": {
            "id": contact.pk,
            **audit.snapshot(contact, CONTACT_FIELDS),
            "created_at": contact.created_at.isoformat(),
            "updated_at": contact.updated_at.isoformat(),
        },
        "foretag": {"orgnr": contact.company.orgnr, "namn": contact.company.name},
        "kommun": contact.company.municipality.name,
    }


class MembershipError(ValueError):
    """A change that would leave the workspace without an admin."""


def _last_admin(membership: Membership) -> bool:
    return (
        membership.role == Role.ADMIN
        and not Membership.objects.for_municipality(membership.municipality)
        .filter(role=Role.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def add_member(municipality: Municipality, user: Any, role: str, by: Any) -> Membership:
    membership = Membership.objects.create(municipality=municipality, user=user, role=role)
    audit.record(
        municipality,
        by,
        "workspace.member.added",
        membership,
        {"user": [None, user.get_username()], "role": [None, role]},
    )
    return membership


@transaction.atomic
def change_role(membership: Membership, role: str, by: Any) -> None:
    if role != Role.ADMIN and _last_admin(membership):
        raise MembershipError(_("Arbetsytan måste ha minst en administratör."))
    old = membership.role
    if old != role:
        membership.role = role
        membership.save(update_fields=["role"])
        audit.record(
            membership.municipality,
            by,
            "workspace.member.role_changed",
            membership,
            {"role": [old, role]},
        )


@transaction.atomic
def remove_member(membership: Membership, by: Any) -> None:
    if _last_admin(membership):
        raise MembershipError(_("Arbetsytan måste ha minst en administratör."))
    audit.record(
        membership.municipality,
        by,
        "workspace.member.removed",
        membership,
        {"user": [membership.user.get_username(), None], "role": [membership.role, None]},
    )
    membership.delete()


_POSTAL = re.compile(r"^(?P<street>.*?),?\s*(?P<code>\d{3}\s?\d{2})\s+(?P<town>\S.*)$")


def split_postal_address(text: str) -> tuple[str, str, str]:
    """("Storgatan 1, 811 30 Sandviken") → street, postal code, town; else (text, "", town?).

    >>> split_postal_address("Storgatan 1, 811 30 Sandviken")
    ('Storgatan 1', '811 30', 'Sandviken')
    >>> split_postal_address("Exempelvägen 3, Sandviken")
    ('Exempelvägen 3', '', 'Sandviken')
    """
    text = text.strip()
    match = _POSTAL.match(text)
    if match:
        code = match["code"].replace(" ", "")
        return match["street"].strip().rstrip(","), f"{code[:3]} {code[3:]}", match["town"].strip()
    street, _, town = text.rpartition(",")
    if street:
        return street.strip(), "", town.strip()
    return text, "", ""
