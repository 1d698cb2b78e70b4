"""Members by invitation: the admin invites by e-mail (a new account, or the existing one
with that address), the invited person chooses a password at the link and is logged in;
the admin resends an invitation and resets a member's access (asked first); all audited."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse

from foretagsklimat.apps.accounts.tokens import invitation_tokens
from foretagsklimat.apps.workspace.models import AuditEntry, Invitation, Membership, Role

from .conftest import Cast

pytestmark = pytest.mark.django_db

PASSWORD = "mitt-eget-lösenord-2026"


def _invite(cast: Cast, **data: str) -> object:
    fields = {
        "invite-name": "Karin Ek",
        "invite-email": "karin@sandviken.se",
        "invite-role": "editor",
    }
    fields.update({f"invite-{k}": v for k, v in data.items()})
    return cast.client(cast.sandviken_admin).post(
        reverse("workspace:member_invite", args=["2181"]), fields
    )


def _link(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://\S+/konto/valj-losenord/\S+/", message.body)
    assert found, message.body
    return found.group(0).removeprefix(settings.SITE_URL)


def _choose_password(client: Client, link: str, password: str = PASSWORD) -> object:
    form = client.get(link, follow=True)
    assert "Välj lösenord" in form.content.decode()
    return client.post(
        form.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )


def test_inviting_a_new_person_creates_the_account_and_mails_a_link(cast: Cast) -> None:
    response = _invite(cast)
    assert response["Location"] == reverse("workspace:members", args=["2181"])
    user = User.objects.get(email="karin@sandviken.se")
    assert (user.username, user.first_name, user.last_name) == ("karin@sandviken.se", "Karin", "Ek")
    assert not user.has_usable_password()
    membership = Membership.objects.get(user=user, municipality_id="2181")
    assert membership.role == Role.EDITOR
    (message,) = mail.outbox
    assert message.to == ["karin@sandviken.se"]
    assert message.subject == "Inbjudan till arbetsytan för Sandviken"
    assert "redigerare" in message.body and "7 dagar" in message.body
    invitation = Invitation.objects.get(membership=membership)
    assert invitation.accepted_at is None
    entry = AuditEntry.objects.get(action="workspace.member.invited")
    assert entry.changes["role"] == [None, "editor"]
    assert entry.user == cast.sandviken_admin


def test_the_members_page_lists_the_pending_invitation_until_it_is_accepted(cast: Cast) -> None:
    _invite(cast)
    admin = cast.client(cast.sandviken_admin)
    page = admin.get(reverse("workspace:members", args=["2181"])).content.decode()
    assert 'data-testid="pending-invitations"' in page and "karin@sandviken.se" in page

    invited = Client()
    response = _choose_password(invited, _link(mail.outbox[0]))
    assert response["Location"] == reverse("accounts:account")
    assert "Mitt konto" in invited.get(reverse("accounts:account")).content.decode()
    assert Invitation.objects.get().accepted_at is not None
    page = admin.get(reverse("workspace:members", args=["2181"])).content.decode()
    assert 'data-testid="pending-invitations"' not in page
    # The link was for one use.
    again = Client().get(_link(mail.outbox[0]), follow=True).content.decode()
    assert 'data-testid="invalid-link"' in again


def test_an_invitation_link_expires_after_the_configured_days(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    _invite(cast)
    user = User.objects.get(email="karin@sandviken.se")
    token = _link(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
    assert invitation_tokens.check_token(user, token)
    sent = dt.datetime.now()  # Django's tokens count in naive local time
    days = dt.timedelta(days=settings.INVITATION_DAYS)
    monkeypatch.setattr(invitation_tokens, "_now", lambda: sent + days - dt.timedelta(minutes=5))
    assert invitation_tokens.check_token(user, token)
    monkeypatch.setattr(invitation_tokens, "_now", lambda: sent + days + dt.timedelta(minutes=5))
    assert not invitation_tokens.check_token(user, token)


def test_a_password_reset_link_is_no_invitation_link(cast: Cast) -> None:
    from django.contrib.auth.tokens import default_token_generator

    _invite(cast)
    user = User.objects.get(email="karin@sandviken.se")
    assert not invitation_tokens.check_token(user, default_token_generator.make_token(user))


def test_an_existing_account_with_a_password_is_added_and_told_without_a_link(
    cast: Cast,
) -> None:
    User.objects.create_user("per", "Per@Sandviken.se", password="pers-lösenord-2026")
    _invite(cast, email="per@sandviken.se", role="viewer")
    membership = Membership.objects.get(user__username="per", municipality_id="2181")
    assert membership.role == Role.VIEWER
    assert not Invitation.objects.filter(membership=membership).exists()
    (message,) = mail.outbox
    assert "/konto/valj-losenord/" not in message.body
    assert "/konto/logga-in/" in message.body
    assert User.objects.get(username="per").check_password("pers-lösenord-2026")


def test_inviting_a_member_again_is_refused(cast: Cast) -> None:
    cast.sandviken_viewer.email = "viewer@sandviken.se"
    cast.sandviken_viewer.save()
    response = _invite(cast, email="VIEWER@sandviken.se")
    assert response.status_code == 200
    assert "Kontot är redan medlem i arbetsytan." in response.content.decode()
    assert not mail.outbox


def test_resending_sends_a_new_link_and_counts_it(cast: Cast) -> None:
    _invite(cast)
    membership = Membership.objects.get(user__email="karin@sandviken.se")
    response = cast.client(cast.sandviken_admin).post(
        reverse("workspace:member_resend", args=["2181", membership.pk])
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    assert Invitation.objects.get().times_sent == 2
    assert AuditEntry.objects.filter(action="workspace.member.invitation_resent").count() == 1


def test_resetting_access_asks_first_then_stops_the_password_and_mails_a_link(
    cast: Cast,
) -> None:
    viewer = cast.sandviken_viewer
    viewer.email = "viewer@sandviken.se"
    viewer.save()
    membership = Membership.objects.get(user=viewer)
    url = reverse("workspace:member_reset", args=["2181", membership.pk])
    viewer_client = cast.client(viewer)
    admin = cast.client(cast.sandviken_admin)

    first = admin.post(url)
    assert first.status_code == 200
    assert 'data-testid="confirmation"' in first.content.decode()
    viewer.refresh_from_db()
    assert viewer.has_usable_password() and not mail.outbox

    assert admin.post(url, {"confirmed": "1"}).status_code == 302
    viewer.refresh_from_db()
    assert not viewer.has_usable_password()
    (message,) = mail.outbox
    assert message.to == ["viewer@sandviken.se"]
    # The password is gone, and with it the session: the viewer is logged out.
    assert viewer_client.get(reverse("accounts:account"))["Location"].startswith("/konto/logga-in/")
    assert AuditEntry.objects.filter(action="workspace.member.access_reset").count() == 1
    assert Invitation.objects.get(membership=membership).kind == "reset"
    assert _choose_password(Client(), _link(message)).status_code == 302
    viewer.refresh_from_db()
    assert viewer.check_password(PASSWORD)


def test_an_admin_cannot_reset_an_operators_or_their_own_access(cast: Cast) -> None:
    admin = cast.client(cast.sandviken_admin)
    own = Membership.objects.get(user=cast.sandviken_admin)
    admin.post(reverse("workspace:member_reset", args=["2181", own.pk]), {"confirmed": "1"})
    cast.sandviken_editor.email = "editor@sandviken.se"
    cast.sandviken_editor.is_staff = True
    cast.sandviken_editor.save()
    editor = Membership.objects.get(user=cast.sandviken_editor)
    admin.post(reverse("workspace:member_reset", args=["2181", editor.pk]), {"confirmed": "1"})
    for user in (cast.sandviken_admin, cast.sandviken_editor):
        user.refresh_from_db()
        assert user.has_usable_password()
    assert not mail.outbox


def test_the_invitation_email_is_in_the_admins_language(cast: Cast) -> None:
    client = cast.client(cast.sandviken_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.post(
        reverse("workspace:member_invite", args=["2181"]),
        {"invite-name": "Karin Ek", "invite-email": "karin@sandviken.se", "invite-role": "admin"},
    )
    (message,) = mail.outbox
    assert message.subject == "Invitation to the workspace of Sandviken"
    assert "The link is valid for 7 days" in message.body
