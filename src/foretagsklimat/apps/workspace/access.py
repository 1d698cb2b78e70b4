"""The one way views reach the workspace: :func:`workspace_view` resolves the member's role
once per request, and one scoped lookup per object type finds an object among the
membership's municipality's objects.

Outside the user's municipalities everything is 404 — whether a municipality has a
workspace, or an id exists, is never revealed. A member whose role does not allow the
request gets 403. A logged-out user is sent to the login page.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .models import (
    Company,
    Contact,
    FollowUp,
    Goal,
    Membership,
    ProcurementItem,
    SupportOffering,
    SupportReferral,
    Visit,
    VisitTarget,
    normalise_evaluation_code,
)


class Need(enum.Enum):
    """What a request needs of the member's role.

    ``OVERVIEW`` is what every member sees, the politician too: the board's dashboard and
    PDF, goals, visit targets with their progress, aggregated evaluations — no personal
    data. ``VIEW`` (the default, so a new page is closed to politicians until it says
    otherwise) reads the workspace's records, where people and free text about them are.
    """

    OVERVIEW = "overview"
    VIEW = "view"
    EDIT = "edit"
    MANAGE = "manage"


def _allows(membership: Membership, need: Need) -> bool:
    if need is Need.MANAGE:
        return membership.can_manage_members
    if need is Need.EDIT:
        return membership.can_edit
    if need is Need.VIEW:
        return membership.can_see_personal_data
    return membership.can_view


def membership_for(request: HttpRequest, kommunkod: str, need: Need = Need.VIEW) -> Membership:
    """The user's membership in the municipality; 404 without one, 403 if the role is short."""
    if not request.user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("municipality")
        .filter(user=request.user, municipality_id=kommunkod)
        .first()
    )
    if membership is None or not membership.can_view:
        raise Http404
    if not _allows(membership, need):
        raise PermissionDenied
    return membership


P = ParamSpec("P")
MemberView = Callable[Concatenate[HttpRequest, Membership, P], HttpResponse]
WorkspaceURLView = Callable[Concatenate[HttpRequest, str, P], HttpResponse]


def workspace_view(
    *methods: str, need: Need = Need.VIEW
) -> Callable[[MemberView[P]], WorkspaceURLView[P]]:
    """A page of one municipality's workspace (its URL starts with the municipality code).

    In this order: logged in (else the login page), one of the HTTP ``methods`` (else 405),
    a member (else 404) whose role allows ``need`` (else 403). The view is then called with
    the membership in place of the municipality code, and its other URL arguments.

    Every answer is ``no-store``: a device handed to a company for the evaluation must not
    show the register from its cache when the back button is pressed.
    """

    def decorate(view: MemberView[P]) -> WorkspaceURLView[P]:
        @wraps(view)
        def with_membership(
            request: HttpRequest, kommunkod: str, *args: P.args, **kwargs: P.kwargs
        ) -> HttpResponse:
            return view(request, membership_for(request, kommunkod, need), *args, **kwargs)

        return never_cache(login_required(require_http_methods(list(methods))(with_membership)))

    return decorate


def memberships_of(user: Any) -> list[Membership]:
    """The workspaces a user belongs to (none when logged out)."""
    return list(Membership.objects.filter(user_id=user.pk or 0).select_related("municipality"))


Scoped = TypeVar(
    "Scoped",
    Company,
    Contact,
    Membership,
    Visit,
    VisitTarget,
    SupportOffering,
    SupportReferral,
    ProcurementItem,
    FollowUp,
    Goal,
)


def scoped_get(model: type[Scoped], membership: Membership, pk: int, *related: str) -> Scoped:
    """The ``model`` object with ``pk`` among the membership's municipality's, or 404;
    ``related`` are fetched along (``select_related``)."""
    found = (
        model.objects.for_municipality(membership.municipality)
        .select_related(*related)
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


# One access function per object type, each ``(membership, id) -> object``. The role was
# checked by ``workspace_view``; these only keep every municipality to its own objects.


def get_company(membership: Membership, company_id: int) -> Company:
    return scoped_get(Company, membership, company_id)


def get_contact(membership: Membership, contact_id: int) -> Contact:
    return scoped_get(Contact, membership, contact_id, "company")


def get_membership(membership: Membership, membership_id: int) -> Membership:
    """Another membership of the same workspace (the one an admin manages)."""
    return scoped_get(Membership, membership, membership_id, "user")


def get_offering(membership: Membership, offering_id: int) -> SupportOffering:
    return scoped_get(SupportOffering, membership, offering_id)


def get_referral(membership: Membership, referral_id: int) -> SupportReferral:
    return scoped_get(SupportReferral, membership, referral_id, "offering", "company")


def get_procurement_item(membership: Membership, item_id: int) -> ProcurementItem:
    return scoped_get(ProcurementItem, membership, item_id)


def get_follow_up(membership: Membership, follow_up_id: int) -> FollowUp:
    return scoped_get(FollowUp, membership, follow_up_id, "company")


def get_visit(membership: Membership, visit_id: int) -> Visit:
    return scoped_get(Visit, membership, visit_id, "company", "officer")


def get_target(membership: Membership, target_id: int) -> VisitTarget:
    return scoped_get(VisitTarget, membership, target_id)


def get_goal(membership: Membership, goal_id: int) -> Goal:
    return scoped_get(Goal, membership, goal_id, "municipality")


def get_visit_by_evaluation_token(token: str) -> Visit:
    """The held visit behind an evaluation link, or 404. The one lookup without a member:
    the company's representative has no login, and the unguessable token is the key."""
    visit = (
        Visit.objects.select_related("company", "municipality")
        .filter(evaluation_token=token, held_on__isnull=False)
        .first()
    )
    if not token or visit is None:
        raise Http404
    return visit


def get_visit_by_evaluation_code(code: str) -> Visit:
    """The held visit behind a short link (``/u/<code>/``) or a typed code, or 404; like
    the token, the code is the key."""
    code = normalise_evaluation_code(code)
    visit = (
        Visit.objects.select_related("company", "municipality")
        .filter(evaluation_code=code, held_on__isnull=False)
        .first()
        if code
        else None
    )
    if visit is None:
        raise Http404
    return visit


def get_membership_by_calendar_token(token: str) -> Membership:
    """The membership whose calendar feed ``token`` opens, or 404 (turned off, renewed or
    forged alike). A member whose role no longer allows viewing gets nothing either."""
    membership = (
        Membership.objects.select_related("user", "municipality")
        .filter(calendar_token=token)
        .first()
        if token
        else None
    )
    if membership is None or not membership.can_view or not membership.user.is_active:
        raise Http404
    return membership
