"""Forms of the support catalogue, the procurement dialogue and the follow-up actions.

Choices of companies, offerings and owners are limited to the member's municipality.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from foretagsklimat.apps.reference.models import Municipality

from .models import (
    Company,
    FollowUp,
    Membership,
    ProcurementItem,
    ProcurementKind,
    ProcurementStatus,
    Role,
    SupportOffering,
    SupportReferral,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OfferingForm(forms.ModelForm):
    class Meta:
        model = SupportOffering
        fields = ["name", "kind", "provider", "conditions", "contact", "active"]
        widgets = {"conditions": forms.Textarea(attrs={"rows": 4})}


class ReferralForm(forms.ModelForm):
    """A referral; ``offering`` or ``company`` is fixed by the page it is made from."""

    class Meta:
        model = SupportReferral
        fields = ["offering", "company", "date", "referral_type", "outcome", "note"]
        widgets = {"date": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offering = self.fields["offering"]
        company = self.fields["company"]
        assert isinstance(offering, forms.ModelChoiceField)
        assert isinstance(company, forms.ModelChoiceField)
        offering.queryset = SupportOffering.objects.for_municipality(municipality).filter(
            active=True
        )
        company.queryset = Company.objects.for_municipality(municipality)
        if self.instance.offering_id:
            del self.fields["offering"]
        if self.instance.company_id:
            del self.fields["company"]


class ProcurementFilterForm(forms.Form):
    typ = forms.ChoiceField(
        label=_("Typ"), required=False, choices=[("", _("alla")), *ProcurementKind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("alla")), *ProcurementStatus.choices]
    )


class ProcurementForm(forms.ModelForm):
    class Meta:
        model = ProcurementItem
        fields = ["kind", "title", "date", "text", "answer", "status", "follow_up_on", "companies"]
        widgets = {
            "date": DATE,
            "follow_up_on": DATE,
            "text": forms.Textarea(attrs={"rows": 4}),
            "answer": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        companies = self.fields["companies"]
        assert isinstance(companies, forms.ModelMultipleChoiceField)
        companies.queryset = Company.objects.for_municipality(self.instance.municipality)
        companies.required = False


def member_users(municipality: Municipality) -> Any:
    """The users who can own a follow-up: the municipality's editors and admins."""
    members = Membership.objects.for_municipality(municipality).filter(
        role__in=[Role.EDITOR, Role.ADMIN]
    )
    return get_user_model().objects.filter(pk__in=members.values("user")).order_by("username")


class FollowUpForm(forms.ModelForm):
    """A new follow-up; made from a visit (``instance.visit`` set), the company is the
    visit's and not asked for."""

    class Meta:
        model = FollowUp
        fields = ["company", "title", "owner", "due_on", "source"]
        widgets = {"due_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        company = self.fields["company"]
        owner = self.fields["owner"]
        assert isinstance(company, forms.ModelChoiceField)
        assert isinstance(owner, forms.ModelChoiceField)
        company.queryset = Company.objects.for_municipality(self.instance.municipality)
        owner.queryset = member_users(self.instance.municipality)
        owner.required = True
        if self.instance.visit_id:
            self.instance.company = self.instance.visit.company
            del self.fields["company"]
