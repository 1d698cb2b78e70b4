"""Members (admin): list, add an existing account, change a role, remove."""

from __future__ import annotations

import pandas as pd
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from foretagsklimat.web.downloads import download_response

from .. import retention, services
from ..access import Need, get_membership_for_user, membership_for
from ..forms import AddMemberForm, RoleForm
from ..models import Company, Membership


def members_frame(members: QuerySet[Membership]) -> pd.DataFrame:
    rows = [
        {
            "anvandarnamn": m.user.get_username(),
            "namn": m.user.get_full_name(),
            "e_post": m.user.email,
            "roll": m.get_role_display(),
            "medlem_sedan": timezone.localdate(m.created_at),
        }
        for m in members
    ]
    return pd.DataFrame(rows, columns=["anvandarnamn", "namn", "e_post", "roll", "medlem_sedan"])


@login_required
@require_http_methods(["GET", "POST"])
def member_list(request: HttpRequest, kommunkod: str) -> HttpResponse:
    membership = membership_for(request, kommunkod, need=Need.MANAGE)
    form = AddMemberForm(request.POST or None, municipality=membership.municipality)
    if request.method == "POST" and form.is_valid():
        services.add_member(
            membership.municipality,
            form.cleaned_data["username"],
            form.cleaned_data["role"],
            request.user,
        )
        messages.success(request, _("Medlemmen lades till."))
        return redirect("workspace:members", kommunkod)
    members = Membership.objects.for_municipality(membership.municipality).select_related("user")
    if request.method == "GET" and request.GET.get("format"):
        file = download_response(
            request,
            {"medlemmar": members_frame(members)},
            f"medlemmar-{kommunkod}",
            synthetic=Company.objects.for_municipality(membership.municipality)
            .filter(synthetic=True)
            .exists(),
        )
        if file is not None:
            return file
    return render(
        request,
        "workspace/members.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "form": form,
            "members": [
                (m, RoleForm(initial={"role": m.role}, prefix=f"m{m.pk}")) for m in members
            ],
            "retention": retention.active_rules(),
        },
    )


@login_required
@require_POST
def member_role(request: HttpRequest, kommunkod: str, membership_id: int) -> HttpResponse:
    _own, member = get_membership_for_user(request, kommunkod, membership_id)
    form = RoleForm(request.POST, prefix=f"m{member.pk}")
    if form.is_valid():
        try:
            services.change_role(member, form.cleaned_data["role"], request.user)
        except services.MembershipError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Rollen ändrades."))
    else:
        messages.error(request, _("Välj en roll."))
    return redirect("workspace:members", kommunkod)


@login_required
@require_POST
def member_remove(request: HttpRequest, kommunkod: str, membership_id: int) -> HttpResponse:
    _own, member = get_membership_for_user(request, kommunkod, membership_id)
    try:
        services.remove_member(member, request.user)
    except services.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Medlemmen togs bort."))
    return redirect("workspace:members", kommunkod)
