"""The audit log's entries (written by :mod:`foretagsklimat.apps.workspace.audit`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .base import ScopedModel


class AuditEntry(ScopedModel):
    """One change that matters: who, what (a dotted action code), when, which fields.

    ``changes`` is ``{field: [old, new]}``, written in the same transaction as the change.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(_("tid"), default=timezone.now, db_index=True)
    action = models.CharField(_("händelse"), max_length=64)
    object_type = models.CharField(_("objekttyp"), max_length=32)
    object_id = models.BigIntegerField(_("objekt-id"), null=True, blank=True)
    changes = models.JSONField(_("ändrade fält"), default=dict, blank=True)
    #: The object's names when the entry was written (``Audited.audit_label``), so that the
    #: log can name an object after it is gone: ``{"name": …, "company": …, "date": …}``.
    object_label = models.JSONField(_("objekt"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("loggpost")
        verbose_name_plural = _("ändringslogg")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"
