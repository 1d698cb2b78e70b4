"""Shared cast for the survey field-work tests: an operator, an outsider, an open round.

The round is built directly from models so that every part of the field work can be
tested on its own: two municipalities (Sandviken 2181, Gävle 2180), four company sites
with personal links in each, and two council members in Sandviken.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group, User

from foretagsklimat.apps.accounts.roles import SURVEY_OPERATOR, ensure_role_groups
from foretagsklimat.apps.survey.models import (
    Invitation,
    RegisterSite,
    RespondentType,
    RoundStatus,
    SurveyRound,
)

#: Valid Swedish organisation numbers (Luhn check digit), one per fixture site.
ORGNRS = (
    "5560360793",
    "5565475489",
    "5567037485",
    "5562414945",
    "5590000005",
    "5590000013",
    "5590000021",
    "5590000039",
)


@dataclass
class OpenRound:
    round: SurveyRound
    companies: list[Invitation]
    politicians: list[Invitation]

    def in_municipality(self, code: str) -> list[Invitation]:
        return [i for i in self.companies if i.municipality_id == code]


@pytest.fixture
def operator(db: None) -> User:
    ensure_role_groups()
    user = User.objects.create_user("operator", password="operator-pw-1234")
    user.groups.add(Group.objects.get(name=SURVEY_OPERATOR))
    return user


@pytest.fixture
def outsider(db: None) -> User:
    """Logged in, but without the survey operator's role."""
    return User.objects.create_user("outsider", password="outsider-pw-1234")


@pytest.fixture
def open_round(db: None) -> OpenRound:
    survey_round = SurveyRound.objects.create(
        year=2025, status=RoundStatus.OPEN, includes_politicians=True, max_reminders=2, seed=1
    )
    companies = []
    for number, orgnr in enumerate(ORGNRS):
        code = "2181" if number < 4 else "2180"
        site = RegisterSite.objects.create(
            orgnr=orgnr,
            name=f"Testföretag {number} AB",
            legal_form="AB",
            sni="25110",
            employees=5 + number,
            turnover_sek=2_000_000,
            municipality_id=code,
            site_type=RegisterSite.SiteType.HEAD_OFFICE,
            email=f"foretag{number}@example.se",
            postal_address="Storgatan 1",
        )
        companies.append(
            Invitation.objects.create(
                round=survey_round,
                token=secrets.token_urlsafe(24),
                municipality_id=code,
                site=site,
                email=site.email,
            )
        )
    politicians = [
        Invitation.objects.create(
            round=survey_round,
            token=secrets.token_urlsafe(24),
            municipality_id="2181",
            respondent_type=RespondentType.POLITICIAN,
            name=f"Ledamot {n}",
            email=f"ledamot{n}@sandviken.example.se",
        )
        for n in range(2)
    ]
    return OpenRound(survey_round, companies, politicians)
