"""A member's calendar feed of planned visits: the page with its secret URL, renewing and
turning it off (each confirmed first), and the feed itself (no login: the token is the key)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from foretagsklimat.web.confirmation import confirm_first

from ..access import get_membership_by_calendar_token, workspace_view
from ..models import Membership, Visit
from ..services import calendar
from .pages import render_page


def _page_url(membership: Membership) -> str:
    return reverse("workspace:calendar", args=[membership.municipality.code])


# Every member may have a feed (a viewer may be an officer too): the role needed is VIEW.


@workspace_view("GET")
def calendar_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    feed_url = None
    if membership.calendar_token:
        feed_url = request.build_absolute_uri(
            reverse("workspace:calendar_feed", args=[membership.calendar_token])
        )
    return render_page(
        request,
        membership,
        "workspace/visits/calendar.html",
        {"feed_url": feed_url, "visits": calendar.planned_visits(membership)},
    )


@workspace_view("POST")
def calendar_renew(request: HttpRequest, membership: Membership) -> HttpResponse:
    if membership.calendar_token:
        page = confirm_first(
            request,
            title=_("Skapa ny kalenderlänk"),
            question=_(
                "Den nuvarande länken slutar fungera direkt. Kalendrar som prenumererar på "
                "den måste få den nya länken. Skapa en ny länk?"
            ),
            confirm_label=_("Skapa ny länk"),
            cancel_url=_page_url(membership),
        )
        if page is not None:
            return page
    calendar.renew_token(membership, request.user)
    messages.success(request, _("Kalenderlänken är skapad."))
    return redirect(_page_url(membership))


@workspace_view("POST")
def calendar_off(request: HttpRequest, membership: Membership) -> HttpResponse:
    page = confirm_first(
        request,
        title=_("Stäng av kalenderlänken"),
        question=_(
            "Länken slutar fungera direkt, och kalendrar som prenumererar på den får inga "
            "fler besök. Stäng av?"
        ),
        confirm_label=_("Stäng av"),
        cancel_url=_page_url(membership),
    )
    if page is not None:
        return page
    calendar.turn_off(membership, request.user)
    messages.success(request, _("Kalenderlänken är avstängd."))
    return redirect(_page_url(membership))


@never_cache
@require_http_methods(["GET", "HEAD"])
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    membership = get_membership_by_calendar_token(token)
    code = membership.municipality.code

    def visit_url(visit: Visit) -> str:
        return request.build_absolute_uri(reverse("workspace:visit", args=[code, visit.pk]))

    body = calendar.feed(membership, request.get_host().split(":")[0], visit_url)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="besok-{code}.ics"'
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
