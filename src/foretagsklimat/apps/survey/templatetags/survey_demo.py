"""``{% demo_round_open as demo_round %}``: the open synthetic demo round, for a link to it."""

from __future__ import annotations

from django import template

from ..models import SurveyRound
from ..views.demo import open_demo_round

register = template.Library()


@register.simple_tag
def demo_round_open() -> SurveyRound | None:
    return open_demo_round()
