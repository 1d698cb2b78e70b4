"""Official statistics per municipality and year (SCB, UC, Kolada), as imported, and the
open data services' key figures that workspace goals follow."""

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


class KpiValue(models.Model):
    """A key figure of an open data service (Kolada) for a municipality and year, as
    fetched: what a workspace goal follows (``Goal.kolada_kpi``). A KPI that carries a
    statistic of the ranking is stored as a :class:`StatisticValue` as well."""

    kpi = models.CharField(_("nyckeltal"), max_length=16)
    year = models.PositiveSmallIntegerField(_("år"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT)
    value = models.FloatField(_("värde"))
    source = models.CharField(_("källa"), max_length=255)
    fetched_at = models.DateTimeField(_("hämtat"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kpi", "municipality", "year"], name="one_kpi_value")
        ]

    def __str__(self) -> str:
        return f"{self.kpi} {self.municipality_id} {self.year}: {self.value}"
