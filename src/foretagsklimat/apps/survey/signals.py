"""What the survey tells the layers above it.

The survey knows nothing of the ranking: closing a round sends :data:`round_closed`, and
the ranking app (a receiver it connects in ``RankingConfig.ready``) computes and
publishes the year's results. Keeping the dependency one way lets the survey be tested,
and changed, without the ranking.
"""

from __future__ import annotations

from typing import Protocol

from django.dispatch import Signal

#: Sent by :func:`foretagsklimat.apps.survey.fieldwork.close_round` inside its
#: transaction, after the round is marked closed, with ``survey_round``. A receiver
#: returns what it published (a :class:`Publication`); an exception it raises undoes the
#: close, so raise :class:`~foretagsklimat.apps.survey.fieldwork.NotReadyToClose` with a
#: message for the operator.
round_closed = Signal()


class Publication(Protocol):
    """What closing a round published: the year and the methodology it was ranked by."""

    year: int
    methodology: str
