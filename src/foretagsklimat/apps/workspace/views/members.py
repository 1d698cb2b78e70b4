"""Members (admin): list, add an existing account, change a role, remove."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from foretagsklimat.web.confirmation import confirm_first
from foretagsklimat.web.downloads import download_response

from ..access import Need, get_membership, workspace_view
from ..forms.members import AddMemberForm, RoleForm
from ..models import Company, Membership
from ..services.members import (
    MembershipError,
    add_member,
    change_role,
    members_frame,
    remove_member,
)
from ..services.retention import active_rules
from .pages import render_page


@workspace_view("GET", "POST", need=Need.MANAGE)
def member_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    municipality = membership.municipality
    form = AddMemberForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        add_member(
            municipality, form.cleaned_data["username"], form.cleaned_data["role"], request.user
        )
        messages.success(request, _("Medlemmen lades till."))
        return redirect("workspace:members", municipality.code)
    members = Membership.objects.for_municipality(municipality).select_related("user")
    if request.method == "GET" and request.GET.get("format"):
        file = download_response(
            request,
            {"medlemmar": members_frame(members)},
            f"medlemmar-{municipality.code}",
            synthetic=Company.objects.for_municipality(municipality)
            .filter(synthetic=True)
            .exists(),
        )
        if file is not None:
            return file
    return render_page(
        request,
        membership,
        "workspace/members.html",
        {
            "form": form,
            "members": [
                (m, RoleForm(initial={"role": m.role}, prefix=f"m{m.pk}")) for m in members
            ],
            "retention": active_rules(),
        },
    )


@workspace_view("POST", need=Need.MANAGE)
def member_role(request: HttpRequest, membership: Membership, membership_id: int) -> HttpResponse:
    member = get_membership(membership, membership_id)
    form = RoleForm(request.POST, prefix=f"m{member.pk}")
    if form.is_valid():
        try:
            change_role(member, form.cleaned_data["role"], request.user)
        except MembershipError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Rollen ändrades."))
    else:
        messages.error(request, _("Välj en roll."))
    return redirect("workspace:members", membership.municipality.code)


@workspace_view("POST", need=Need.MANAGE)
def member_remove(request: HttpRequest, membership: Membership, membership_id: int) -> HttpResponse:
    member = get_membership(membership, membership_id)
    page = confirm_first(
        request,
        title=_("Ta bort medlemmen?"),
        question=_(
            "%(user)s förlorar åtkomsten till %(municipality)ss arbetsyta. Kontot finns kvar."
        )
        % {
            "user": member.user.get_full_name() or member.user.get_username(),
            "municipality": membership.municipality.name,
        },
        confirm_label=_("Ja, ta bort"),
        cancel_url=reverse("workspace:members", args=[membership.municipality.code]),
    )
    if page is not None:
        return page
    try:
        remove_member(member, request.user)
    except MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Medlemmen togs bort."))
    return redirect("workspace:members", membership.municipality.code)
