"""The view decorator and the scoped lookups: the membership and role are resolved once,
in a fixed order (login, method, membership, role), and objects only within one's own
municipality. ``test_permissions.py`` proves it for every URL; these prove the parts."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from foretagsklimat.apps.workspace.access import (
    Need,
    get_company,
    get_contact,
    get_membership,
    scoped_get,
    workspace_view,
)
from foretagsklimat.apps.workspace.models import Company, Membership

from .conftest import Cast

pytestmark = pytest.mark.django_db

seen: dict[str, Any] = {}


@workspace_view("GET")
def a_page(request: HttpRequest, membership: Membership, **kwargs: Any) -> HttpResponse:
    seen.update(membership=membership, kwargs=kwargs)
    return HttpResponse("ok")


@workspace_view("POST", need=Need.EDIT)
def a_change(request: HttpRequest, membership: Membership) -> HttpResponse:
    return HttpResponse("changed")


@workspace_view("GET", need=Need.MANAGE)
def an_admin_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    return HttpResponse("admin")


def _request(user: User | None, method: str = "get") -> HttpRequest:
    request = getattr(RequestFactory(), method)("/arbetsyta/2181/")
    request.user = user or AnonymousUser()
    return request


def test_the_view_gets_the_membership_in_place_of_the_code_and_its_other_arguments(
    cast: Cast,
) -> None:
    response = a_page(_request(cast.sandviken_editor), kommunkod="2181", company_id=7)
    assert response.status_code == 200
    membership = seen["membership"]
    assert (membership.user, membership.municipality.code) == (cast.sandviken_editor, "2181")
    assert membership.can_edit and not membership.can_manage_members
    assert seen["kwargs"] == {"company_id": 7}


def test_the_membership_and_its_municipality_come_in_one_query(cast: Cast) -> None:
    with CaptureQueriesContext(connection) as queries:
        a_page(_request(cast.sandviken_viewer), kommunkod="2181")
        assert seen["membership"].municipality.name == "Sandviken"
    assert len(queries) == 1


def test_a_logged_out_request_goes_to_the_login_page_whatever_the_method(cast: Cast) -> None:
    for view, method in ((a_page, "get"), (a_change, "get"), (a_change, "post")):
        response = view(_request(None, method), kommunkod="2181")
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/logga-in/?next=")


def test_the_method_is_checked_before_the_membership(cast: Cast) -> None:
    """A wrong method is 405 even for a non-member or a viewer, as before the decorator."""
    stranger = User.objects.create_user("stranger", password="stranger-pw-1234")
    assert a_change(_request(stranger, "get"), kommunkod="2181").status_code == 405
    assert a_change(_request(cast.sandviken_viewer, "get"), kommunkod="2181").status_code == 405


def test_a_non_member_gets_404_for_a_municipality_that_exists_or_not(cast: Cast) -> None:
    for code in ("2181", "2180", "9999"):
        user = cast.gavle_admin if code == "2181" else cast.sandviken_admin
        with pytest.raises(Http404):
            a_page(_request(user), kommunkod=code)


def test_a_role_too_low_for_the_view_gets_403(cast: Cast) -> None:
    with pytest.raises(PermissionDenied):
        a_change(_request(cast.sandviken_viewer, "post"), kommunkod="2181")
    with pytest.raises(PermissionDenied):
        an_admin_page(_request(cast.sandviken_editor), kommunkod="2181")
    assert a_change(_request(cast.sandviken_editor, "post"), kommunkod="2181").status_code == 200
    assert an_admin_page(_request(cast.sandviken_admin), kommunkod="2181").status_code == 200


def _membership(user: User) -> Membership:
    return Membership.objects.select_related("municipality").get(user=user)


def test_every_access_function_finds_its_object_only_in_the_memberships_municipality(
    cast: Cast,
) -> None:
    sandviken, gavle = _membership(cast.sandviken_viewer), _membership(cast.gavle_admin)
    assert get_company(sandviken, cast.company.pk) == cast.company
    assert get_contact(sandviken, cast.contact.pk) == cast.contact
    viewer = Membership.objects.get(user=cast.sandviken_viewer)
    assert get_membership(sandviken, viewer.pk) == viewer
    for lookup, pk in (
        (get_company, cast.company.pk),
        (get_contact, cast.contact.pk),
        (get_membership, viewer.pk),
    ):
        with pytest.raises(Http404):
            lookup(gavle, pk)
    with pytest.raises(Http404):
        scoped_get(Company, sandviken, 10**9)
