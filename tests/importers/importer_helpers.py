"""Assertions shared by the importer tests (a uniquely named module, not conftest,
so that another folder's conftest.py can never shadow it)."""

from __future__ import annotations

from foretagsklimat.importers import ImportValidationError, Issue


def issue_at(
    error: ImportValidationError, row: int | None, column: str | None, *fragments: str
) -> Issue:
    """The issue at ``row``/``column`` whose message holds every fragment.

    Also checks that ``str(error)`` shows it the way a person reads it.
    """
    for issue in error.issues:
        if (
            issue.row == row
            and issue.column == column
            and all(f in issue.message for f in fragments)
        ):
            assert str(issue) in str(error)
            text = str(issue)
            assert text.startswith(issue.file)
            if row is not None:
                assert f"row {row}" in text
            if column is not None:
                assert f'column "{column}"' in text
            return issue
    listing = "\n".join(str(i) for i in error.issues)
    raise AssertionError(f"no issue at row {row}, column {column} with {fragments}:\n{listing}")
