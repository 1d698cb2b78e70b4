"""The respondent's personal link, and staff entry of paper and telephone answers.

``/svara/<token>/`` is public: the unguessable token is the respondent's only credential,
so an unknown token gets the same plain 404 whether or not anything like it exists, and
the page shows nothing but this respondent's own questionnaire. Staff entry needs the
survey operator's role. Storing goes through :mod:`..answering`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from foretagsklimat.apps.accounts.roles import operator_required

from .. import privacy
from ..answering import DONT_KNOW, GENERAL_COMMENT, Questionnaire, RoundClosed, questionnaire_for
from ..answering import save_draft as store_draft
from ..answering import submit as store_answer
from ..forms import QuestionnaireForm, StaffEntryForm
from ..models import AnswerAccess, Channel, Invitation, RespondentType, SurveyRound

PAGE_SIZE = 50
#: The query parameter that opens a submitted answer for correction.
CORRECT = "andra"


def respondent_context(invitation: Invitation) -> dict[str, Any]:
    """Who the link belongs to, so the respondent recognises it as theirs."""
    is_member = invitation.respondent_type == RespondentType.POLITICIAN
    name = invitation.name or (invitation.site.name if invitation.site else "")
    return {
        "invitation": invitation,
        "round": invitation.round,
        "respondent_name": name,
        "is_council_member": is_member,
        "municipality": invitation.municipality,
    }


def answered_rows(questionnaire: Questionnaire, invitation: Invitation) -> list[dict[str, str]]:
    """The submitted answer question by question, as the respondent (or staff) gave it.

    The draft holds the last submission with its "vet ej"; the response holds the grades
    that count. A question absent from both was left unanswered.
    """
    response = invitation.response
    grades = response.grades if response else {}
    comments = response.comments if response else {}
    draft_grades = invitation.draft.get("grades", {})
    rows = []
    for question in questionnaire.questions:
        grade = grades.get(question.code)
        if grade is None and draft_grades.get(question.code) == DONT_KNOW:
            grade = DONT_KNOW
        rows.append(
            {
                "label": question.label,
                "answer": questionnaire.grade_label(grade) or _("Inte besvarad"),
                "comment": comments.get(question.code, ""),
            }
        )
    return rows


def _closed(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    return render(request, "survey/respond/closed.html", respondent_context(invitation), status=410)


@never_cache
@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, token: str) -> HttpResponse:
    invitation = (
        Invitation.objects.select_related("round", "municipality", "site", "response")
        .filter(token=token)
        .first()
    )
    if invitation is None:
        return render(request, "survey/respond/not_found.html", status=404)
    if not invitation.round.is_open:
        return _closed(request, invitation)
    questionnaire = questionnaire_for(invitation.round)
    here = reverse("survey:respond", args=[token])
    correcting = invitation.has_answered
    if request.method == "POST":
        # After a submission the only way forward is a corrected submission.
        saving_draft = request.POST.get("action") == "draft" and not correcting
        form = QuestionnaireForm(questionnaire, request.POST, require_all=not saving_draft)
        if form.is_valid():
            try:
                if saving_draft:
                    store_draft(invitation, form.grades(), form.comments())
                else:
                    store_answer(invitation, form.grades(), form.comments())
            except RoundClosed:
                return _closed(request, invitation)
            if saving_draft:
                messages.success(
                    request,
                    _(
                        "Dina svar är sparade. Du kan stänga sidan och fortsätta senare med "
                        "samma länk."
                    ),
                )
                return redirect(here)
            if correcting:  # a first submission is thanked by the page itself
                messages.success(request, _("Ditt ändrade svar är skickat och ersätter det förra."))
            return redirect(here)
    else:
        if correcting and request.GET.get(CORRECT) != "1":
            return render(
                request,
                "survey/respond/thanks.html",
                {
                    **respondent_context(invitation),
                    "rows": answered_rows(questionnaire, invitation),
                    "general": invitation.response.comments.get(GENERAL_COMMENT, "")
                    if invitation.response
                    else "",
                    "correct_url": f"{here}?{CORRECT}=1",
                },
            )
        form = QuestionnaireForm(questionnaire, draft=invitation.draft)
    return render(
        request,
        "survey/respond/form.html",
        {
            **respondent_context(invitation),
            "form": form,
            "questionnaire": questionnaire,
            "correcting": correcting,
            "action_url": here,
            "scale": questionnaire.scale,
        },
    )


# --- staff entry -------------------------------------------------------------------------


def _entry_closed(request: HttpRequest, year: int) -> HttpResponse:
    messages.error(
        request,
        _("Omgången %(year)s är stängd: inga svar kan registreras eller rättas.") % {"year": year},
    )
    return redirect("survey:round", year)


def _open_round(request: HttpRequest, year: int) -> SurveyRound | HttpResponse:
    survey_round = get_object_or_404(SurveyRound, year=year)
    if not survey_round.is_open:
        return _entry_closed(request, year)
    return survey_round


def search_invitations(survey_round: SurveyRound, query: str) -> QuerySet[Invitation]:
    """A round's invitations matching an organisation number, a name or a municipality."""
    invitations = Invitation.objects.filter(round=survey_round).select_related(
        "site", "municipality", "response"
    )
    query = query.strip()
    if query:
        digits = query.replace("-", "").replace(" ", "")
        match = (
            Q(name__icontains=query)
            | Q(site__name__icontains=query)
            | Q(municipality__name__icontains=query)
        )
        if digits.isdigit():
            match |= Q(site__orgnr__startswith=digits) | Q(municipality_id=digits)
        invitations = invitations.filter(match)
    return invitations.order_by("municipality__name", "respondent_type", "name", "pk")


@operator_required
@require_http_methods(["GET"])
def enter(request: HttpRequest, year: int) -> HttpResponse:
    survey_round = _open_round(request, year)
    if isinstance(survey_round, HttpResponse):
        return survey_round
    query = request.GET.get("q", "")
    page = Paginator(search_invitations(survey_round, query), PAGE_SIZE).get_page(
        request.GET.get("sida")
    )
    return render(
        request,
        "survey/respond/enter.html",
        {
            "round": survey_round,
            "page": page,
            "query": query,
        },
    )


@operator_required
@require_http_methods(["GET", "POST"])
def enter_answer(request: HttpRequest, year: int, invitation_id: int) -> HttpResponse:
    survey_round = _open_round(request, year)
    if isinstance(survey_round, HttpResponse):
        return survey_round
    invitation = get_object_or_404(
        Invitation.objects.select_related("round", "municipality", "site", "response"),
        pk=invitation_id,
        round=survey_round,
    )
    questionnaire = questionnaire_for(survey_round)
    if request.method == "POST":
        form = StaffEntryForm(questionnaire, request.POST)
        if form.is_valid():
            try:
                store_answer(
                    invitation,
                    form.grades(),
                    form.comments(),
                    channel=form.cleaned_data["channel"],
                    user=request.user,
                )
            except RoundClosed:
                return _entry_closed(request, year)
            messages.success(
                request,
                _("Svaret för %(who)s är registrerat.")
                % {
                    "who": respondent_context(invitation)["respondent_name"]
                    or invitation.respondent_id,
                },
            )
            return redirect("survey:enter", year)
    else:
        initial = QuestionnaireForm.initial_from_draft(invitation.draft)
        if invitation.response is not None and invitation.response.channel in (
            Channel.PAPER,
            Channel.PHONE,
        ):
            initial["channel"] = invitation.response.channel
        form = StaffEntryForm(questionnaire, initial=initial)
        if invitation.draft or invitation.response is not None:
            # The form shows this respondent's answers (or saved progress): that is a look
            # at an individual answer, so it is logged like the operator's answer page.
            privacy.log_access(
                AnswerAccess.Action.VIEW,
                survey_round,
                user=request.user,
                response=invitation.response,
                detail=f"registrering: {invitation.respondent_id}",
            )
    return render(
        request,
        "survey/respond/enter_answer.html",
        {
            **respondent_context(invitation),
            "form": form,
            "questionnaire": questionnaire,
            "scale": questionnaire.scale,
            "action_url": request.path,
        },
    )
