"""Follow-up actions: overdue rule, lists, marking done, reminders by e-mail."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from foretagsklimat.apps.workspace.models import AuditEntry, FollowUp, FollowUpStatus

from .conftest import Cast

pytestmark = pytest.mark.django_db


def _follow_up(cast: Cast, title: str, due: date, owner: object = None) -> FollowUp:
    return FollowUp.objects.create(
        municipality_id="2181",
        company=cast.company,
        title=title,
        owner=owner or cast.sandviken_editor,
        due_on=due,
    )


def test_a_follow_up_is_overdue_only_while_open_and_after_its_due_date(cast: Cast) -> None:
    follow_up = _follow_up(cast, "Ring tillbaka", date(2025, 3, 10))
    assert not follow_up.is_overdue(date(2025, 3, 10))
    assert follow_up.is_overdue(date(2025, 3, 11))
    follow_up.mark_done(date(2025, 3, 12))
    assert not follow_up.is_overdue(date(2025, 3, 13))


@time_machine.travel("2025-03-15 09:00 +0100", tick=False)
def test_the_lists_show_mine_and_overdue(cast: Cast) -> None:
    _follow_up(cast, "Försenad sak", date(2025, 3, 1))
    _follow_up(cast, "Adminens sak", date(2025, 4, 1), owner=cast.sandviken_admin)
    client = cast.client(cast.sandviken_editor)
    overdue = client.get("/arbetsyta/2181/uppfoljning/?visa=forsenade").content.decode()
    assert "Försenad sak" in overdue and "Adminens sak" not in overdue
    mine = client.get("/arbetsyta/2181/uppfoljning/?visa=mina").content.decode()
    assert "Försenad sak" in mine and "Adminens sak" not in mine
    response = client.get("/arbetsyta/2181/uppfoljning/?format=xlsx")
    assert "spreadsheetml" in response["Content-Type"]


@time_machine.travel("2025-03-15 09:00 +0100", tick=False)
def test_an_editor_creates_and_closes_a_follow_up_with_audit_entries(cast: Cast) -> None:
    client = cast.client(cast.sandviken_editor)
    response = client.post(
        "/arbetsyta/2181/uppfoljning/ny/",
        {
            "company": cast.company.orgnr,
            "title": "Skicka lokallista",
            "owner": cast.sandviken_editor.pk,
            "due_on": "2025-03-20",
            "source": "Besök",
        },
    )
    assert response.status_code == 302
    follow_up = FollowUp.objects.get()
    client.post(f"/arbetsyta/2181/uppfoljning/{follow_up.pk}/klar/")
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.DONE
    assert follow_up.done_on == date(2025, 3, 15)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"workspace.followup.created", "workspace.followup.done"} <= actions


def test_a_viewer_cannot_own_a_follow_up(cast: Cast) -> None:
    response = cast.client(cast.sandviken_editor).post(
        "/arbetsyta/2181/uppfoljning/ny/",
        {
            "company": cast.company.orgnr,
            "title": "x",
            "owner": cast.sandviken_viewer.pk,
            "due_on": "2025-03-20",
        },
    )
    assert response.status_code == 200
    assert not FollowUp.objects.exists()


@time_machine.travel("2025-03-15 06:00 +0100", tick=False)
def test_reminders_mail_each_owner_their_overdue_and_soon_due_follow_ups(cast: Cast) -> None:
    cast.sandviken_editor.email = "editor@example.com"
    cast.sandviken_editor.save()
    cast.sandviken_admin.email = "admin@example.com"
    cast.sandviken_admin.save()
    _follow_up(cast, "Försenad uppgift", date(2025, 3, 1))
    _follow_up(cast, "Snart dags", date(2025, 3, 18))
    _follow_up(cast, "Långt borta", date(2025, 3, 19))
    done = _follow_up(cast, "Redan klar", date(2025, 3, 2))
    done.mark_done(date(2025, 3, 2))
    done.save()
    _follow_up(cast, "Adminens senare", date(2025, 4, 30), owner=cast.sandviken_admin)
    call_command("workspace_reminders")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["editor@example.com"]
    assert "Försenad uppgift" in message.body and "Snart dags" in message.body
    assert "Långt borta" not in message.body and "Redan klar" not in message.body
    assert "/arbetsyta/2181/uppfoljning/" in message.body
