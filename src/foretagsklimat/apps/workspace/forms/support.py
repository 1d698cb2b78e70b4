"""Forms of the support catalogue: an offering, and a referral of one to a company.

Choices of companies and offerings are limited to the member's municipality.
"""

from __future__ import annotations

from typing import Any

from django import forms

from foretagsklimat.apps.reference.models import Municipality

from ..models import SupportOffering, SupportReferral
from .widgets import DATE, CompanyField


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
        assert isinstance(offering, forms.ModelChoiceField)
        offering.queryset = SupportOffering.objects.for_municipality(municipality).filter(
            active=True
        )
        self.fields["company"] = CompanyField(municipality=municipality)
        if self.instance.offering_id:
            del self.fields["offering"]
        if self.instance.company_id:
            del self.fields["company"]
