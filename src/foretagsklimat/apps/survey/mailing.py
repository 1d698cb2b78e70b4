"""Invitations and reminders by e-mail, through Django's e-mail framework.

Each message is rendered from a Swedish template whose first line is the subject
(``survey/email/invitation.txt``, ``survey/email/reminder.txt``) and sent over one
connection per batch; the invitations are marked as soon as their batch is sent, so an
interrupted send can simply be run again. Settings: ``EMAIL_BACKEND`` and friends,
``DEFAULT_FROM_EMAIL``, ``SITE_URL`` (the base of the personal links), ``MIN_ANSWERS``.
"""

from __future__ import annotations

from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .fieldwork import ensure_open
from .models import Invitation, SurveyRound

BATCH = 500
SYNTHETIC_PREFIX = "[Syntetisk demo] "


def personal_link(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("survey:respond", args=[invitation.token])


def organisation() -> str:
    """Who is asking: ``SURVEY_ORGANISATION`` or the display name of the sender address."""
    return (
        getattr(settings, "SURVEY_ORGANISATION", "")
        or parseaddr(settings.DEFAULT_FROM_EMAIL)[0]
        or "Företagsklimat"
    )


def render_message(
    template: str, invitation: Invitation, survey_round: SurveyRound
) -> EmailMessage:
    """One e-mail from a template whose first line is the subject and the rest the body."""
    with translation.override("sv"):
        text = render_to_string(
            template,
            {
                "invitation": invitation,
                "round": survey_round,
                "link": personal_link(invitation),
                "municipality": invitation.municipality.name,
                "organisation": organisation(),
                "min_answers": settings.MIN_ANSWERS,
                "politician": invitation.respondent_type == "politician",
            },
        )
    subject, _, body = text.lstrip().partition("\n")
    subject = subject.strip()
    if survey_round.synthetic:
        subject = SYNTHETIC_PREFIX + subject
    return EmailMessage(subject, body.lstrip("\n"), to=[invitation.email])


def _send(
    template: str, survey_round: SurveyRound, recipients: QuerySet[Invitation], *, reminder: bool
) -> int:
    ensure_open(survey_round)
    pks = list(recipients.order_by("pk").values_list("pk", flat=True))
    sent = 0
    connection = get_connection()
    with connection:
        for start in range(0, len(pks), BATCH):
            batch = list(
                Invitation.objects.filter(pk__in=pks[start : start + BATCH]).select_related(
                    "municipality"
                )
            )
            messages = [render_message(template, inv, survey_round) for inv in batch]
            connection.send_messages(messages)
            now = timezone.now()
            marked = Invitation.objects.filter(pk__in=[inv.pk for inv in batch])
            if reminder:
                marked.update(reminders_sent=F("reminders_sent") + 1, last_reminded_at=now)
            else:
                marked.update(invited_at=now)
            sent += len(batch)
    return sent


def _reachable(survey_round: SurveyRound) -> QuerySet[Invitation]:
    """The round's invitations with an address whose company has not opted out since."""
    return (
        Invitation.objects.filter(round=survey_round).exclude(email="").exclude(site__opt_out=True)
    )


def send_invitations(survey_round: SurveyRound) -> int:
    """E-mail every not yet invited respondent their personal link; returns how many."""
    recipients = _reachable(survey_round).filter(invited_at__isnull=True)
    return _send("survey/email/invitation.txt", survey_round, recipients, reminder=False)


def send_reminders(survey_round: SurveyRound) -> int:
    """Remind those invited who have not answered, at most ``max_reminders`` times each."""
    recipients = _reachable(survey_round).filter(
        invited_at__isnull=False,
        submitted_at__isnull=True,
        reminders_sent__lt=survey_round.max_reminders,
    )
    return _send("survey/email/reminder.txt", survey_round, recipients, reminder=True)
