"""The form for the board's goals; the ranges are checked by ``Goal.clean``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Goal


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = [
            "year",
            "kind",
            "target",
            "baseline",
            "min_employees",
            "within_years",
            "kolada_kpi",
            "decided_by",
            "note",
        ]
        help_texts = {
            "target": _(
                "Placering: 1–290, lägre är bättre. Sammanfattande omdöme och "
                "mötesutvärdering: betyg 1–6. Företagsbesök: antal under året. Täckning och "
                "uppföljningar klara i tid: andel 0–1, till exempel 0,8 för 80 %."
            ),
            "min_employees": _("Bara för täckning: företag med fler anställda än så räknas."),
            "within_years": _("Bara för täckning: besökta inom så många år."),
        }
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Swedish decimals ("0,8") as well as "0.8".
        for name in ("target", "baseline"):
            self.fields[name].localize = True
            self.fields[name].widget = forms.TextInput(attrs={"inputmode": "decimal"})
            self.fields[name].widget.is_localized = True


class PublishedResultsForm(forms.Form):
    file = forms.FileField(label=_("Fil med publicerade resultat (CSV eller Excel)"))
