"""Members (admin): list, invite by e-mail, add an existing account, change a role, resend
an invitation, reset a member's access, remove."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from foretagsklimat.web.confirmation import confirm_first
from foretagsklimat.web.downloads import download_response

from ..access import Need, get_membership, workspace_view
from ..forms.members import AddMemberForm, InviteMemberForm, RoleForm
from ..models import Company, Membership
from ..services import exports
from ..services.members import (
    InvitationError,
    MembershipError,
    access_reset_refusal,
    add_member,
    change_role,
    invite_member,
    members_frame,
    pending_invitations,
    remove_member,
    resend_invitation,
    reset_access,
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
    return _members_page(request, membership, form, InviteMemberForm(municipality=municipality))


@workspace_view("POST", need=Need.MANAGE)
def member_invite(request: HttpRequest, membership: Membership) -> HttpResponse:
    municipality = membership.municipality
    form = InviteMemberForm(request.POST, municipality=municipality)
    if form.is_valid():
        data = form.cleaned_data
        try:
            _member, linked = invite_member(
                municipality, data["name"], data["email"], data["role"], request.user
            )
        except InvitationError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request,
                (
                    _("Inbjudan skickades till %(email)s.")
                    if linked
                    else _("Kontot med %(email)s lades till och fick ett meddelande om det.")
                )
                % {"email": data["email"]},
            )
            return redirect("workspace:members", municipality.code)
    return _members_page(request, membership, AddMemberForm(municipality=municipality), form)


def _members_page(
    request: HttpRequest,
    membership: Membership,
    form: AddMemberForm,
    invite_form: InviteMemberForm,
) -> HttpResponse:
    municipality = membership.municipality
    members = Membership.objects.for_municipality(municipality).select_related("user")
    if request.method == "GET" and request.GET.get("format"):
        file = download_response(
            request,
            {"medlemmar": members_frame(members)},
            f"medlemmar-{municipality.code}",
            synthetic=Company.objects.for_municipality(municipality)
            .filter(synthetic=True)
            .exists(),
            labels=exports.LABELS,
            formats=exports.FORMATS,
            source=exports.SOURCE,
        )
        if file is not None:
            return file
    return render_page(
        request,
        membership,
        "workspace/members.html",
        {
            "form": form,
            "invite_form": invite_form,
            "invitations": pending_invitations(municipality),
            "invitation_days": settings.INVITATION_DAYS,
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


@workspace_view("POST", need=Need.MANAGE)
def member_resend(request: HttpRequest, membership: Membership, membership_id: int) -> HttpResponse:
    member = get_membership(membership, membership_id)
    try:
        sent = resend_invitation(member, request.user)
    except InvitationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Inbjudan skickades igen till %(email)s.") % {"email": sent.email}
        )
    return redirect("workspace:members", membership.municipality.code)


@workspace_view("POST", need=Need.MANAGE)
def member_reset(request: HttpRequest, membership: Membership, membership_id: int) -> HttpResponse:
    member = get_membership(membership, membership_id)
    members_url = reverse("workspace:members", args=[membership.municipality.code])
    if (reason := access_reset_refusal(member, request.user)) is not None:
        messages.error(request, reason)
        return redirect(members_url)
    name = member.user.get_full_name() or member.user.get_username()
    page = confirm_first(
        request,
        title=_("Återställa åtkomsten för %(name)s?") % {"name": name},
        question=_(
            "Lösenordet slutar gälla genast och %(name)s loggas ut överallt. En länk för att "
            "välja ett nytt lösenord skickas till %(email)s."
        )
        % {"name": name, "email": member.user.email},
        details=[
            _("Kontot gäller hela webbplatsen: även andra arbetsytor där kontot är medlem."),
        ],
        confirm_label=_("Ja, återställ åtkomsten"),
        cancel_url=members_url,
    )
    if page is not None:
        return page
    try:
        sent = reset_access(member, request.user)
    except InvitationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Åtkomsten återställdes; en länk skickades till %(email)s.") % {"email": sent.email},
        )
    return redirect(members_url)
