"""The procurement dialogue: the filtered list (and its Excel export), create, edit."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Page
from django.db.models import Case, F, QuerySet, When, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from foretagsklimat.web.downloads import download_response

from ..access import Need, get_procurement_item, workspace_view
from ..forms.procurement import ProcurementFilterForm, ProcurementForm
from ..models import Membership, ProcurementItem, ProcurementStatus
from ..services import exports, procurement
from .pages import Columns, render_form_page, render_page, sorted_page

_STATUS = Case(
    When(status=ProcurementStatus.OPEN, then=0),
    When(status=ProcurementStatus.ANSWERED, then=1),
    default=2,
)
#: How the list opens: the open items first (those to follow up soonest on top), then
#: the answered and the done ones, newest first.
OPEN_FIRST = [_STATUS.asc(), F("follow_up_on").asc(nulls_last=True), F("date").desc()]
#: The list's sortable columns: label and ascending order.
PROCUREMENT_COLUMNS: Columns = {
    "datum": (gettext_lazy("Datum"), ["date"]),
    "typ": (gettext_lazy("Typ"), ["kind", "-date"]),
    "rubrik": (gettext_lazy("Rubrik"), ["title"]),
    "status": (gettext_lazy("Status"), [_STATUS.asc(), "-date"]),
    "foljs_upp": (gettext_lazy("Följs upp"), [F("follow_up_on").asc(nulls_last=True)]),
}


@workspace_view("GET")
def item_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = ProcurementFilterForm(request.GET or None)
    items: QuerySet[ProcurementItem] = ProcurementItem.objects.for_municipality(
        membership.municipality
    )
    if form.is_valid():
        items = procurement.filter_items(
            items, form.cleaned_data["typ"], form.cleaned_data["status"]
        )
    listing = sorted_page(request, items, PROCUREMENT_COLUMNS, OPEN_FIRST)
    items = listing.rows
    file = download_response(
        request,
        lambda: {"upphandlingsdialog": procurement.items_frame(items)},
        f"upphandlingsdialog-{membership.municipality.code}",
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
        "workspace/procurement/list.html",
        {
            "form": form,
            "items": _in_page_order(listing.page),
            "page": listing.page,
            "headers": listing.headers,
            "query": listing.query,
        },
    )


def _in_page_order(page: Page[ProcurementItem]) -> list[ProcurementItem]:
    items = list(page)
    prefetch_related_objects(items, "companies")
    return items


@workspace_view("GET", "POST", need=Need.EDIT)
def item_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    return _item_form(request, membership, ProcurementItem(municipality=membership.municipality))


@workspace_view("GET", "POST", need=Need.EDIT)
def item_edit(request: HttpRequest, membership: Membership, item_id: int) -> HttpResponse:
    return _item_form(request, membership, get_procurement_item(membership, item_id))


def _item_form(request: HttpRequest, membership: Membership, item: ProcurementItem) -> HttpResponse:
    new = item.pk is None
    form = ProcurementForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        procurement.save_item(form.instance, form.cleaned_data["companies"], request.user)
        messages.success(request, _("Posten sparades.") if new else _("Ändringarna sparades."))
        return redirect("workspace:procurement", membership.municipality.code)
    title = (
        _("Ny post i upphandlingsdialogen") if new else _("Ändra %(title)s") % {"title": item.title}
    )
    return render_form_page(request, membership, form, title=title, current="procurement")
