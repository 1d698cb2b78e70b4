"""The one way views reach workspace objects: scoped to the user's municipality.

Outside the user's municipalities everything is 404 — whether a municipality has a
workspace, or an id exists, is never revealed. A member whose role does not allow the
request gets 403. Logged-out users never get here: views are ``login_required``.
"""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from .models import (
    Company,
    Contact,
    FollowUp,
    Goal,
    Membership,
    ProcurementItem,
    SupportOffering,
    Visit,
    VisitTarget,
)

Scoped = TypeVar(
    "Scoped",
    Company,
    Contact,
    Membership,
    Visit,
    VisitTarget,
    SupportOffering,
    ProcurementItem,
    FollowUp,
    Goal,
)


class Need:
    """What a request needs of the member's role."""

    VIEW = "view"
    EDIT = "edit"
    MANAGE = "manage"


def _allows(membership: Membership, need: str) -> bool:
    if need == Need.MANAGE:
        return membership.can_manage_members
    if need == Need.EDIT:
        return membership.can_edit
    return membership.can_view


def membership_for(request: HttpRequest, kommunkod: str, *, need: str = Need.VIEW) -> Membership:
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


def _in_municipality(model: type[Scoped], membership: Membership, pk: int, *related: str) -> Scoped:
    """The object with ``pk`` among the membership's municipality's objects, or 404."""
    found = (
        model.objects.for_municipality(membership.municipality)
        .select_related(*related)
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def _need(write: bool) -> str:
    return Need.EDIT if write else Need.VIEW


def get_company_for_user(
    request: HttpRequest, kommunkod: str, company_id: int, *, write: bool = False
) -> tuple[Membership, Company]:
    membership = membership_for(request, kommunkod, need=_need(write))
    return membership, _in_municipality(Company, membership, company_id)


def get_contact_for_user(
    request: HttpRequest, kommunkod: str, contact_id: int, *, need: str = Need.VIEW
) -> tuple[Membership, Contact]:
    membership = membership_for(request, kommunkod, need=need)
    return membership, _in_municipality(Contact, membership, contact_id, "company")


def get_membership_for_user(
    request: HttpRequest, kommunkod: str, membership_id: int
) -> tuple[Membership, Membership]:
    """The admin's own membership and the one being managed (same municipality)."""
    own = membership_for(request, kommunkod, need=Need.MANAGE)
    return own, _in_municipality(Membership, own, membership_id, "user")


def get_offering_for_user(
    request: HttpRequest, kommunkod: str, offering_id: int, *, write: bool = False
) -> tuple[Membership, SupportOffering]:
    membership = membership_for(request, kommunkod, need=_need(write))
    return membership, _in_municipality(SupportOffering, membership, offering_id)


def get_procurement_item_for_user(
    request: HttpRequest, kommunkod: str, item_id: int, *, write: bool = False
) -> tuple[Membership, ProcurementItem]:
    membership = membership_for(request, kommunkod, need=_need(write))
    return membership, _in_municipality(ProcurementItem, membership, item_id)


def get_follow_up_for_user(
    request: HttpRequest, kommunkod: str, follow_up_id: int, *, write: bool = False
) -> tuple[Membership, FollowUp]:
    membership = membership_for(request, kommunkod, need=_need(write))
    return membership, _in_municipality(FollowUp, membership, follow_up_id, "company")


def get_visit_for_user(
    request: HttpRequest, kommunkod: str, visit_id: int, *, need: str = Need.VIEW
) -> tuple[Membership, Visit]:
    membership = membership_for(request, kommunkod, need=need)
    return membership, _in_municipality(Visit, membership, visit_id, "company", "officer")


def get_target_for_user(
    request: HttpRequest, kommunkod: str, target_id: int
) -> tuple[Membership, VisitTarget]:
    """Targets are only reached to be changed: editor or admin."""
    membership = membership_for(request, kommunkod, need=Need.EDIT)
    return membership, _in_municipality(VisitTarget, membership, target_id)


def get_goal_for_user(
    request: HttpRequest, kommunkod: str, goal_id: int
) -> tuple[Membership, Goal]:
    """Goals are only reached one by one to be changed or removed: editor or admin."""
    membership = membership_for(request, kommunkod, need=Need.EDIT)
    return membership, _in_municipality(Goal, membership, goal_id, "municipality")


def get_visit_by_evaluation_token(token: str) -> Visit:
    """The held visit behind an evaluation link (no login: the token is the key); 404 else."""
    visit = (
        Visit.objects.select_related("company", "municipality")
        .filter(evaluation_token=token, held_on__isnull=False)
        .first()
    )
    if not token or visit is None:
        raise Http404
    return visit
