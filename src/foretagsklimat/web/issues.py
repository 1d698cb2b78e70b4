"""An import's issues in the interface's language.

The importers have no Django: each :class:`~foretagsklimat.importers.errors.Issue`
carries its message as a Swedish template marked with ``N_`` and its parameters; here
the template (and any parameter that is itself an interface text marked with ``N_``,
such as "en tom cell") is translated and filled in; values quoted from the file are not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext

from foretagsklimat.importers.errors import Issue, Text


def issue_text(issue: Issue) -> str:
    """What the issue says, translated; an issue without a template keeps its message."""
    if not issue.template:
        return issue.message
    params = {
        name: gettext(value) if isinstance(value, Text) else value for name, value in issue.params
    }
    return gettext(issue.template) % params


@dataclass(frozen=True)
class ShownIssue:
    """An issue with its text in the interface's language, for a page's table."""

    file: str
    row: int | None
    column: str | None
    message: str


def shown_issues(issues: Iterable[Issue]) -> list[ShownIssue]:
    return [ShownIssue(i.file, i.row, i.column, issue_text(i)) for i in issues]
