from __future__ import annotations

from typing import Any

from axes.helpers import get_client_ip_address
from axes.utils import reset as reset_lockouts
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from .roles import is_survey_operator
from .throttle import allow
from .tokens import invitation_tokens

HOUR = 60 * 60


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The logged-in user's page: who they are and where their roles lead."""
    return render(
        request, "accounts/account.html", {"is_survey_operator": is_survey_operator(request.user)}
    )


def locked_out(
    request: HttpRequest, credentials: object = None, *args: object, **kwargs: object
) -> HttpResponse:
    """Shown by django-axes after too many failed logins."""
    return render(request, "accounts/locked_out.html", status=429)


class ResetRequestForm(PasswordResetForm):
    """Django's form; an active account without a usable password (invited and not yet
    accepted, or its access reset by an admin) may also choose one by e-mail."""

    def get_users(self, email: str) -> Any:
        return [
            user
            for user in get_user_model()._default_manager.filter(
                email__iexact=email, is_active=True
            )
            if user.email.casefold() == email.casefold()
        ]


class ForgottenPasswordView(auth_views.PasswordResetView):
    """Ask for a link by e-mail. The answer is the same whether or not the address has an
    account, and whether or not its hourly limit was reached; only the limit per client
    address answers 429, which says nothing about any account."""

    form_class = ResetRequestForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def get_extra_email_context(self) -> dict[str, Any]:
        return {
            "site_url": settings.SITE_URL,
            "hours": settings.PASSWORD_RESET_TIMEOUT // HOUR,
        }

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        address = get_client_ip_address(self.request) or "unknown"
        if not allow("reset-ip", address, settings.PASSWORD_RESETS_PER_ADDRESS, HOUR):
            return render(self.request, "accounts/too_many_requests.html", status=429)
        if not allow(
            "reset-email", form.cleaned_data["email"], settings.PASSWORD_RESETS_PER_EMAIL, HOUR
        ):
            return HttpResponseRedirect(self.get_success_url())
        self.extra_email_context = self.get_extra_email_context()
        # The link's address comes from FORETAGSKLIMAT_SITE_URL, never the request's Host.
        return super().form_valid(form)


class ChoosePasswordView(auth_views.PasswordResetConfirmView):
    """The page a forgotten-password link opens: choose a new password, then log in."""

    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    purpose = "reset"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "purpose": self.purpose}

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        # A new password lifts a lock-out after failed logins.
        reset_lockouts(username=form.user.get_username())
        return response


class AcceptInvitationView(ChoosePasswordView):
    """The page an invitation (or an admin's access reset) opens: choose a password and
    be logged in."""

    token_generator = invitation_tokens
    purpose = "invitation"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Lösenordet är valt och du är inloggad. Välkommen!"))
        return response
