"""The demo workspaces: accounts, memberships, synthetic companies and fake contacts."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from foretagsklimat.apps.site.demo.workspace import ensure_workspace_demo
from foretagsklimat.apps.workspace.models import Company, Contact, Membership

pytestmark = pytest.mark.django_db


def test_the_demo_creates_five_accounts_and_synthetic_workspaces_idempotently() -> None:
    names = ensure_workspace_demo("demo-lösenord-123")
    counts = Company.objects.filter(municipality_id="2181").count()
    ensure_workspace_demo("demo-lösenord-123")
    assert names == [
        "sandviken-admin",
        "sandviken-editor",
        "sandviken-viewer",
        "sandviken-politiker",
        "gavle-admin",
    ]
    assert Membership.objects.get(user__username="sandviken-politiker").role == "politician"
    assert Company.objects.filter(municipality_id="2181").count() == counts
    assert 150 <= counts <= 600
    assert not Company.objects.filter(synthetic=False).exists()
    assert Membership.objects.get(user__username="gavle-admin").municipality_id == "2180"
    contacts = Contact.objects.all()
    assert 0 < contacts.count() <= 80
    assert all(c.email.endswith("@example.com") for c in contacts)
    assert User.objects.get(username="sandviken-viewer").check_password("demo-lösenord-123")


def test_the_demo_workspace_says_its_data_is_synthetic() -> None:
    ensure_workspace_demo("demo-lösenord-123")
    client = Client()
    client.force_login(User.objects.get(username="sandviken-viewer"))
    response = client.get("/arbetsyta/", follow=True)
    assert response.redirect_chain[-1][0] == "/arbetsyta/2181/"
    assert 'data-testid="synthetic-workspace"' in response.content.decode()


def test_every_held_demo_visit_can_be_handed_over_by_its_short_code() -> None:
    from foretagsklimat.apps.workspace.models import Visit

    ensure_workspace_demo("demo-lösenord-123")
    held = Visit.objects.filter(held_on__isnull=False)
    assert held.exists()
    assert not held.filter(evaluation_code__isnull=True).exists()
    assert not Visit.objects.filter(held_on__isnull=True, evaluation_code__isnull=False).exists()
