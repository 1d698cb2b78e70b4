"""The printable report to the municipal board: the dashboard as an A4 PDF (reportlab),
with its charts as vector drawings (:mod:`.report_charts`).

Uses the built-in Helvetica: its WinAnsi encoding covers å, ä, ö and the en dash, and
needs no font file on the server.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..models import GoalKind
from .dashboard import Dashboard
from .goal_display import format_value
from .goals import Status
from .report_charts import goal_chart, rank_chart

#: The width of the text between the margins.
TEXT_WIDTH = A4[0] - 36 * mm

STATUS_COLOURS = {
    Status.ON_TRACK: colors.HexColor("#2f6f4f"),
    Status.BEHIND: colors.HexColor("#b5651d"),
    Status.NO_DATA: colors.HexColor("#5f6b73"),
}
TABLE_STYLE = TableStyle(
    [
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("LINEBELOW", (0, 0), (-1, 0), 0.75, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#c8ced3")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def dashboard_pdf(board: Dashboard) -> bytes:
    styles = getSampleStyleSheet()
    body, small = (
        styles["BodyText"],
        ParagraphStyle("small", parent=styles["BodyText"], fontSize=8, leading=10),
    )
    warning = ParagraphStyle(
        "warning", parent=body, textColor=colors.HexColor("#8a4b00"), fontName="Helvetica-Bold"
    )
    municipality = board.municipality
    title = _("Näringslivsklimat – rapport till kommunstyrelsen")
    story: list[object] = [
        _p(title, styles["Title"]),
        _table(
            [
                [_("Kommun"), f"{municipality.name} ({municipality.code})"],
                [_("År"), str(board.year)],
                [_("Datum"), date_format(board.today, "j F Y")],
                [_("Mottagare"), _("Kommunstyrelsen")],
            ],
            [35, 100],
            header=False,
        ),
        Spacer(1, 3 * mm),
        _p(
            _(
                "Rapporten visar hur kommunstyrelsens mål för näringslivsklimatet utvecklas: "
                "målen med utfall och status, kommunens placering i den publicerade rankingen "
                "över tid, och näringslivskontorets företagsbesök och uppföljningar. Siffrorna "
                "är hämtade ur arbetsytan och den publicerade rankingen den dag rapporten skapades."
            ),
            body,
        ),
    ]
    if board.synthetic:
        story.append(
            _p(
                _("Syntetiska demodata: siffrorna i rapporten är påhittade för demonstration."),
                warning,
            )
        )
    story += [Spacer(1, 4 * mm), _p(_("Mål %(year)d") % {"year": board.year}, styles["Heading2"])]
    if board.goals:
        rows: list[list[object]] = [
            [_("Mått"), _("Målvärde"), _("Utfall"), _("Status"), _("Beslutat av")]
        ]
        for progress in board.goals:
            actual = progress.actual_display
            if progress.published_year:
                actual += f" ({progress.published_year})"
            if progress.actual.source:
                actual += " · " + _("Källa: %(source)s") % {"source": progress.actual.source}
            if progress.goal.is_count and not progress.finished and actual != "–":
                actual += " " + _("(väntat hittills %(n)s)") % {
                    "n": format_value(progress.goal.kind, progress.expected)
                }
            if progress.actual.value is None and progress.actual.reason:
                actual = progress.actual.reason
            status = ParagraphStyle(
                "status",
                parent=small,
                textColor=STATUS_COLOURS[progress.status],
                fontName="Helvetica-Bold",
            )
            rows.append(
                [
                    _p(progress.goal.get_kind_display(), small),
                    progress.target_display,
                    _p(actual, small),
                    _p(progress.status_label, status),
                    _p(progress.goal.decided_by, small),
                ]
            )
        story.append(_table(rows, [50, 22, 50, 25, 33]))
        charts = [
            (progress, goal_chart(progress.goal, progress.trend, TEXT_WIDTH))
            for progress in board.goals
        ]
        if any(chart is not None for _progress, chart in charts):
            story += [
                Spacer(1, 4 * mm),
                _p(_("Målens utveckling"), styles["Heading3"]),
                _p(
                    _(
                        "Varje mått år för år fram till målåret, med målvärdet som streckad "
                        "linje. Uppåt är bättre; för placeringen ligger plats 1 överst. År utan "
                        "värde (för få svar eller ingen data) saknas i linjen."
                    ),
                    small,
                ),
            ]
            story += [KeepTogether([chart]) for _progress, chart in charts if chart is not None]
    else:
        story.append(_p(_("Inga mål för året."), body))

    story += [Spacer(1, 4 * mm), _p(_("Placering och sammanfattande omdöme"), styles["Heading2"])]
    ranking = board.ranking_rows()
    if ranking:
        story.append(
            _p(
                _(
                    "Kommunens placering bland landets kommuner år för år. Plats 1 är bäst och "
                    "ligger överst i diagrammet."
                ),
                small,
            )
        )
        story.append(
            KeepTogether(
                [
                    rank_chart(
                        [(row["year"], row["rank"]) for row in reversed(ranking)],
                        ranking[0]["count"],
                        TEXT_WIDTH,
                    )
                ]
            )
        )
        rows = [[_("År"), _("Placering"), _("Förändring"), _("Sammanfattande omdöme")]]
        for row in ranking:
            change = "–" if row["change"] is None else f"{row['change']:+d}"
            grade = row["overall_grade_display"]
            if row["overall_grade_suppressed"]:
                grade = _("för få svar")
            rows.append([str(row["year"]), f"{row['rank']} / {row['count']}", change, grade])
        story.append(_table(rows, [20, 35, 30, 55]))
        loaded = sorted({row["source"] for row in ranking if row["source"]})
        source = (
            _("publicerade resultat som kommunen har läst in (%(files)s)")
            % {"files": ", ".join(loaded)}
            if loaded
            else _("den publicerade rankingen")
        )
        story.append(_p(_("Placering 1 är bäst. Källa: %(source)s.") % {"source": source}, small))
    else:
        story.append(_p(_("Ingen publicerad ranking för året eller åren före."), body))

    story += [Spacer(1, 4 * mm), _p(_("Företagsbesök och uppföljningar"), styles["Heading2"])]
    visits = str(board.visits_done)
    if board.visits_target:
        visits = _("%(done)d av %(target)s") % {
            "done": board.visits_done,
            "target": format_value(GoalKind.VISITS, board.visits_target),
        }
    story.append(
        _table(
            [
                [_("Genomförda besök %(year)d") % {"year": board.year}, visits],
                [_("Öppna uppföljningar"), str(board.follow_ups_open)],
                [_("Försenade uppföljningar"), str(board.follow_ups_overdue)],
                [
                    _("Mötesutvärderingar %(year)d") % {"year": board.year},
                    _p(_evaluation_text(board), small),
                ],
            ],
            [80, 90],
            header=False,
        )
    )
    story += [
        Spacer(1, 4 * mm),
        _p(
            _(
                "Resultat från enkäter och mötesutvärderingar visas bara när de bygger på minst "
                "%(min)d svar, så att ingen enskild persons svar kan utläsas."
            )
            % {"min": settings.MIN_ANSWERS},
            small,
        ),
    ]

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author=municipality.name,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
    )
    document.build(story)
    return buffer.getvalue()


def _evaluation_text(board: Dashboard) -> str:
    summary = board.evaluation
    if summary.means is None:
        return summary.reason
    mean = sum(summary.means.values()) / len(summary.means)
    return _("Medelbetyg %(mean)s av 6 från %(n)d utvärderingar") % {
        "mean": format_value(GoalKind.EVALUATION, mean),
        "n": summary.n,
    }


def _table(rows: list[list[object]], widths_mm: list[float], header: bool = True) -> Table:
    table = Table(rows, colWidths=[w * mm for w in widths_mm], hAlign="LEFT")
    style = TableStyle(TABLE_STYLE.getCommands())
    if not header:
        style.add("FONTNAME", (0, 0), (-1, 0), "Helvetica")
        style.add("LINEBELOW", (0, 0), (-1, 0), 0.25, colors.HexColor("#c8ced3"))
    table.setStyle(style)
    return table
