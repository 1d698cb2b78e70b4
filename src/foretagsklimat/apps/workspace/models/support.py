"""The support catalogue: offerings, and referrals of an offering to a company."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from foretagsklimat.apps.reference.models import Municipality

from .base import Audited, ScopedQuerySet, WorkspaceModel
from .companies import Company


class SupportKind(models.TextChoices):
    ADVICE = "advice", _("rådgivning")
    FUNDING = "funding", _("finansiering")
    PREMISES = "premises", _("lokaler")
    RECRUITMENT = "recruitment", _("rekrytering")
    EXPORT = "export", _("export")
    STARTUP = "startup", _("nyföretagande")
    OTHER = "other", _("annat")


class SupportOffering(WorkspaceModel, Audited):
    """One offering in the municipality's support catalogue (its own or the region's…)."""

    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(
        _("typ av stöd"), max_length=12, choices=SupportKind.choices, default=SupportKind.ADVICE
    )
    provider = models.CharField(
        _("anordnare"),
        max_length=200,
        blank=True,
        help_text=_("Till exempel kommunen, Region Gävleborg, Almi."),
    )
    conditions = models.TextField(_("villkor"), blank=True)
    contact = models.CharField(_("kontakt"), max_length=300, blank=True)
    active = models.BooleanField(_("aktivt"), default=True)

    AUDITED_FIELDS = ("name", "kind", "provider", "conditions", "contact", "active")

    class Meta:
        ordering = ["-active", "name", "id"]
        verbose_name = _("stödinsats")
        verbose_name_plural = _("stödkatalog")

    def __str__(self) -> str:
        return self.name


class ReferralType(models.TextChoices):
    PRESENTED = "presented", _("presenterat")
    REFERRED = "referred", _("hänvisat")


class ReferralOutcome(models.TextChoices):
    PENDING = "pending", _("inväntar")
    USED = "used", _("använt")
    NOT_USED = "not_used", _("inte använt")
    UNKNOWN = "unknown", _("okänt")


class ReferralQuerySet(ScopedQuerySet):
    lookup = "offering__municipality"


class SupportReferral(Audited):
    """An offering presented or referred to one company (of the same municipality)."""

    offering = models.ForeignKey(
        SupportOffering, on_delete=models.CASCADE, related_name="referrals"
    )
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="support_referrals")
    date = models.DateField(_("datum"), default=timezone.localdate)
    referral_type = models.CharField(
        _("presenterat eller hänvisat"),
        max_length=10,
        choices=ReferralType.choices,
        default=ReferralType.PRESENTED,
    )
    outcome = models.CharField(
        _("utfall"), max_length=10, choices=ReferralOutcome.choices, default=ReferralOutcome.PENDING
    )
    note = models.TextField(_("anteckning"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    offering_id: int
    company_id: int
    objects = ReferralQuerySet.as_manager()

    AUDITED_FIELDS = ("offering", "company", "date", "referral_type", "outcome", "note")

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("hänvisning till stöd")
        verbose_name_plural = _("hänvisningar till stöd")

    def __str__(self) -> str:
        return f"{self.offering} → {self.company} {self.date}"

    def audit_municipality(self) -> Municipality:
        return self.offering.municipality

    def audit_label(self) -> dict[str, Any]:
        return {"name": self.offering.name, "company": self.company.name}

    def clean(self) -> None:
        if (
            self.offering_id
            and self.company_id
            and self.offering.municipality_id != self.company.municipality_id
        ):
            raise ValidationError(_("Företaget och stödet måste höra till samma kommun."))
