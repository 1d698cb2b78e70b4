"""The company register and its contacts: changes (audited), erasure and export of one
person's data, and reading a register's postal address."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction

from .. import audit
from ..models import Company, Contact
from .mentions import find


def save_company(company: Company, user: Any) -> Company:
    """Create or update a company; the update's entry names the fields that changed."""
    action = "workspace.company.created" if company.pk is None else "workspace.company.updated"
    audit.save(company, user, action)
    return company


def save_contact(contact: Contact, user: Any) -> Contact:
    action = "workspace.contact.created" if contact.pk is None else "workspace.contact.updated"
    audit.save(contact, user, action)
    return contact


@transaction.atomic
def erase_contact(contact: Contact, user: Any) -> None:
    """GDPR erasure: blank the personal fields here and in earlier audit entries.

    The row stays (anonymous counts survive); the erasure's own entry names the fields
    erased, not their values, so it is recorded by hand rather than by ``audit.save``.
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
    """Everything held about one person, for a data-subject access request: the contact,
    and every free-text mention of the person's name or e-mail in the workspace."""
    return {
        "kontaktperson": {
            "id": contact.pk,
            **contact.audit_values(),
            "created_at": contact.created_at.isoformat(),
            "updated_at": contact.updated_at.isoformat(),
        },
        "foretag": {"orgnr": contact.company.orgnr, "namn": contact.company.name},
        "kommun": contact.company.municipality.name,
        "omnamnanden": [
            {"objekt": m.object_text, "falt": m.field_label, "utdrag": m.snippet}
            for m in find(contact)
        ],
    }


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
