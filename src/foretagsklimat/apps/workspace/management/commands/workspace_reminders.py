"""``foretagsklimat workspace_reminders``: e-mail owners their overdue and soon-due follow-ups.

Run it once a day (cron or a systemd timer).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from foretagsklimat.apps.workspace.services.followups import REMINDER_DAYS, send_reminders


class Command(BaseCommand):
    help = f"E-mail each owner their overdue follow-ups and those due within {REMINDER_DAYS} days."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_reminders(timezone.localdate())
        self.stdout.write(f"{sent} påminnelser skickade.")
