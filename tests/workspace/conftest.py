"""The shared cast: Sandviken (2181) admin, editor, viewer and politician; Gävle (2180) admin;
one company with one contact in each municipality."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.test import Client

from foretagsklimat.apps.workspace.models import Company, Contact, Membership, Role


@dataclass
class Cast:
    sandviken_admin: User
    sandviken_editor: User
    sandviken_viewer: User
    gavle_admin: User
    company: Company
    contact: Contact
    gavle_company: Company
    gavle_contact: Contact
    sandviken_politician: User

    def client(self, user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client


def _member(username: str, code: str, role: str) -> User:
    user = User.objects.create_user(username, password=f"{username}-pw-1234")
    Membership.objects.create(user=user, municipality_id=code, role=role)
    return user


@pytest.fixture
def cast(db: None) -> Cast:
    company = Company.objects.create(
        municipality_id="2181",
        orgnr="5560360793",
        name="Sandvikens Testverkstad AB",
        sni="25110",
        employees=12,
        postal_town="Sandviken",
        area="Storvik",
    )
    gavle_company = Company.objects.create(
        municipality_id="2180",
        orgnr="5565475489",
        name="Gävle Testhamn AB",
        sni="52100",
        employees=80,
        postal_town="Gävle",
        area="Valbo",
    )
    return Cast(
        sandviken_admin=_member("sv-admin", "2181", Role.ADMIN),
        sandviken_editor=_member("sv-editor", "2181", Role.EDITOR),
        sandviken_viewer=_member("sv-viewer", "2181", Role.VIEWER),
        gavle_admin=_member("gv-admin", "2180", Role.ADMIN),
        company=company,
        contact=Contact.objects.create(
            company=company,
            name="Anna Testsson",
            role="VD",
            phone="070-174 06 05",
            email="anna@example.com",
            consent=True,
            consent_date="2025-03-01",
        ),
        gavle_company=gavle_company,
        gavle_contact=Contact.objects.create(
            company=gavle_company, name="Bo Provsson", email="bo@example.com"
        ),
        sandviken_politician=_member("sv-politiker", "2181", Role.POLITICIAN),
    )
