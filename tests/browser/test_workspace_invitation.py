"""An admin invites a colleague by e-mail; the colleague opens the link, chooses a password
and is logged in; the admin sees the invitation pending until then."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import shot

PASSWORD = "administratorens-lösenord-2026"
CHOSEN = "kollegans-eget-lösenord-2026"


@pytest.fixture
def admin(db: None) -> Any:
    from django.contrib.auth.models import User

    from foretagsklimat.apps.reference.services import load_reference_data
    from foretagsklimat.apps.workspace.models import Membership, Role

    load_reference_data()
    user = User.objects.create_user("sv-admin", password=PASSWORD, first_name="Eva")
    Membership.objects.create(user=user, municipality_id="2181", role=Role.ADMIN)
    return user


def test_an_invited_colleague_chooses_a_password_and_is_logged_in(
    browser: Any, live_server: Any, admin: Any, settings: Any
) -> None:
    from django.core import mail

    settings.SITE_URL = live_server.url
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(f"{live_server.url}/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("sv-admin")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.goto(f"{live_server.url}/arbetsyta/2181/medlemmar/")
    form = page.get_by_test_id("invite-form")
    form.get_by_label("Namn").fill("Karin Ek")
    form.get_by_label("E-post").fill("karin@sandviken.se")
    form.get_by_label("Roll").select_option("editor")
    form.get_by_role("button", name="Skicka inbjudan").click()
    assert "Inbjudan skickades till karin@sandviken.se." in page.locator(".messages").inner_text()
    assert "karin@sandviken.se" in page.get_by_test_id("pending-invitations").inner_text()
    shot(page, "members-pending-invitation", full_page=True)

    (message,) = mail.outbox
    link = re.search(r"http\S+/konto/valj-losenord/\S+/", message.body)
    assert link
    invited = browser.new_context().new_page()
    invited.goto(link.group(0))
    assert invited.get_by_role("heading", level=1).inner_text() == "Välj lösenord"
    invited.get_by_label("Nytt lösenord", exact=True).fill(CHOSEN)
    invited.get_by_label("Nytt lösenord igen").fill(CHOSEN)
    invited.get_by_role("button", name="Spara lösenordet").click()
    invited.wait_for_url("**/konto/")
    assert "Inloggad som karin@sandviken.se." in invited.content()
    shot(invited, "invitation-accepted")

    page.reload()
    assert page.get_by_test_id("pending-invitations").count() == 0
    page.close()
    invited.close()
