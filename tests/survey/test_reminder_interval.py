"""Reminders go at most once per ``REMINDER_INTERVAL_HOURS`` and round, enforced by the service."""

from __future__ import annotations

import datetime as dt
import smtplib
import threading
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings
from django.utils import translation

from foretagsklimat.apps.survey import mailing
from foretagsklimat.apps.survey.mailing import (
    RemindersTooSoon,
    reminders_blocked_until,
    send_invitations,
    send_reminders,
)
from foretagsklimat.apps.survey.models import Invitation, ReminderBatch, RoundStatus, SurveyRound

from .conftest import OpenRound

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 12, 3, 14, 5, tzinfo=dt.UTC)


def invited(open_round: OpenRound) -> SurveyRound:
    with time_machine.travel(START - dt.timedelta(days=7), tick=False):
        send_invitations(open_round.round)
    mail.outbox.clear()
    return open_round.round


def remind_at(survey_round: SurveyRound, moment: dt.datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return send_reminders(survey_round)


@pytest.mark.parametrize(
    ("later", "allowed"),
    [
        (dt.timedelta(hours=24) - dt.timedelta(seconds=1), False),  # just before
        (dt.timedelta(hours=24), True),  # at the boundary
        (dt.timedelta(hours=24, minutes=1), True),  # after
    ],
    ids=["just-before", "at", "after"],
)
def test_a_second_batch_waits_the_interval(
    open_round: OpenRound, later: dt.timedelta, allowed: bool
) -> None:
    survey_round = invited(open_round)
    assert remind_at(survey_round, START) == 10
    mail.outbox.clear()
    if allowed:
        assert remind_at(survey_round, START + later) == 10
        assert len(mail.outbox) == 10
    else:
        with pytest.raises(RemindersTooSoon) as refused:
            remind_at(survey_round, START + later)
        assert refused.value.next_at == START + dt.timedelta(hours=24)
        assert mail.outbox == []
        assert set(Invitation.objects.values_list("reminders_sent", flat=True)) == {1}
    assert ReminderBatch.objects.filter(round=survey_round).count() == (2 if allowed else 1)


@override_settings(REMINDER_INTERVAL_HOURS=0)
def test_an_interval_of_zero_does_not_wait(open_round: OpenRound) -> None:
    survey_round = invited(open_round)
    assert remind_at(survey_round, START) == 10
    assert remind_at(survey_round, START) == 10
    assert reminders_blocked_until(survey_round, now=START) is None


@override_settings(REMINDER_INTERVAL_HOURS=6)
def test_the_interval_is_the_setting(open_round: OpenRound) -> None:
    survey_round = invited(open_round)
    remind_at(survey_round, START)
    assert reminders_blocked_until(survey_round, now=START) == START + dt.timedelta(hours=6)
    assert remind_at(survey_round, START + dt.timedelta(hours=6)) == 10


def test_another_round_is_not_blocked(open_round: OpenRound) -> None:
    survey_round = invited(open_round)
    remind_at(survey_round, START)
    other = SurveyRound.objects.create(year=2026, status=RoundStatus.OPEN, max_reminders=2)
    site = open_round.companies[0].site
    Invitation.objects.create(
        round=other,
        token="another-round-token",
        municipality_id="2181",
        site=site,
        email="annan@example.se",
        invited_at=START - dt.timedelta(days=2),
    )
    mail.outbox.clear()
    assert remind_at(other, START + dt.timedelta(minutes=5)) == 1
    assert [m.to for m in mail.outbox] == [["annan@example.se"]]


def test_the_batch_records_when_who_and_how_many(open_round: OpenRound, operator: Any) -> None:
    survey_round = invited(open_round)
    with time_machine.travel(START, tick=False):
        send_reminders(survey_round, user=operator)
    batch = ReminderBatch.objects.get(round=survey_round)
    assert (batch.started_at, batch.sent, batch.status, batch.actor) == (
        START,
        10,
        ReminderBatch.Status.DONE,
        "operator",
    )


def test_nobody_to_remind_records_no_batch_and_blocks_nothing(open_round: OpenRound) -> None:
    # Nobody is invited yet, so nobody can be reminded.
    assert remind_at(open_round.round, START) == 0
    assert not ReminderBatch.objects.exists()


class FailingConnection:
    """An SMTP connection that breaks off after its first batch of messages."""

    def __init__(self) -> None:
        self.calls = 0

    def __enter__(self) -> FailingConnection:
        return self

    def __exit__(self, *args: object) -> None:
        return None

    def send_messages(self, messages: list[Any]) -> int:
        self.calls += 1
        if self.calls > 1:
            raise smtplib.SMTPServerDisconnected("connection lost")
        mail.outbox.extend(messages)
        return len(messages)


def test_an_interrupted_batch_is_finished_without_reminding_anyone_twice(
    open_round: OpenRound, monkeypatch: pytest.MonkeyPatch
) -> None:
    survey_round = invited(open_round)
    monkeypatch.setattr(mailing, "BATCH", 4)
    monkeypatch.setattr(mailing, "get_connection", FailingConnection)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        remind_at(survey_round, START)
    batch = ReminderBatch.objects.get()
    assert (batch.status, batch.sent) == (ReminderBatch.Status.INTERRUPTED, 4)
    monkeypatch.undo()
    mail.outbox.clear()
    # Sending again within the interval finishes the same batch for the other six.
    assert remind_at(survey_round, START + dt.timedelta(minutes=10)) == 6
    assert set(Invitation.objects.values_list("reminders_sent", flat=True)) == {1}
    batch.refresh_from_db()
    assert (batch.status, batch.sent, ReminderBatch.objects.count()) == (
        ReminderBatch.Status.DONE,
        10,
        1,
    )
    # The next batch still counts from the interrupted batch's start.
    with pytest.raises(RemindersTooSoon):
        remind_at(survey_round, START + dt.timedelta(hours=23))


def test_the_refusal_is_translated(open_round: OpenRound) -> None:
    survey_round = invited(open_round)
    remind_at(survey_round, START)
    with translation.override("en"), pytest.raises(RemindersTooSoon) as refused:
        remind_at(survey_round, START + dt.timedelta(hours=1))
    # 14:05 UTC is 15:05 in Stockholm.
    assert str(refused.value) == (
        "The last reminder for round 2025 was sent on 3 Dec 15:05; "
        "the next can be sent from 4 Dec 15:05."
    )
    with translation.override("sv"), pytest.raises(RemindersTooSoon) as refused:
        remind_at(survey_round, START + dt.timedelta(hours=1))
    assert "skickades 3 dec 15:05; nästa kan skickas från 4 dec 15:05" in str(refused.value)


def test_the_command_obeys_the_same_rule(open_round: OpenRound) -> None:
    survey_round = invited(open_round)
    remind_at(survey_round, START)
    with (
        time_machine.travel(START + dt.timedelta(hours=2), tick=False),
        pytest.raises(CommandError, match="nästa kan skickas från"),
        translation.override("sv"),
    ):
        call_command("survey", "remind", "--year", "2025")
    assert ReminderBatch.objects.count() == 1


@pytest.fixture
def reference_data(transactional_db: None) -> None:
    # A transactional test sees only committed rows, and an earlier transactional test
    # (the browser tests' live server) may have flushed the migrated reference data.
    from foretagsklimat.apps.reference.services import load_reference_data

    load_reference_data()


@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_send_one_batch(reference_data: None, open_round: OpenRound) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers itself; the row lock is tested on PostgreSQL")
    survey_round = invited(open_round)
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def remind() -> None:
        barrier.wait()
        try:
            outcomes.append(send_reminders(survey_round))
        except RemindersTooSoon as error:
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=remind) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(type(o).__name__ for o in outcomes) == ["RemindersTooSoon", "int"]
    assert ReminderBatch.objects.count() == 1
