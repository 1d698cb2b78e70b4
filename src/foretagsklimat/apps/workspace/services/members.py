"""Members of a workspace: inviting by e-mail, adding, changing a role, resetting access,
removing (audited; a workspace always keeps an admin), and the accounts a form may choose
among."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from foretagsklimat.apps.accounts.roles import is_survey_operator
from foretagsklimat.apps.accounts.tokens import invitation_url
from foretagsklimat.apps.reference.models import Municipality

from .. import audit
from ..models import Invitation, InvitationKind, Membership, Role


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


def _send(template: str, membership: Membership, by: Any, link: str) -> None:
    """One e-mail to the member, in the language of the admin's page."""
    context = {
        "user": membership.user,
        "workspace": membership.municipality.name,
        "role": membership.get_role_display(),
        "by": (by.get_full_name() or by.get_username()) if by is not None else "",
        "link": link,
        "days": settings.INVITATION_DAYS,
        "login_url": f"{settings.SITE_URL}{reverse('accounts:login')}",
    }
    subject = "".join(
        render_to_string(f"workspace/email/{template}_subject.txt", context).splitlines()
    )
    body = render_to_string(f"workspace/email/{template}.txt", context)
    send_mail(subject, body, None, [membership.user.email])


def _send_link(membership: Membership, kind: str, by: Any) -> Invitation:
    """Send a set-password link and record it as the member's pending invitation."""
    user = membership.user
    invitation, created = Invitation.objects.get_or_create(
        membership=membership,
        defaults={"kind": kind, "email": user.email, "sent_at": timezone.now(), "sent_by": by},
    )
    if not created:
        invitation.kind = kind
        invitation.email = user.email
        invitation.sent_at = timezone.now()
        invitation.sent_by = by
        invitation.accepted_at = None
        invitation.times_sent += 1
        invitation.save()
    template = "invitation" if kind == InvitationKind.INVITED else "access_reset"
    _send(template, membership, by, invitation_url(user))
    return invitation


class InvitationError(ValueError):
    """An invitation that cannot be made or sent; the message says why."""


def existing_account(email: str) -> Any:
    """The one active account with this e-mail (any case), None if there is none."""
    accounts = list(get_user_model().objects.filter(email__iexact=email.strip()))
    if len(accounts) > 1:
        raise InvitationError(
            _("Flera konton har den e-postadressen; be driften lägga till rätt konto.")
        )
    if accounts and not accounts[0].is_active:
        raise InvitationError(_("Kontot med den e-postadressen är avstängt."))
    return accounts[0] if accounts else None


def _new_username(email: str) -> str:
    model = get_user_model()
    base = email.strip().lower()[:140]
    username, number = base, 1
    while model.objects.filter(username=username).exists():
        number += 1
        username = f"{base}-{number}"
    return username


@transaction.atomic
def invite_member(
    municipality: Municipality, name: str, email: str, role: str, by: Any
) -> tuple[Membership, bool]:
    """Give the person with ``email`` the ``role`` and tell them by e-mail; returns the
    membership and whether a set-password link went (a new account, or one that has no
    password yet). An account that already has a password only learns that it was added:
    an invitation must not let whoever reads the e-mail replace a password in use."""
    user = existing_account(email)
    if user is None:
        first, _space, last = name.strip().rpartition(" ")
        user = get_user_model().objects.create_user(
            _new_username(email),
            email=email.strip(),
            first_name=(first or last)[:150],
            last_name=(last if first else "")[:150],
        )  # no password: unusable until the invited person chooses one
    if Membership.objects.filter(user=user, municipality=municipality).exists():
        raise InvitationError(_("Kontot är redan medlem i arbetsytan."))
    membership = Membership(municipality=municipality, user=user, role=role)
    audit.save(membership, by, "workspace.member.invited")
    if user.has_usable_password():
        _send("added", membership, by, "")
        return membership, False
    _send_link(membership, InvitationKind.INVITED, by)
    return membership, True


@transaction.atomic
def resend_invitation(membership: Membership, by: Any) -> Invitation:
    """A new link for a pending invitation (the old one keeps working until it expires)."""
    invitation = Invitation.objects.filter(membership=membership, accepted_at=None).first()
    if invitation is None:
        raise InvitationError(_("Medlemmen har ingen väntande inbjudan."))
    if not membership.user.email:
        raise InvitationError(_("Kontot saknar e-postadress."))
    sent = _send_link(membership, invitation.kind, by)
    audit.record(
        membership.municipality,
        by,
        "workspace.member.invitation_resent",
        membership,
        {"e_post": [None, sent.email]},
    )
    return sent


def access_reset_refusal(membership: Membership, by: Any) -> str | None:
    """Why the admin may not reset this member's access, or None when they may."""
    user = membership.user
    if user.pk == getattr(by, "pk", None):
        return _("Din egen åtkomst återställer du med Glömt lösenordet på inloggningssidan.")
    if user.is_staff or user.is_superuser or is_survey_operator(user):
        return _("Kontot har en roll på hela webbplatsen; driften återställer dess åtkomst.")
    if not user.email:
        return _("Kontot saknar e-postadress.")
    if not user.is_active:
        return _("Kontot är avstängt.")
    return None


@transaction.atomic
def reset_access(membership: Membership, by: Any) -> Invitation:
    """The member's password stops working (which also ends their sessions: Django ties a
    session to the password) and a link to choose a new one goes to their e-mail."""
    if (reason := access_reset_refusal(membership, by)) is not None:
        raise InvitationError(reason)
    user = membership.user
    user.set_unusable_password()
    user.save(update_fields=["password"])
    sent = _send_link(membership, InvitationKind.ACCESS_RESET, by)
    audit.record(
        membership.municipality,
        by,
        "workspace.member.access_reset",
        membership,
        {"e_post": [None, sent.email]},
    )
    return sent


def accept_invitations(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """``user_logged_in``: a login, after choosing a password or otherwise, accepts the
    user's pending invitations."""
    Invitation.objects.filter(membership__user=user, accepted_at=None).update(
        accepted_at=timezone.now()
    )


def pending_invitations(municipality: Municipality) -> list[Invitation]:
    invitations = (
        Invitation.objects.for_municipality(municipality)
        .filter(accepted_at__isnull=True)
        .select_related("membership__user", "sent_by")
        .order_by("-sent_at")
    )
    lifetime = dt.timedelta(days=settings.INVITATION_DAYS)
    found = list(invitations)
    for invitation in found:
        # Shown on the members page beside each pending invitation.
        invitation.expires_at = invitation.sent_at + lifetime
        invitation.expired = invitation.expires_at < timezone.now()
    return found


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
