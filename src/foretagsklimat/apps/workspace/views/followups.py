"""Follow-up actions: the list (all, mine, overdue) and its Excel export, create, mark done."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from foretagsklimat.web.downloads import download_response

from .. import followups
from ..access import Need, get_follow_up_for_user, get_visit_for_user, membership_for
from ..forms_support import FollowUpForm
from ..models import Company, FollowUp, Visit

VIEWS = {
    "alla": gettext_lazy("Alla"),
    "mina": gettext_lazy("Mina"),
    "forsenade": gettext_lazy("Försenade"),
}


@login_required
@require_GET
def follow_up_list(request: HttpRequest, kommunkod: str) -> HttpResponse:
    membership = membership_for(request, kommunkod)
    today = timezone.localdate()
    shown = request.GET.get("visa", "alla")
    if shown not in VIEWS:
        shown = "alla"
    items: QuerySet[FollowUp] = FollowUp.objects.for_municipality(
        membership.municipality
    ).select_related("company", "owner", "visit")
    if shown == "mina":
        items = items.filter(owner_id=request.user.pk)
    elif shown == "forsenade":
        items = followups.overdue(items, today)
    file = download_response(
        request,
        lambda: {"uppfoljningar": followups.follow_ups_frame(items, today)},
        f"uppfoljningar-{kommunkod}-{shown}",
        synthetic=items.filter(synthetic=True).exists,
    )
    if file is not None:
        return file
    return render(
        request,
        "workspace/followups/list.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "rows": [(f, f.is_overdue(today), _own_source(f)) for f in items],
            "shown": shown,
            "views": VIEWS,
        },
    )


def _own_source(follow_up: FollowUp) -> str:
    """The source, unless it only repeats the visit the list links to anyway."""
    if follow_up.visit and follow_up.source == followups.visit_label(follow_up.visit):
        return ""
    return follow_up.source


@login_required
@require_http_methods(["GET", "POST"])
def follow_up_create(request: HttpRequest, kommunkod: str) -> HttpResponse:
    """A new follow-up; ``?foretag=<id>`` presets the company, ``?besok=<id>`` the visit it
    came from (and with it the company and the source); the latter goes back to the visit."""
    visit_id = request.GET.get("besok", "")
    visit: Visit | None = None
    if visit_id.isdigit():
        membership, visit = get_visit_for_user(request, kommunkod, int(visit_id), need=Need.EDIT)
    else:
        membership = membership_for(request, kommunkod, need=Need.EDIT)
    initial: dict[str, object] = {"owner": request.user.pk}
    company_id = request.GET.get("foretag", "")
    if visit is not None:
        initial["source"] = followups.visit_label(visit)
    elif company_id.isdigit():
        company = (
            Company.objects.for_municipality(membership.municipality)
            .filter(pk=int(company_id))
            .first()
        )
        if company is not None:
            initial["company"] = company.pk
    form = FollowUpForm(
        request.POST or None,
        initial=initial,
        instance=FollowUp(municipality=membership.municipality, visit=visit),
    )
    if request.method == "POST" and form.is_valid():
        followups.create_follow_up(form.instance, request.user)
        messages.success(request, _("Uppföljningen lades till."))
        if visit is not None:
            return redirect("workspace:visit", kommunkod, visit.pk)
        return redirect("workspace:followups", kommunkod)
    return render(
        request,
        "workspace/followups/form.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "form": form,
            "visit": visit,
        },
    )


@login_required
@require_POST
def follow_up_done(request: HttpRequest, kommunkod: str, follow_up_id: int) -> HttpResponse:
    _membership, follow_up = get_follow_up_for_user(request, kommunkod, follow_up_id, write=True)
    if followups.mark_done(follow_up, request.user, timezone.localdate()):
        messages.success(request, _("Uppföljningen är klar."))
    # Back to the view the button was pressed in (Mina, Försenade).
    shown = request.POST.get("visa", "")
    url = reverse("workspace:followups", args=[kommunkod])
    return redirect(f"{url}?visa={shown}" if shown in VIEWS else url)
