"""Contacts: add, edit, erase on request (GDPR), export one person's data (admin)."""

from __future__ import annotations

import csv
import io
import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .. import audit
from ..access import Need, get_company, get_contact, workspace_view
from ..forms.companies import ContactForm
from ..models import Contact, Membership
from ..services.companies import contact_data, erase_contact, save_contact
from .pages import render_page


@workspace_view("GET", "POST", need=Need.EDIT)
def contact_create(request: HttpRequest, membership: Membership, company_id: int) -> HttpResponse:
    company = get_company(membership, company_id)
    return _contact_form(request, membership, Contact(company=company))


@workspace_view("GET", "POST", need=Need.EDIT)
def contact_edit(request: HttpRequest, membership: Membership, contact_id: int) -> HttpResponse:
    contact = get_contact(membership, contact_id)
    if contact.is_erased:
        messages.error(request, _("Kontaktpersonen är raderad och kan inte ändras."))
        return redirect("workspace:company", membership.municipality.code, contact.company_id)
    return _contact_form(request, membership, contact)


def _contact_form(request: HttpRequest, membership: Membership, contact: Contact) -> HttpResponse:
    new = contact.pk is None
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        save_contact(form.instance, request.user)
        messages.success(
            request, _("Kontaktpersonen lades till.") if new else _("Ändringarna sparades.")
        )
        return redirect("workspace:company", membership.municipality.code, contact.company_id)
    return render_page(
        request,
        membership,
        "workspace/contact_form.html",
        {"form": form, "company": contact.company, "contact": None if new else contact},
    )


@workspace_view("GET", "POST", need=Need.EDIT)
def contact_erase(request: HttpRequest, membership: Membership, contact_id: int) -> HttpResponse:
    """GET asks for confirmation; POST erases."""
    contact = get_contact(membership, contact_id)
    if request.method == "POST":
        if not contact.is_erased:
            erase_contact(contact, request.user)
        messages.success(request, _("Kontaktpersonens personuppgifter är raderade."))
        return redirect("workspace:company", membership.municipality.code, contact.company_id)
    return render_page(request, membership, "workspace/contact_erase.html", {"contact": contact})


@workspace_view("GET", need=Need.MANAGE)
def contact_export(request: HttpRequest, membership: Membership, contact_id: int) -> HttpResponse:
    """Everything held about one person (``?format=csv``, default JSON); the export is logged."""
    contact = get_contact(membership, contact_id)
    data = contact_data(contact)
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
