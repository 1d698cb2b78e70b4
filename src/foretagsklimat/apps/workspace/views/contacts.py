"""Contacts: add, edit, erase on request (GDPR), export one person's data (admin)."""

from __future__ import annotations

import csv
import io
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .. import audit, services
from ..access import Need, get_company_for_user, get_contact_for_user
from ..forms import ContactForm
from ..models import Contact


@login_required
@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest, kommunkod: str, company_id: int) -> HttpResponse:
    membership, company = get_company_for_user(request, kommunkod, company_id, write=True)
    form = ContactForm(request.POST or None, instance=Contact(company=company))
    if request.method == "POST" and form.is_valid():
        services.save_contact(form.instance, request.user)
        messages.success(request, _("Kontaktpersonen lades till."))
        return redirect("workspace:company", kommunkod, company.pk)
    return render(
        request,
        "workspace/contact_form.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "form": form,
            "company": company,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, kommunkod: str, contact_id: int) -> HttpResponse:
    membership, contact = get_contact_for_user(request, kommunkod, contact_id, need=Need.EDIT)
    if contact.is_erased:
        messages.error(request, _("Kontaktpersonen är raderad och kan inte ändras."))
        return redirect("workspace:company", kommunkod, contact.company_id)
    before = audit.snapshot(contact, services.CONTACT_FIELDS)
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        services.save_contact(form.instance, request.user, before=before)
        messages.success(request, _("Ändringarna sparades."))
        return redirect("workspace:company", kommunkod, contact.company_id)
    return render(
        request,
        "workspace/contact_form.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "form": form,
            "company": contact.company,
            "contact": contact,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_erase(request: HttpRequest, kommunkod: str, contact_id: int) -> HttpResponse:
    """GET asks for confirmation; POST erases."""
    membership, contact = get_contact_for_user(request, kommunkod, contact_id, need=Need.EDIT)
    if request.method == "POST":
        if not contact.is_erased:
            services.erase_contact(contact, request.user)
        messages.success(request, _("Kontaktpersonens personuppgifter är raderade."))
        return redirect("workspace:company", kommunkod, contact.company_id)
    return render(
        request,
        "workspace/contact_erase.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "contact": contact,
        },
    )


@login_required
@require_GET
def contact_export(request: HttpRequest, kommunkod: str, contact_id: int) -> HttpResponse:
    """Everything held about one person (``?format=csv``, default JSON); the export is logged."""
    membership, contact = get_contact_for_user(request, kommunkod, contact_id, need=Need.MANAGE)
    data = services.contact_data(contact)
    audit.record(membership.municipality, request.user, "workspace.contact.exported", contact)
    if request.GET.get("format") == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["avsnitt", "falt", "varde"])
        for section, values in data.items():
            if isinstance(values, dict):
                writer.writerows([section, k, v] for k, v in values.items())
            else:
                writer.writerow([section, "", values])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        suffix = "csv"
    else:
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        suffix = "json"
    response["Content-Disposition"] = f'attachment; filename="kontaktperson-{contact.pk}.{suffix}"'
    return response
