"""The municipal board's goals for the business climate, followed on the dashboard."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from foretagsklimat import reference
from foretagsklimat.sources.kolada import KPI_ID

from .base import Audited, WorkspaceModel


class GoalKind(models.TextChoices):
    RANK = "rank", _("Placering i rankingen")
    OVERALL_GRADE = "overall_grade", _("Sammanfattande omdöme")
    VISITS = "visits", _("Företagsbesök per år")
    COVERAGE = "coverage", _("Täckning")
    EVALUATION = "evaluation", _("Mötesutvärdering")
    FOLLOW_UPS_ON_TIME = "follow_ups_on_time", _("Uppföljningar klara i tid")
    KOLADA = "kolada", _("Nyckeltal i Kolada")


#: The allowed range of a goal's target (and baseline), per kind. Shares are 0–1.
RANGES: dict[str, tuple[float, float]] = {
    GoalKind.RANK: (1, len(reference.municipality_codes())),
    GoalKind.OVERALL_GRADE: (1, 6),
    GoalKind.VISITS: (0, 100_000),
    GoalKind.COVERAGE: (0, 1),
    GoalKind.EVALUATION: (1, 6),
    GoalKind.FOLLOW_UPS_ON_TIME: (0, 1),
}
#: Kinds whose value is a share 0–1 (shown as per cent).
SHARES = {GoalKind.COVERAGE, GoalKind.FOLLOW_UPS_ON_TIME}
#: Kinds that add up over the year (expected pro rata); the others are states.
COUNTS = {GoalKind.VISITS}
#: The only kind where a smaller number is better.
LOWER_IS_BETTER = {GoalKind.RANK}


class Goal(WorkspaceModel, Audited):
    """One goal of the municipal board for one year, such as "rank 100 or better in 2026".

    A coverage goal counts companies with more than ``min_employees`` employees that had a
    held visit within the last ``within_years`` years (as a :class:`VisitTarget` does). A
    Kolada goal follows the key figure ``kolada_kpi`` (such as SKR Insikt's NKI) as
    imported by ``foretagsklimat statistics kolada``; higher is better.
    """

    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    kind = models.CharField(_("mått"), max_length=20, choices=GoalKind.choices)
    target = models.FloatField(_("målvärde"))
    baseline = models.FloatField(
        _("utgångsläge"),
        null=True,
        blank=True,
        help_text=_("Värdet när målet beslutades (frivilligt)."),
    )
    min_employees = models.PositiveIntegerField(_("fler anställda än"), null=True, blank=True)
    within_years = models.PositiveSmallIntegerField(
        _("besökta inom antal år"), null=True, blank=True
    )
    kolada_kpi = models.CharField(
        _("nyckeltal i Kolada"),
        max_length=16,
        blank=True,
        help_text=_(
            "Bara för nyckeltal i Kolada: KPI-id, till exempel U07451 (SKR Insikt, NKI). "
            "Värdena hämtas med kommandot foretagsklimat statistics kolada."
        ),
    )
    decided_by = models.CharField(
        _("beslutat av"),
        max_length=200,
        blank=True,
        help_text=_("Till exempel Kommunstyrelsen 2026-02-10."),
    )
    note = models.TextField(_("anteckning"), blank=True)

    AUDITED_FIELDS = (
        "year",
        "kind",
        "target",
        "baseline",
        "min_employees",
        "within_years",
        "kolada_kpi",
        "decided_by",
        "note",
    )

    class Meta:
        ordering = ["-year", "kind", "id"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()} {self.target:g}"

    def audit_label(self) -> dict[str, Any]:
        return {"year": self.year, "kind": self.kind, "target": self.target}

    @property
    def is_share(self) -> bool:
        return self.kind in SHARES

    @property
    def is_count(self) -> bool:
        return self.kind in COUNTS

    @property
    def lower_is_better(self) -> bool:
        return self.kind in LOWER_IS_BETTER

    def meets(self, value: float) -> bool:
        """Whether ``value`` reaches the target (rank: at or above it, others: at least it)."""
        return value <= self.target if self.lower_is_better else value >= self.target

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        low, high = RANGES.get(self.kind, (float("-inf"), float("inf")))
        for field in ("target", "baseline"):
            value = getattr(self, field)
            if value is not None and not low <= value <= high:
                errors[field] = ValidationError(
                    _("%(kind)s: värdet ska ligga mellan %(low)s och %(high)s."),
                    params={
                        "kind": self.get_kind_display(),
                        "low": f"{low:g}",
                        "high": f"{high:g}",
                    },
                    code="range",
                )
        if self.kind == GoalKind.RANK and self.target is not None and self.target % 1:
            errors.setdefault(
                "target", ValidationError(_("En placering är ett heltal."), code="integer")
            )
        if self.kind == GoalKind.COVERAGE:
            if self.min_employees is None:
                errors["min_employees"] = ValidationError(
                    _("Ange antal anställda."), code="coverage"
                )
            if not self.within_years:
                errors["within_years"] = ValidationError(
                    _("Ange inom hur många år."), code="coverage"
                )
        if self.kind == GoalKind.KOLADA:
            self.kolada_kpi = self.kolada_kpi.strip().upper()
            if not KPI_ID.match(self.kolada_kpi):
                errors["kolada_kpi"] = ValidationError(
                    _("Ange ett KPI-id ur Kolada: en bokstav och fem siffror, som U07451."),
                    code="kolada",
                )
        if errors:
            raise ValidationError(errors)
