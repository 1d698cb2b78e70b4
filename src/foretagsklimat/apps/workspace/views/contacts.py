"""Contacts: add, edit, erase on request (GDPR), export one person's data (admin)."""

from __future__ import annotations

import json

import pandas as pd
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from foretagsklimat.web.confirmation import confirm_first
from foretagsklimat.web.downloads import csv_response, download_response, file_response

from .. import audit
from ..access import Need, get_company, get_contact, workspace_view
from ..forms.companies import ContactForm
from ..models import Contact, Membership
from ..services import exports, mentions
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
    """GET shows what will be erased and where the person is mentioned in free text; POST
    asks first, then erases (with ``omnamnanden=alla``: the mentions too)."""
    contact = get_contact(membership, contact_id)
    here = reverse("workspace:contact_erase", args=[membership.municipality.code, contact.pk])
    if request.method == "POST":
        if not contact.is_erased:
            page = confirm_first(
                request,
                title=_("Radera kontaktpersonens personuppgifter?"),
                question=_(
                    "Namn, roll, telefon och e-post för %(name)s (%(company)s) raderas, även ur "
                    "ändringsloggen. Det går inte att ångra."
                )
                % {"name": contact.name, "company": contact.company.name},
                details=[_("Alla omnämnanden i fritext som listas tas också bort.")]
                if request.POST.get("omnamnanden") == "alla"
                else [],
                confirm_label=_("Ja, radera"),
                cancel_url=here,
            )
            if page is not None:
                return page
            with transaction.atomic():
                removed = (
                    mentions.remove_all(contact, request.user)
                    if request.POST.get("omnamnanden") == "alla"
                    else 0
                )
                erase_contact(contact, request.user)
            if removed:
                messages.info(
                    request,
                    ngettext(
                        "%(count)d omnämnande togs bort.",
                        "%(count)d omnämnanden togs bort.",
                        removed,
                    )
                    % {"count": removed},
                )
        messages.success(request, _("Kontaktpersonens personuppgifter är raderade."))
        return redirect("workspace:company", membership.municipality.code, contact.company_id)
    found = mentions.find(contact)
    shown = [m for m in found if m.kind != mentions.AUDIT or membership.can_see_audit_log]
    return render_page(
        request,
        membership,
        "workspace/contact_erase.html",
        {
            "contact": contact,
            "mentions": shown,
            "hidden_audit_mentions": len(found) - len(shown),
        },
    )


@workspace_view("POST", need=Need.EDIT)
def contact_mention_remove(
    request: HttpRequest, membership: Membership, contact_id: int
) -> HttpResponse:
    """Redact the contact's name and e-mail in one field (``typ``, ``id``, ``falt``), after
    asking; one in the audit log only for those who may read the log."""
    contact = get_contact(membership, contact_id)
    kind, field = request.POST.get("typ", ""), request.POST.get("falt", "")
    object_id = request.POST.get("id", "")
    if kind == mentions.AUDIT and not membership.can_see_audit_log:
        raise PermissionDenied
    here = reverse("workspace:contact_erase", args=[membership.municipality.code, contact.pk])
    if not object_id.isdigit() or contact.is_erased:
        return redirect(here)
    page = confirm_first(
        request,
        title=_("Ta bort omnämnandet?"),
        question=_(
            "%(name)s och %(email)s ersätts med [raderat] i fältet, och i fältets tidigare "
            "värden i ändringsloggen. Resten av texten står kvar."
        )
        % {"name": contact.name, "email": contact.email or "–"},
        confirm_label=_("Ja, ta bort omnämnandet"),
        cancel_url=here,
    )
    if page is not None:
        return page
    if mentions.remove(contact, kind, int(object_id), field, request.user):
        messages.success(request, _("Omnämnandet togs bort."))
    else:
        messages.info(request, _("Omnämnandet fanns inte längre kvar."))
    return redirect(here)


@workspace_view("GET", need=Need.MANAGE)
def contact_export(request: HttpRequest, membership: Membership, contact_id: int) -> HttpResponse:
    """Everything held about one person, with the free-text mentions (``?format=xlsx`` or
    ``csv``, default JSON); the export is logged."""
    contact = get_contact(membership, contact_id)
    data = contact_data(contact)
    audit.record(membership.municipality, request.user, "workspace.contact.exported", contact)
    if request.GET.get("format") == "xlsx":
        # One sheet of the person's data, one of the free-text mentions.
        person = pd.DataFrame(
            [
                {"avsnitt": section, "falt": key, "varde": value}
                for section, values in data.items()
                if not isinstance(values, list)
                for key, value in (values.items() if isinstance(values, dict) else [("", values)])
            ],
            columns=["avsnitt", "falt", "varde"],
        )
        mentioned = pd.DataFrame(data["omnamnanden"], columns=["objekt", "falt", "utdrag"])
        file = download_response(
            request,
            {"kontaktperson": person, "omnamnanden": mentioned},
            f"kontaktperson-{contact.pk}",
            synthetic=contact.company.synthetic,
            labels=exports.LABELS,
            source=exports.SOURCE,
        )
        assert file is not None
        return file
    if request.GET.get("format") == "csv":
        rows: list[list[object]] = []
        for section, values in data.items():
            if isinstance(values, dict):
                rows.extend([section, k, v] for k, v in values.items())
            elif isinstance(values, list):  # the free-text mentions: where, and the snippet
                rows.extend([section, m["objekt"], m["utdrag"]] for m in values)
            else:
                rows.append([section, "", values])
        return csv_response(
            request,
            pd.DataFrame(rows, columns=["avsnitt", "falt", "varde"]),
            f"kontaktperson-{contact.pk}.csv",
            labels=exports.LABELS,
        )
    return file_response(
        json.dumps(data, ensure_ascii=False, indent=2),
        f"kontaktperson-{contact.pk}.json",
        "application/json; charset=utf-8",
    )
