"""Municipalities, counties and SKR municipality groups: the tenants and units of the ranking."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class County(models.Model):
    code = models.CharField(_("länskod"), max_length=2, primary_key=True)
    name = models.CharField(_("län"), max_length=64)
    short_name = models.CharField(_("kort namn"), max_length=32)

    class Meta:
        ordering = ["code"]
        verbose_name = _("län")
        verbose_name_plural = _("län")

    def __str__(self) -> str:
        return self.name


class MunicipalityGroup(models.Model):
    """SKR's municipality group (A1…C9) within its main group (A, B, C)."""

    code = models.CharField(_("kommungrupp"), max_length=2, primary_key=True)
    name = models.CharField(_("namn"), max_length=64)
    main_group_code = models.CharField(_("huvudgrupp"), max_length=1)
    main_group_name = models.CharField(_("huvudgruppens namn"), max_length=80)

    class Meta:
        ordering = ["code"]
        verbose_name = _("kommungrupp")
        verbose_name_plural = _("kommungrupper")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Municipality(models.Model):
    code = models.CharField(_("kommunkod"), max_length=4, primary_key=True)
    name = models.CharField(_("kommun"), max_length=64, unique=True)
    official_name = models.CharField(_("officiellt namn"), max_length=80)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="municipalities")
    group = models.ForeignKey(
        MunicipalityGroup, on_delete=models.PROTECT, related_name="municipalities"
    )
    population = models.PositiveIntegerField(_("folkmängd 2024"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return self.name
