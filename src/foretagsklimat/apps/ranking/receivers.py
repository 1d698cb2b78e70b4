"""The ranking's answers to what the survey tells it."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from foretagsklimat.apps.survey.fieldwork import NotReadyToClose
from foretagsklimat.apps.survey.models import SurveyRound
from foretagsklimat.apps.survey.signals import round_closed

from .analysis import publish
from .models import RankingRun
from .services import NothingToRank, compute_ranking


@receiver(round_closed, sender=SurveyRound, dispatch_uid="ranking.publish_closed_round")
def publish_closed_round(sender: Any, survey_round: SurveyRound, **kwargs: Any) -> RankingRun:
    """Rank the closed round's year (with the round's methodology) and publish it with
    its rank intervals, inside the closing transaction."""
    try:
        computed = compute_ranking(survey_round.year, survey_round.methodology or None)
    except (NothingToRank, ValueError) as error:
        raise NotReadyToClose(
            f"Rankingen för {survey_round.year} kan inte räknas: {error}"
        ) from error
    return publish(computed)
