"""Every workspace URL, as every role: the permission table.

Each URL name of the ``workspace`` namespace has exactly one row. A request is made as
logged out (→ login page), as Sandviken's politician, viewer, editor and admin, and as
Gävle's admin (→ 404: another municipality's workspace and objects do not exist for them).
A viewer's write is 403; an admin-only page is 403 for the viewer and the editor; a page
with personal data (``personal``, the default) is 403 for the politician.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import openpyxl
import pytest
from django.urls import URLPattern, get_resolver, reverse

from foretagsklimat.apps.workspace.models import (
    Goal,
    GoalKind,
    Membership,
    TargetKind,
    Visit,
    VisitTarget,
)

from .conftest import Cast
from .support_cast import SUPPORT_TARGETS, support_target

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Row:
    method: str
    write: bool = False
    admin_only: bool = False
    #: The object in the URL: "company", "contact", "membership", "visit", "target", "goal",
    #: None
    #: (the municipality only), "" (no municipality: the list of the user's own workspaces)
    #: or "token"/"feed" (a public page reached by an unguessable token, without login:
    #: a visit's evaluation, a member's calendar feed).
    target: str | None = None
    #: Whether the page shows personal data (people, free text about them): closed to the
    #: politician. Only the board's overview, goals and targets are without.
    personal: bool = True

    @property
    def tenant(self) -> bool:
        return self.target not in ("", "token", "feed")

    @property
    def public(self) -> bool:
        return self.target in ("token", "feed")


#: One row per URL name. A GET of a form that changes data counts as a write.
PERMISSIONS = {
    "index": Row("get", target="", personal=False),
    "home": Row("get", personal=False),
    "companies": Row("get"),
    "company": Row("get", target="company"),
    "company_create": Row("get", write=True),
    "company_edit": Row("get", write=True, target="company"),
    "company_import": Row("get", write=True),
    "published_import": Row("get", write=True),
    "company_search": Row("get"),
    "company_import_template": Row("get"),
    "contact_create": Row("get", write=True, target="company"),
    "contact_edit": Row("get", write=True, target="contact"),
    "contact_erase": Row("get", write=True, target="contact"),
    "contact_export": Row("get", admin_only=True, target="contact"),
    "contact_mention_remove": Row("post", write=True, target="contact"),
    "members": Row("get", admin_only=True),
    "member_role": Row("post", write=True, admin_only=True, target="membership"),
    "member_remove": Row("post", write=True, admin_only=True, target="membership"),
    "member_invite": Row("post", write=True, admin_only=True),
    "member_resend": Row("post", write=True, admin_only=True, target="membership"),
    "member_reset": Row("post", write=True, admin_only=True, target="membership"),
    "audit_log": Row("get", admin_only=True),
    "support_offerings": Row("get"),
    "support_offering": Row("get", target="offering"),
    "support_offering_create": Row("get", write=True),
    "support_offering_edit": Row("get", write=True, target="offering"),
    "support_offering_delete": Row("post", write=True, target="offering"),
    "support_referral_create": Row("get", write=True, target="offering"),
    "support_referral_delete": Row("post", write=True, target="referral"),
    "company_referral_create": Row("get", write=True, target="company"),
    "procurement": Row("get"),
    "procurement_create": Row("get", write=True),
    "procurement_edit": Row("get", write=True, target="procurement"),
    "followups": Row("get"),
    "followup_create": Row("get", write=True),
    "followup_done": Row("post", write=True, target="followup"),
    "followup_delete": Row("post", write=True, target="followup"),
    "visits": Row("get"),
    "visit_create": Row("get", write=True),
    "visit": Row("get", target="visit"),
    "visit_edit": Row("get", write=True, target="visit"),
    "visit_held": Row("get", write=True, target="visit"),
    "visit_hand_over": Row("post", write=True, target="visit"),
    "targets": Row("get", personal=False),
    "target_create": Row("get", write=True),
    "target_delete": Row("post", write=True, target="target"),
    "evaluate": Row("get", target="token", personal=False),
    # Every member's own calendar feed: managing it is not a write to the workspace.
    "calendar": Row("get"),
    "calendar_renew": Row("post"),
    "calendar_off": Row("post"),
    "calendar_feed": Row("get", target="feed", personal=False),
    "dashboard": Row("get", personal=False),
    "dashboard_pdf": Row("get", personal=False),
    "goals": Row("get", personal=False),
    "goal_create": Row("get", write=True),
    "goal_edit": Row("get", write=True, target="goal"),
    "goal_delete": Row("post", write=True, target="goal"),
}


@pytest.fixture(autouse=True)
def visits_and_targets(cast: Cast) -> None:
    """A held visit, a target and a goal in each municipality, for their URLs."""
    for company, officer in (
        (cast.company, cast.sandviken_editor),
        (cast.gavle_company, cast.gavle_admin),
    ):
        visit = Visit(
            municipality=company.municipality,
            company=company,
            officer=officer,
            planned_for="2026-03-01",
        )
        visit.mark_held(visit.planned_for)
        visit.save()
        VisitTarget.objects.create(
            municipality=company.municipality, year=2026, kind=TargetKind.VISITS_TOTAL, target=10
        )
        Goal.objects.create(
            municipality=company.municipality, year=2026, kind=GoalKind.VISITS, target=10
        )


def _url(name: str, cast: Cast, code: str = "2181") -> str:
    """The URL of ``name`` for Sandviken's (or Gävle's) objects of the cast."""
    sandviken = code == "2181"
    kwargs: dict[str, object] = {"kommunkod": code}
    target = PERMISSIONS[name].target
    if target == "company":
        kwargs["company_id"] = (cast.company if sandviken else cast.gavle_company).pk
    elif target == "contact":
        kwargs["contact_id"] = (cast.contact if sandviken else cast.gavle_contact).pk
    elif target == "membership":
        kwargs["membership_id"] = Membership.objects.get(user=cast.sandviken_viewer).pk
    elif target in SUPPORT_TARGETS:
        kwargs.update(support_target(target, cast.company if sandviken else cast.gavle_company))
    elif target == "visit":
        kwargs["visit_id"] = Visit.objects.get(municipality_id=code).pk
    elif target == "target":
        kwargs["target_id"] = VisitTarget.objects.get(municipality_id=code).pk
    elif target == "goal":
        kwargs["goal_id"] = Goal.objects.get(municipality_id=code).pk
    elif target == "token":
        kwargs = {"token": Visit.objects.get(municipality_id=code).evaluation_token}
    elif target == "feed":
        member = Membership.objects.get(user=cast.sandviken_editor)
        member.calendar_token = member.calendar_token or "kalender-" + "k" * 30
        member.save(update_fields=["calendar_token"])
        kwargs = {"token": member.calendar_token}
    elif target == "":
        kwargs = {}
    return reverse(f"workspace:{name}", kwargs=kwargs)


def _request(cast: Cast, user: object, name: str, url: str) -> int:
    client = cast.client(user)  # type: ignore[arg-type]
    response = getattr(client, PERMISSIONS[name].method)(url)
    return int(response.status_code)


def test_every_workspace_url_name_has_exactly_one_row() -> None:
    resolver = get_resolver()
    _namespace_prefix, workspace = resolver.namespace_dict["workspace"]
    names = {p.name for p in workspace.url_patterns if isinstance(p, URLPattern) and p.name}
    assert names == set(PERMISSIONS), (
        f"no row for {sorted(names - set(PERMISSIONS))}; "
        f"stale rows {sorted(set(PERMISSIONS) - names)}"
    )


@pytest.mark.parametrize("name", sorted(n for n, r in PERMISSIONS.items() if not r.public))
def test_logged_out_requests_go_to_the_login_page(cast: Cast, name: str) -> None:
    url = _url(name, cast)
    response = getattr(cast.client(None), PERMISSIONS[name].method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logga-in/?next=")


@pytest.mark.parametrize("name", sorted(PERMISSIONS))
@pytest.mark.parametrize("role", ["politician", "viewer", "editor", "admin"])
def test_each_role_gets_what_the_table_allows(cast: Cast, name: str, role: str) -> None:
    row = PERMISSIONS[name]
    user = getattr(cast, f"sandviken_{role}")
    status = _request(cast, user, name, _url(name, cast))
    reads = not row.write and not row.admin_only
    allowed = (
        role == "admin"
        or (role == "editor" and not row.admin_only)
        or (role == "viewer" and reads)
        or (role == "politician" and reads and not row.personal)
    )
    if not row.tenant:
        assert status in (200, 302)
    elif allowed:
        assert status in (200, 302), f"{role} {name}: {status}"
    else:
        assert status == 403, f"{role} {name}: {status}"


@pytest.mark.parametrize("name", sorted(n for n, r in PERMISSIONS.items() if r.tenant))
def test_another_municipalitys_admin_gets_404_for_its_urls(cast: Cast, name: str) -> None:
    assert _request(cast, cast.gavle_admin, name, _url(name, cast)) == 404


@pytest.mark.parametrize("name", sorted(n for n, r in PERMISSIONS.items() if r.public))
def test_a_public_token_url_opens_without_login_and_a_forged_token_is_404(
    cast: Cast, name: str
) -> None:
    client = cast.client(None)
    assert client.get(_url(name, cast)).status_code in (200, 302)
    forged = reverse(f"workspace:{name}", kwargs={"token": "gissat-" + "x" * 25})
    assert client.get(forged).status_code == 404
    # A read-only page refuses the method before it looks at the token.
    assert client.post(forged, {"useful": 6}).status_code in (404, 405)


@pytest.mark.parametrize("name", sorted(n for n, r in PERMISSIONS.items() if r.tenant and r.target))
def test_another_municipalitys_objects_are_404_even_under_ones_own_code(
    cast: Cast, name: str
) -> None:
    """Gävle's admin asks for Sandviken's company/contact/membership under /arbetsyta/2180/."""
    url = _url(name, cast).replace("/2181/", "/2180/", 1)
    assert _request(cast, cast.gavle_admin, name, url) == 404


@pytest.mark.parametrize("name", sorted(n for n, r in PERMISSIONS.items() if r.write))
@pytest.mark.parametrize("role", ["politician", "viewer"])
def test_a_readers_post_to_a_write_url_is_403_and_changes_nothing(
    cast: Cast, name: str, role: str
) -> None:
    response = cast.client(getattr(cast, f"sandviken_{role}")).post(
        _url(name, cast),
        {"name": "Ändrat", "orgnr": "5560360793", "role": "admin", "confirmed": "1"},
    )
    assert response.status_code == 403
    cast.company.refresh_from_db()
    cast.contact.refresh_from_db()
    assert cast.company.name == "Sandvikens Testverkstad AB"
    assert cast.contact.name == "Anna Testsson"


def test_a_user_without_membership_sees_no_workspace(cast: Cast) -> None:
    from django.contrib.auth.models import User

    stranger = User.objects.create_user("stranger", password="stranger-pw-1234")
    client = cast.client(stranger)
    assert client.get("/arbetsyta/").status_code == 200
    assert client.get("/arbetsyta/2181/").status_code == 404


def test_an_unknown_municipality_code_is_404_like_a_foreign_one(cast: Cast) -> None:
    client = cast.client(cast.sandviken_admin)
    assert client.get("/arbetsyta/9999/").status_code == 404
    assert client.get("/arbetsyta/2180/").status_code == 404


#: Every list page downloads as Excel (``?format=xlsx``), as the role that may see it, with
#: the sheet holding the list and its header row.
EXPORTS = {
    "companies": "foretag",
    "members": "medlemmar",
    "audit_log": "andringslogg",
    "visits": "besok",
    "targets": "besoksmal",
    "support_offerings": "stodkatalog",
    "support_offering": "hanvisningar",
    "procurement": "upphandlingsdialog",
    "followups": "uppfoljningar",
    "goals": "mal",
}


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_every_list_downloads_as_excel_with_its_header(cast: Cast, name: str) -> None:
    row = PERMISSIONS[name]
    user = cast.sandviken_admin if row.admin_only else cast.sandviken_viewer
    response = cast.client(user).get(_url(name, cast), {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    header = next(book[EXPORTS[name]].iter_rows(max_row=1, values_only=True))
    assert len(header) > 2 and all(header), header
    assert "Syntetiska data" in header


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_a_politician_downloads_only_lists_without_personal_data(cast: Cast, name: str) -> None:
    response = cast.client(cast.sandviken_politician).get(_url(name, cast), {"format": "xlsx"})
    assert response.status_code == (403 if PERMISSIONS[name].personal else 200)


def test_the_politicians_menu_shows_only_what_the_role_opens(cast: Cast) -> None:
    page = cast.client(cast.sandviken_politician).get(_url("dashboard", cast)).content.decode()
    menu = page[
        page.index('class="operator-nav"') : page.index("</nav>", page.index("operator-nav"))
    ]
    hrefs = set(re.findall(r'href="(/arbetsyta/[^"?]*)', menu))
    assert hrefs == {_url(name, cast) for name in ("home", "dashboard", "goals", "targets")}, hrefs
    for href in hrefs:
        assert cast.client(cast.sandviken_politician).get(href).status_code == 200


@pytest.mark.parametrize("name", sorted(n for n in EXPORTS if PERMISSIONS[n].admin_only))
def test_an_admin_only_list_does_not_download_for_the_editor(cast: Cast, name: str) -> None:
    response = cast.client(cast.sandviken_editor).get(_url(name, cast), {"format": "xlsx"})
    assert response.status_code == 403


#: The evaluation kiosk (``/u/``, namespace ``kiosk``): public pages without login, reached
#: by a visit's short code; one row per URL name, as for the workspace.
KIOSK_PERMISSIONS = {
    "start": Row("get", target=""),
    "evaluate": Row("get", target="token", personal=False),
}


def _kiosk_url(name: str, code: str | None = None) -> str:
    if KIOSK_PERMISSIONS[name].target == "token":
        if code is None:
            code = Visit.objects.get(municipality_id="2181").evaluation_code
        return reverse(f"kiosk:{name}", kwargs={"code": code})
    return reverse(f"kiosk:{name}")


def test_every_kiosk_url_name_has_exactly_one_row() -> None:
    _prefix, kiosk = get_resolver().namespace_dict["kiosk"]
    names = {p.name for p in kiosk.url_patterns if isinstance(p, URLPattern) and p.name}
    assert names == set(KIOSK_PERMISSIONS)


@pytest.mark.parametrize("name", sorted(KIOSK_PERMISSIONS))
@pytest.mark.parametrize("role", [None, "politician", "viewer", "admin"])
def test_the_kiosk_opens_for_anyone_and_a_forged_code_is_404(
    cast: Cast, name: str, role: str | None
) -> None:
    client = cast.client(getattr(cast, f"sandviken_{role}") if role else None)
    assert client.get(_kiosk_url(name)).status_code == 200
    if KIOSK_PERMISSIONS[name].target == "token":
        assert client.get(_kiosk_url(name, "ABCDEFGHJK")).status_code == 404
