"""The support catalogue: offerings (list, one, create, edit) and referrals to companies."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from foretagsklimat.web.confirmation import confirm_first
from foretagsklimat.web.downloads import download_response

from ..access import Need, get_company, get_offering, get_referral, workspace_view
from ..forms.support import OfferingForm, ReferralForm
from ..models import Membership, SupportOffering, SupportReferral
from ..services import exports, support
from .pages import Columns, render_form_page, render_page, sorted_page

#: The catalogue's sortable columns (it opens on the active offerings by name).
OFFERING_COLUMNS: Columns = {
    "namn": (gettext_lazy("Stöd"), ["name"]),
    "typ": (gettext_lazy("Typ"), ["kind", "name"]),
    "anordnare": (gettext_lazy("Anordnare"), ["provider", "name"]),
    "hanvisningar": (gettext_lazy("Hänvisningar"), ["referral_count", "name"]),
}
#: An offering's referrals (they open on the newest).
REFERRAL_COLUMNS: Columns = {
    "datum": (gettext_lazy("Datum"), ["date"]),
    "foretag": (gettext_lazy("Företag"), ["company__name", "-date"]),
    "typ": (gettext_lazy("Presenterat/hänvisat"), ["referral_type", "-date"]),
    "utfall": (gettext_lazy("Utfall"), ["outcome", "-date"]),
}


@workspace_view("GET")
def offering_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    offerings = SupportOffering.objects.for_municipality(membership.municipality).annotate(
        referral_count=Count("referrals")
    )
    listing = sorted_page(request, offerings, OFFERING_COLUMNS, ["-active", "name"])
    offerings = listing.rows
    file = download_response(
        request,
        lambda: {"stodkatalog": support.offerings_frame(offerings)},
        f"stodkatalog-{membership.municipality.code}",
        synthetic=offerings.filter(synthetic=True).exists,
        labels=exports.LABELS,
        formats=exports.FORMATS,
        source=exports.SOURCE,
    )
    if file is not None:
        return file
    return render_page(
        request,
        membership,
        "workspace/support/offering_list.html",
        {
            "offerings": listing.page,
            "page": listing.page,
            "headers": listing.headers,
            "query": listing.query,
        },
    )


@workspace_view("GET")
def offering_detail(request: HttpRequest, membership: Membership, offering_id: int) -> HttpResponse:
    offering = get_offering(membership, offering_id)
    listing = sorted_page(
        request,
        SupportReferral.objects.filter(offering=offering).select_related("company"),
        REFERRAL_COLUMNS,
        ["-date"],
    )
    referrals = listing.rows
    file = download_response(
        request,
        lambda: {"hanvisningar": support.referrals_frame(referrals)},
        f"hanvisningar-{membership.municipality.code}-{offering.pk}",
        synthetic=offering.synthetic,
        labels=exports.LABELS,
        formats=exports.FORMATS,
        source=exports.SOURCE,
    )
    if file is not None:
        return file
    return render_page(
        request,
        membership,
        "workspace/support/offering_detail.html",
        {
            "offering": offering,
            "referrals": listing.page,
            "page": listing.page,
            "headers": listing.headers,
            "query": listing.query,
        },
    )


@workspace_view("GET", "POST", need=Need.EDIT)
def offering_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    offering = SupportOffering(municipality=membership.municipality)
    return _offering_form(request, membership, offering)


@workspace_view("GET", "POST", need=Need.EDIT)
def offering_edit(request: HttpRequest, membership: Membership, offering_id: int) -> HttpResponse:
    return _offering_form(request, membership, get_offering(membership, offering_id))


def _offering_form(
    request: HttpRequest, membership: Membership, offering: SupportOffering
) -> HttpResponse:
    new = offering.pk is None
    form = OfferingForm(request.POST or None, instance=offering)
    if request.method == "POST" and form.is_valid():
        support.save_offering(form.instance, request.user)
        messages.success(
            request, _("Stödet lades till i katalogen.") if new else _("Ändringarna sparades.")
        )
        return redirect("workspace:support_offering", membership.municipality.code, offering.pk)
    title = _("Nytt stöd i katalogen") if new else _("Ändra %(name)s") % {"name": offering.name}
    return render_form_page(request, membership, form, title=title, current="support")


@workspace_view("POST", need=Need.EDIT)
def offering_delete(request: HttpRequest, membership: Membership, offering_id: int) -> HttpResponse:
    offering = get_offering(membership, offering_id)
    referrals = offering.referrals.count()
    page = confirm_first(
        request,
        title=_("Ta bort stödet ur katalogen?"),
        question=_("”%(name)s” tas bort ur stödkatalogen för alla i arbetsytan.")
        % {"name": offering.name},
        details=[
            ngettext(
                "%(count)d hänvisning till stödet tas också bort.",
                "%(count)d hänvisningar till stödet tas också bort.",
                referrals,
            )
            % {"count": referrals},
            _("Vill du bara sluta erbjuda det, ändra det till inte aktivt i stället."),
        ]
        if referrals
        else [_("Vill du bara sluta erbjuda det, ändra det till inte aktivt i stället.")],
        confirm_label=_("Ja, ta bort"),
        cancel_url=reverse(
            "workspace:support_offering", args=[membership.municipality.code, offering.pk]
        ),
    )
    if page is not None:
        return page
    support.delete_offering(offering, request.user)
    messages.success(request, _("Stödet togs bort ur katalogen."))
    return redirect("workspace:support_offerings", membership.municipality.code)


@workspace_view("POST", need=Need.EDIT)
def referral_delete(request: HttpRequest, membership: Membership, referral_id: int) -> HttpResponse:
    referral = get_referral(membership, referral_id)
    back = reverse(
        "workspace:support_offering", args=[membership.municipality.code, referral.offering_id]
    )
    page = confirm_first(
        request,
        title=_("Ta bort hänvisningen?"),
        question=_("Hänvisningen av %(offering)s till %(company)s den %(date)s tas bort.")
        % {
            "offering": referral.offering.name,
            "company": referral.company.name,
            "date": referral.date.isoformat(),
        },
        confirm_label=_("Ja, ta bort"),
        cancel_url=back,
    )
    if page is not None:
        return page
    support.delete_referral(referral, request.user)
    messages.success(request, _("Hänvisningen togs bort."))
    return redirect(back)


@workspace_view("GET", "POST", need=Need.EDIT)
def referral_create_for_offering(
    request: HttpRequest, membership: Membership, offering_id: int
) -> HttpResponse:
    offering = get_offering(membership, offering_id)
    form = ReferralForm(
        request.POST or None,
        instance=SupportReferral(offering=offering),
        municipality=membership.municipality,
    )
    if request.method == "POST" and form.is_valid():
        support.save_referral(form.instance, request.user)
        messages.success(request, _("Hänvisningen sparades."))
        return redirect("workspace:support_offering", membership.municipality.code, offering.pk)
    title = _("Presentera eller hänvisa %(name)s") % {"name": offering.name}
    return render_form_page(request, membership, form, title=title, current="support")


@workspace_view("GET", "POST", need=Need.EDIT)
def referral_create_for_company(
    request: HttpRequest, membership: Membership, company_id: int
) -> HttpResponse:
    company = get_company(membership, company_id)
    form = ReferralForm(
        request.POST or None,
        instance=SupportReferral(company=company),
        municipality=membership.municipality,
    )
    if request.method == "POST" and form.is_valid():
        support.save_referral(form.instance, request.user)
        messages.success(request, _("Hänvisningen sparades."))
        return redirect("workspace:company", membership.municipality.code, company.pk)
    title = _("Stöd till %(name)s") % {"name": company.name}
    return render_form_page(request, membership, form, title=title, current="support")
