"""Forms of the members page (admin): add an existing account, change a role."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from ..models import Membership, Role


class AddMemberForm(forms.Form):
    username = forms.CharField(label=_("Användarnamn"), max_length=150)
    role = forms.ChoiceField(label=_("Roll"), choices=Role.choices, initial=Role.VIEWER)

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality

    def clean_username(self) -> Any:
        user = (
            get_user_model()
            .objects.filter(username=self.cleaned_data["username"], is_active=True)
            .first()
        )
        if user is None:
            raise forms.ValidationError(_("Det finns inget aktivt konto med det användarnamnet."))
        if Membership.objects.filter(user=user, municipality=self.municipality).exists():
            raise forms.ValidationError(_("Kontot är redan medlem i arbetsytan."))
        return user


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Roll"), choices=Role.choices)


class InviteMemberForm(forms.Form):
    """Invite a person by e-mail: a new account, or the existing one with that address."""

    name = forms.CharField(label=_("Namn"), max_length=300)
    email = forms.EmailField(label=_("E-post"))
    role = forms.ChoiceField(label=_("Roll"), choices=Role.choices, initial=Role.VIEWER)

    prefix = "invite"

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["email"].widget.attrs.update(autocomplete="off")

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip()
        accounts = get_user_model().objects.filter(email__iexact=email)
        if Membership.objects.filter(user__in=accounts, municipality=self.municipality).exists():
            raise forms.ValidationError(_("Kontot är redan medlem i arbetsytan."))
        return email
