"""The municipality's company register (Company) and the people at the companies (Contact)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.se import orgnr as se_orgnr

from foretagsklimat.apps.reference.models import Municipality
from foretagsklimat.importers.checks import orgnr_error
from foretagsklimat.importers.companies import ORGNR_REASONS as IMPORT_ORGNR_REASONS
from foretagsklimat.reference.search import search_key

from .base import Audited, ScopedQuerySet, WorkspaceModel


class ContactQuerySet(ScopedQuerySet):
    lookup = "company__municipality"


class SizeClass(models.TextChoices):
    """Employee size classes as SCB groups them."""

    NONE = "0", _("0 anställda")
    MICRO = "1-9", _("1–9 anställda")
    SMALL = "10-49", _("10–49 anställda")
    MEDIUM = "50-249", _("50–249 anställda")
    LARGE = "250+", _("250 anställda eller fler")

    @classmethod
    def of(cls, employees: int | None) -> str:
        if employees is None or employees <= 0:
            return cls.NONE
        for limit, size in ((9, cls.MICRO), (49, cls.SMALL), (249, cls.MEDIUM)):
            if employees <= limit:
                return size
        return cls.LARGE


#: python-stdnum's reasons, in the interface's language (the import words them alike).
ORGNR_REASONS = {name: _(reason) for name, reason in IMPORT_ORGNR_REASONS.items()}


def validate_orgnr(value: str) -> None:
    """An organisation number as python-stdnum's ``stdnum.se.orgnr`` checks it."""
    error = orgnr_error(value)
    if error:
        raise ValidationError(
            _("Ogiltigt organisationsnummer (%(reason)s); skriv till exempel 556036-0793."),
            params={"reason": ORGNR_REASONS.get(error, error)},
            code="orgnr",
        )


class Company(WorkspaceModel, Audited):
    """A company (site) in the municipality's register; ``orgnr`` is unique per municipality."""

    # PROTECT rather than the base's CASCADE: a municipality with a register stays.
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT)
    orgnr = models.CharField(_("organisationsnummer"), max_length=10, validators=[validate_orgnr])
    name = models.CharField(_("namn"), max_length=200)
    sni = models.CharField(_("SNI-kod"), max_length=5, blank=True)
    employees = models.PositiveIntegerField(_("anställda"), null=True, blank=True)
    size_class = models.CharField(
        _("storleksklass"),
        max_length=6,
        choices=SizeClass.choices,
        default=SizeClass.NONE,
        editable=False,
    )
    head_office = models.BooleanField(_("huvudkontor här"), default=True)
    address = models.CharField(_("adress"), max_length=300, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=6, blank=True)
    postal_town = models.CharField(_("postort"), max_length=100, blank=True)
    area = models.CharField(
        _("område"),
        max_length=100,
        blank=True,
        help_text=_("Tätort eller kommundel, för filtrering."),
    )
    latitude = models.FloatField(_("latitud"), null=True, blank=True)
    longitude = models.FloatField(_("longitud"), null=True, blank=True)
    #: The name as the register's search compares it (``reference.search.search_key``):
    #: SQLite's LIKE folds only ASCII, so "ÅRE" would not find "Åre" in ``name``.
    search_name = models.CharField(max_length=200, editable=False, default="")

    AUDITED_FIELDS = (
        "orgnr",
        "name",
        "sni",
        "employees",
        "address",
        "postal_code",
        "postal_town",
        "area",
        "latitude",
        "longitude",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality", "orgnr"], name="one_company_per_orgnr")
        ]
        ordering = ["name", "orgnr"]
        verbose_name = _("företag")
        verbose_name_plural = _("företag")

    def __str__(self) -> str:
        return f"{self.name} ({self.formatted_orgnr})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.orgnr = se_orgnr.compact(self.orgnr)
        self.size_class = SizeClass.of(self.employees)
        self.search_name = search_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    def audit_label(self) -> dict[str, Any]:
        return {"name": self.name}

    @property
    def formatted_orgnr(self) -> str:
        return se_orgnr.format(self.orgnr)


class Contact(Audited):
    """A person at a company. Erasure blanks every personal field and keeps the row,
    so that counts (contacts per company, consents given) survive."""

    #: The fields that hold personal data; erasure blanks them all.
    PERSONAL_FIELDS = ("name", "role", "phone", "email")

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("namn"), max_length=200)
    role = models.CharField(_("roll på företaget"), max_length=100, blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    consent = models.BooleanField(_("samtycke till kontakt"), default=False)
    consent_date = models.DateField(_("samtycke lämnat"), null=True, blank=True)
    erased_at = models.DateTimeField(_("raderad"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContactQuerySet.as_manager()

    AUDITED_FIELDS = ("name", "role", "phone", "email", "consent", "consent_date")

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")

    def __str__(self) -> str:
        return self.name if not self.is_erased else f"({_('raderad')} #{self.pk})"

    def audit_municipality(self) -> Municipality:
        return self.company.municipality

    def audit_label(self) -> dict[str, Any]:
        return {"name": self.name, "company": self.company.name}

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    def erase(self) -> None:
        """Blank the personal data; the consent flag is kept (it is not about the person)."""
        for field in self.PERSONAL_FIELDS:
            setattr(self, field, "")
        self.erased_at = timezone.now()
        self.save()
