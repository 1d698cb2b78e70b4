"""The workspace's tenancy (Membership) and register (Company, Contact), and its audit log.

The tenant is :class:`~foretagsklimat.apps.reference.models.Municipality`. Every model here
has a ``for_municipality`` query method; views reach objects only through
:mod:`.access`, which uses it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import orgnr as se_orgnr

from foretagsklimat.apps.reference.models import Municipality


class ScopedQuerySet(models.QuerySet):
    """Rows of one municipality; ``lookup`` is the path from the model to its municipality."""

    lookup = "municipality"

    def for_municipality(self, municipality: Municipality) -> ScopedQuerySet:
        return self.filter(**{self.lookup: municipality})


class ContactQuerySet(ScopedQuerySet):
    lookup = "company__municipality"


class Role(models.TextChoices):
    VIEWER = "viewer", _("läsare")
    EDITOR = "editor", _("redigerare")
    ADMIN = "admin", _("administratör")


class Membership(models.Model):
    """A user's role in one municipality's workspace (a user may hold several)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workspace_memberships"
    )
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE)
    role = models.CharField(_("roll"), max_length=8, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "municipality"], name="one_membership_per_user")
        ]
        ordering = ["municipality__name", "user__username"]
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")

    def __str__(self) -> str:
        return f"{self.user} {self.municipality_id} {self.role}"

    @property
    def can_view(self) -> bool:
        return self.role in {Role.VIEWER, Role.EDITOR, Role.ADMIN}

    @property
    def can_edit(self) -> bool:
        return self.role in {Role.EDITOR, Role.ADMIN}

    @property
    def can_manage_members(self) -> bool:
        return self.role == Role.ADMIN

    #: Seeing the audit log and exporting a person's data are the admin's, like members.
    can_see_audit_log = can_manage_members
    can_export_personal_data = can_manage_members


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


#: python-stdnum's reasons, in the interface's language.
ORGNR_REASONS = {
    "InvalidChecksum": _("fel kontrollsiffra"),
    "InvalidLength": _("ska ha 10 siffror"),
    "InvalidFormat": _("bara siffror och ett bindestreck"),
}


def validate_orgnr(value: str) -> None:
    """An organisation number as python-stdnum's ``stdnum.se.orgnr`` checks it."""
    try:
        se_orgnr.validate(value)
    except StdnumError as error:
        raise ValidationError(
            _("Ogiltigt organisationsnummer (%(reason)s); skriv till exempel 556036-0793."),
            params={"reason": ORGNR_REASONS.get(type(error).__name__, str(error))},
            code="orgnr",
        ) from error


class Company(models.Model):
    """A company (site) in the municipality's register; ``orgnr`` is unique per municipality."""

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
    synthetic = models.BooleanField(_("syntetiska data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

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
        super().save(*args, **kwargs)

    @property
    def formatted_orgnr(self) -> str:
        return se_orgnr.format(self.orgnr)


class Contact(models.Model):
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

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")

    def __str__(self) -> str:
        return self.name if not self.is_erased else f"({_('raderad')} #{self.pk})"

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    def erase(self) -> None:
        """Blank the personal data; the consent flag is kept (it is not about the person)."""
        for field in self.PERSONAL_FIELDS:
            setattr(self, field, "")
        self.erased_at = timezone.now()
        self.save()


class AuditEntry(models.Model):
    """One change that matters: who, what (a dotted action code), when, which fields.

    ``changes`` is ``{field: [old, new]}``. Written by :func:`.audit.record` in the same
    transaction as the change.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(_("tid"), default=timezone.now, db_index=True)
    action = models.CharField(_("händelse"), max_length=64)
    object_type = models.CharField(_("objekttyp"), max_length=32)
    object_id = models.BigIntegerField(_("objekt-id"), null=True, blank=True)
    changes = models.JSONField(_("ändrade fält"), default=dict, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("loggpost")
        verbose_name_plural = _("ändringslogg")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


# --- Support catalogue, procurement dialogue and follow-up actions (migration 0003_support) ---


class SupportKind(models.TextChoices):
    ADVICE = "advice", _("rådgivning")
    FUNDING = "funding", _("finansiering")
    PREMISES = "premises", _("lokaler")
    RECRUITMENT = "recruitment", _("rekrytering")
    EXPORT = "export", _("export")
    STARTUP = "startup", _("nyföretagande")
    OTHER = "other", _("annat")


class SupportOffering(models.Model):
    """One offering in the municipality's support catalogue (its own or the region's…)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE)
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
    synthetic = models.BooleanField(_("syntetiska data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

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


class SupportReferral(models.Model):
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

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("hänvisning till stöd")
        verbose_name_plural = _("hänvisningar till stöd")

    def __str__(self) -> str:
        return f"{self.offering} → {self.company} {self.date}"

    def clean(self) -> None:
        if (
            self.offering_id
            and self.company_id
            and self.offering.municipality_id != self.company.municipality_id
        ):
            raise ValidationError(_("Företaget och stödet måste höra till samma kommun."))


class ProcurementKind(models.TextChoices):
    QUESTION = "question", _("fråga")
    ANNOUNCEMENT = "announcement", _("aviserad upphandling")
    MEETING = "meeting", _("informationsmöte")
    SIMPLIFICATION = "simplification", _("förenkling")


class ProcurementStatus(models.TextChoices):
    OPEN = "open", _("öppen")
    ANSWERED = "answered", _("besvarad")
    DONE = "done", _("klar")


class ProcurementItem(models.Model):
    """One item of the procurement dialogue: a question and its answer, an announced
    procurement, an information meeting or a simplification measure."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE)
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
    synthetic = models.BooleanField(_("syntetiska data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("upphandlingsdialog")
        verbose_name_plural = _("upphandlingsdialog")

    def __str__(self) -> str:
        return self.title


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("öppen")
    DONE = "done", _("klar")


class FollowUp(models.Model):
    """A follow-up action for a company, owned by a member, due on a date; ``visit`` is
    the visit it came from, if any (a visit of the same company)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE)
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="follow_ups")
    title = models.CharField(_("åtgärd"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="workspace_follow_ups",
        verbose_name=_("ansvarig"),
    )
    due_on = models.DateField(_("senast"))
    status = models.CharField(
        _("status"), max_length=4, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    done_on = models.DateField(_("klar den"), null=True, blank=True)
    source = models.CharField(
        _("ursprung"),
        max_length=200,
        blank=True,
        help_text=_("Till exempel besöket eller mötet där den kom upp."),
    )
    # Kept when the visit goes: the follow-up is still owed to the company.
    visit = models.ForeignKey(
        "Visit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
        verbose_name=_("besök"),
    )
    synthetic = models.BooleanField(_("syntetiska data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["status", "due_on", "id"]
        verbose_name = _("uppföljning")
        verbose_name_plural = _("uppföljningar")

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: Any) -> bool:
        """Open and past its due date on ``today`` (a date)."""
        return self.status == FollowUpStatus.OPEN and self.due_on < today

    def mark_done(self, today: Any) -> None:
        self.status = FollowUpStatus.DONE
        self.done_on = today


from .models_goals import Goal, GoalKind  # noqa: E402,F401
from .models_visits import Evaluation, TargetKind, Topic, Visit, VisitTarget  # noqa: E402,F401
