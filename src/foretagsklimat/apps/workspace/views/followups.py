"""Follow-up actions: the list (all, mine, overdue) and its Excel export, create, mark done."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Case, F, QuerySet, When
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from foretagsklimat.web.confirmation import confirm_first
from foretagsklimat.web.downloads import download_response

from ..access import Need, get_follow_up, get_visit, workspace_view
from ..forms.followups import FollowUpForm
from ..models import Company, FollowUp, FollowUpStatus, Membership, Visit
from ..services import exports, followups
from .pages import Columns, render_page, sorted_page

VIEWS = {
    "alla": gettext_lazy("Alla"),
    "mina": gettext_lazy("Mina"),
    "forsenade": gettext_lazy("Försenade"),
}

_OPEN = Case(When(status=FollowUpStatus.OPEN, then=0), default=1)
#: How the list opens: the open ones first, by due date (so the overdue on top), then the
#: done ones, last done first.
OPEN_FIRST = [
    _OPEN.asc(),
    Case(When(status=FollowUpStatus.OPEN, then=F("due_on"))).asc(nulls_last=True),
    F("done_on").desc(nulls_last=True),
]
#: The list's sortable columns: label and ascending order.
FOLLOW_UP_COLUMNS: Columns = {
    "atgard": (gettext_lazy("Åtgärd"), ["title"]),
    "foretag": (gettext_lazy("Företag"), ["company__name", "due_on"]),
    "ansvarig": (gettext_lazy("Ansvarig"), ["owner__username", "due_on"]),
    "senast": (gettext_lazy("Senast"), ["due_on"]),
    "status": (gettext_lazy("Status"), [_OPEN.asc(), "due_on"]),
}


@workspace_view("GET")
def follow_up_list(request: HttpRequest, membership: Membership) -> HttpResponse:
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
    listing = sorted_page(request, items, FOLLOW_UP_COLUMNS, OPEN_FIRST)
    items = listing.rows
    file = download_response(
        request,
        lambda: {"uppfoljningar": followups.follow_ups_frame(items, today)},
        f"uppfoljningar-{membership.municipality.code}-{shown}",
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
        "workspace/followups/list.html",
        {
            "rows": [(f, f.is_overdue(today), _own_source(f)) for f in listing.page],
            "page": listing.page,
            "headers": listing.headers,
            "query": listing.query,
            # What the "Klar" buttons bring back: the list as shown, this page included.
            "page_query": request.GET.urlencode(),
            "shown": shown,
            "views": VIEWS,
        },
    )


def _own_source(follow_up: FollowUp) -> str:
    """The source, unless it only repeats the visit the list links to anyway."""
    if follow_up.visit and follow_up.source == followups.visit_label(follow_up.visit):
        return ""
    return follow_up.source


@workspace_view("GET", "POST", need=Need.EDIT)
def follow_up_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    """A new follow-up; ``?foretag=<id>`` presets the company, ``?besok=<id>`` the visit it
    came from (and with it the company and the source); the latter goes back to the visit."""
    visit_id = request.GET.get("besok", "")
    visit: Visit | None = get_visit(membership, int(visit_id)) if visit_id.isdigit() else None
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
            return redirect("workspace:visit", membership.municipality.code, visit.pk)
        return redirect("workspace:followups", membership.municipality.code)
    return render_page(
        request, membership, "workspace/followups/form.html", {"form": form, "visit": visit}
    )


@workspace_view("POST", need=Need.EDIT)
def follow_up_delete(
    request: HttpRequest, membership: Membership, follow_up_id: int
) -> HttpResponse:
    """Remove a follow-up made by mistake (one that was done is marked *Klar* instead)."""
    follow_up = get_follow_up(membership, follow_up_id)
    shown = request.POST.get("visa", "")
    url = reverse("workspace:followups", args=[membership.municipality.code])
    back = f"{url}?visa={shown}" if shown in VIEWS else url
    page = confirm_first(
        request,
        title=_("Ta bort uppföljningen?"),
        question=_(
            "Uppföljningen ”%(title)s” för %(company)s tas bort för alla i arbetsytan. "
            "Är den gjord, markera den som klar i stället."
        )
        % {"title": follow_up.title, "company": follow_up.company.name},
        confirm_label=_("Ja, ta bort"),
        cancel_url=back,
    )
    if page is not None:
        return page
    followups.delete_follow_up(follow_up, request.user)
    messages.success(request, _("Uppföljningen togs bort."))
    return redirect(back)


@workspace_view("POST", need=Need.EDIT)
def follow_up_done(request: HttpRequest, membership: Membership, follow_up_id: int) -> HttpResponse:
    follow_up = get_follow_up(membership, follow_up_id)
    if followups.mark_done(follow_up, request.user, timezone.localdate()):
        messages.success(request, _("Uppföljningen är klar."))
    # Back to the list as it was shown: its view (Mina, Försenade), sort and page. The
    # query is re-encoded and only ever appended to the list's own path.
    url = reverse("workspace:followups", args=[membership.municipality.code])
    back = QueryDict(request.POST.get("lista", ""), mutable=True)
    shown = request.POST.get("visa", "")
    if shown in VIEWS:
        back["visa"] = shown
    if back.get("visa") not in VIEWS:
        back.pop("visa", None)
    return redirect(f"{url}?{back.urlencode()}" if back else url)
