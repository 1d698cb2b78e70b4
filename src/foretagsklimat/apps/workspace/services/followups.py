"""Follow-up actions: saving and closing them with their audit entry, the lists, and
the reminders the ``workspace_reminders`` command sends."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import pandas as pd
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import audit
from ..models import FollowUp, FollowUpStatus, Visit

#: Reminders cover what is overdue and what falls due within this many days.
REMINDER_DAYS = 3


def visit_label(visit: Visit) -> str:
    """How a follow-up names the visit it came from: "Besök 2026-03-14" (held or planned)."""
    return _("Besök %(date)s") % {"date": (visit.held_on or visit.planned_for).isoformat()}


@transaction.atomic
def create_follow_up(follow_up: FollowUp, user: Any) -> FollowUp:
    """Save a new follow-up; one made from a visit is for the visit's company and, unless
    the user wrote one, gets the visit as its source."""
    if follow_up.visit is not None:
        follow_up.company = follow_up.visit.company
        if not follow_up.source:
            follow_up.source = visit_label(follow_up.visit)
    audit.save(follow_up, user, "workspace.followup.created")
    return follow_up


@transaction.atomic
def mark_done(follow_up: FollowUp, user: Any, today: dt.date) -> bool:
    """Close an open follow-up; False (and nothing logged) if it was already done."""
    if follow_up.status == FollowUpStatus.DONE:
        return False
    follow_up.mark_done(today)
    audit.save(follow_up, user, "workspace.followup.done", update_fields=["status", "done_on"])
    return True


def delete_follow_up(follow_up: FollowUp, user: Any) -> None:
    audit.delete(follow_up, user, "workspace.followup.deleted")


def overdue(follow_ups: QuerySet[FollowUp], today: dt.date) -> QuerySet[FollowUp]:
    """The queryset twin of :meth:`FollowUp.is_overdue`."""
    return follow_ups.filter(status=FollowUpStatus.OPEN, due_on__lt=today)


FRAME_COLUMNS = [
    "atgard",
    "organisationsnummer",
    "foretag",
    "ansvarig",
    "senast",
    "status",
    "klar_den",
    "forsenad",
    "ursprung",
    "besok",
]


def follow_ups_frame(follow_ups: QuerySet[Any], today: dt.date) -> pd.DataFrame:
    """One row per follow-up; ``besok`` is the date of the visit it came from, if any."""
    rows = [
        {
            "atgard": f.title,
            "organisationsnummer": f.company.orgnr,
            "foretag": f.company.name,
            "ansvarig": f.owner.get_username() if f.owner else "",
            "senast": f.due_on,
            "status": f.get_status_display(),
            "klar_den": f.done_on,
            "forsenad": f.is_overdue(today),
            "ursprung": f.source,
            "besok": (f.visit.held_on or f.visit.planned_for) if f.visit else None,
        }
        for f in follow_ups.select_related("company", "owner", "visit")
    ]
    return pd.DataFrame(rows, columns=FRAME_COLUMNS)


def send_reminders(today: dt.date) -> int:
    """E-mail each owner their overdue follow-ups and those due within
    :data:`REMINDER_DAYS` days, across all municipalities; returns the number of e-mails."""
    due = (
        FollowUp.objects.filter(
            status=FollowUpStatus.OPEN,
            owner__isnull=False,
            due_on__lte=today + dt.timedelta(days=REMINDER_DAYS),
        )
        .exclude(owner__email="")
        .select_related("owner", "company", "municipality")
        .order_by("owner_id", "due_on", "id")
    )
    by_owner: dict[Any, list[FollowUp]] = defaultdict(list)
    for follow_up in due:
        by_owner[follow_up.owner].append(follow_up)
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    for owner, items in by_owner.items():
        context = {
            "owner": owner,
            "today": today,
            "overdue": [f for f in items if f.is_overdue(today)],
            "upcoming": [f for f in items if not f.is_overdue(today)],
            "links": {
                code: site + reverse("workspace:followups", args=[code]) + "?visa=mina"
                for code in sorted({f.municipality.code for f in items})
            },
        }
        send_mail(
            subject=render_to_string("workspace/followups/reminder_subject.txt", context).strip(),
            message=render_to_string("workspace/followups/reminder_email.txt", context),
            from_email=None,
            recipient_list=[owner.email],
        )
    return len(by_owner)
