"""Follow-up actions: what the municipality promised a company."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import Audited, WorkspaceModel
from .companies import Company


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("öppen")
    DONE = "done", _("klar")


class FollowUp(WorkspaceModel, Audited):
    """A follow-up action for a company, owned by a member, due on a date; ``visit`` is
    the visit it came from, if any (a visit of the same company)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="follow_ups")
    title = models.CharField(_("åtgärd"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="workspace_follow_ups",
        verbose_name=_("ansvarig"),
    )
    due_on = models.DateField(_("senast"))
    status = models.CharField(
        _("status"), max_length=4, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    done_on = models.DateField(_("klar den"), null=True, blank=True)
    source = models.CharField(
        _("ursprung"),
        max_length=200,
        blank=True,
        help_text=_("Till exempel besöket eller mötet där den kom upp."),
    )
    # Kept when the visit goes: the follow-up is still owed to the company.
    visit = models.ForeignKey(
        "Visit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
        verbose_name=_("besök"),
    )
    # The table has no updated_at column.
    updated_at = None  # type: ignore[assignment]

    AUDITED_FIELDS = ("company", "visit", "title", "owner", "due_on", "status", "done_on", "source")

    class Meta:
        ordering = ["status", "due_on", "id"]
        verbose_name = _("uppföljning")
        verbose_name_plural = _("uppföljningar")

    def __str__(self) -> str:
        return self.title

    def audit_label(self) -> dict[str, Any]:
        return {"name": self.title, "company": self.company.name}

    def is_overdue(self, today: Any) -> bool:
        """Open and past its due date on ``today`` (a date)."""
        return self.status == FollowUpStatus.OPEN and self.due_on < today

    def mark_done(self, today: Any) -> None:
        self.status = FollowUpStatus.DONE
        self.done_on = today
