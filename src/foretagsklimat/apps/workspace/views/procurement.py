"""The procurement dialogue: the filtered list (and its Excel export), create, edit."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from foretagsklimat.web.downloads import download_response

from ..access import Need, get_procurement_item, workspace_view
from ..forms.procurement import ProcurementFilterForm, ProcurementForm
from ..models import Membership, ProcurementItem
from ..services import procurement
from .pages import render_form_page, render_page


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
    file = download_response(
        request,
        lambda: {"upphandlingsdialog": procurement.items_frame(items)},
        f"upphandlingsdialog-{membership.municipality.code}",
        synthetic=items.filter(synthetic=True).exists,
    )
    if file is not None:
        return file
    query = request.GET.copy()
    query.pop("format", None)
    return render_page(
        request,
        membership,
        "workspace/procurement/list.html",
        {
            "form": form,
            "items": items.prefetch_related("companies"),
            "query": query.urlencode(),
        },
    )


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
