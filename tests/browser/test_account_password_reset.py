"""A user who forgot the password asks for a link on the login page, opens it from the
e-mail, chooses a new password and logs in with it; the link works only once."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import shot

OLD = "det-gamla-lösenordet-2026"
NEW = "ett-nytt-eget-lösenord-2026"


@pytest.fixture
def officer(db: None) -> Any:
    from django.contrib.auth.models import User

    return User.objects.create_user("anna", email="anna@sandviken.se", password=OLD)


def test_a_forgotten_password_is_reset_through_the_email_link(
    browser: Any, live_server: Any, officer: Any, settings: Any
) -> None:
    from django.core import mail

    settings.SITE_URL = live_server.url
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    page.goto(f"{live_server.url}/konto/logga-in/")
    page.get_by_role("link", name="Glömt lösenordet?").click()
    page.get_by_label("E-post").fill("anna@sandviken.se")
    page.get_by_role("button", name="Skicka länk").click()
    page.wait_for_url("**/konto/glomt-losenord/skickat/")
    assert page.get_by_test_id("reset-sent").is_visible()

    (message,) = mail.outbox
    assert message.to == ["anna@sandviken.se"]
    link = re.search(r"http\S+/konto/aterstall/\S+/", message.body)
    assert link, message.body
    page.goto(link.group(0))
    page.get_by_label("Nytt lösenord", exact=True).fill(NEW)
    page.get_by_label("Nytt lösenord igen").fill(NEW)
    page.get_by_role("button", name="Spara lösenordet").click()
    page.wait_for_url("**/konto/aterstall/klart/")
    assert page.get_by_role("heading", level=1).inner_text() == "Lösenordet är bytt"
    shot(page, "password-reset-complete")

    page.get_by_role("link", name="Logga in").last.click()
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill(NEW)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/konto/")
    officer.refresh_from_db()
    assert officer.check_password(NEW)

    # The link is spent: opening it again offers no form.
    again = browser.new_context().new_page()
    again.goto(link.group(0))
    assert again.get_by_label("Nytt lösenord igen").count() == 0
    again.close()
    page.close()
