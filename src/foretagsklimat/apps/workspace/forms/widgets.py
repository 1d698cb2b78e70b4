"""Widgets and fields the workspace's forms share."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from foretagsklimat.apps.reference.models import Municipality
from foretagsklimat.reference.search import search_key

from ..models import Company

#: A date picker that shows the value as the browser's date input expects it.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

#: The most companies a search returns (the JSON endpoint and a form's list of matches).
SEARCH_LIMIT = 20

#: "Name (556036-0793)", as the picker writes a chosen company into the text input.
_LABELLED_ORGNR = re.compile(r"\((\d{6}-?\d{4})\)\s*$")


class OfficerChoiceField(forms.ModelChoiceField):
    """A member's account, shown by full name when it has one."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


def compact_orgnr(text: str) -> str | None:
    """The 10 digits of an organisation number typed with or without hyphen or spaces."""
    digits = re.sub(r"[\s\-]", "", text)
    return digits if re.fullmatch(r"\d{10}", digits) else None


def search_companies(companies: QuerySet[Company], query: str) -> list[Company]:
    """At most :data:`SEARCH_LIMIT` companies matching ``query``: by organisation number
    (its beginning) when the query is digits, else names starting with it, then names
    containing it.

    The digit search is a range on the indexed (municipality, orgnr) pair; the name
    search stops at the limit, so neither reads the whole register into Python.
    """
    query = query.strip()
    if not query:
        return []
    digits = re.sub(r"[\s\-]", "", query)
    if digits.isdigit():
        # A prefix as a range ("5560" → ["5560", "5561")): the unique index serves it.
        upper = str(int(digits) + 1).zfill(len(digits)) if digits.strip("9") else None
        by_number = companies.filter(orgnr__gte=digits)
        if upper is not None and len(upper) == len(digits):
            by_number = by_number.filter(orgnr__lt=upper)
        else:
            by_number = by_number.filter(orgnr__startswith=digits)
        return list(by_number.order_by("orgnr")[:SEARCH_LIMIT])
    # The folded name (search_key) matches "ÅKESSON" to "Åkesson" on SQLite too.
    key = search_key(query)
    found = list(
        companies.filter(search_name__startswith=key).order_by("name", "orgnr")[:SEARCH_LIMIT]
    )
    if len(found) < SEARCH_LIMIT:
        more = (
            companies.filter(search_name__contains=key)
            .exclude(pk__in=[c.pk for c in found])
            .order_by("name", "orgnr")[: SEARCH_LIMIT - len(found)]
        )
        found.extend(more)
    return found


def company_label(company: Company) -> str:
    """How the picker shows a company, and what it writes into the text input."""
    return f"{company.name} ({company.formatted_orgnr})"


@dataclass(frozen=True)
class Typed:
    """What the picker posted: the text typed, and a company chosen among matches."""

    text: str
    choice: str = ""


class CompanyPicker(forms.TextInput):
    """A text input for a company's name or organisation number.

    Without JavaScript the form posts the text and :class:`CompanyField` resolves it;
    when several companies match, the form comes back with them as radio buttons
    (``<name>_val``). ``company_picker.js`` turns the input into an ARIA combobox that
    asks the search endpoint as one types.
    """

    template_name = "workspace/widgets/company_picker.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.search_url = ""
        self.companies: QuerySet[Company] = Company.objects.none()
        self.matches: list[Company] = []
        self.more_matches = False

    def value_from_datadict(self, data: Mapping[str, Any], files: Any, name: str) -> Any:
        if name not in data and f"{name}_val" not in data:
            return None
        return Typed(str(data.get(name) or ""), str(data.get(f"{name}_val") or ""))

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and f"{name}_val" not in data

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Typed):
            return value.text
        if isinstance(value, Company):
            return company_label(value)
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            # An initial value (``?foretag=<id>``) or a saved instance's id.
            company = self.companies.filter(pk=int(value)).first()
            return company_label(company) if company else ""
        return super().format_value(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"].update(
            search_url=self.search_url,
            matches=[(c.pk, company_label(c)) for c in self.matches],
            more_matches=self.more_matches,
            choice_name=f"{name}_val",
        )
        return context


class CompanyField(forms.Field):
    """One company of ``municipality``, chosen by name or organisation number.

    The text resolves to a company when it is an organisation number of the register
    (with or without hyphen), ends with one in parentheses (what the picker writes), or
    matches exactly one company's name (in full, or else in part). Several matches →
    an error with the matches to choose among; none → an error. A company of another
    municipality is never found: every lookup is within ``municipality``.
    """

    widget = CompanyPicker
    default_error_messages = {
        "required": _("Välj ett företag."),
        "none": _("Inget företag i registret matchar ”%(text)s”."),
        "no_orgnr": _("Inget företag i registret har organisationsnumret %(orgnr)s."),
    }

    def __init__(self, *, municipality: Municipality, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Företag"))
        kwargs.setdefault(
            "help_text", _("Skriv en del av namnet eller organisationsnumret och välj.")
        )
        super().__init__(**kwargs)
        self.companies = Company.objects.for_municipality(municipality)
        picker = self.widget
        assert isinstance(picker, CompanyPicker)
        picker.companies = self.companies
        picker.search_url = reverse("workspace:company_search", args=[municipality.code])

    def to_python(self, value: Any) -> Company | None:
        if isinstance(value, Company) or value is None:
            return value
        if not isinstance(value, Typed):
            value = Typed(str(value))
        if value.choice.isdigit():
            chosen = self.companies.filter(pk=int(value.choice)).first()
            if chosen is not None:
                return chosen
        text = value.text.strip()
        if not text:
            return None
        return self.resolve(text)

    def resolve(self, text: str) -> Company:
        picker = self.widget
        assert isinstance(picker, CompanyPicker)
        picker.matches, picker.more_matches = [], False
        labelled = _LABELLED_ORGNR.search(text)
        orgnr = compact_orgnr(labelled.group(1) if labelled else text)
        if orgnr is not None:
            company = self.companies.filter(orgnr=orgnr).first()
            if company is None:
                raise forms.ValidationError(
                    self.error_messages["no_orgnr"],
                    code="no_orgnr",
                    params={"orgnr": f"{orgnr[:6]}-{orgnr[6:]}"},
                )
            return company
        key = search_key(text)
        exact = list(self.companies.filter(search_name=key)[:2])
        if len(exact) == 1:
            return exact[0]
        matches = exact or list(
            self.companies.filter(search_name__contains=key).order_by("name", "orgnr")[
                : SEARCH_LIMIT + 1
            ]
        )
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise forms.ValidationError(
                self.error_messages["none"], code="none", params={"text": text}
            )
        if len(exact) > 1:
            matches = list(self.companies.filter(search_name=key).order_by("orgnr"))
        picker.matches = matches[:SEARCH_LIMIT]
        picker.more_matches = len(matches) > SEARCH_LIMIT
        count = len(matches)
        raise forms.ValidationError(
            ngettext(
                "%(count)d företag matchar ”%(text)s”: välj ett nedan.",
                "%(count)d företag matchar ”%(text)s”: välj ett nedan.",
                count,
            )
            if count <= SEARCH_LIMIT
            else _("Fler än %(count)d företag matchar ”%(text)s”: välj nedan eller skriv mer."),
            code="ambiguous",
            params={"count": min(count, SEARCH_LIMIT), "text": text},
        )

    def prepare_value(self, value: Any) -> Any:
        # The widget shows a Company, an id or the typed text itself (format_value).
        return value

    def has_changed(self, initial: Any, data: Any) -> bool:
        # Telling would mean resolving the text (queries); the audit compares the saved
        # values anyway, so a posted picker simply counts as changed.
        return True


class CompaniesPicker(CompanyPicker):
    """Several companies: the chosen ones as ticked boxes (``<name>``, untick to remove)
    and a :class:`CompanyPicker` (``<name>_add``) to add one more."""

    template_name = "workspace/widgets/companies_picker.html"

    def value_from_datadict(self, data: Mapping[str, Any], files: Any, name: str) -> Any:
        if self.value_omitted_from_data(data, files, name) and f"{name}_seen" not in data:
            return None
        ids = data.getlist(name) if isinstance(data, MultiValueDict) else data.get(name, [])
        if isinstance(ids, str):
            ids = [ids]
        added = super().value_from_datadict(data, files, f"{name}_add") or Typed("")
        return [str(i) for i in ids], added

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return all(key not in data for key in (name, f"{name}_add", f"{name}_add_val"))

    def picked(self, value: Any) -> list[Company]:
        if isinstance(value, tuple):
            ids = [i for i in value[0] if str(i).isdigit()]
        else:
            ids = [getattr(v, "pk", v) for v in value or []]
        return list(self.companies.filter(pk__in=ids).order_by("name", "orgnr"))

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        typed = value[1].text if isinstance(value, tuple) else ""
        context = super().get_context(f"{name}_add", Typed(typed), attrs)
        context["widget"].update(
            field_name=name, picked=[(c.pk, company_label(c)) for c in self.picked(value)]
        )
        return context


class CompaniesField(CompanyField):
    """Any number of ``municipality``'s companies (for a many-to-many field); the added
    text resolves as in :class:`CompanyField`."""

    widget = CompaniesPicker
    default_error_messages = {
        "required": _("Välj minst ett företag."),
        "unknown": _("Ett valt företag finns inte i kommunens register."),
    }

    def __init__(self, *, municipality: Municipality, **kwargs: Any) -> None:
        kwargs.setdefault(
            "help_text",
            _("Skriv en del av namnet eller organisationsnumret för att lägga till ett företag."),
        )
        super().__init__(municipality=municipality, **kwargs)

    def to_python(self, value: Any) -> list[Company]:  # type: ignore[override]
        if not isinstance(value, tuple):
            return list(self.companies.filter(pk__in=[getattr(v, "pk", v) for v in value or []]))
        ids, added = value
        wanted = {int(i) for i in ids if i.isdigit()}
        chosen = list(self.companies.filter(pk__in=wanted))
        if len(chosen) != len(wanted) or len(wanted) != len(ids):
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown")
        extra = super().to_python(added)
        if extra is not None and extra not in chosen:
            chosen.append(extra)
        return sorted(chosen, key=lambda c: (c.name, c.orgnr))

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
