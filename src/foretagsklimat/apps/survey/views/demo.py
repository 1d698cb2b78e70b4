"""The demo round's public page: a few personal links a visitor can open and answer.

Shown only while a synthetic round is open; it never lists a link of a real round.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from foretagsklimat import reference

from ..models import Invitation, RespondentType, RoundStatus, SurveyRound

#: Municipalities whose unanswered links the page lists, and how many of each.
SHOWN_MUNICIPALITIES = ("2181", "2180")
LINKS_PER_MUNICIPALITY = 10
OPERATOR_USERNAME = "enkatoperator"


def open_demo_round() -> SurveyRound | None:
    """The latest open synthetic round, or None."""
    return (
        SurveyRound.objects.filter(synthetic=True, status=RoundStatus.OPEN)
        .order_by("-year")
        .first()
    )


def unanswered_links(survey_round: SurveyRound, kommunkod: str) -> list[Invitation]:
    """Unanswered company links of a synthetic round, untouched ones (no draft) first."""
    if not survey_round.synthetic:
        raise ValueError("only a synthetic round's links may be shown")
    unanswered = Invitation.objects.filter(
        round=survey_round,
        municipality_id=kommunkod,
        respondent_type=RespondentType.COMPANY,
        submitted_at__isnull=True,
    ).order_by("pk")
    fresh = list(unanswered.filter(draft={})[:LINKS_PER_MUNICIPALITY])
    if len(fresh) < LINKS_PER_MUNICIPALITY:
        started = unanswered.exclude(pk__in=[i.pk for i in fresh])
        fresh += list(started[: LINKS_PER_MUNICIPALITY - len(fresh)])
    return fresh


@never_cache
@require_GET
def demo_round(request: HttpRequest) -> HttpResponse:
    """Explain the synthetic demo round and list personal links to try the questionnaire."""
    survey_round = open_demo_round()
    if survey_round is None:
        raise Http404("Ingen demoenkät är laddad.")
    names = reference.municipalities().set_index("kommunkod")["kommunnamn"]
    groups = [
        {"kommunkod": code, "kommun": names[code], "links": unanswered_links(survey_round, code)}
        for code in SHOWN_MUNICIPALITIES
    ]
    counts = Invitation.objects.filter(round=survey_round).aggregate(
        sent=Count("pk"), answered=Count("pk", filter=Q(submitted_at__isnull=False))
    )
    context = {
        "round": survey_round,
        "groups": [g for g in groups if g["links"]],
        "sent": counts["sent"],
        "answered": counts["answered"],
        "operator_username": OPERATOR_USERNAME,
    }
    return render(request, "survey/demo.html", context)
