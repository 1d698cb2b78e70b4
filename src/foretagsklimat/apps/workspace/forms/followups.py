"""The form of a new follow-up action (company and owner of the member's municipality)."""

from __future__ import annotations

from typing import Any

from django import forms

from ..models import FollowUp
from ..services.members import editor_users
from .widgets import DATE, CompanyField


class FollowUpForm(forms.ModelForm):
    """A new follow-up; made from a visit (``instance.visit`` set), the company is the
    visit's and not asked for."""

    class Meta:
        model = FollowUp
        fields = ["company", "title", "owner", "due_on", "source"]
        widgets = {"due_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        self.fields["company"] = CompanyField(municipality=self.instance.municipality)
        owner.queryset = editor_users(self.instance.municipality)
        owner.required = True
        if self.instance.visit_id:
            self.instance.company = self.instance.visit.company
            del self.fields["company"]
