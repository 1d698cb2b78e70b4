"""Invitations and reminders by e-mail, through Django's e-mail framework.

Each message is rendered from a Swedish template whose first line is the subject
(``survey/email/invitation.txt``, ``survey/email/reminder.txt``) and sent over one
connection per batch; the invitations are marked as soon as their batch is sent, so an
interrupted send can simply be run again. Reminders go in recorded batches
(:class:`~.models.ReminderBatch`), at most one per ``REMINDER_INTERVAL_HOURS`` and round.
Settings: ``EMAIL_BACKEND`` and friends, ``DEFAULT_FROM_EMAIL``, ``SITE_URL`` (the base of
the personal links), ``MIN_ANSWERS``, ``REMINDER_INTERVAL_HOURS``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Count, F, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from .fieldwork import FieldworkError, ensure_open
from .models import Invitation, ReminderBatch, RespondentType, SurveyRound

BATCH = 500
SYNTHETIC_PREFIX = "[Syntetisk demo] "
#: How a reminder's time is written: "3 dec 14:05" in Swedish (``b``: the month in lower
#: case, as Swedish writes it), "3 Dec 14:05" in English (``M``: capitalised).
WHEN_FORMATS = {"sv": "j b H:i", "en": "j M H:i"}


class RemindersTooSoon(FieldworkError):
    """The round's last reminder batch went less than the reminder interval ago."""

    def __init__(self, last: ReminderBatch, next_at: dt.datetime) -> None:
        self.last = last
        self.next_at = next_at
        super().__init__(
            _(
                "Senaste påminnelsen för omgången %(year)s skickades %(last)s; nästa kan "
                "skickas från %(next)s."
            )
            % {
                "year": last.round.year,
                "last": when(last.started_at),
                "next": when(next_at),
            }
        )


def when(moment: dt.datetime) -> str:
    """A moment as people read it, in local time and the active language: "3 dec 14:05"."""
    language = (translation.get_language() or "sv")[:2]
    return formats.date_format(timezone.localtime(moment), WHEN_FORMATS.get(language, "j b H:i"))


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
    template: str,
    survey_round: SurveyRound,
    recipients: QuerySet[Invitation],
    *,
    reminder: bool,
    on_sent: Callable[[int], Any] | None = None,
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
            if on_sent is not None:
                on_sent(len(batch))
    return sent


def _reachable(survey_round: SurveyRound) -> QuerySet[Invitation]:
    """The round's invitations with an address whose company has not opted out since."""
    return (
        Invitation.objects.filter(round=survey_round).exclude(email="").exclude(site__opt_out=True)
    )


def invitation_recipients(survey_round: SurveyRound) -> QuerySet[Invitation]:
    """Who :func:`send_invitations` would e-mail now: the reachable not yet invited."""
    return _reachable(survey_round).filter(invited_at__isnull=True)


def reminder_recipients(
    survey_round: SurveyRound, *, since: dt.datetime | None = None
) -> QuerySet[Invitation]:
    """Who :func:`send_reminders` would remind: invited, not answered, reminders left.

    ``since`` leaves out those reminded from that moment on (the part of an interrupted
    batch that did go out).
    """
    recipients = _reachable(survey_round).filter(
        invited_at__isnull=False,
        submitted_at__isnull=True,
        reminders_sent__lt=survey_round.max_reminders,
    )
    if since is not None:
        recipients = recipients.exclude(last_reminded_at__gte=since)
    return recipients


@dataclass(frozen=True)
class Recipients:
    """Whom a sending reaches, for the question asked before it: counts and places."""

    companies: int
    council_members: int
    #: (kommunkod, name) of the municipalities reached, sorted by name.
    municipalities: tuple[tuple[str, str], ...]

    @property
    def total(self) -> int:
        return self.companies + self.council_members


def summarise(recipients: QuerySet[Invitation]) -> Recipients:
    """Recipients per respondent type and the municipalities they are in (two queries)."""
    by_type = dict(recipients.values_list("respondent_type").annotate(n=Count("pk")).order_by())
    places = (
        recipients.values_list("municipality_id", "municipality__name")
        .distinct()
        .order_by("municipality__name")
    )
    return Recipients(
        companies=by_type.get(RespondentType.COMPANY, 0),
        council_members=by_type.get(RespondentType.POLITICIAN, 0),
        municipalities=tuple(places),
    )


def send_invitations(survey_round: SurveyRound) -> int:
    """E-mail every not yet invited respondent their personal link; returns how many."""
    recipients = invitation_recipients(survey_round)
    return _send("survey/email/invitation.txt", survey_round, recipients, reminder=False)


# --- reminders: one batch per interval ---------------------------------------------------


def reminder_interval() -> dt.timedelta:
    """The least time between two reminder batches of a round (0: no wait)."""
    return dt.timedelta(hours=getattr(settings, "REMINDER_INTERVAL_HOURS", 24))


def last_reminder_batch(survey_round: SurveyRound) -> ReminderBatch | None:
    return (
        ReminderBatch.objects.filter(round=survey_round)
        .select_related("round")
        .order_by("-started_at", "-pk")
        .first()
    )


def next_reminder_at(
    survey_round: SurveyRound, *, last: ReminderBatch | None = None
) -> dt.datetime | None:
    """When the round's next reminder batch may go; None when there is nothing to wait for.

    The wait counts from the moment the last batch started. At that moment exactly,
    sending is allowed again.
    """
    last = last if last is not None else last_reminder_batch(survey_round)
    if last is None:
        return None
    next_at = last.started_at + reminder_interval()
    return next_at if next_at > last.started_at else None


def reminders_blocked_until(
    survey_round: SurveyRound,
    *,
    now: dt.datetime | None = None,
    last: ReminderBatch | None = None,
) -> dt.datetime | None:
    """The moment reminders may go again if that is still ahead, else None."""
    last = last if last is not None else last_reminder_batch(survey_round)
    if last is None or last.status == ReminderBatch.Status.INTERRUPTED:
        return None  # an interrupted batch may always be finished
    next_at = next_reminder_at(survey_round, last=last)
    now = now or timezone.now()
    return next_at if next_at is not None and now < next_at else None


def _resumable(last: ReminderBatch | None, now: dt.datetime) -> bool:
    """An interrupted batch still within the interval is finished rather than begun anew."""
    return (
        last is not None
        and last.status == ReminderBatch.Status.INTERRUPTED
        and now < last.started_at + reminder_interval()
    )


def pending_reminders(survey_round: SurveyRound) -> QuerySet[Invitation]:
    """Whom :func:`send_reminders` would remind if called now (for the question first)."""
    last = last_reminder_batch(survey_round)
    if last is not None and _resumable(last, timezone.now()):
        return reminder_recipients(survey_round, since=last.started_at)
    return reminder_recipients(survey_round)


def _claim_batch(
    survey_round: SurveyRound, now: dt.datetime, *, user: Any, actor: str
) -> tuple[SurveyRound, ReminderBatch | None, bool]:
    """Record the batch about to go, or say why none may; the round is locked meanwhile.

    The lock orders two requests at once: the second sees the first one's batch and is
    refused. An interrupted batch still within the interval is taken up again instead of
    a new one, so that finishing it does not push the next batch a day further.
    """
    with transaction.atomic():
        locked = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
        ensure_open(locked)
        last = last_reminder_batch(locked)
        if last is not None and _resumable(last, now):
            last.status = ReminderBatch.Status.SENDING
            last.save(update_fields=["status"])
            return locked, last, True
        blocked = reminders_blocked_until(locked, now=now, last=last)
        if blocked is not None and last is not None:
            raise RemindersTooSoon(last, blocked)
        if not reminder_recipients(locked).exists():
            return locked, None, False  # nobody to remind: no batch, no wait
        if user is not None and not getattr(user, "is_authenticated", False):
            user = None
        if not actor:
            actor = user.get_username() if user is not None else "system"
        batch = ReminderBatch.objects.create(
            round=locked, started_at=now, user=user, actor=actor[:150]
        )
        return locked, batch, False


def send_reminders(
    survey_round: SurveyRound,
    *,
    user: Any = None,
    actor: str = "",
) -> int:
    """Remind those invited who have not answered, at most ``max_reminders`` times each.

    One batch per ``settings.REMINDER_INTERVAL_HOURS`` and round; returns how many went.

    Raises
    ------
    RemindersTooSoon
        When the round's last batch started less than the interval ago.
    RoundNotOpen
        When the round is closed.
    """
    locked, batch, resumed = _claim_batch(survey_round, timezone.now(), user=user, actor=actor)
    if batch is None:
        return 0
    done = ReminderBatch.objects.filter(pk=batch.pk)
    try:
        sent = _send(
            "survey/email/reminder.txt",
            locked,
            reminder_recipients(locked, since=batch.started_at if resumed else None),
            reminder=True,
            on_sent=lambda n: done.update(sent=F("sent") + n),
        )
    except BaseException:
        done.update(status=ReminderBatch.Status.INTERRUPTED)
        raise
    done.update(status=ReminderBatch.Status.DONE, finished_at=timezone.now())
    return sent
