"""The board's goals (Mål): the list with its Excel export, add, change, remove."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from foretagsklimat.web.confirmation import confirm_first
from foretagsklimat.web.downloads import download_response

from ..access import Need, get_goal, workspace_view
from ..forms.goals import GoalForm
from ..models import Goal, Membership
from ..services import exports
from ..services.dashboard import goals_frame
from ..services.goal_display import format_value
from ..services.goals import delete_goal, save_goal
from .pages import render_form_page, render_page


@workspace_view("GET", need=Need.OVERVIEW)
def goal_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    items = Goal.objects.for_municipality(membership.municipality).select_related("municipality")
    file = download_response(
        request,
        lambda: {"mal": goals_frame(items, timezone.localdate())},
        f"mal-{membership.municipality.code}",
        synthetic=items.filter(synthetic=True).exists,
        labels=exports.LABELS,
        formats=exports.FORMATS,
        source=exports.SOURCE,
    )
    if file is not None:
        return file
    return render_page(
        request,
        membership,
        "workspace/goals/list.html",
        {
            "rows": [
                (goal, format_value(goal.kind, goal.target), format_value(goal.kind, goal.baseline))
                for goal in items
            ],
            "synthetic": items.filter(synthetic=True).exists(),
        },
    )


@workspace_view("GET", "POST", need=Need.EDIT)
def goal_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    return _goal_form(request, membership, Goal(municipality=membership.municipality))


@workspace_view("GET", "POST", need=Need.EDIT)
def goal_edit(request: HttpRequest, membership: Membership, goal_id: int) -> HttpResponse:
    return _goal_form(request, membership, get_goal(membership, goal_id))


def _goal_form(request: HttpRequest, membership: Membership, goal: Goal) -> HttpResponse:
    new = goal.pk is None
    form = GoalForm(
        request.POST or None,
        initial={"year": timezone.localdate().year} if new else None,
        instance=goal,
    )
    if request.method == "POST" and form.is_valid():
        save_goal(form.instance, request.user)
        messages.success(request, _("Målet sparades.") if new else _("Ändringarna sparades."))
        return redirect("workspace:goals", membership.municipality.code)
    return render_form_page(
        request,
        membership,
        form,
        title=_("Nytt mål") if new else _("Ändra målet"),
        current="goals",
        head="workspace/goals/_head.html",
    )


@workspace_view("POST", need=Need.EDIT)
def goal_delete(request: HttpRequest, membership: Membership, goal_id: int) -> HttpResponse:
    goal = get_goal(membership, goal_id)
    page = confirm_first(
        request,
        title=_("Ta bort kommunstyrelsens mål?"),
        question=_("Målet ”%(goal)s” och dess uppföljning tas bort för alla i arbetsytan.")
        % {"goal": goal},
        confirm_label=_("Ja, ta bort"),
        cancel_url=reverse("workspace:goals", args=[membership.municipality.code]),
    )
    if page is not None:
        return page
    delete_goal(goal, request.user)
    messages.success(request, _("Målet togs bort."))
    return redirect("workspace:goals", membership.municipality.code)
