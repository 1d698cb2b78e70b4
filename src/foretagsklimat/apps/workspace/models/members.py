"""The tenancy: a user's membership, with a role, in one municipality's workspace."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import Audited, ScopedModel, ScopedQuerySet


class Role(models.TextChoices):
    # Politicians follow the board's overview only: no personal data.
    POLITICIAN = "politician", _("politiker")
    VIEWER = "viewer", _("läsare")
    EDITOR = "editor", _("redigerare")
    ADMIN = "admin", _("administratör")


class Membership(ScopedModel, Audited):
    """A user's role in one municipality's workspace (a user may hold several)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workspace_memberships"
    )
    role = models.CharField(_("roll"), max_length=10, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(auto_now_add=True)
    #: The secret of the member's calendar feed of planned visits; None when turned off.
    #: Not audited as a value (the log would leak it): its changes are logged as events.
    calendar_token = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )

    AUDITED_FIELDS = ("user", "role")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "municipality"], name="one_membership_per_user")
        ]
        ordering = ["municipality__name", "user__username"]
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")

    def __str__(self) -> str:
        return f"{self.user} {self.municipality_id} {self.role}"

    def audit_label(self) -> dict[str, Any]:
        user = self.user
        return {"name": user.get_full_name() or user.get_username()}

    def audit_values(self) -> dict[str, Any]:
        # The account by its name: the log is read by people, and outlives removed members.
        return {"user": self.user.get_username(), "role": self.role}

    @property
    def can_view(self) -> bool:
        """Opens the workspace at all: the board's overview, goals, targets, aggregates."""
        return self.role in {Role.POLITICIAN, Role.VIEWER, Role.EDITOR, Role.ADMIN}

    @property
    def can_see_personal_data(self) -> bool:
        """The company register and its contacts, visits, follow-ups, support, procurement:
        every page that shows people or free text about them (not the politician's)."""
        return self.role in {Role.VIEWER, Role.EDITOR, Role.ADMIN}

    @property
    def can_edit(self) -> bool:
        return self.role in {Role.EDITOR, Role.ADMIN}

    @property
    def can_manage_members(self) -> bool:
        return self.role == Role.ADMIN

    #: Seeing the audit log and exporting a person's data are the admin's, like members.
    can_see_audit_log = can_manage_members
    can_export_personal_data = can_manage_members


class InvitationQuerySet(ScopedQuerySet):
    lookup = "membership__municipality"


class InvitationKind(models.TextChoices):
    INVITED = "invited", _("inbjudan")
    ACCESS_RESET = "reset", _("återställd åtkomst")


class Invitation(models.Model):
    """A member's link to choose a password, sent by the workspace's admin: when inviting a
    person by e-mail, or when resetting a member's access. Accepted at the member's next
    login; until then the members page lists it as pending."""

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="invitation"
    )
    kind = models.CharField(
        _("slag"), max_length=8, choices=InvitationKind.choices, default=InvitationKind.INVITED
    )
    email = models.EmailField(_("e-post"))
    sent_at = models.DateTimeField(_("skickad"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    times_sent = models.PositiveSmallIntegerField(_("antal utskick"), default=1)
    accepted_at = models.DateTimeField(_("accepterad"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("inbjudan")
        verbose_name_plural = _("inbjudningar")

    def __str__(self) -> str:
        return f"{self.email} {self.membership.municipality_id} {self.kind}"
