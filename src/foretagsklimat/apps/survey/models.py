"""The company survey: rounds, questionnaires sent and the (confidential) answers."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from foretagsklimat.apps.reference.models import Municipality


class RespondentType(models.TextChoices):
    COMPANY = "company", _("företag")
    POLITICIAN = "politician", _("kommunfullmäktigeledamot")


class SurveyRound(models.Model):
    """One year's survey. Answers belong to a round; a synthetic round is demo data."""

    year = models.PositiveSmallIntegerField(_("år"), unique=True)
    synthetic = models.BooleanField(
        _("syntetiska data"), default=False, help_text=_("Påhittade demodata, inte verkliga svar.")
    )
    includes_politicians = models.BooleanField(_("omfattar kommunfullmäktige"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("enkätomgång")
        verbose_name_plural = _("enkätomgångar")

    def __str__(self) -> str:
        return str(self.year)


class QuestionnaireCount(models.Model):
    """How many questionnaires a municipality was sent in a round, and how many came back."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="counts")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT)
    respondent_type = models.CharField(
        max_length=16, choices=RespondentType.choices, default=RespondentType.COMPANY
    )
    sent = models.PositiveIntegerField(_("utskickade"))
    answered = models.PositiveIntegerField(_("svar"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "municipality", "respondent_type"], name="one_count_per_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.round_id}: {self.answered}/{self.sent}"

    @property
    def response_rate(self) -> float | None:
        return self.answered / self.sent if self.sent else None


class SurveyResponse(models.Model):
    """One answered questionnaire. Confidential: never shown or published individually.

    ``grades`` maps question codes to 1–6; a question answered "vet ej" or left blank is
    absent, so that a mean never counts it.
    """

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="responses")
    respondent_id = models.CharField(max_length=64)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT)
    respondent_type = models.CharField(max_length=16, choices=RespondentType.choices)
    grades = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "respondent_id"], name="one_answer_per_respondent"
            )
        ]
        indexes = [models.Index(fields=["round", "respondent_type"])]

    def __str__(self) -> str:
        return f"{self.respondent_id} ({self.round_id})"


class FactorValue(models.Model):
    """An aggregated survey value imported as such (when the answers themselves are not held)."""

    year = models.PositiveSmallIntegerField()
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT)
    question = models.CharField(max_length=64)
    respondent_type = models.CharField(
        max_length=16, choices=RespondentType.choices, default=RespondentType.COMPANY
    )
    mean = models.FloatField()
    n = models.PositiveIntegerField()
    sd = models.FloatField(null=True)
    synthetic = models.BooleanField(default=False)
    source = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "municipality", "question", "respondent_type"],
                name="one_factor_value",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.year} {self.question}: {self.mean:.2f}"
