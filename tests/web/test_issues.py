"""An import's issues in the interface's language (foretagsklimat.web.issues)."""

from __future__ import annotations

from django.utils import translation

from foretagsklimat.importers.checks import found
from foretagsklimat.importers.errors import N_, Issue
from foretagsklimat.web.issues import issue_text, shown_issues

SKIPPED = N_(
    "hoppade över %(count)d rad(er) med Faktor ”%(faktor)s”, Delserie ”%(part)s”: "
    "ingen statistik i katalogen"
)


def test_the_template_and_marked_parameters_are_translated_but_quoted_values_are_not() -> None:
    # "Kommun" is also an interface text ("Municipality"), but here it is what the file says.
    issue = Issue.of(
        "Statistik.xlsx", 4, "Faktor", SKIPPED, count=1, faktor="Kommun", part="Totalt"
    )
    assert issue.message == (
        "hoppade över 1 rad(er) med Faktor ”Kommun”, Delserie ”Totalt”: ingen statistik i katalogen"
    )
    with translation.override("en"):
        assert issue_text(issue) == (
            'skipped 1 row(s) of Faktor "Kommun", Delserie "Totalt": not a statistic in the '
            "catalogue"
        )
    with translation.override("sv"):
        assert issue_text(issue) == issue.message


def test_the_blank_cell_is_named_in_the_interfaces_language() -> None:
    issue = Issue.of("f.csv", 3, "value", N_("väntade ett tal, fanns %(found)s"), found=found(""))
    assert issue.message == "väntade ett tal, fanns en tom cell"
    with translation.override("en"):
        [shown] = shown_issues([issue])
    assert (shown.file, shown.row, shown.column) == ("f.csv", 3, "value")
    assert shown.message == "expected a number, found a blank cell"


def test_an_issue_without_a_template_keeps_its_message() -> None:
    issue = Issue("f.csv", None, None, "redan översatt")
    with translation.override("en"):
        assert issue_text(issue) == "redan översatt"
