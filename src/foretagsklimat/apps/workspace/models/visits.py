"""Visits to companies, the yearly visit targets, and the company's evaluation of a visit."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from foretagsklimat.apps.reference.models import Municipality

from .base import Audited, ScopedModel, WorkspaceModel
from .companies import Company


class Topic(models.TextChoices):
    """Topics raised at a visit."""

    PERMITS = "permits", _("tillstånd")
    PREMISES = "premises", _("lokaler")
    RECRUITMENT = "recruitment", _("kompetensförsörjning")
    PROCUREMENT = "procurement", _("upphandling")
    INFRASTRUCTURE = "infrastructure", _("infrastruktur")
    OTHER = "other", _("övrigt")


def new_evaluation_token() -> str:
    return secrets.token_urlsafe(24)


#: The short code's letters: Crockford's base 32, without I, L, O and U, which are misread.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10  # 50 bits: typeable from the screen, not guessable among open visits


def new_evaluation_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_evaluation_code(typed: str) -> str:
    """A typed code as stored: upper case, without spaces and dashes, O read as 0 and
    I or L as 1 (the letters the alphabet leaves out)."""
    code = "".join(typed.split()).replace("-", "").upper()
    return code.translate(str.maketrans("OIL", "011"))


def format_evaluation_code(code: str) -> str:
    """The code as shown to be typed: two groups of five."""
    return f"{code[:5]}-{code[5:]}" if len(code) == CODE_LENGTH else code


class Visit(WorkspaceModel, Audited):
    """A company visit: planned (``held_on`` empty) or held."""

    # PROTECT rather than the base's CASCADE, like the companies visited.
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT)
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="visits", verbose_name=_("företag")
    )
    planned_for = models.DateField(_("planerat datum"))
    held_on = models.DateField(_("genomfört datum"), null=True, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="workspace_visits",
        verbose_name=_("handläggare"),
    )
    unit = models.CharField(
        _("enhet"), max_length=100, blank=True, help_text=_("Till exempel Näringslivskontoret.")
    )
    participants_municipality = models.TextField(_("deltagare från kommunen"), blank=True)
    participants_company = models.TextField(_("deltagare från företaget"), blank=True)
    purpose = models.TextField(_("syfte"), blank=True)
    notes = models.TextField(_("anteckningar"), blank=True)
    topics = models.JSONField(_("ämnen"), default=list, blank=True)
    evaluation_token = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    #: The short link's code (``/u/<code>/``), given with the token.
    evaluation_code = models.CharField(
        max_length=CODE_LENGTH, unique=True, null=True, blank=True, editable=False
    )
    # Visits are not marked as demo data (their companies are): the table has no such column.
    synthetic = None  # type: ignore[assignment]

    AUDITED_FIELDS = (
        "company",
        "planned_for",
        "held_on",
        "officer",
        "unit",
        "participants_municipality",
        "participants_company",
        "purpose",
        "notes",
        "topics",
    )

    class Meta:
        ordering = ["-planned_for", "-id"]
        indexes = [models.Index(fields=["municipality", "held_on"])]
        verbose_name = _("besök")
        verbose_name_plural = _("besök")

    def __str__(self) -> str:
        return f"{self.company.name} {self.held_on or self.planned_for}"

    def audit_label(self) -> dict[str, Any]:
        return {"company": self.company.name, "date": (self.held_on or self.planned_for)}

    def is_planned(self) -> bool:
        return self.held_on is None

    def is_held(self) -> bool:
        return self.held_on is not None

    @property
    def topic_labels(self) -> list[str]:
        labels = dict(Topic.choices)
        return [str(labels.get(topic, topic)) for topic in self.topics]

    def mark_held(self, held_on: date) -> None:
        """Record the visit as held; it gets its evaluation token now."""
        self.held_on = held_on
        if not self.evaluation_token:
            self.evaluation_token = new_evaluation_token()
        if not self.evaluation_code:
            self.evaluation_code = new_evaluation_code()

    @property
    def evaluation_code_display(self) -> str:
        return format_evaluation_code(self.evaluation_code or "")


class TargetKind(models.TextChoices):
    VISITS_TOTAL = "visits_total", _("besök totalt")
    VISITS_PER_OFFICER = "visits_per_officer", _("besök per handläggare")
    VISITS_PER_UNIT = "visits_per_unit", _("besök per enhet")
    COVERAGE = "coverage", _("täckning")


class VisitTarget(ScopedModel, Audited):
    """A yearly target: a number of visits (all, one officer's, one unit's) or coverage.

    Coverage: the share (0–1, in ``target``) of companies with more than ``min_employees``
    employees that had a held visit within the last ``within_years`` years.
    """

    year = models.PositiveSmallIntegerField(_("år"))
    kind = models.CharField(_("typ"), max_length=20, choices=TargetKind.choices)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        verbose_name=_("handläggare"),
    )
    unit = models.CharField(_("enhet"), max_length=100, blank=True)
    min_employees = models.PositiveIntegerField(_("fler anställda än"), null=True, blank=True)
    within_years = models.PositiveSmallIntegerField(_("inom antal år"), null=True, blank=True)
    target = models.FloatField(
        _("mål"),
        validators=[MinValueValidator(0)],
        help_text=_("Antal besök, eller andel 0–1 för täckning."),
    )

    AUDITED_FIELDS = ("year", "kind", "officer", "unit", "min_employees", "within_years", "target")

    class Meta:
        ordering = ["year", "kind", "unit", "id"]
        verbose_name = _("besöksmål")
        verbose_name_plural = _("besöksmål")

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()} {self.target}"

    def audit_label(self) -> dict[str, Any]:
        return {"year": self.year, "kind": self.kind, "target": self.target}

    @property
    def is_coverage(self) -> bool:
        return self.kind == TargetKind.COVERAGE


GRADE = [MinValueValidator(1), MaxValueValidator(6)]


class Evaluation(models.Model):
    """The company's evaluation of one held visit, given during the meeting (one per visit)."""

    QUESTIONS = {
        "useful": _("Var mötet användbart?"),
        "understood": _("Förstod kommunen företagets situation?"),
        "next_steps": _("Är det tydligt vad som händer härnäst?"),
    }

    visit = models.OneToOneField(Visit, on_delete=models.CASCADE, related_name="evaluation")
    useful = models.PositiveSmallIntegerField(validators=GRADE)
    understood = models.PositiveSmallIntegerField(validators=GRADE)
    next_steps = models.PositiveSmallIntegerField(validators=GRADE)
    comment = models.TextField(_("kommentar"), blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("utvärdering")
        verbose_name_plural = _("utvärderingar")

    def __str__(self) -> str:
        return f"{_('utvärdering')} #{self.pk}"
