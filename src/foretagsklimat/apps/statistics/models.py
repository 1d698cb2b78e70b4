"""Official statistics per municipality and year (SCB, UC), as imported."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from foretagsklimat.apps.reference.models import Municipality


class StatisticValue(models.Model):
    year = models.PositiveSmallIntegerField(_("år"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT)
    statistic = models.CharField(_("statistikfaktor"), max_length=64)
    value = models.FloatField(_("värde"))
    synthetic = models.BooleanField(_("syntetiska data"), default=False)
    source = models.CharField(_("källa"), max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "municipality", "statistic"], name="one_statistic_value"
            )
        ]
        indexes = [models.Index(fields=["year", "statistic"])]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.year} {self.statistic}: {self.value}"
