"""The error an import raises, and the issues it carries.

Every reader collects *all* the problems it can find before it gives up, so that a
person fixes a file in one round instead of one problem per attempt.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

#: How many issues ``str(error)`` lists before it summarises the rest as a count.
#: Every issue stays available in ``ImportValidationError.issues``.
LISTED_ISSUES = 50


class Text(str):
    """A Swedish interface text, translated where it is shown (see :func:`N_`).

    A parameter of an :class:`Issue` is translated only when it is a ``Text``: a value
    quoted from the file, such as a factor named "Nyföretagsamhet", stays as typed.
    """

    __slots__ = ()


def N_(template: str) -> str:
    """Mark ``template`` as an interface text to translate, without translating it.

    The package has no Django: an :class:`Issue` carries the template and its parameters,
    and the web application translates the template into the interface's language and
    fills it in (``scripts/messages.sh`` collects these templates with ``--keyword=N_``).
    """
    return Text(template)


@dataclass(frozen=True)
class Issue:
    """One problem found in an imported file.

    Parameters
    ----------
    file : str
        The file's name as the person knows it (no directory).
    row : int or None
        The row number as a spreadsheet shows it: the header is row 1, the first data
        row is row 2. None when the problem concerns the whole file.
    column : str or None
        The column header, or None when the problem concerns a whole row or the file.
    message : str
        What was expected and what was found, in Swedish (the command line's language).
    template : str
        The message as an interface text (Swedish, marked with :func:`N_`) with
        ``%(name)s`` placeholders, for the web application to translate; "" when the
        issue has only ``message``.
    params : tuple of (str, value) pairs
        The template's parameters (a tuple, so that an issue stays hashable).
    """

    file: str
    row: int | None
    column: str | None
    message: str
    template: str = ""
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(
        cls, file: str, row: int | None, column: str | None, template: str, /, **params: Any
    ) -> Issue:
        """An issue whose message is ``template`` filled in with ``params``."""
        return cls(file, row, column, template % params, template, tuple(params.items()))

    def __str__(self) -> str:
        place = [self.file]
        if self.row is not None:
            place.append(f"rad {self.row}")
        if self.column is not None:
            place.append(f"kolumn ”{self.column}”")
        return f"{', '.join(place)}: {self.message}"


class ImportValidationError(ValueError):
    """A file could not be imported; nothing of it was loaded.

    Parameters
    ----------
    issues : iterable of Issue
        Every problem found. They are kept sorted by file and row.

    Attributes
    ----------
    issues : list of Issue
        All the problems found, not only those listed by ``str()``.

    Notes
    -----
    ``str()`` lists the first :data:`LISTED_ISSUES` issues and then says how many more
    there are; a file with thousands of broken rows would otherwise produce an
    unreadable message. Use :meth:`format` with ``limit=None`` for the full listing.
    """

    def __init__(self, issues: Iterable[Issue]) -> None:
        # A stable sort on (file, row) keeps the order in which a row's cells were checked,
        # which follows the file's columns.
        self.issues: list[Issue] = sorted(issues, key=lambda i: (i.file, i.row or 0))
        super().__init__(self.format())

    def with_columns_as_written(self, written: Mapping[str, str]) -> ImportValidationError:
        """The same issues, each column named as the file writes it (``written`` maps a
        reader's canonical column name, such as ``orgnr``, to the file's header)."""
        return ImportValidationError(
            replace(issue, column=written.get(issue.column, issue.column))
            if issue.column is not None
            else issue
            for issue in self.issues
        )

    def format(self, limit: int | None = LISTED_ISSUES) -> str:
        """List the issues as text, one per line.

        Parameters
        ----------
        limit : int or None
            List at most this many issues; None lists them all.

        Returns
        -------
        str
            A summary line followed by one line per listed issue.
        """
        count = len(self.issues)
        files = sorted({issue.file for issue in self.issues})
        lines = [f"{', '.join(files)}: {count} problem hittades; inget importerades."]
        shown = self.issues if limit is None else self.issues[:limit]
        lines.extend(f"  {issue}" for issue in shown)
        if len(shown) < count:
            lines.append(f"  … och {count - len(shown)} till.")
        return "\n".join(lines)
