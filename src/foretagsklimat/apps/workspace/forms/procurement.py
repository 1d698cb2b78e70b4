"""Forms of the procurement dialogue: the list's filters and an item (its companies limited
to the member's municipality)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import ProcurementItem, ProcurementKind, ProcurementStatus
from .widgets import DATE, CompaniesField


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
        self.fields["companies"] = CompaniesField(
            municipality=self.instance.municipality, required=False, label=_("Företag")
        )
