"""The support catalogue: offerings (list, one, create, edit) and referrals to companies."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from foretagsklimat.apps.reference.models import Municipality
from foretagsklimat.web.downloads import download_response

from .. import audit, support
from ..access import Need, get_company_for_user, get_offering_for_user, membership_for
from ..forms_support import OfferingForm, ReferralForm
from ..models import SupportOffering, SupportReferral


@login_required
@require_GET
def offering_list(request: HttpRequest, kommunkod: str) -> HttpResponse:
    membership = membership_for(request, kommunkod)
    offerings = SupportOffering.objects.for_municipality(membership.municipality).annotate(
        referral_count=Count("referrals")
    )
    file = download_response(
        request,
        lambda: {"stodkatalog": support.offerings_frame(offerings)},
        f"stodkatalog-{kommunkod}",
        synthetic=offerings.filter(synthetic=True).exists,
    )
    if file is not None:
        return file
    return render(
        request,
        "workspace/support/offering_list.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "offerings": offerings,
        },
    )


@login_required
@require_GET
def offering_detail(request: HttpRequest, kommunkod: str, offering_id: int) -> HttpResponse:
    membership, offering = get_offering_for_user(request, kommunkod, offering_id)
    referrals = SupportReferral.objects.filter(offering=offering).select_related("company")
    file = download_response(
        request,
        lambda: {"hanvisningar": support.referrals_frame(referrals)},
        f"hanvisningar-{kommunkod}-{offering.pk}",
        synthetic=offering.synthetic,
    )
    if file is not None:
        return file
    return render(
        request,
        "workspace/support/offering_detail.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "offering": offering,
            "referrals": referrals,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def offering_create(request: HttpRequest, kommunkod: str) -> HttpResponse:
    membership = membership_for(request, kommunkod, need=Need.EDIT)
    form = OfferingForm(
        request.POST or None, instance=SupportOffering(municipality=membership.municipality)
    )
    if request.method == "POST" and form.is_valid():
        offering = support.save_offering(form.instance, request.user)
        messages.success(request, _("Stödet lades till i katalogen."))
        return redirect("workspace:support_offering", kommunkod, offering.pk)
    return render(
        request,
        "workspace/support/form.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "form": form,
            "heading": _("Nytt stöd i katalogen"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def offering_edit(request: HttpRequest, kommunkod: str, offering_id: int) -> HttpResponse:
    membership, offering = get_offering_for_user(request, kommunkod, offering_id, write=True)
    before = audit.snapshot(offering, support.OFFERING_FIELDS)
    form = OfferingForm(request.POST or None, instance=offering)
    if request.method == "POST" and form.is_valid():
        support.save_offering(form.instance, request.user, before=before)
        messages.success(request, _("Ändringarna sparades."))
        return redirect("workspace:support_offering", kommunkod, offering.pk)
    return render(
        request,
        "workspace/support/form.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "form": form,
            "heading": _("Ändra %(name)s") % {"name": offering.name},
        },
    )


def _referral_form(
    request: HttpRequest, municipality: Municipality, referral: SupportReferral
) -> ReferralForm:
    return ReferralForm(request.POST or None, instance=referral, municipality=municipality)


@login_required
@require_http_methods(["GET", "POST"])
def referral_create_for_offering(
    request: HttpRequest, kommunkod: str, offering_id: int
) -> HttpResponse:
    membership, offering = get_offering_for_user(request, kommunkod, offering_id, write=True)
    form = _referral_form(request, membership.municipality, SupportReferral(offering=offering))
    if request.method == "POST" and form.is_valid():
        support.save_referral(form.instance, request.user)
        messages.success(request, _("Hänvisningen sparades."))
        return redirect("workspace:support_offering", kommunkod, offering.pk)
    return render(
        request,
        "workspace/support/form.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "form": form,
            "heading": _("Presentera eller hänvisa %(name)s") % {"name": offering.name},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def referral_create_for_company(
    request: HttpRequest, kommunkod: str, company_id: int
) -> HttpResponse:
    membership, company = get_company_for_user(request, kommunkod, company_id, write=True)
    form = _referral_form(request, membership.municipality, SupportReferral(company=company))
    if request.method == "POST" and form.is_valid():
        support.save_referral(form.instance, request.user)
        messages.success(request, _("Hänvisningen sparades."))
        return redirect("workspace:company", kommunkod, company.pk)
    return render(
        request,
        "workspace/support/form.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "form": form,
            "heading": _("Stöd till %(name)s") % {"name": company.name},
        },
    )
