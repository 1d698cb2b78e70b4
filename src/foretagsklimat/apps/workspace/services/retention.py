"""Retention (gallring) of personal data in the workspaces, by rules set in the settings.

Each rule keeps data for a number of months (0: keep it). What is due is found with
querysets; :func:`apply_retention` applies every rule in one transaction and writes one
``workspace.retention.applied`` entry per municipality with the counts. Contacts are erased
by :func:`.companies.erase_contact`, as an erasure on request is: the row stays without
personal data, so the anonymous counts survive, and earlier audit entries are redacted.

The ``workspace_retention`` command runs it (daily, from cron).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from foretagsklimat.apps.reference.models import Municipality

from .. import audit
from ..models import (
    AuditEntry,
    Contact,
    Evaluation,
    FollowUp,
    FollowUpStatus,
    ProcurementItem,
    SupportReferral,
    Visit,
)
from .companies import erase_contact


@dataclass(frozen=True)
class Rule:
    key: str
    setting: str
    label: Promise


CONTACTS_WITHOUT_CONSENT = Rule(
    "contacts_without_consent",
    "RETAIN_CONTACTS_WITHOUT_CONSENT_MONTHS",
    _("Kontaktpersoner utan samtycke, när varken de eller företaget har varit aktuella"),
)
CONTACTS = Rule(
    "contacts",
    "RETAIN_CONTACTS_MONTHS",
    _("Alla kontaktpersoner, när varken de eller företaget har varit aktuella"),
)
EVALUATION_COMMENTS = Rule(
    "evaluation_comments",
    "RETAIN_EVALUATION_COMMENTS_MONTHS",
    _("Kommentarer i utvärderingar (betygen sparas)"),
)
AUDIT_ENTRIES = Rule(
    "audit_entries",
    "RETAIN_AUDIT_MONTHS",
    _("Poster i ändringsloggen"),
)
RULES = (CONTACTS_WITHOUT_CONSENT, CONTACTS, EVALUATION_COMMENTS, AUDIT_ENTRIES)


def months(rule: Rule) -> int:
    """The rule's retention in months from the settings; 0 keeps the data."""
    return int(getattr(settings, rule.setting, 0) or 0)


def active_rules() -> list[tuple[Rule, int]]:
    """Every rule with its months (0: kept), for the members page and the command."""
    return [(rule, months(rule)) for rule in RULES]


def months_before(day: dt.date, count: int) -> dt.date:
    """The same day ``count`` months earlier (the month's last day if it is shorter).

    >>> months_before(dt.date(2026, 3, 31), 1)
    datetime.date(2026, 2, 28)
    >>> months_before(dt.date(2026, 3, 14), 24)
    datetime.date(2024, 3, 14)
    """
    year, month = divmod(day.year * 12 + day.month - 1 - count, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return day.replace(year=year, month=month + 1, day=min(day.day, last))


def cutoff(now: dt.datetime, count: int) -> dt.datetime:
    """Local midnight ``count`` months before ``now``'s local date: older is due."""
    day = months_before(timezone.localtime(now).date(), count)
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def _company_active_since(since: dt.datetime) -> Q:
    """Contacts whose company has had something going on since ``since``: a visit (held
    or planned), a follow-up (made, due, closed, or still open), a support referral or a
    procurement post. While that is so, the contact person is still needed."""
    day = timezone.localtime(since).date()
    company = OuterRef("company")
    return (
        Q(
            Exists(
                Visit.objects.filter(Q(planned_for__gte=day) | Q(held_on__gte=day), company=company)
            )
        )
        | Q(
            Exists(
                FollowUp.objects.filter(
                    Q(status=FollowUpStatus.OPEN)
                    | Q(created_at__gte=since)
                    | Q(due_on__gte=day)
                    | Q(done_on__gte=day),
                    company=company,
                )
            )
        )
        | Q(Exists(SupportReferral.objects.filter(date__gte=day, company=company)))
        | Q(Exists(ProcurementItem.objects.filter(date__gte=day, companies=company)))
    )


def _inactive_contacts(contacts: QuerySet[Contact], since: dt.datetime) -> QuerySet[Contact]:
    return contacts.filter(erased_at__isnull=True, updated_at__lt=since).exclude(
        _company_active_since(since)
    )


def due(now: dt.datetime, municipality: Municipality | None = None) -> dict[str, QuerySet]:
    """Per rule key, the rows due under the rule at ``now`` (rules set to 0 are left out).

    A contact due under both contact rules counts under the one without consent only.
    """
    contacts: QuerySet[Contact] = Contact.objects.all()
    evaluations: QuerySet[Evaluation] = Evaluation.objects.all()
    entries: QuerySet[AuditEntry] = AuditEntry.objects.all()
    if municipality is not None:
        contacts = Contact.objects.for_municipality(municipality)
        evaluations = evaluations.filter(visit__municipality=municipality)
        entries = AuditEntry.objects.for_municipality(municipality)
    found: dict[str, QuerySet] = {}
    if count := months(CONTACTS_WITHOUT_CONSENT):
        found[CONTACTS_WITHOUT_CONSENT.key] = _inactive_contacts(
            contacts.filter(consent=False), cutoff(now, count)
        )
    if count := months(CONTACTS):
        all_due = _inactive_contacts(contacts, cutoff(now, count))
        if CONTACTS_WITHOUT_CONSENT.key in found:
            all_due = all_due.exclude(pk__in=found[CONTACTS_WITHOUT_CONSENT.key].values("pk"))
        found[CONTACTS.key] = all_due
    if count := months(EVALUATION_COMMENTS):
        found[EVALUATION_COMMENTS.key] = evaluations.exclude(comment="").filter(
            submitted_at__lt=cutoff(now, count)
        )
    if count := months(AUDIT_ENTRIES):
        found[AUDIT_ENTRIES.key] = entries.filter(at__lt=cutoff(now, count))
    return found


#: The path from each rule's rows to their municipality.
MUNICIPALITY_OF = {
    CONTACTS_WITHOUT_CONSENT.key: "company__municipality",
    CONTACTS.key: "company__municipality",
    EVALUATION_COMMENTS.key: "visit__municipality",
    AUDIT_ENTRIES.key: "municipality",
}


@dataclass
class Report:
    """Rows due (or handled) per municipality code and rule key."""

    counts: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))

    @property
    def total(self) -> int:
        return sum(n for rules in self.counts.values() for n in rules.values())


def count_due(found: dict[str, QuerySet]) -> Report:
    """Counts per municipality, one grouped query per rule."""
    report = Report()
    for key, rows in found.items():
        path = MUNICIPALITY_OF[key]
        for row in rows.order_by().values(path).annotate(n=Count("pk")):
            report.counts[row[path]][key] = row["n"]
    return report


def apply_retention(
    now: dt.datetime | None = None,
    municipality: Municipality | None = None,
    *,
    dry_run: bool = False,
) -> Report:
    """Apply every rule (or, with ``dry_run``, only count); returns what was due."""
    now = now or timezone.now()
    with transaction.atomic():
        found = due(now, municipality)
        report = count_due(found)
        if dry_run or not report.total:
            return report
        contact_rules = [
            found[k] for k in (CONTACTS_WITHOUT_CONSENT.key, CONTACTS.key) if k in found
        ]
        # One erasure path for requests and retention: the same fields blanked and the
        # same redaction of earlier audit entries. Few contacts fall due on a given day.
        for rows in contact_rules:
            for contact in rows.select_related("company__municipality"):
                erase_contact(contact, None)
        if EVALUATION_COMMENTS.key in found:
            found[EVALUATION_COMMENTS.key].update(comment="")
        if AUDIT_ENTRIES.key in found:
            found[AUDIT_ENTRIES.key].delete()
        municipalities = Municipality.objects.in_bulk(list(report.counts))
        for code, counts in sorted(report.counts.items()):
            audit.record(
                municipalities[code],
                None,
                "workspace.retention.applied",
                None,
                {key: [None, n] for key, n in counts.items()},
            )
    return report
