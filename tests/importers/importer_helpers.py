"""Assertions shared by the importer tests (a uniquely named module, not conftest,
so that another folder's conftest.py can never shadow it)."""

from __future__ import annotations

from django.utils import translation

from foretagsklimat.importers import ImportValidationError, Issue
from foretagsklimat.web.issues import issue_text


def english(issue: Issue) -> str:
    """The issue as the English interface shows it."""
    with translation.override("en"):
        return issue_text(issue)


def issue_at(
    error: ImportValidationError, row: int | None, column: str | None, *fragments: str
) -> Issue:
    """The issue at ``row``/``column`` whose English text holds every fragment.

    Also checks that the issue is an interface text (a Swedish template with an English
    translation) and that ``str(error)`` shows it the way a person reads it.
    """
    for issue in error.issues:
        if (
            issue.row == row
            and issue.column == column
            and all(f in english(issue) for f in fragments)
        ):
            assert issue.template, f"not translatable: {issue.message}"
            assert english(issue) != issue.message, f"not translated: {issue.message}"
            assert str(issue) in str(error)
            text = str(issue)
            assert text.startswith(issue.file)
            if row is not None:
                assert f"rad {row}" in text
            if column is not None:
                assert f"kolumn ”{column}”" in text
            return issue
    listing = "\n".join(f"{i} | {english(i)}" for i in error.issues)
    raise AssertionError(f"no issue at row {row}, column {column} with {fragments}:\n{listing}")
