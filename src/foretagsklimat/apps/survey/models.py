"""The company survey: rounds, questionnaires sent and the (confidential) answers."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from foretagsklimat.apps.reference.models import Municipality


class RespondentType(models.TextChoices):
    COMPANY = "company", _("företag")
    POLITICIAN = "politician", _("kommunfullmäktigeledamot")


class RoundStatus(models.TextChoices):
    OPEN = "open", _("pågår")
    CLOSED = "closed", _("stängd")


class Channel(models.TextChoices):
    """How an answer reached us."""

    WEB = "web", _("webbenkät")
    PAPER = "paper", _("pappersenkät")
    PHONE = "phone", _("telefonintervju")
    PROVIDER = "provider", _("extern leverantör")


class SurveyRound(models.Model):
    """One year's survey. Answers belong to a round; a synthetic round is demo data.

    A round imported as finished answers is ``closed`` from the start; a round run with
    this software is ``open`` during field work (personal links work, answers can be
    corrected) and is closed once, which computes and publishes the year's results.
    """

    year = models.PositiveSmallIntegerField(_("år"), unique=True)
    synthetic = models.BooleanField(
        _("syntetiska data"), default=False, help_text=_("Påhittade demodata, inte verkliga svar.")
    )
    includes_politicians = models.BooleanField(_("omfattar kommunfullmäktige"), default=False)
    methodology = models.CharField(
        _("metod"),
        max_length=32,
        blank=True,
        help_text=_("Metoden vars frågeformulär används; tom = metoden som gäller för året."),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=RoundStatus.choices, default=RoundStatus.CLOSED
    )
    closes_on = models.DateField(_("sista svarsdag"), null=True, blank=True)
    max_reminders = models.PositiveSmallIntegerField(_("högst antal påminnelser"), default=2)
    response_rate_threshold = models.FloatField(
        _("lägsta svarsfrekvens"),
        default=0.3,
        help_text=_("Kommuner under denna svarsfrekvens listas under fältarbetet."),
    )
    seed = models.BigIntegerField(_("slumpfrö för urvalet"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("enkätomgång")
        verbose_name_plural = _("enkätomgångar")

    def __str__(self) -> str:
        return str(self.year)

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class RegisterSite(models.Model):
    """One row of the company register: a company's head office or one of its workplaces.

    Confidential operator data (e-mail addresses). Key: (orgnr, municipality, site type);
    a re-import updates the row with the same key, never adds a second one.
    """

    class SiteType(models.TextChoices):
        HEAD_OFFICE = "head_office", _("huvudkontor")
        WORKPLACE = "workplace", _("arbetsställe")

    orgnr = models.CharField(_("organisationsnummer"), max_length=10, db_index=True)
    name = models.CharField(_("namn"), max_length=200)
    legal_form = models.CharField(_("juridisk form"), max_length=3)
    sni = models.CharField(_("SNI"), max_length=5, blank=True)
    employees = models.PositiveIntegerField(_("anställda"))
    turnover_sek = models.BigIntegerField(_("omsättning (kr)"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT)
    site_type = models.CharField(_("typ"), max_length=11, choices=SiteType.choices)
    email = models.EmailField(_("e-post"), blank=True)
    postal_address = models.CharField(_("postadress"), max_length=300, blank=True)
    opt_out = models.BooleanField(_("avböjer enkäter"), default=False)
    synthetic = models.BooleanField(_("syntetiska data"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["orgnr", "municipality", "site_type"], name="one_register_row_per_site"
            )
        ]
        verbose_name = _("registerrad")
        verbose_name_plural = _("företagsregister")

    def __str__(self) -> str:
        return f"{self.orgnr} {self.name} ({self.municipality_id}, {self.site_type})"


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
    #: Free-text comments by question code, plus ``"general"`` for the closing comment.
    comments = models.JSONField(default=dict, blank=True)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.PROVIDER)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "respondent_id"], name="one_answer_per_respondent"
            )
        ]
        indexes = [models.Index(fields=["round", "respondent_type"])]
        permissions = [
            ("view_individual_answers", "Kan se enskilda enkätsvar (enkätoperatör)"),
            ("operate_survey", "Kan driva enkätomgångar (enkätoperatör)"),
        ]

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


class Invitation(models.Model):
    """A personal link to one round's questionnaire, for a sampled site or a council member.

    The token is the respondent's only credential: unguessable, unique, shown only in the
    link sent by e-mail. Progress is kept in ``draft`` until the answer is submitted; the
    submitted answer lives in ``response`` and can be corrected while the round is open.
    """

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True)
    respondent_type = models.CharField(
        max_length=16, choices=RespondentType.choices, default=RespondentType.COMPANY
    )
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT)
    site = models.ForeignKey(
        RegisterSite, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations"
    )
    name = models.CharField(_("namn"), max_length=200, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    #: Saved progress: ``{"grades": {code: 1-6 or 0 for "vet ej"}, "comments": {code: text}}``.
    draft = models.JSONField(default=dict, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    response = models.OneToOneField(
        SurveyResponse, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitation"
    )

    class Meta:
        indexes = [models.Index(fields=["round", "municipality", "respondent_type"])]
        verbose_name = _("inbjudan")
        verbose_name_plural = _("inbjudningar")

    def __str__(self) -> str:
        return f"{self.round_id}: {self.respondent_id}"

    @property
    def respondent_id(self) -> str:
        """The key of this invitation's answer in :class:`SurveyResponse`."""
        return f"inv-{self.pk}"

    @property
    def has_answered(self) -> bool:
        return self.submitted_at is not None


class AnswerAccess(models.Model):
    """One access to individual answers: who, when, what. Written by every such view/export."""

    class Action(models.TextChoices):
        LIST = "list", _("visade svarslista")
        VIEW = "view", _("visade ett svar")
        ENTER = "enter", _("registrerade eller rättade ett svar")
        EXPORT = "export", _("exporterade pseudonymiserade svar")
        IMPORT = "import", _("importerade svar från leverantör")

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: Who acted when there is no user (a management command): the OS user or "system".
    actor = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=8, choices=Action.choices)
    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="accesses")
    response = models.ForeignKey(
        SurveyResponse, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("åtkomst till enskilda svar")
        verbose_name_plural = _("åtkomstlogg för enskilda svar")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor or self.user_id} {self.action}"


class ReminderBatch(models.Model):
    """One sending of reminders in a round: when it started, by whom, how many went.

    The latest batch of a round decides when the next may go
    (``settings.REMINDER_INTERVAL_HOURS``). A batch is recorded *before* its e-mails
    leave, under the round's lock, so two requests at once cannot both send one. A batch
    the mail server broke off is ``interrupted``: sending again finishes it (only to
    those it had not reached) instead of starting a new one.
    """

    class Status(models.TextChoices):
        SENDING = "sending", _("skickas")
        DONE = "done", _("skickad")
        INTERRUPTED = "interrupted", _("avbruten")

    round = models.ForeignKey(
        SurveyRound, on_delete=models.CASCADE, related_name="reminder_batches"
    )
    started_at = models.DateTimeField(_("startad"), db_index=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=11, choices=Status.choices, default=Status.SENDING
    )
    sent = models.PositiveIntegerField(_("skickade"), default=0)
    user = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: Who sent it when there is no user (the command line): the OS user or "system".
    actor = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("påminnelseutskick")
        verbose_name_plural = _("påminnelseutskick")

    def __str__(self) -> str:
        return f"{self.round_id} {self.started_at:%Y-%m-%d %H:%M} ({self.sent})"
