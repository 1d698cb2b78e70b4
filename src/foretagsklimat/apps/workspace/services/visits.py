"""Visits, visit targets and evaluations: the changes, each audited in one transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from .. import audit
from ..models import Evaluation, Visit, VisitTarget


def plan_visit(visit: Visit, user: Any) -> Visit:
    audit.save(visit, user, "workspace.visit.planned")
    return visit


def update_visit(visit: Visit, user: Any) -> Visit:
    """Save an edited visit; the entry names the fields that changed (none: no entry)."""
    audit.save(visit, user, "workspace.visit.updated")
    return visit


def record_held(visit: Visit, held_on: date, user: Any) -> Visit:
    """Record a visit as held (the form may have changed notes, participants, topics)."""
    visit.mark_held(held_on)
    audit.save(visit, user, "workspace.visit.held", record_unchanged=True)
    return visit


class AlreadyEvaluated(Exception):
    """The visit has its one evaluation already."""


@transaction.atomic
def submit_evaluation(visit: Visit, grades: dict[str, int], comment: str) -> Evaluation:
    """Store the company's evaluation. The audit entry records that it came, never what
    it said: evaluations are shown only aggregated."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if Evaluation.objects.filter(visit=visit).exists():
        raise AlreadyEvaluated
    evaluation = Evaluation.objects.create(visit=visit, comment=comment, **grades)
    audit.record(visit.municipality, None, "workspace.evaluation.submitted", visit)
    return evaluation


def create_target(target: VisitTarget, user: Any) -> VisitTarget:
    audit.save(target, user, "workspace.target.created")
    return target


def delete_target(target: VisitTarget, user: Any) -> None:
    audit.delete(target, user, "workspace.target.deleted")
