from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .roles import is_survey_operator


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
