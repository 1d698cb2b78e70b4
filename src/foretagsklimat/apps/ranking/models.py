"""Stored rankings: computed once by the engine, read by pages, API and exports.

A run keeps the configuration the engine recorded, so it can be regenerated exactly.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from foretagsklimat.apps.reference.models import Municipality


class RankingRun(models.Model):
    year = models.PositiveSmallIntegerField(_("år"))
    methodology = models.CharField(_("metod"), max_length=64)
    config = models.JSONField(help_text="The engine's recorded configuration.")
    synthetic = models.BooleanField(_("syntetiska data"), default=False)
    is_current = models.BooleanField(
        default=True, help_text="The published run for this year and methodology."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "methodology"],
                condition=models.Q(is_current=True),
                name="one_current_run",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} ({self.methodology})"


class MunicipalityResult(models.Model):
    run = models.ForeignKey(RankingRun, on_delete=models.CASCADE, related_name="municipalities")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT)
    rank = models.PositiveSmallIntegerField(_("placering"))
    points = models.FloatField(_("poäng"))
    county_rank = models.PositiveSmallIntegerField(_("placering i länet"))
    group_rank = models.PositiveSmallIntegerField(_("placering i kommungruppen"))
    previous_rank = models.PositiveSmallIntegerField(_("föregående placering"), null=True)

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["run", "municipality"], name="one_result_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.rank}"

    @property
    def change(self) -> int | None:
        """Places gained since the previous year (positive = climbed)."""
        return None if self.previous_rank is None else self.previous_rank - self.rank


class IndicatorResult(models.Model):
    run = models.ForeignKey(RankingRun, on_delete=models.CASCADE, related_name="indicators")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT)
    indicator = models.CharField(max_length=64)
    value = models.FloatField(null=True)
    n = models.PositiveIntegerField(null=True)
    rank = models.FloatField(null=True)
    points = models.FloatField()
    #: Bootstrap interval of a survey factor's mean (filled with the rank intervals).
    value_low = models.FloatField(null=True)
    value_high = models.FloatField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["run", "municipality", "indicator"], name="one_indicator_result"
            )
        ]
        indexes = [models.Index(fields=["run", "indicator"])]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.indicator}: {self.points}"


class RankUncertainty(models.Model):
    """How certain a published rank is: a bootstrap of the survey answers (or, where only
    aggregates are held, a parametric bootstrap), stored with the run it belongs to."""

    run = models.ForeignKey(RankingRun, on_delete=models.CASCADE, related_name="uncertainty")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT)
    rank_median = models.FloatField()
    rank_low = models.FloatField()
    rank_high = models.FloatField()
    points_low = models.FloatField()
    points_high = models.FloatField()
    change_low = models.FloatField(null=True)
    change_high = models.FloatField(null=True)
    verdict = models.CharField(max_length=32, blank=True)
    #: Rank over other reasonable methods (weights ±25 %, normalisation, aggregation).
    method_median = models.FloatField(null=True)
    method_low = models.FloatField(null=True)
    method_high = models.FloatField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "municipality"], name="one_uncertainty_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.rank_low:.0f}–{self.rank_high:.0f}"


class BootstrapSamples(models.Model):
    """The bootstrap's rank samples of a run, kept so that next year's change interval can
    pair them with its own (compressed numpy array, replications × municipalities)."""

    run = models.OneToOneField(RankingRun, on_delete=models.CASCADE, related_name="bootstrap")
    method = models.CharField(max_length=64)
    replications = models.PositiveIntegerField()
    seed = models.BigIntegerField()
    confidence = models.FloatField()
    codes = models.JSONField()
    samples = models.BinaryField()

    def __str__(self) -> str:
        return f"{self.run} ({self.replications} × {self.method})"


class PublishedAnalyses(models.Model):
    """What the public pages show of a run that takes seconds to compute from the year's
    answers — the drivers of the overall grade and the means of the politicians'
    comparison — computed once when the run is published (``analysis.publish``).

    Each table is a frame as JSON (``web.frames.frame_to_json``): ``drivers`` by
    ``"level/group"`` (``respondents/all``, ``municipalities/kommungrupp_kod`` …);
    ``means`` holds the questions asked and the published means by respondent type,
    empty in a year without council members' answers.
    """

    run = models.OneToOneField(RankingRun, on_delete=models.CASCADE, related_name="analyses")
    drivers = models.JSONField(default=dict)
    means = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"{self.run}: {len(self.drivers)} driver tables"
