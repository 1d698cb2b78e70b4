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

from foretagsklimat.apps.reference.models import Municipality
from foretagsklimat.apps.site.demo.accounts import ensure_account
from foretagsklimat.apps.workspace.models import (
    Company,
    Contact,
    Evaluation,
    Membership,
    Role,
    TargetKind,
    Topic,
    Visit,
    VisitTarget,
)
from foretagsklimat.apps.workspace.models.visits import new_evaluation_code, new_evaluation_token
from foretagsklimat.apps.workspace.services.importing import import_companies
from foretagsklimat.demo.register import synthetic_register

SEED = 20250501
#: About 300 companies in Sandviken, 750 in Gävle.
SCALE = 0.25
ACCOUNTS = {
    "sandviken-admin": ("2181", Role.ADMIN),
    "sandviken-editor": ("2181", Role.EDITOR),
    "sandviken-viewer": ("2181", Role.VIEWER),
    "sandviken-politiker": ("2181", Role.POLITICIAN),
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
    register = register[(register["kommunkod"] == code) & (register["site_type"] == "head_office")]
    buffer = io.BytesIO(register.to_csv(index=False).encode())
    import_companies(
        municipality, buffer.getvalue(), f"syntetiskt-register-{code}.csv", None, synthetic=True
    )
    rng = np.random.default_rng(SEED + int(code))
    companies = list(Company.objects.for_municipality(municipality).filter(synthetic=True))
    areas = rng.choice(AREAS[code], size=len(companies))
    for company, area in zip(companies, areas, strict=True):
        company.area = str(area)
    Company.objects.bulk_update(companies, ["area"])
    if Contact.objects.for_municipality(municipality).filter(company__synthetic=True).exists():
        return  # run before: the contacts are there (or were erased on purpose)
    with_contact = (
        Company.objects.for_municipality(municipality)
        .filter(synthetic=True)
        .order_by("-employees", "orgnr")[:CONTACTS_PER_MUNICIPALITY]
    )
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
    ``setup --demo`` with :func:`foretagsklimat.apps.site.demo.accounts.demo_password`.
    """
    for username, (code, role) in ACCOUNTS.items():
        user = ensure_account(username, password)
        Membership.objects.update_or_create(
            user=user, municipality_id=code, defaults={"role": role}
        )
    for code in sorted({code for code, _role in ACCOUNTS.values()}):
        _load_companies(code)
    ensure_visit_demo()
    return list(ACCOUNTS)


#: Visits a year, 2022–2026, rising as the outreach got systematic.
VISITS_PER_YEAR = {"2181": (150, 170, 195, 220, 245), "2180": (60, 70, 80, 90, 100)}
VISIT_YEARS = (2022, 2023, 2024, 2025, 2026)
UNITS = ("Näringslivskontoret", "Näringslivskontoret", "Samhällsbyggnad")
PURPOSES = ("Företagsbesök", "Uppföljning", "Etableringsfråga", "Frågor om tillstånd")
#: Share of held visits that the company evaluated.
EVALUATED = 0.8


@transaction.atomic
def _load_visits(code: str, today: date) -> None:
    municipality = Municipality.objects.get(code=code)
    if Visit.objects.for_municipality(municipality).filter(company__synthetic=True).exists():
        return  # run before
    officers = [
        m.user
        for m in Membership.objects.for_municipality(municipality)
        .filter(role__in=[Role.EDITOR, Role.ADMIN])
        .select_related("user")
        .order_by("user__username")
    ]
    companies = list(
        Company.objects.for_municipality(municipality)
        .filter(synthetic=True)
        .order_by("-employees", "orgnr")
    )
    if not officers or not companies:
        return
    rng = np.random.default_rng(SEED + int(code) + 1)
    # Larger companies are visited more often.
    weights = np.array([1.0 + (c.employees or 0) ** 0.5 for c in companies])
    weights /= weights.sum()
    topics = list(Topic.values)
    visits = []
    for year, count in zip(VISIT_YEARS, VISITS_PER_YEAR[code], strict=True):
        days = rng.integers(0, 365, size=count)
        picks = rng.choice(len(companies), size=count, p=weights)
        for day, pick in zip(days, picks, strict=True):
            planned = date.fromordinal(date(year, 1, 2).toordinal() + int(day))
            held = planned <= today
            visits.append(
                Visit(
                    municipality=municipality,
                    company=companies[int(pick)],
                    officer=officers[int(rng.integers(len(officers)))],
                    planned_for=planned,
                    held_on=planned if held else None,
                    unit=UNITS[int(rng.integers(len(UNITS)))],
                    purpose=PURPOSES[int(rng.integers(len(PURPOSES)))],
                    topics=sorted(rng.choice(topics, size=int(rng.integers(1, 4)), replace=False)),
                    evaluation_token=new_evaluation_token() if held else None,
                    evaluation_code=new_evaluation_code() if held else None,
                )
            )
    Visit.objects.bulk_create(visits, batch_size=500)
    held_visits = (
        Visit.objects.for_municipality(municipality)
        .filter(held_on__isnull=False)
        .order_by("held_on", "id")
    )
    evaluations = []
    for visit in held_visits:
        if rng.random() >= EVALUATED:
            continue
        grades = np.clip(rng.normal([4.8, 4.5, 4.1], 0.9).round(), 1, 6).astype(int)
        evaluations.append(
            Evaluation(
                visit=visit,
                useful=int(grades[0]),
                understood=int(grades[1]),
                next_steps=int(grades[2]),
            )
        )
    Evaluation.objects.bulk_create(evaluations, batch_size=500)
    total = VISITS_PER_YEAR[code][-1]
    VisitTarget.objects.bulk_create(
        [
            VisitTarget(
                municipality=municipality, year=2026, kind=TargetKind.VISITS_TOTAL, target=total
            ),
            VisitTarget(
                municipality=municipality,
                year=2026,
                kind=TargetKind.VISITS_PER_UNIT,
                unit=UNITS[0],
                target=round(total * 0.6),
            ),
            VisitTarget(
                municipality=municipality,
                year=2026,
                kind=TargetKind.VISITS_PER_OFFICER,
                officer=officers[0],
                target=round(total / len(officers)),
            ),
            VisitTarget(
                municipality=municipality,
                year=2026,
                kind=TargetKind.COVERAGE,
                min_employees=10,
                within_years=2,
                target=0.8,
            ),
        ]
    )


def ensure_visit_demo(today: date | None = None) -> None:
    """Five years (2022–2026) of synthetic visits, evaluations and 2026 targets for the
    demo workspaces; visits after ``today`` stay planned. Runs once: a second call finds
    the visits and leaves them (and any changes made in the demo) alone."""
    today = today or date.today()
    for code in VISITS_PER_YEAR:
        _load_visits(code, today)
