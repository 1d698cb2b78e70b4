"""``foretagsklimat workspace_retention``: apply the retention rules for personal data.

Run it once a day (cron or a systemd timer), like ``workspace_reminders``. ``--dry-run``
only reports what is due.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from foretagsklimat.apps.reference.models import Municipality
from foretagsklimat.apps.workspace.services.retention import RULES, active_rules, apply_retention


class Command(BaseCommand):
    help = (
        "Apply the retention rules (FORETAGSKLIMAT_RETAIN_*_MONTHS): erase inactive "
        "contacts, blank old evaluation comments, delete old audit entries."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what is due; change nothing."
        )
        parser.add_argument(
            "--municipality", metavar="KOMMUNKOD", help="Only this municipality's workspace."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = None
        if options["municipality"]:
            municipality = Municipality.objects.filter(code=options["municipality"]).first()
            if municipality is None:
                raise CommandError(f"Okänd kommunkod: {options['municipality']}")
        for rule, months in active_rules():
            kept = f"{months} månader" if months else "sparas (0)"
            self.stdout.write(f"Regel {rule.key}: {kept}")
        dry_run = options["dry_run"]
        report = apply_retention(municipality=municipality, dry_run=dry_run)
        names = dict(
            Municipality.objects.filter(code__in=list(report.counts)).values_list("code", "name")
        )
        for code, counts in sorted(report.counts.items()):
            for rule in RULES:
                if rule.key in counts:
                    self.stdout.write(f"{code} {names[code]}: {rule.key} {counts[rule.key]}")
        if not report.total:
            self.stdout.write("Inget att gallra.")
        elif dry_run:
            self.stdout.write(f"Provkörning: {report.total} poster skulle gallras; inget ändrades.")
        else:
            self.stdout.write(f"{report.total} poster gallrade.")
