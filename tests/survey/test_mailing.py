"""Invitations and reminders by e-mail (Django's locmem backend in tests)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from foretagsklimat.apps.survey.fieldwork import RoundNotOpen
from foretagsklimat.apps.survey.mailing import send_invitations, send_reminders
from foretagsklimat.apps.survey.models import Invitation, RegisterSite, RoundStatus

from .conftest import OpenRound

pytestmark = pytest.mark.django_db


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


@override_settings(
    SITE_URL="https://enkat.example.se",
    MIN_ANSWERS=5,
    DEFAULT_FROM_EMAIL="Näringslivsenheten <enkat@example.se>",
)
def test_the_invitation_carries_the_personal_link_date_sender_and_privacy_note(
    open_round: OpenRound,
) -> None:
    open_round.round.closes_on = dt.date(2025, 4, 30)
    open_round.round.save()
    assert send_invitations(open_round.round) == 10
    invitation = open_round.companies[0]
    message = next(m for m in mail.outbox if m.to == [invitation.email])
    assert message.subject == "Enkät om företagsklimatet i er kommun 2025"
    assert f"https://enkat.example.se/svara/{invitation.token}/" in message.body
    assert "30 april 2025" in message.body
    assert "Sandviken" in message.body
    assert "Näringslivsenheten" in message.body
    assert "minst 5 svar" in message.body
    assert "AVBÖJ" in message.body
    # Every respondent gets their own link, and nobody else's.
    other = open_round.companies[1]
    assert other.token not in message.body


def test_council_members_get_their_own_wording(open_round: OpenRound) -> None:
    send_invitations(open_round.round)
    member = open_round.politicians[0]
    message = next(m for m in mail.outbox if m.to == [member.email])
    assert "kommunfullmäktige" in message.subject
    assert "Hej Ledamot 0!" in message.body


def test_invitations_are_sent_once(open_round: OpenRound) -> None:
    send_invitations(open_round.round)
    assert not Invitation.objects.filter(invited_at__isnull=True).exists()
    mail.outbox.clear()
    assert send_invitations(open_round.round) == 0
    assert mail.outbox == []


def test_no_mail_goes_to_a_link_without_an_address_or_a_company_that_opted_out(
    open_round: OpenRound,
) -> None:
    first, second = open_round.companies[:2]
    Invitation.objects.filter(pk=first.pk).update(email="")
    RegisterSite.objects.filter(pk=second.site_id).update(opt_out=True)
    assert send_invitations(open_round.round) == 8
    assert first.email not in recipients() and second.email not in recipients()


def test_reminders_go_only_to_those_invited_who_have_not_answered(
    open_round: OpenRound,
) -> None:
    send_invitations(open_round.round)
    answered = open_round.companies[:3]
    Invitation.objects.filter(pk__in=[i.pk for i in answered]).update(submitted_at=timezone.now())
    not_invited = open_round.companies[3]
    Invitation.objects.filter(pk=not_invited.pk).update(invited_at=None)
    mail.outbox.clear()
    assert send_reminders(open_round.round) == 6
    reminded = recipients()
    assert all(i.email not in reminded for i in [*answered, not_invited])
    assert all(m.subject.startswith("Påminnelse") for m in mail.outbox)
    assert open_round.companies[0].token not in "".join(m.body for m in mail.outbox)
    later = Invitation.objects.get(pk=open_round.companies[4].pk)
    assert later.reminders_sent == 1 and later.last_reminded_at is not None


@override_settings(REMINDER_INTERVAL_HOURS=0)
def test_nobody_gets_more_reminders_than_the_round_allows(open_round: OpenRound) -> None:
    send_invitations(open_round.round)
    assert open_round.round.max_reminders == 2
    assert send_reminders(open_round.round) == 10
    assert send_reminders(open_round.round) == 10
    mail.outbox.clear()
    assert send_reminders(open_round.round) == 0
    assert mail.outbox == []
    assert set(Invitation.objects.values_list("reminders_sent", flat=True)) == {2}


def test_a_synthetic_round_says_so_in_the_subject(open_round: OpenRound) -> None:
    open_round.round.synthetic = True
    open_round.round.save()
    send_invitations(open_round.round)
    assert all(m.subject.startswith("[Syntetisk demo] ") for m in mail.outbox)


def test_a_closed_round_sends_nothing(open_round: OpenRound) -> None:
    open_round.round.status = RoundStatus.CLOSED
    open_round.round.save()
    with pytest.raises(RoundNotOpen):
        send_invitations(open_round.round)
    with pytest.raises(RoundNotOpen):
        send_reminders(open_round.round)
    assert mail.outbox == []
