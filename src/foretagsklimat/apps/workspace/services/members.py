"""Members of a workspace: adding, changing a role, removing (audited; a workspace always
keeps an admin), and the accounts a form may choose among."""

from __future__ import annotations

from typing import Any

import pandas as pd
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from foretagsklimat.apps.reference.models import Municipality

from .. import audit
from ..models import Membership, Role


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


def add_member(municipality: Municipality, user: Any, role: str, by: Any) -> Membership:
    membership = Membership(municipality=municipality, user=user, role=role)
    audit.save(membership, by, "workspace.member.added")
    return membership


@transaction.atomic
def change_role(membership: Membership, role: str, by: Any) -> None:
    if role != Role.ADMIN and _last_admin(membership):
        raise MembershipError(_("Arbetsytan måste ha minst en administratör."))
    membership.role = role
    audit.save(membership, by, "workspace.member.role_changed", update_fields=["role"])


@transaction.atomic
def remove_member(membership: Membership, by: Any) -> None:
    if _last_admin(membership):
        raise MembershipError(_("Arbetsytan måste ha minst en administratör."))
    audit.delete(membership, by, "workspace.member.removed")


def member_users(municipality: Municipality) -> QuerySet[Any]:
    """The accounts of the municipality's members, any role (officers of visits, targets)."""
    users = Membership.objects.for_municipality(municipality).values("user_id")
    return get_user_model().objects.filter(pk__in=users).order_by("username")


def editor_users(municipality: Municipality) -> QuerySet[Any]:
    """The accounts that can own a follow-up: the municipality's editors and admins."""
    members = Membership.objects.for_municipality(municipality).filter(
        role__in=[Role.EDITOR, Role.ADMIN]
    )
    return get_user_model().objects.filter(pk__in=members.values("user")).order_by("username")


def members_frame(members: QuerySet[Membership]) -> pd.DataFrame:
    rows = [
        {
            "anvandarnamn": m.user.get_username(),
            "namn": m.user.get_full_name(),
            "e_post": m.user.email,
            "roll": m.get_role_display(),
            "medlem_sedan": timezone.localdate(m.created_at),
        }
        for m in members
    ]
    return pd.DataFrame(rows, columns=["anvandarnamn", "namn", "e_post", "roll", "medlem_sedan"])
