"""Answering a survey round: the questionnaire, saved progress and the one submitted answer.

The questionnaire is built from the round's methodology (its survey indicators, with the
catalogue's question wording); nothing about the questions lives in code. A respondent's
progress is kept in ``Invitation.draft``; :func:`submit` creates the invitation's one
:class:`SurveyResponse` or replaces its grades and comments (a correction), never a second
one. Staff entry of paper and telephone answers goes through the same :func:`submit` with
the staff user, which writes the access log.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from foretagsklimat.engine.methodology import load_catalogue

from .aggregates import round_methodology
from .models import AnswerAccess, Channel, Invitation, SurveyResponse, SurveyRound
from .privacy import log_access

#: "Vet ej" (don't know): stored in a draft, never in a response's grades.
DONT_KNOW = 0
GRADES = (1, 2, 3, 4, 5, 6)
#: The key of the closing comment in ``comments`` (the others are question codes).
GENERAL_COMMENT = "general"
MAX_COMMENT_LENGTH = 2000
#: The scale as published (METHODOLOGY.md §3, documented from Kungsör 2022 and Inköpsrådet).
SCALE: tuple[tuple[int, Promise], ...] = (
    (1, _("Dåligt")),
    (2, _("Inte helt godtagbart")),
    (3, _("Godtagbart")),
    (4, _("Bra")),
    (5, _("Mycket bra")),
    (6, _("Utmärkt")),
)
DONT_KNOW_LABEL = _("Vet ej")
#: Asked last: a summary reads best after the parts it sums up. SN's question order is
#: not documented (METHODOLOGY.md), so this order is our choice.
SUMMARY_QUESTION = "overall_grade"
#: Headings for methodology groups shared by several questions. A group not named here
#: is shown under its code made readable; a question alone in its group has no heading.
SECTION_LABELS: dict[str, Promise] = {
    "attitudes": _("Attityder till företagande"),
    "infrastructure": _("Infrastruktur och kommunikationer"),
}


class RoundClosed(Exception):
    """The round is closed: nothing can be saved, submitted or corrected any more."""


@dataclass(frozen=True)
class Question:
    """One graded question: its catalogue code, wording and methodology group."""

    code: str
    label_sv: str
    label_en: str
    #: The methodology group when several questions share it, else "".
    group: str = ""

    @property
    def label(self) -> str:
        """The wording in the active language (Swedish unless English is chosen)."""
        return self.label_en if (get_language() or "sv").startswith("en") else self.label_sv


@dataclass(frozen=True)
class Section:
    """Consecutive questions under one heading (``label`` is "" for single questions)."""

    group: str
    label: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Questionnaire:
    """A round's questions in the order asked, and the scale they are answered on."""

    methodology: str
    questions: tuple[Question, ...]
    scale: tuple[tuple[int, Promise], ...] = SCALE
    dont_know_label: Promise = DONT_KNOW_LABEL

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(q.code for q in self.questions)

    def sections(self) -> list[Section]:
        """The questions cut into runs of one group, in order."""
        runs: list[list[Question]] = []
        for question in self.questions:
            if runs and question.group and runs[-1][0].group == question.group:
                runs[-1].append(question)
            else:
                runs.append([question])
        return [
            Section(run[0].group, section_label(run[0].group) if run[0].group else "", tuple(run))
            for run in runs
        ]

    def grade_label(self, value: int | None) -> str:
        """ "4 – Bra", "Vet ej", or "" for an unanswered question."""
        if value is None:
            return ""
        if value == DONT_KNOW:
            return str(self.dont_know_label)
        return f"{value} – {dict(self.scale)[value]}"


def section_label(group: str) -> str:
    return str(SECTION_LABELS.get(group, group.replace("_", " ").capitalize()))


def questionnaire_for(survey_round: SurveyRound) -> Questionnaire:
    """The round's questionnaire: the survey questions of its methodology.

    The methodology is the round's own (``SurveyRound.methodology``) or the one in force
    for its year. Question wording comes from the catalogue; the methodology's group
    becomes a section where several questions share it.
    """
    methodology = round_methodology(survey_round)
    catalogue = load_catalogue()["questions"]
    survey = [i for i in methodology.indicators if i.kind == "survey"]
    shared = {i.group for i in survey if sum(other.group == i.group for other in survey) > 1}
    questions: dict[str, Question] = {}
    for indicator in survey:
        entry = catalogue.get(indicator.source, {})
        questions.setdefault(
            indicator.source,
            Question(
                code=indicator.source,
                label_sv=str(entry.get("label_sv", indicator.label_sv)),
                label_en=str(entry.get("label_en", indicator.label_en)),
                group=indicator.group if indicator.group in shared else "",
            ),
        )
    ordered = sorted(questions.values(), key=lambda q: q.code == SUMMARY_QUESTION)
    # Keep each group together even if the methodology file interleaves them.
    first_seen = {q.group or q.code: n for n, q in reversed(list(enumerate(ordered)))}
    ordered.sort(key=lambda q: first_seen[q.group or q.code])
    return Questionnaire(methodology=methodology.name, questions=tuple(ordered))


# --- validation --------------------------------------------------------------------------


def _clean(
    questionnaire: Questionnaire, grades: Mapping[str, Any], comments: Mapping[str, Any]
) -> tuple[dict[str, int], dict[str, str]]:
    """Grades and comments checked against the questionnaire, or ValueError saying why."""
    known = set(questionnaire.codes)
    unknown = sorted(set(grades) - known)
    if unknown:
        raise ValueError(
            gettext("Okänd fråga %(code)r: enkäten %(methodology)s har frågorna %(codes)s.")
            % {
                "code": unknown[0],
                "methodology": questionnaire.methodology,
                "codes": ", ".join(questionnaire.codes),
            }
        )
    clean_grades: dict[str, int] = {}
    for code, value in grades.items():
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 6:
            raise ValueError(
                gettext(
                    'Fråga %(code)r: betyget ska vara ett heltal 1–6 eller 0 för "vet ej", '
                    "inte %(value)r."
                )
                % {"code": code, "value": value}
            )
        clean_grades[code] = value
    unknown = sorted(set(comments) - known - {GENERAL_COMMENT})
    if unknown:
        raise ValueError(gettext("Kommentar till okänd fråga %(code)r.") % {"code": unknown[0]})
    clean_comments: dict[str, str] = {}
    for code, text in comments.items():
        if not isinstance(text, str):
            raise ValueError(
                gettext("Kommentaren till %(code)r ska vara text, inte %(text)r.")
                % {"code": code, "text": text}
            )
        if len(text) > MAX_COMMENT_LENGTH:
            raise ValueError(
                gettext(
                    "Kommentaren till %(code)r är %(length)d tecken; högst %(limit)d får plats."
                )
                % {"code": code, "length": len(text), "limit": MAX_COMMENT_LENGTH}
            )
        if text.strip():
            clean_comments[code] = text.strip()
    return clean_grades, clean_comments


def _lock_open(invitation: Invitation) -> tuple[Invitation, SurveyRound]:
    """The invitation and its round, locked; RoundClosed if the round is not open.

    Locking the round orders a submission against closing (which locks it too): an
    answer is either in the closed round's results or refused, never lost in between.
    """
    survey_round = SurveyRound.objects.select_for_update().get(pk=invitation.round_id)
    if not survey_round.is_open:
        raise RoundClosed(
            gettext("Enkätomgången %(year)s är stängd.") % {"year": survey_round.year}
        )
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    return locked, survey_round


# --- saving and submitting ---------------------------------------------------------------


def save_draft(invitation: Invitation, grades: dict[str, int], comments: dict[str, str]) -> None:
    """Keep the respondent's progress (grades 1–6, 0 = "vet ej") until they come back.

    Raises
    ------
    RoundClosed
        When the round is closed.
    ValueError
        For a question code not in the questionnaire or a value outside 0–6.
    """
    # Validated before taking the round's lock, which closing the round waits for.
    clean_grades, clean_comments = _clean(questionnaire_for(invitation.round), grades, comments)
    with transaction.atomic():
        locked, _survey_round = _lock_open(invitation)
        locked.draft = {"grades": clean_grades, "comments": clean_comments}
        locked.save(update_fields=["draft"])
    invitation.draft = locked.draft


def submit(
    invitation: Invitation,
    grades: dict[str, int],
    comments: dict[str, str],
    *,
    channel: str = Channel.WEB,
    user: Any = None,
) -> SurveyResponse:
    """Store the invitation's answer: create its one response, or replace it (a correction).

    Grades are 1–6 with 0 for "vet ej"; "vet ej" and unanswered questions are left out of
    the response, so that no mean counts them. The whole answer (with "vet ej") is also
    kept as the draft, from which a correction starts. With ``user`` (staff entering a
    paper or telephone answer) the entry is written to the access log.

    Raises
    ------
    RoundClosed
        When the round is closed; nothing is changed.
    ValueError
        For a question code not in the questionnaire, a value outside 0–6 or an unknown
        channel; nothing is changed.
    """
    if channel not in Channel.values:
        raise ValueError(
            gettext("Okänd kanal %(channel)r; välj en av %(channels)s.")
            % {"channel": channel, "channels": ", ".join(Channel.values)}
        )
    clean_grades, clean_comments = _clean(questionnaire_for(invitation.round), grades, comments)
    with transaction.atomic():
        locked, survey_round = _lock_open(invitation)
        now = timezone.now()
        values = {
            "municipality_id": locked.municipality_id,
            "respondent_type": locked.respondent_type,
            "grades": {c: g for c, g in clean_grades.items() if g != DONT_KNOW},
            "comments": clean_comments,
            "channel": channel,
            "updated_at": now,
        }
        response, _created = SurveyResponse.objects.update_or_create(
            round=survey_round, respondent_id=locked.respondent_id, defaults=values
        )
        locked.response = response
        locked.submitted_at = now
        locked.draft = {"grades": clean_grades, "comments": clean_comments}
        locked.save(update_fields=["response", "submitted_at", "draft"])
        if user is not None:
            log_access(
                AnswerAccess.Action.ENTER,
                survey_round,
                user=user,
                response=response,
                detail=f"{Channel(channel).label}: {locked.respondent_id}",
            )
    invitation.response = response
    invitation.submitted_at = locked.submitted_at
    invitation.draft = locked.draft
    return response
