"""What the workspace's models share: the municipality a row belongs to (the tenant) with
the scoped query, the timestamps and synthetic flag, and what an audit entry records."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from foretagsklimat.apps.reference.models import Municipality


class ScopedQuerySet(models.QuerySet):
    """Rows of one municipality; ``lookup`` is the path from the model to its municipality."""

    lookup = "municipality"

    def for_municipality(self, municipality: Municipality) -> ScopedQuerySet:
        return self.filter(**{self.lookup: municipality})


class ScopedModel(models.Model):
    """A row of one municipality's workspace, reached through ``for_municipality``."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class WorkspaceModel(ScopedModel):
    """A scoped row that records when it was made and changed, and whether it is demo data.

    A model without one of these columns removes it (``updated_at = None``), as Django
    allows for fields of an abstract base.
    """

    synthetic = models.BooleanField(_("syntetiska data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def plain(value: Any) -> Any:
    """A value as JSON can hold it."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    return value


class Audited(models.Model):
    """A model whose changes go to the audit log (through ``audit.save`` and ``audit.delete``)."""

    #: The fields its audit entries record as ``{field: [old, new]}``, in this order.
    AUDITED_FIELDS: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    def audit_municipality(self) -> Municipality:
        """The workspace whose log the entries go to."""
        return self.municipality  # type: ignore[attr-defined]

    def audit_label(self) -> dict[str, Any]:
        """What names the object in the log, in no language: its name and, where it helps,
        its company and date (``services.audit_log`` builds the words)."""
        return {"name": str(self)}

    def audit_values(self) -> dict[str, Any]:
        """The audited fields as JSON holds them: related rows by id, a many-to-many field
        as the sorted list of ids."""
        values: dict[str, Any] = {}
        for name in self.AUDITED_FIELDS:
            field = self._meta.get_field(name)
            if field.many_to_many:
                related = getattr(self, name)
                values[name] = sorted(related.values_list("pk", flat=True)) if self.pk else []
            elif field.is_relation:
                values[name] = getattr(self, field.attname)  # type: ignore[union-attr]
            else:
                values[name] = plain(getattr(self, name))
        return values
