"""A forgotten password by e-mail: Django's reset views under /konto/, in the site's
design and language, the same answer whether or not the address has an account, and
throttled per e-mail address and per client address."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "ett-nytt-långt-lösenord-2026"


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()  # the throttle's counters


def _ask(client: Client, email: str, address: str = "10.0.0.8") -> object:
    return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=address)


def _can_log_in(username: str, password: str) -> bool:
    response = Client().post(
        reverse("accounts:login"), {"username": username, "password": password}
    )
    return response.status_code == 302


def _link(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://\S+/konto/aterstall/\S+/", message.body)
    assert found, message.body
    return found.group(0)


def test_the_login_page_links_to_the_forgotten_password_page() -> None:
    html = Client().get(reverse("accounts:login")).content.decode()
    assert f'href="{reverse("accounts:password_reset")}"' in html
    assert reverse("accounts:password_reset") == "/konto/glomt-losenord/"


def test_a_link_by_email_lets_the_user_choose_a_new_password_and_log_in() -> None:
    User.objects.create_user("anna", "Anna@Example.se", password="gammalt-lösenord-99")
    client = Client()
    response = _ask(client, "anna@example.se")
    assert response["Location"] == reverse("accounts:password_reset_done")
    (message,) = mail.outbox
    assert message.to == ["Anna@example.se"]  # as stored (create_user lower-cases the domain)
    assert message.subject == "Välj ett nytt lösenord till Företagsklimat"
    link = _link(message)
    assert link.startswith(settings.SITE_URL)  # never the request's Host header
    form = client.get(link.removeprefix(settings.SITE_URL), follow=True)
    assert "Välj lösenord" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done["Location"] == reverse("accounts:password_reset_complete")
    assert _can_log_in("anna", NEW_PASSWORD)
    # The link was for one use: the password it signed has changed.
    again = client.get(link.removeprefix(settings.SITE_URL), follow=True)
    assert 'data-testid="invalid-link"' in again.content.decode()


def test_the_validators_apply_to_the_new_password() -> None:
    User.objects.create_user("anna", "anna@example.se", password="gammalt-lösenord-99")
    client = Client()
    _ask(client, "anna@example.se")
    form = client.get(_link(mail.outbox[0]).removeprefix(settings.SITE_URL), follow=True)
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "12345678", "new_password2": "12345678"}
    )
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    assert not _can_log_in("anna", "12345678")


def test_an_unknown_address_gets_the_same_answer_and_no_email() -> None:
    User.objects.create_user("anna", "anna@example.se")
    known = _ask(Client(), "anna@example.se")
    unknown = _ask(Client(), "ingen@example.se")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1


def test_an_invited_account_without_a_password_may_choose_one_by_email() -> None:
    User.objects.create_user("bo", "bo@example.se")  # unusable password, as an invitation makes
    _ask(Client(), "bo@example.se")
    assert len(mail.outbox) == 1


def test_the_email_is_in_the_interface_language() -> None:
    User.objects.create_user("anna", "anna@example.se")
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Forgotten password" in client.get(reverse("accounts:password_reset")).content.decode()
    _ask(client, "anna@example.se")
    (message,) = mail.outbox
    assert message.subject == "Choose a new password for Företagsklimat"
    assert "The link is valid for 24 hours" in message.body


@override_settings(PASSWORD_RESETS_PER_EMAIL=3, PASSWORD_RESETS_PER_ADDRESS=100)
def test_at_most_three_emails_an_hour_go_to_one_address_and_the_page_says_the_same() -> None:
    User.objects.create_user("anna", "anna@example.se")
    answers = [_ask(Client(), "ANNA@example.se", f"10.0.1.{n}") for n in range(5)]
    assert len(mail.outbox) == 3
    assert {a.status_code for a in answers} == {302}
    assert {a["Location"] for a in answers} == {reverse("accounts:password_reset_done")}


@override_settings(PASSWORD_RESETS_PER_EMAIL=100, PASSWORD_RESETS_PER_ADDRESS=4)
def test_too_many_requests_from_one_client_address_are_refused_with_429() -> None:
    statuses = [_ask(Client(), f"person{n}@example.se").status_code for n in range(5)]
    assert statuses == [302, 302, 302, 302, 429]
    assert _ask(Client(), "person9@example.se", "10.9.9.9").status_code == 302
