"""Logging in: the standard form at /konto/logga-in/, Argon2 hashes, throttling, roles."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from foretagsklimat.apps.accounts.roles import is_survey_operator
from foretagsklimat.apps.site.demo.accounts import ensure_operator_account

pytestmark = pytest.mark.django_db

PASSWORD = "ett-långt-lösenord-2026"


def _log_in(client: Client, username: str, password: str) -> object:
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR="10.0.0.7",
    )


def test_the_login_page_is_a_standard_django_form_at_konto_logga_in() -> None:
    response = Client().get("/konto/logga-in/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html and 'name="password"' in html
    assert "csrfmiddlewaretoken" in html


def test_a_correct_password_logs_in_and_leads_to_the_account_page() -> None:
    User.objects.create_user("anna", password=PASSWORD)
    client = Client()
    response = _log_in(client, "anna", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:account")
    assert "anna" in client.get(reverse("accounts:account")).content.decode()


def test_a_wrong_password_shows_an_error_and_does_not_log_in() -> None:
    User.objects.create_user("anna", password=PASSWORD)
    client = Client()
    response = _log_in(client, "anna", "fel")
    assert response.status_code == 200
    assert "Fel användarnamn eller lösenord" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.real_password_hashing
def test_passwords_are_hashed_with_argon2() -> None:
    user = User.objects.create_user("anna", password=PASSWORD)
    assert user.password.startswith("argon2")


def test_repeated_failures_lock_the_user_out_even_with_the_right_password(settings) -> None:
    User.objects.create_user("anna", password=PASSWORD)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, "anna", "fel")
    response = _log_in(client, "anna", PASSWORD)
    assert response.status_code == 429
    assert "För många inloggningsförsök" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_session_cookie_is_http_only_and_short_lived(settings) -> None:
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600


def test_logging_out_needs_a_post_and_ends_the_session() -> None:
    user = User.objects.create_user("anna", password=PASSWORD)
    client = Client()
    client.force_login(user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("accounts:account")).status_code == 302


def test_the_account_page_needs_a_login() -> None:
    response = Client().get(reverse("accounts:account"))
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logga-in/")


def test_the_demo_operator_account_holds_the_survey_operator_role() -> None:
    user = ensure_operator_account(PASSWORD)
    assert is_survey_operator(user)
    assert user.check_password(PASSWORD)
    # Idempotent: a second run changes the password, never adds a second user.
    ensure_operator_account(PASSWORD + "x")
    assert User.objects.filter(username=user.username).count() == 1


def test_a_plain_user_is_not_a_survey_operator() -> None:
    user = User.objects.create_user("anna", password=PASSWORD)
    assert not is_survey_operator(user)
