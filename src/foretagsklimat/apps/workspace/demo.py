"""Synthetic demo workspaces for Sandviken (2181) and Gävle (2180), and their accounts.

Companies come from the seeded synthetic register (head offices only) and are marked
``synthetic``; contacts have clearly made-up names, numbers from the range the Swedish
Post and Telecom Authority reserves for fiction (070-1740605…699) and example.com
addresses. Running it again updates, never duplicates.
"""

from __future__ import annotations

import io
from datetime import date

import numpy as np
from django.db import transaction

from foretagsklimat.apps.accounts.demo import ensure_account
from foretagsklimat.apps.reference.models import Municipality
from foretagsklimat.demo.register import synthetic_register

from .importing import import_companies
from .models import Company, Contact, Membership, Role

SEED = 20250501
#: About 300 companies in Sandviken, 750 in Gävle.
SCALE = 0.25
ACCOUNTS = {
    "sandviken-admin": ("2181", Role.ADMIN),
    "sandviken-editor": ("2181", Role.EDITOR),
    "sandviken-viewer": ("2181", Role.VIEWER),
    "gavle-admin": ("2180", Role.ADMIN),
}
#: Localities used as the demo's areas.
AREAS = {
    "2181": ("Sandviken", "Storvik", "Järbo", "Årsunda", "Kungsgården"),
    "2180": ("Gävle", "Valbo", "Hille", "Forsbacka", "Hedesunda", "Bergby"),
}
CONTACTS_PER_MUNICIPALITY = 40
CONTACT_ROLES = ("VD", "Ekonomichef", "Platschef", "Ägare", "HR-ansvarig")


def _fake_phone(number: int) -> str:
    return f"070-174 06 {5 + number % 95:02d}"


@transaction.atomic
def _load_companies(code: str) -> None:
    municipality = Municipality.objects.get(code=code)
    register = synthetic_register([code], seed=SEED, scale=SCALE)
    register = register[(register["kommunkod"] == code)
                        & (register["site_type"] == "head_office")]
    buffer = io.BytesIO(register.to_csv(index=False).encode())
    import_companies(municipality, buffer.getvalue(), f"syntetiskt-register-{code}.csv", None,
                     synthetic=True)
    rng = np.random.default_rng(SEED + int(code))
    companies = list(Company.objects.for_municipality(municipality).filter(synthetic=True))
    areas = rng.choice(AREAS[code], size=len(companies))
    for company, area in zip(companies, areas, strict=True):
        company.area = str(area)
    Company.objects.bulk_update(companies, ["area"])
    if Contact.objects.for_municipality(municipality).filter(company__synthetic=True).exists():
        return  # run before: the contacts are there (or were erased on purpose)
    with_contact = Company.objects.for_municipality(municipality).filter(
        synthetic=True
    ).order_by("-employees", "orgnr")[:CONTACTS_PER_MUNICIPALITY]
    Contact.objects.bulk_create(
        Contact(
            company=company,
            name=f"Demoperson {code}-{n + 1}",
            role=CONTACT_ROLES[n % len(CONTACT_ROLES)],
            phone=_fake_phone(n),
            email=f"demoperson-{code}-{n + 1}@example.com",
            consent=n % 3 != 0,
            consent_date=date(2024, 1 + n % 12, 1) if n % 3 != 0 else None,
        )
        for n, company in enumerate(with_contact)
    )


def ensure_workspace_demo(password: str) -> list[str]:
    """Create the demo accounts with their memberships and the synthetic companies.

    Returns the account names. Call after the reference data is loaded, e.g. from
    ``setup --demo`` with :func:`foretagsklimat.apps.accounts.demo.demo_password`.
    """
    for username, (code, role) in ACCOUNTS.items():
        user = ensure_account(username, password)
        Membership.objects.update_or_create(
            user=user, municipality_id=code, defaults={"role": role}
        )
    for code in sorted({code for code, _role in ACCOUNTS.values()}):
        _load_companies(code)
    return list(ACCOUNTS)
