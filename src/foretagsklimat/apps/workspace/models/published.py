"""Published results a municipality loads for its own dashboard: the rank and means as
Svenskt Näringsliv published them, so that goals follow the real ranking without this
installation running the survey."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import WorkspaceModel


class PublishedResult(WorkspaceModel):
    """One published figure: the municipality's value and rank on one factor in one year.

    ``factor`` is a question or statistic code of the catalogue, or ``"total"`` for the
    total ranking (see :mod:`foretagsklimat.importers.published_results`).
    """

    year = models.PositiveSmallIntegerField(_("år"))
    factor = models.CharField(_("faktor"), max_length=40)
    value = models.FloatField(_("värde"), null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("placering"), null=True, blank=True)
    #: The file it was loaded from, shown as the source beside the figure.
    source = models.CharField(_("källa"), max_length=200)

    class Meta:
        ordering = ("year", "factor")
        constraints = [
            models.UniqueConstraint(
                fields=("municipality", "year", "factor"), name="published_result_once"
            )
        ]
        verbose_name = _("publicerat resultat")
        verbose_name_plural = _("publicerade resultat")

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.year} {self.factor}"
