"""The procurement dialogue: the filtered list (and its Excel export), create, edit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from foretagsklimat.web.downloads import download_response

from .. import audit, procurement
from ..access import Need, get_procurement_item_for_user, membership_for
from ..forms_support import ProcurementFilterForm, ProcurementForm
from ..models import ProcurementItem


@login_required
@require_GET
def item_list(request: HttpRequest, kommunkod: str) -> HttpResponse:
    membership = membership_for(request, kommunkod)
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
        f"upphandlingsdialog-{kommunkod}",
        synthetic=items.filter(synthetic=True).exists,
    )
    if file is not None:
        return file
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "workspace/procurement/list.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "form": form,
            "items": items.prefetch_related("companies"),
            "query": query.urlencode(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request: HttpRequest, kommunkod: str) -> HttpResponse:
    membership = membership_for(request, kommunkod, need=Need.EDIT)
    form = ProcurementForm(
        request.POST or None, instance=ProcurementItem(municipality=membership.municipality)
    )
    if request.method == "POST" and form.is_valid():
        procurement.save_item(form.instance, form.cleaned_data["companies"], request.user)
        messages.success(request, _("Posten sparades."))
        return redirect("workspace:procurement", kommunkod)
    return render(
        request,
        "workspace/procurement/form.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "form": form,
            "heading": _("Ny post i upphandlingsdialogen"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, kommunkod: str, item_id: int) -> HttpResponse:
    membership, item = get_procurement_item_for_user(request, kommunkod, item_id, write=True)
    before = {
        **audit.snapshot(item, procurement.ITEM_FIELDS),
        "companies": procurement.company_ids(item),
    }
    form = ProcurementForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        procurement.save_item(
            form.instance, form.cleaned_data["companies"], request.user, before=before
        )
        messages.success(request, _("Ändringarna sparades."))
        return redirect("workspace:procurement", kommunkod)
    return render(
        request,
        "workspace/procurement/form.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "form": form,
            "heading": _("Ändra %(title)s") % {"title": item.title},
        },
    )
