"""Synthetic support catalogue, referrals, procurement dialogue and follow-ups for the demo.

Sandviken (2181) gets eight offerings and more; Gävle (2180) a few. Deterministic (the
companies are taken in orgnr order, dates are fixed relative to today's date) and idempotent:
rows are looked up by name/title before they are created. Three of Sandviken's follow-ups
come from its latest held demo visits (of three different companies). Sandviken also gets
a history: a follow-up for every fourth held visit since 2022, most closed in time and a
rising share so over the years, so the board's "follow-ups closed on time" has a trend.
Call after :func:`.demo.ensure_workspace_demo` (which makes the visits).
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from django.db import transaction
from django.utils import timezone

from foretagsklimat.apps.workspace.models import (
    Company,
    FollowUp,
    FollowUpStatus,
    Membership,
    ProcurementItem,
    Role,
    SupportOffering,
    SupportReferral,
    Visit,
)
from foretagsklimat.apps.workspace.services.followups import visit_label

OFFERINGS = [
    ("Företagslots", "advice", "Kommunen", "Kostnadsfritt för alla företag i kommunen."),
    (
        "Affärsrådgivning för nya företag",
        "startup",
        "Nyföretagarcentrum",
        "För den som startat de senaste tre åren.",
    ),
    (
        "Regionalt investeringsstöd",
        "funding",
        "Region Gävleborg",
        "Små och medelstora företag; ansökan före investeringen.",
    ),
    ("Mikrolån", "funding", "Almi", "Upp till 250 000 kr."),
    ("Lediga lokaler och mark", "premises", "Kommunen", "Förmedling utan kostnad."),
    (
        "Rekryteringsträffar",
        "recruitment",
        "Arbetsförmedlingen och kommunen",
        "Två gånger om året.",
    ),
    ("Exportcheck", "export", "Business Sweden", "För företag med 1–249 anställda."),
    ("Kompetensmatchning", "other", "Kommunen", "Praktik och lärlingsplatser."),
]
PROCUREMENT = [
    ("question", "Hur delar vi upp anbud i mindre delar?", "answered"),
    ("announcement", "Kommande upphandling: snöröjning 2026", "open"),
    ("meeting", "Informationsmöte om att lämna anbud", "done"),
    ("simplification", "Kortare förfrågningsunderlag för små uppdrag", "done"),
]
FOLLOW_UPS = [
    ("Skicka information om lediga lokaler", -20),
    ("Boka möte med bygglovshandläggare", -5),
    ("Återkoppla om rekryteringsträff", 2),
    ("Följa upp exportcheck", 14),
    ("Bjuda in till frukostmöte", 30),
]


def _make(
    code: str, n_offerings: int, n_items: int, n_follow_ups: int, n_from_visits: int, today: date
) -> None:
    companies = list(Company.objects.filter(municipality_id=code).order_by("orgnr")[:12])
    if not companies:
        return
    offerings = []
    for name, kind, provider, conditions in OFFERINGS[:n_offerings]:
        offering, _created = SupportOffering.objects.get_or_create(
            municipality_id=code,
            name=name,
            defaults={
                "kind": kind,
                "provider": provider,
                "conditions": conditions,
                "contact": "naringsliv@example.com",
                "synthetic": True,
            },
        )
        offerings.append(offering)
    outcomes = ["used", "pending", "not_used", "unknown"]
    for n, company in enumerate(companies[: 2 * n_offerings]):
        offering = offerings[n % len(offerings)]
        SupportReferral.objects.get_or_create(
            offering=offering,
            company=company,
            defaults={
                "date": today - timedelta(days=10 + 7 * n),
                "referral_type": "referred" if n % 2 else "presented",
                "outcome": outcomes[n % len(outcomes)],
            },
        )
    for n, (kind, title, status) in enumerate(PROCUREMENT[:n_items]):
        item, created = ProcurementItem.objects.get_or_create(
            municipality_id=code,
            title=title,
            defaults={
                "kind": kind,
                "status": status,
                "date": today - timedelta(days=30 * n),
                "text": "Syntetiskt exempel.",
                "synthetic": True,
                "answer": "Ja, i regel i flera delar." if status == "answered" else "",
                "follow_up_on": today + timedelta(days=20) if status != "done" else None,
            },
        )
        if created:
            item.companies.set(companies[n : n + 2])
    owners = list(
        Membership.objects.filter(municipality_id=code, role__in=[Role.EDITOR, Role.ADMIN])
        .order_by("role", "user__username")
        .values_list("user_id", flat=True)
    )
    if not owners:
        return
    visits = _latest_held_visits(code, today, n_from_visits)
    for n, (title, days) in enumerate(FOLLOW_UPS[:n_follow_ups]):
        visit = visits[n] if n < len(visits) else None
        FollowUp.objects.get_or_create(
            municipality_id=code,
            title=title,
            defaults={
                "company": visit.company if visit else companies[n % len(companies)],
                "visit": visit,
                "source": visit_label(visit) if visit else "Företagsbesök (demo)",
                "owner_id": owners[n % len(owners)],
                "due_on": today + timedelta(days=days),
                "synthetic": True,
            },
        )


def _latest_held_visits(code: str, today: date, count: int) -> list[Visit]:
    """The ``count`` latest held demo visits, of different companies (the follow-ups made
    from them are for those companies)."""
    chosen: list[Visit] = []
    held = (
        Visit.objects.filter(
            municipality_id=code, company__synthetic=True, held_on__isnull=False, held_on__lte=today
        )
        .select_related("company")
        .order_by("-held_on", "-id")
    )
    for visit in held[: 10 * count]:
        if len(chosen) == count:
            break
        if all(visit.company_id != other.company_id for other in chosen):
            chosen.append(visit)
    return chosen


HISTORY_TITLES = (
    "Skicka kontaktuppgifter till bygglov",
    "Återkoppla om detaljplanen",
    "Förmedla kontakt med Almi",
    "Ta fram förslag på lokaler",
    "Svara på frågan om upphandling",
    "Bjuda in till rekryteringsträff",
)
#: Share of the history's follow-ups closed by their due date, per year of the visit.
ON_TIME = {2022: 0.62, 2023: 0.68, 2024: 0.74, 2025: 0.8, 2026: 0.84}
HISTORY_SEED = 20221


def _follow_up_history(code: str, today: date) -> None:
    """A follow-up (due 30 days on) for every fourth held demo visit; the ones due before
    ``today`` are closed, on time by :data:`ON_TIME`, else 3–40 days late."""
    held = list(
        Visit.objects.filter(
            municipality_id=code, company__synthetic=True, held_on__isnull=False, held_on__lte=today
        )
        .order_by("held_on", "id")
        .values_list("id", "company_id", "held_on")
    )[::4]
    if not held or FollowUp.objects.filter(municipality_id=code, title__in=HISTORY_TITLES).exists():
        return  # no visits yet, or made before
    owners = list(
        Membership.objects.filter(municipality_id=code, role__in=[Role.EDITOR, Role.ADMIN])
        .order_by("role", "user__username")
        .values_list("user_id", flat=True)
    )
    rng = np.random.default_rng(HISTORY_SEED + int(code))
    in_time = rng.random(len(held))
    late_by = rng.integers(3, 41, size=len(held))
    early_by = rng.integers(0, 25, size=len(held))
    rows = []
    for n, (visit_id, company_id, held_on) in enumerate(held):
        due = held_on + timedelta(days=30)
        done = None
        if due < today:
            on_time = in_time[n] < ON_TIME.get(held_on.year, 0.8)
            done = (
                due - timedelta(days=int(early_by[n]))
                if on_time
                else min(due + timedelta(days=int(late_by[n])), today)
            )
            done = max(done, held_on)
        rows.append(
            FollowUp(
                municipality_id=code,
                company_id=company_id,
                visit_id=visit_id,
                title=HISTORY_TITLES[n % len(HISTORY_TITLES)],
                source=f"Besök {held_on.isoformat()}",
                owner_id=owners[n % len(owners)],
                due_on=due,
                status=FollowUpStatus.DONE if done else FollowUpStatus.OPEN,
                done_on=done,
                synthetic=True,
            )
        )
    FollowUp.objects.bulk_create(rows, batch_size=500)


@transaction.atomic
def ensure_support_demo() -> None:
    """Create the demo rows that are not there yet (never duplicates)."""
    today = timezone.localdate()
    _make("2181", len(OFFERINGS), len(PROCUREMENT), len(FOLLOW_UPS), 3, today)
    _follow_up_history("2181", today)
    _make("2180", 3, 2, 2, 0, today)
