"""The ``account`` command: add users, grant the operator role, unlock after lock-out."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from foretagsklimat.apps.accounts.roles import is_survey_operator

pytestmark = pytest.mark.django_db

PASSWORD = "ett-långt-lösenord-2026"


def test_add_creates_an_operator_with_the_password_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("FORETAGSKLIMAT_NEW_PASSWORD", PASSWORD)
    call_command("account", "add", "karin", "--operator")
    user = User.objects.get(username="karin")
    assert user.check_password(PASSWORD)
    assert is_survey_operator(user)


def test_add_refuses_a_weak_password(monkeypatch) -> None:
    monkeypatch.setenv("FORETAGSKLIMAT_NEW_PASSWORD", "123")
    with pytest.raises(CommandError, match="Lösenordet duger inte"):
        call_command("account", "add", "karin")
    assert not User.objects.filter(username="karin").exists()


def test_add_refuses_an_existing_name(monkeypatch) -> None:
    monkeypatch.setenv("FORETAGSKLIMAT_NEW_PASSWORD", PASSWORD)
    User.objects.create_user("karin")
    with pytest.raises(CommandError, match="finns redan"):
        call_command("account", "add", "karin")


def test_the_operator_role_can_be_granted_and_revoked() -> None:
    user = User.objects.create_user("karin")
    call_command("account", "operator", "karin", "--grant")
    assert is_survey_operator(User.objects.get(pk=user.pk))
    call_command("account", "operator", "karin", "--revoke")
    assert not is_survey_operator(User.objects.get(pk=user.pk))


def test_unlock_removes_the_failed_attempts() -> None:
    AccessAttempt.objects.create(
        username="karin", ip_address="10.0.0.7", user_agent="test", failures_since_start=9
    )
    call_command("account", "unlock", "karin")
    assert not AccessAttempt.objects.filter(username="karin").exists()


def test_an_unknown_user_is_a_clear_error() -> None:
    with pytest.raises(CommandError, match="inget konto"):
        call_command("account", "operator", "nobody", "--grant")
