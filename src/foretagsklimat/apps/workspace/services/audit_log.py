"""The audit log as people read it: one sentence per entry in the interface language —
"Anna Berg ändrade kontakten Per Ek på Sandvik AB: telefon" — and the changed fields by
their names with readable values.

:func:`describe` is the one place a sentence is made: a registry of sentences per action
(:data:`SENTENCES`), the object named from what the entry stored when it was written
(``AuditEntry.object_label``; older entries are named from the object if it still exists),
and a generic sentence for an action the registry does not know.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import audit
from ..models import AuditEntry, Company, GoalKind, TargetKind, Topic

# The sentence of each action: %(actor)s is who did it, %(object)s the object named.
SENTENCES: dict[str, Promise] = {
    "workspace.company.created": gettext_lazy("%(actor)s lade till %(object)s"),
    "workspace.company.updated": gettext_lazy("%(actor)s ändrade %(object)s"),
    "workspace.company.imported": gettext_lazy("%(actor)s importerade företagsregistret"),
    "workspace.published.imported": gettext_lazy("%(actor)s läste in publicerade resultat"),
    "workspace.contact.created": gettext_lazy("%(actor)s lade till %(object)s"),
    "workspace.contact.updated": gettext_lazy("%(actor)s ändrade %(object)s"),
    "workspace.contact.erased": gettext_lazy("%(actor)s raderade personuppgifterna för %(object)s"),
    "workspace.contact.exported": gettext_lazy(
        "%(actor)s lämnade ut ett registerutdrag om %(object)s"
    ),
    "workspace.mention.removed": gettext_lazy(
        "%(actor)s tog bort ett omnämnande av en raderad person i %(object)s"
    ),
    "workspace.member.added": gettext_lazy("%(actor)s lade till %(object)s i arbetsytan"),
    "workspace.member.role_changed": gettext_lazy("%(actor)s ändrade rollen för %(object)s"),
    "workspace.member.removed": gettext_lazy("%(actor)s tog bort %(object)s ur arbetsytan"),
    "workspace.visit.planned": gettext_lazy("%(actor)s planerade %(object)s"),
    "workspace.visit.held": gettext_lazy("%(actor)s registrerade %(object)s som genomfört"),
    "workspace.visit.updated": gettext_lazy("%(actor)s ändrade %(object)s"),
    "workspace.evaluation.submitted": gettext_lazy("Företaget utvärderade %(object)s"),
    "workspace.target.created": gettext_lazy("%(actor)s lade till %(object)s"),
    "workspace.target.deleted": gettext_lazy("%(actor)s tog bort %(object)s"),
    "workspace.goal.created": gettext_lazy("%(actor)s lade till %(object)s"),
    "workspace.goal.updated": gettext_lazy("%(actor)s ändrade %(object)s"),
    "workspace.goal.deleted": gettext_lazy("%(actor)s tog bort %(object)s"),
    "workspace.followup.created": gettext_lazy("%(actor)s lade till %(object)s"),
    "workspace.followup.done": gettext_lazy("%(actor)s markerade %(object)s som klar"),
    "workspace.followup.deleted": gettext_lazy("%(actor)s tog bort %(object)s"),
    "workspace.support.offering_created": gettext_lazy("%(actor)s lade till %(object)s"),
    "workspace.support.offering_updated": gettext_lazy("%(actor)s ändrade %(object)s"),
    "workspace.support.offering_deleted": gettext_lazy("%(actor)s tog bort %(object)s"),
    "workspace.support.referral_created": gettext_lazy("%(actor)s registrerade %(object)s"),
    "workspace.support.referral_deleted": gettext_lazy("%(actor)s tog bort %(object)s"),
    "workspace.procurement.created": gettext_lazy("%(actor)s lade till %(object)s"),
    "workspace.procurement.updated": gettext_lazy("%(actor)s ändrade %(object)s"),
    "workspace.retention.applied": gettext_lazy(
        "Gallringen raderade personuppgifter enligt reglerna"
    ),
}

#: Actions whose changed fields the sentence names after a colon.
NAMES_FIELDS = {"updated"}

#: How each kind of object is named; the keys of the stored label fill it in.
OBJECTS: dict[str, Promise] = {
    "company": gettext_lazy("företaget %(name)s"),
    "contact": gettext_lazy("kontakten %(name)s på %(company)s"),
    "visit": gettext_lazy("besöket hos %(company)s %(date)s"),
    "visittarget": gettext_lazy("besöksmålet %(kind)s %(year)s"),
    "goal": gettext_lazy("målet %(kind)s %(year)s"),
    "followup": gettext_lazy("uppföljningen ”%(name)s” för %(company)s"),
    "supportoffering": gettext_lazy("stödet %(name)s"),
    "supportreferral": gettext_lazy("hänvisningen till %(name)s för %(company)s"),
    "procurementitem": gettext_lazy("posten ”%(name)s” i upphandlingsdialogen"),
    "membership": gettext_lazy("medlemmen %(name)s"),
    "auditentry": gettext_lazy("en post i ändringsloggen"),
}
ERASED_CONTACT = gettext_lazy("en raderad kontaktperson på %(company)s")

#: Values recorded for a count or a file, by an event of no single object (import, retention).
EVENT_FIELDS: dict[str, Promise] = {
    "fil": gettext_lazy("fil"),
    "källa": gettext_lazy("källa"),
    "nya": gettext_lazy("nya"),
    "uppdaterade": gettext_lazy("uppdaterade"),
    "contacts_without_consent": gettext_lazy("kontaktpersoner utan samtycke"),
    "contacts": gettext_lazy("kontaktpersoner"),
    "evaluation_comments": gettext_lazy("kommentarer i utvärderingar"),
    "audit_entries": gettext_lazy("poster i ändringsloggen"),
    "changes": gettext_lazy("ändrade fält"),
}

#: Fields that hold a user's id, a company's id or companies' ids.
USER_FIELDS = {"officer", "owner"}
COMPANY_FIELDS = {"company", "companies"}


def actor(entry: AuditEntry) -> str:
    """Who did it: the full name, else the user name; nobody is the system (a command)."""
    if entry.user is None:
        return _("Systemet")
    return entry.user.get_full_name() or entry.user.get_username()


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model("workspace", object_type) if object_type else None
    except LookupError:
        return None


def _date(value: Any) -> str:
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return formats.date_format(value, "j F Y") if isinstance(value, dt.date) else str(value)


def _kind(object_type: str, value: Any) -> str:
    choices = dict(GoalKind.choices if object_type == "goal" else TargetKind.choices)
    return str(choices.get(value, value))


def _label(entry: AuditEntry) -> dict[str, Any]:
    """The names the entry stored; an entry older than ``object_label`` asks the object."""
    if entry.object_label:
        return dict(entry.object_label)
    model = _model(entry.object_type)
    obj = model._default_manager.filter(pk=entry.object_id).first() if model else None
    return audit.label(obj) if obj is not None else {}


def object_text(entry: AuditEntry) -> str:
    """The object named in the sentence: "kontakten Per Ek på Sandvik AB"."""
    if not entry.object_type:
        return ""
    return name_object(entry.object_type, _label(entry), entry.object_id)


def name_object(kind: str, label: dict[str, Any], object_id: int | None = None) -> str:
    """An object of ``kind`` (a model name) named from its label (``audit.label``)."""
    if kind == "contact" and label.get("name") in ("", audit.ERASED, None):
        return ERASED_CONTACT % {"company": label.get("company", "–")}
    template = OBJECTS.get(kind)
    if template is None or (not label and kind != "auditentry"):
        model = _model(kind)
        name = model._meta.verbose_name if model else kind
        return f"{name} #{object_id}" if object_id else str(name)
    values = {
        "name": label.get("name", ""),
        "company": label.get("company", ""),
        "date": _date(label.get("date", "")),
        "year": label.get("year", ""),
        "kind": _kind(kind, label.get("kind", "")),
    }
    return str(template) % values


def field_name(object_type: str, field: str) -> str:
    """A changed field by its verbose name in the interface language."""
    if field in EVENT_FIELDS:
        return str(EVENT_FIELDS[field])
    model = _model(object_type)
    if model is not None:
        try:
            return str(model._meta.get_field(field).verbose_name)  # type: ignore[union-attr]
        except FieldDoesNotExist:
            pass
    return field


def describe(entry: AuditEntry) -> str:
    """The entry as a sentence in the interface language."""
    subject = object_text(entry)
    template = SENTENCES.get(entry.action)
    if template is None:
        sentence = _("%(actor)s: %(action)s") % {"actor": actor(entry), "action": entry.action}
        if subject:
            sentence += f" – {subject}"
    else:
        sentence = str(template) % {"actor": actor(entry), "object": subject}
    verb = entry.action.rsplit(".", 1)[-1]
    if entry.changes and (template is None or verb in NAMES_FIELDS):
        names = [field_name(entry.object_type, field) for field in entry.changes]
        sentence += ": " + ", ".join(names)
    return sentence


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


class Readable:
    """Values shown as a person reads them: names for ids, labels for codes, local dates.
    One per page or file, so that the names it looks up are looked up once."""

    def __init__(self, entries: Iterable[AuditEntry]) -> None:
        users: set[int] = set()
        companies: set[int] = set()
        for entry in entries:
            for field, values in entry.changes.items():
                for value in values if isinstance(values, list) else []:
                    ids = value if isinstance(value, list) else [value]
                    ints = {v for v in ids if isinstance(v, int) and not isinstance(v, bool)}
                    if field in USER_FIELDS:
                        users |= ints
                    elif field in COMPANY_FIELDS:
                        companies |= ints
        self.users = {
            u.pk: u.get_full_name() or u.get_username()
            for u in get_user_model().objects.filter(pk__in=users)
        }
        self.companies = dict(Company.objects.filter(pk__in=companies).values_list("pk", "name"))

    def value(self, object_type: str, field: str, value: Any) -> str:
        if value is None or value == "" or value == []:
            return "–"
        if value == audit.ERASED:
            return _("[raderat]")
        if isinstance(value, bool):
            return _("ja") if value else _("nej")
        if field in USER_FIELDS:
            return self.users.get(value, f"#{value}")
        if field in COMPANY_FIELDS:
            ids = value if isinstance(value, list) else [value]
            return ", ".join(self.companies.get(v, f"#{v}") for v in ids)
        if field == "topics" and isinstance(value, list):
            topics = dict(Topic.choices)
            return ", ".join(str(topics.get(t, t)) for t in value)
        model = _model(object_type)
        if model is not None:
            try:
                model_field = model._meta.get_field(field)
            except FieldDoesNotExist:
                model_field = None
            choices = getattr(model_field, "choices", None)
            if choices:
                return str(dict(choices).get(value, value))
            if isinstance(model_field, models.DateField) and isinstance(value, str):
                return _date(value)
        if isinstance(value, float):
            return formats.number_format(value)
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return str(value)

    def changes(self, entry: AuditEntry) -> list[Change]:
        rows = []
        for field, values in entry.changes.items():
            pair = list(values) if isinstance(values, list) else [None, values]
            before, after = [*pair, None, None][:2]
            rows.append(
                Change(
                    field_name(entry.object_type, field),
                    self.value(entry.object_type, field, before),
                    self.value(entry.object_type, field, after),
                )
            )
        return rows


@dataclass(frozen=True)
class Line:
    """An entry as the log page shows it."""

    entry: AuditEntry
    sentence: str
    changes: list[Change]


def lines(entries: Iterable[AuditEntry]) -> list[Line]:
    listed = list(entries)
    readable = Readable(listed)
    return [Line(e, describe(e), readable.changes(e)) for e in listed]


COLUMNS = ["Tid", "Vem", "Händelse", "Objekt", "Fält", "Före", "Efter"]


def entries_frame(entries: Iterable[AuditEntry]) -> pd.DataFrame:
    """The log as a table, one row per changed field (an entry without fields: one row),
    local time without zone (Excel has none), every value readable."""
    rows = []
    for line in lines(entries):
        at = timezone.localtime(line.entry.at, timezone.get_default_timezone())
        common = [
            at.replace(tzinfo=None),
            actor(line.entry),
            line.sentence,
            object_text(line.entry),
        ]
        for change in line.changes or [Change("", "", "")]:
            rows.append([*common, change.field, change.before, change.after])
    return pd.DataFrame(rows, columns=COLUMNS)
