"""The procurement dialogue with local companies."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .base import Audited, WorkspaceModel
from .companies import Company


class ProcurementKind(models.TextChoices):
    QUESTION = "question", _("fråga")
    ANNOUNCEMENT = "announcement", _("aviserad upphandling")
    MEETING = "meeting", _("informationsmöte")
    SIMPLIFICATION = "simplification", _("förenkling")


class ProcurementStatus(models.TextChoices):
    OPEN = "open", _("öppen")
    ANSWERED = "answered", _("besvarad")
    DONE = "done", _("klar")


class ProcurementItem(WorkspaceModel, Audited):
    """One item of the procurement dialogue: a question and its answer, an announced
    procurement, an information meeting or a simplification measure."""

    kind = models.CharField(
        _("typ"), max_length=16, choices=ProcurementKind.choices, default=ProcurementKind.QUESTION
    )
    title = models.CharField(_("rubrik"), max_length=200)
    date = models.DateField(_("datum"), default=timezone.localdate)
    text = models.TextField(_("beskrivning eller fråga"), blank=True)
    answer = models.TextField(_("svar"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ProcurementStatus.choices,
        default=ProcurementStatus.OPEN,
    )
    follow_up_on = models.DateField(_("följs upp"), null=True, blank=True)
    companies = models.ManyToManyField(
        Company, blank=True, related_name="procurement_items", verbose_name=_("företag")
    )

    AUDITED_FIELDS = (
        "kind",
        "title",
        "date",
        "text",
        "answer",
        "status",
        "follow_up_on",
        "companies",
    )

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("upphandlingsdialog")
        verbose_name_plural = _("upphandlingsdialog")

    def __str__(self) -> str:
        return self.title
