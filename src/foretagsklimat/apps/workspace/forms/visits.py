"""Forms for visits, visit targets and the company's evaluation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from foretagsklimat.apps.reference.models import Municipality

from ..models import Evaluation, Membership, TargetKind, Topic, Visit, VisitTarget
from ..services.members import member_users
from .widgets import DATE, CompanyField, OfficerChoiceField


class VisitForm(forms.ModelForm):
    """Plan (or edit) a visit; the municipality is the instance's."""

    topics = forms.MultipleChoiceField(
        label=_("Ämnen"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Visit
        fields = [
            "company",
            "planned_for",
            "officer",
            "unit",
            "participants_municipality",
            "participants_company",
            "purpose",
            "topics",
            "notes",
        ]
        widgets = {"planned_for": DATE}
        field_classes = {"officer": OfficerChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipality = self.instance.municipality
        officer = self.fields["officer"]
        assert isinstance(officer, forms.ModelChoiceField)
        self.fields["company"] = CompanyField(municipality=municipality)
        officer.queryset = member_users(municipality)


class HeldForm(forms.ModelForm):
    """Record a planned visit as held, with what came out of it."""

    held_on = forms.DateField(label=_("Genomfört datum"), widget=DATE)
    topics = forms.MultipleChoiceField(
        label=_("Ämnen"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Visit
        fields = ["held_on", "participants_municipality", "participants_company", "topics", "notes"]


class VisitFilterForm(forms.Form):
    ar = forms.IntegerField(label=_("År"), required=False, min_value=2000, max_value=2100)
    handlaggare = OfficerChoiceField(
        label=_("Handläggare"), required=False, queryset=Membership.objects.none()
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["handlaggare"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = member_users(municipality)


class TargetForm(forms.ModelForm):
    class Meta:
        model = VisitTarget
        fields = ["year", "kind", "target", "officer", "unit", "min_employees", "within_years"]
        field_classes = {"officer": OfficerChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        officer = self.fields["officer"]
        assert isinstance(officer, forms.ModelChoiceField)
        officer.queryset = member_users(self.instance.municipality)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == TargetKind.VISITS_PER_OFFICER and not data.get("officer"):
            self.add_error("officer", _("Välj handläggaren målet gäller."))
        if kind == TargetKind.VISITS_PER_UNIT and not data.get("unit"):
            self.add_error("unit", _("Ange enheten målet gäller."))
        if kind == TargetKind.COVERAGE:
            if data.get("min_employees") is None:
                self.add_error("min_employees", _("Ange antal anställda."))
            if not data.get("within_years"):
                self.add_error("within_years", _("Ange inom hur många år."))
            if data.get("target") is not None and not 0 <= data["target"] <= 1:
                self.add_error("target", _("Täckningsmålet är en andel mellan 0 och 1."))
        return data


GRADES = [(grade, str(grade)) for grade in range(1, 7)]


class EvaluationForm(forms.Form):
    """Three 1–6 grades and a comment; the question texts are ``Evaluation.QUESTIONS``."""

    comment = forms.CharField(
        label=_("Kommentar (frivilligt)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        grades = {
            name: forms.TypedChoiceField(
                label=question,
                choices=GRADES,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=_("1 = inte alls, 6 = helt och hållet"),
            )
            for name, question in Evaluation.QUESTIONS.items()
        }
        self.fields = {**grades, "comment": self.fields["comment"]}

    def grades(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in Evaluation.QUESTIONS}


class EvaluationCodeForm(forms.Form):
    """The kiosk's start: the visit's code as shown on the officer's visit page."""

    kod = forms.CharField(
        label=_("Mötets kod"),
        max_length=20,
        help_text=_("Tio tecken, till exempel 7KQ2M-X9D4P. Kommunens representant visar koden."),
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
