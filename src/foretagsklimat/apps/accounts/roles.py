"""Site-wide roles held through Django groups, and the one question each answers.

The survey operator runs survey rounds and is the only role that sees individual
answers. Views never compare group names: they ask :func:`is_survey_operator` or use
:func:`operator_required`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.models import AnonymousUser, Group, Permission, PermissionsMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

SURVEY_OPERATOR = "Enkätoperatör"
#: The permissions a role's group carries, as "app_label.codename".
ROLE_PERMISSIONS = {
    SURVEY_OPERATOR: ("survey.operate_survey", "survey.view_individual_answers"),
}

View = TypeVar("View", bound=Callable[..., HttpResponse])


def ensure_role_groups(**_: Any) -> None:
    """Create each role's group with its permissions (run after every migrate)."""
    for name, permissions in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for dotted in permissions:
            app_label, codename = dotted.split(".")
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                group.permissions.add(permission)


def is_survey_operator(user: PermissionsMixin | AnonymousUser | object) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and user.has_perm("survey.view_individual_answers")  # type: ignore[union-attr]
    )


def operator_required(view: View) -> View:
    """Logged out: to the login page. Logged in without the operator role: 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_survey_operator(request.user):
            raise PermissionDenied("Enkätoperatörens roll krävs.")
        return view(request, *args, **kwargs)

    return cast(View, wrapped)
