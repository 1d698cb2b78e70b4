"""The audit log (admin): sentences, newest first, filtered by who, what and when (the
filters kept in the URL), one page at a time, or the filtered log as a file."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from foretagsklimat.web.downloads import download_response

from ..access import Need, workspace_view
from ..models import AuditEntry, Company, Membership
from ..services import audit_log as log
from ..services import exports
from .pages import render_page

AUDIT_PAGE_SIZE = 50

#: What the log can be narrowed to: the kinds of object (``object_type``).
KINDS = {
    "company": _("Företag"),
    "contact": _("Kontaktpersoner"),
    "visit": _("Besök"),
    "visittarget": _("Besöksmål"),
    "goal": _("Mål"),
    "followup": _("Uppföljningar"),
    "supportoffering": _("Stödkatalog"),
    "supportreferral": _("Hänvisningar till stöd"),
    "procurementitem": _("Upphandlingsdialog"),
    "membership": _("Medlemmar"),
}


class AuditFilterForm(forms.Form):
    vem = forms.ChoiceField(label=_("Vem"), required=False)
    typ = forms.ChoiceField(
        label=_("Vad"), required=False, choices=[("", _("Allt")), *KINDS.items()]
    )
    fran = forms.DateField(
        label=_("Från"), required=False, widget=forms.DateInput({"type": "date"})
    )
    till = forms.DateField(
        label=_("Till"), required=False, widget=forms.DateInput({"type": "date"})
    )

    def __init__(self, *args: object, entries: QuerySet[AuditEntry], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        users = (
            get_user_model()
            .objects.filter(pk__in=entries.exclude(user=None).values("user"))
            .order_by("username")
        )
        self.fields["vem"].choices = [  # type: ignore[attr-defined]
            ("", _("Alla")),
            *((str(u.pk), u.get_full_name() or u.get_username()) for u in users),
        ]


def filtered(entries: QuerySet[AuditEntry], form: AuditFilterForm) -> QuerySet[AuditEntry]:
    if not form.is_valid():
        return entries
    data = form.cleaned_data
    if data["vem"]:
        entries = entries.filter(user_id=int(data["vem"]))
    if data["typ"]:
        entries = entries.filter(object_type=data["typ"])
    # Whole local days: from the start of "från" to the end of "till".
    if data["fran"]:
        entries = entries.filter(at__gte=_midnight(data["fran"]))
    if data["till"]:
        entries = entries.filter(at__lt=_midnight(data["till"] + dt.timedelta(days=1)))
    return entries


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


@workspace_view("GET", need=Need.MANAGE)
def audit_log(request: HttpRequest, membership: Membership) -> HttpResponse:
    municipality = membership.municipality
    every = AuditEntry.objects.for_municipality(municipality)
    form = AuditFilterForm(request.GET or None, entries=every)
    entries = filtered(every, form).select_related("user").order_by("-at", "-id")
    if request.GET.get("format"):  # the whole (filtered) log, so only built when asked for
        file = download_response(
            request,
            {"andringslogg": log.entries_frame(entries.iterator())},
            f"andringslogg-{municipality.code}",
            synthetic=Company.objects.for_municipality(municipality)
            .filter(synthetic=True)
            .exists(),
            labels=exports.LABELS,
            formats=exports.FORMATS,
            source=exports.SOURCE,
        )
        if file is not None:
            return file
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    query.pop("format", None)
    return render_page(
        request,
        membership,
        "workspace/audit_log.html",
        {
            "form": form,
            "page": page,
            "lines": log.lines(page.object_list),
            "query": query.urlencode(),
        },
    )
