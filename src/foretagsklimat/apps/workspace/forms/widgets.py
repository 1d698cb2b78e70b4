"""Widgets and fields the workspace's forms share."""

from __future__ import annotations

from typing import Any

from django import forms

#: A date picker that shows the value as the browser's date input expects it.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OfficerChoiceField(forms.ModelChoiceField):
    """A member's account, shown by full name when it has one."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())
