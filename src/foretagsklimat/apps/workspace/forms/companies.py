"""Forms of the company register: a company, a contact, the import, the list's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from stdnum.se import orgnr as se_orgnr

from ..models import Company, Contact, SizeClass


class CompanyForm(forms.ModelForm):
    class Meta:
        model = Company
        fields = [
            "orgnr",
            "name",
            "sni",
            "employees",
            "address",
            "postal_code",
            "postal_town",
            "area",
            "latitude",
            "longitude",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The model validates the compact form; people type "556036-0793".
        orgnr = self.fields["orgnr"]
        assert isinstance(orgnr, forms.CharField)
        orgnr.max_length = 13
        orgnr.widget.attrs.update(maxlength=13, inputmode="numeric")
        orgnr.validators = []

    def clean_orgnr(self) -> str:
        value = se_orgnr.compact(self.cleaned_data["orgnr"])
        return str(value)

    def validate_unique(self) -> None:
        # The municipality is not a form field, so check the pair here.
        super().validate_unique()
        orgnr = self.cleaned_data.get("orgnr")
        if orgnr and self.instance.municipality_id:
            clash = Company.objects.filter(
                municipality_id=self.instance.municipality_id, orgnr=orgnr
            ).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(
                    "orgnr", _("Det finns redan ett företag med det organisationsnumret.")
                )


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "role", "phone", "email", "consent", "consent_date"]
        widgets = {"consent_date": forms.DateInput(attrs={"type": "date"})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("consent") and not data.get("consent_date"):
            self.add_error("consent_date", _("Ange när samtycket lämnades."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Registerfil (CSV eller Excel)"))
    postal_towns = forms.CharField(
        label=_("Kommunens postorter (för filer över hela landet)"),
        required=False,
        max_length=2000,
        help_text=_(
            "Bara för Bolagsverkets bulkfil eller ett SCB-uttag utan kommunkod: skriv "
            "postorterna med kommatecken emellan, till exempel Sandviken, Storvik, Järbo."
        ),
    )

    def clean_postal_towns(self) -> list[str]:
        text = self.cleaned_data["postal_towns"]
        return [town.strip() for town in text.replace(";", ",").split(",") if town.strip()]


class CompanyFilterForm(forms.Form):
    q = forms.CharField(label=_("Sök namn eller organisationsnummer"), required=False)
    sni = forms.CharField(label=_("SNI (början av koden)"), required=False, max_length=5)
    storlek = forms.ChoiceField(
        label=_("Storlek"), required=False, choices=[("", _("alla")), *SizeClass.choices]
    )
    omrade = forms.ChoiceField(label=_("Område"), required=False)
    besokt = forms.ChoiceField(
        label=_("Besökt i år"),
        required=False,
        choices=[("", _("alla")), ("ja", _("besökta i år")), ("nej", _("inte besökta i år"))],
    )

    def __init__(self, *args: Any, areas: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["omrade"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("alla")), *((a, a) for a in areas)]
