"""Demo accounts: one password for all, from the environment or generated once."""

from __future__ import annotations

import os
import secrets

from django.contrib.auth.models import Group, User

from foretagsklimat.apps.accounts.roles import SURVEY_OPERATOR, ensure_role_groups

PASSWORD_VARIABLE = "FORETAGSKLIMAT_DEMO_PASSWORD"
SURVEY_OPERATOR_ACCOUNT = "enkatoperator"


def demo_password() -> tuple[str, bool]:
    """The demo password and whether it was generated (and so must be printed)."""
    chosen = os.environ.get(PASSWORD_VARIABLE)
    if chosen:
        return chosen, False
    return secrets.token_urlsafe(12), True


def ensure_account(username: str, password: str, *, groups: tuple[str, ...] = ()) -> User:
    """Create or update a demo account with the given password and role groups."""
    ensure_role_groups()
    user, _created = User.objects.get_or_create(username=username)
    user.set_password(password)
    user.is_active = True
    user.save()
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def ensure_operator_account(password: str) -> User:
    return ensure_account(SURVEY_OPERATOR_ACCOUNT, password, groups=(SURVEY_OPERATOR,))
