"""The questionnaire as a Django form: one radio group and one comment box per question.

The form only checks what a browser can send wrong (an unknown value, a comment that is
too long, an unanswered question when all are required); storing goes through
:mod:`.answering`, which validates again at its own boundary.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .answering import DONT_KNOW, GENERAL_COMMENT, MAX_COMMENT_LENGTH, Questionnaire
from .models import Channel

MISSING_ANSWER = _("Välj ett betyg från 1 till 6 eller ”Vet ej”.")


def grade_field(code: str) -> str:
    return f"q_{code}"


def comment_field(code: str) -> str:
    return f"c_{code}"


class QuestionnaireForm(forms.Form):
    """Grades (1–6, "0" = vet ej) and comments for every question of a questionnaire.

    ``require_all``: every question needs a grade or "vet ej" (the respondent's final
    submission); drafts and staff entry of paper forms accept blanks.
    """

    def __init__(
        self,
        questionnaire: Questionnaire,
        *args: Any,
        draft: dict[str, Any] | None = None,
        require_all: bool = False,
        **kwargs: Any,
    ) -> None:
        if draft and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from_draft(draft)
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        self.require_all = require_all
        choices = [(str(v), str(v)) for v, _label in questionnaire.scale]
        choices.append((str(DONT_KNOW), str(questionnaire.dont_know_label)))
        for question in questionnaire.questions:
            self.fields[grade_field(question.code)] = forms.TypedChoiceField(
                label=question.label,
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
            )
            self.fields[comment_field(question.code)] = forms.CharField(
                label=_("Kommentar (frivillig)"),
                required=False,
                max_length=MAX_COMMENT_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.fields[GENERAL_COMMENT] = forms.CharField(
            label=_("Övriga synpunkter på företagsklimatet i kommunen (frivilligt)"),
            required=False,
            max_length=MAX_COMMENT_LENGTH,
            widget=forms.Textarea(attrs={"rows": 5}),
        )

    @staticmethod
    def initial_from_draft(draft: dict[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {
            grade_field(code): str(value) for code, value in draft.get("grades", {}).items()
        }
        for code, text in draft.get("comments", {}).items():
            initial[GENERAL_COMMENT if code == GENERAL_COMMENT else comment_field(code)] = text
        return initial

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.require_all:
            for question in self.questionnaire.questions:
                name = grade_field(question.code)
                if cleaned.get(name) is None and name not in self.errors:
                    self.add_error(name, MISSING_ANSWER)
        return cleaned

    def grades(self) -> dict[str, int]:
        """The answered questions: code → 1–6, or 0 for "vet ej"."""
        return {
            q.code: self.cleaned_data[grade_field(q.code)]
            for q in self.questionnaire.questions
            if self.cleaned_data.get(grade_field(q.code)) is not None
        }

    def comments(self) -> dict[str, str]:
        texts = {
            q.code: self.cleaned_data.get(comment_field(q.code), "")
            for q in self.questionnaire.questions
        }
        texts[GENERAL_COMMENT] = self.cleaned_data.get(GENERAL_COMMENT, "")
        return {code: text.strip() for code, text in texts.items() if text.strip()}

    def sections(self) -> list[dict[str, Any]]:
        """What the template draws: each section's questions with value, comment, errors."""
        shown = []
        number = 0
        for section in self.questionnaire.sections():
            rows = []
            for question in section.questions:
                grade = self[grade_field(question.code)]
                comment = self[comment_field(question.code)]
                value = grade.value()
                number += 1
                rows.append(
                    {
                        "number": number,
                        "question": question,
                        "name": grade.html_name,
                        "value": "" if value is None else str(value),
                        "errors": grade.errors,
                        "comment": comment,
                        "comment_value": comment.value() or "",
                    }
                )
            shown.append({"label": section.label, "rows": rows})
        return shown

    @property
    def has_missing_answers(self) -> bool:
        return any(
            error == MISSING_ANSWER
            for q in self.questionnaire.questions
            for error in self.errors.get(grade_field(q.code), [])
        )

    def error_links(self) -> list[tuple[str, str]]:
        """(anchor, text) for the error summary, in the order of the page.

        An unanswered question is listed by its number and wording only (the summary
        says once what is missing); any other fault adds its message.
        """
        links = []
        for number, question in enumerate(self.questionnaire.questions, 1):
            title = f"{number}. {question.label}"
            for error in self.errors.get(grade_field(question.code), []):
                text = title if error == MISSING_ANSWER else f"{title}: {error}"
                links.append((f"{grade_field(question.code)}-1", text))
            for error in self.errors.get(comment_field(question.code), []):
                links.append((f"id_{comment_field(question.code)}", f"{title}: {error}"))
        general = self.fields[GENERAL_COMMENT].label
        for error in self.errors.get(GENERAL_COMMENT, []):
            links.append((f"id_{GENERAL_COMMENT}", f"{general}: {error}"))
        return links


class StaffEntryForm(QuestionnaireForm):
    """A paper or telephone answer typed in by staff: the questionnaire plus its channel."""

    def __init__(self, questionnaire: Questionnaire, *args: Any, **kwargs: Any) -> None:
        super().__init__(questionnaire, *args, **kwargs)
        self.fields["channel"] = forms.ChoiceField(
            label=_("Hur kom svaret in?"),
            choices=[
                (Channel.PAPER.value, Channel.PAPER.label),
                (Channel.PHONE.value, Channel.PHONE.label),
            ],
            widget=forms.RadioSelect,
        )

    def error_links(self) -> list[tuple[str, str]]:
        links = [
            ("id_channel_0", f"{self.fields['channel'].label} {error}")
            for error in self.errors.get("channel", [])
        ]
        return links + super().error_links()
