"""Free-text mentions of a person, for an erasure: where a contact's name or e-mail address
is written in the municipality's visits, follow-ups, referrals, procurement posts, support
offerings and audit entries, and the redaction of one mention or all of them.

The search ignores case, Swedish letters included (Å finds å), and spacing within a name;
it runs in Python, because SQLite's ``LIKE`` folds only ASCII. A municipality holds some
thousand such texts, and an erasure is rare.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from .. import audit
from ..models import (
    AuditEntry,
    Contact,
    FollowUp,
    ProcurementItem,
    SupportOffering,
    SupportReferral,
    Visit,
)
from .audit_log import name_object

#: Characters of context on each side of a match in a snippet.
CONTEXT = 40
#: The action of a removed mention; its entry names the field, never the text.
REMOVED = "workspace.mention.removed"
#: The kind of a hit in an audit entry's values.
AUDIT = "audit"


@dataclass(frozen=True)
class Place:
    """A kind of object whose free-text ``fields`` may mention a person."""

    kind: str
    model: type[models.Model]
    fields: tuple[str, ...]
    #: The URL name of the page to correct it by hand, and its id keyword (None: none).
    edit_url: str | None = None
    edit_kwarg: str = ""
    related: tuple[str, ...] = ()


PLACES = {
    place.kind: place
    for place in (
        Place(
            "visit",
            Visit,
            ("participants_municipality", "participants_company", "purpose", "notes"),
            "workspace:visit_edit",
            "visit_id",
            ("company",),
        ),
        Place("followup", FollowUp, ("title", "source"), related=("company",)),
        Place(
            "referral",
            SupportReferral,
            ("note",),
            related=("offering", "company"),
        ),
        Place(
            "procurement",
            ProcurementItem,
            ("title", "text", "answer"),
            "workspace:procurement_edit",
            "item_id",
        ),
        Place(
            "offering",
            SupportOffering,
            ("contact", "conditions"),
            "workspace:support_offering_edit",
            "offering_id",
        ),
    )
}


@dataclass(frozen=True)
class Mention:
    """One field that names the person: where, and a snippet with the match set apart."""

    kind: str
    object_id: int
    field: str
    field_label: str
    object_text: str
    before: str
    match: str
    after: str
    edit_url: str | None = None
    edit_kwarg: str = ""

    @property
    def snippet(self) -> str:
        return f"{self.before}[{self.match}]{self.after}"


def pattern(contact: Contact) -> re.Pattern[str] | None:
    """The contact's name (any spacing) or e-mail address, ignoring case; None when the
    contact has neither (an erased contact)."""
    terms = []
    if name := " ".join(contact.name.split()):
        terms.append(r"\s+".join(re.escape(word) for word in name.split(" ")))
    if email := contact.email.strip():
        terms.append(re.escape(email))
    if not terms:
        return None
    # The longer term first, so that an e-mail address is not cut at a name inside it.
    terms.sort(key=len, reverse=True)
    return re.compile("|".join(terms), re.IGNORECASE)


def _snippet(text: str, found: re.Match[str]) -> tuple[str, str, str]:
    start, end = found.span()
    before = re.sub(r"\s+", " ", text[max(0, start - CONTEXT) : start])
    after = re.sub(r"\s+", " ", text[end : end + CONTEXT])
    return (
        ("…" if start > CONTEXT else "") + before,
        found.group(0),
        after + ("…" if end + CONTEXT < len(text) else ""),
    )


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _verbose(model: type[models.Model], field: str) -> str:
    return str(getattr(model._meta.get_field(field), "verbose_name", field))


def find(contact: Contact, *, audit_entries: bool = True) -> list[Mention]:
    """Every field of the contact's municipality that mentions the contact; entries about the
    contact itself are left out (the erasure redacts them anyway)."""
    found = pattern(contact)
    if found is None:
        return []
    municipality = contact.company.municipality
    mentions: list[Mention] = []
    for place in PLACES.values():
        rows = place.model.objects.for_municipality(municipality).select_related(  # type: ignore[attr-defined]
            *place.related
        )
        for obj in rows:
            for field in place.fields:
                text = getattr(obj, field) or ""
                if hit := found.search(text):
                    mentions.append(
                        Mention(
                            place.kind,
                            obj.pk,
                            field,
                            _verbose(place.model, field),
                            name_object(obj._meta.model_name or "", audit.label(obj)),
                            *_snippet(text, hit),
                            place.edit_url,
                            place.edit_kwarg,
                        )
                    )
    if audit_entries:
        mentions.extend(_audit_mentions(contact, found))
    return mentions


def _audit_mentions(contact: Contact, found: re.Pattern[str]) -> Iterator[Mention]:
    entries = (
        AuditEntry.objects.for_municipality(contact.company.municipality)
        .exclude(object_type="contact", object_id=contact.pk)
        .select_related("user")
    )
    for entry in entries.iterator():
        values = [(f"label.{key}", value) for key, value in entry.object_label.items()]
        values += [(field, value) for field, value in entry.changes.items()]
        for field, value in values:
            for text in _strings(value):
                if hit := found.search(text):
                    yield Mention(
                        AUDIT,
                        entry.pk,
                        field,
                        str(_("objekt")) if field.startswith("label.") else field,
                        f"{_('ändringslogg')}: {entry.at:%Y-%m-%d %H:%M} {entry.action}",
                        *_snippet(text, hit),
                    )
                    break


def _redacted(value: Any, found: re.Pattern[str]) -> Any:
    if isinstance(value, str):
        return found.sub(audit.ERASED, value)
    if isinstance(value, list):
        return [_redacted(item, found) for item in value]
    if isinstance(value, dict):
        return {key: _redacted(item, found) for key, item in value.items()}
    return value


def _redact_entry(entry: AuditEntry, found: re.Pattern[str]) -> bool:
    changes = _redacted(entry.changes, found)
    label = _redacted(entry.object_label, found)
    if changes == entry.changes and label == entry.object_label:
        return False
    entry.changes, entry.object_label = changes, label
    entry.save(update_fields=["changes", "object_label"])
    return True


@transaction.atomic
def remove(contact: Contact, kind: str, object_id: int, field: str, user: Any) -> bool:
    """Replace the contact's name and e-mail in one field by ``[raderat]`` (in an audit
    entry: in all its values), and in that field's values in the object's earlier audit
    entries; the removal is logged without the text. False when nothing matched."""
    found = pattern(contact)
    if found is None:
        return False
    municipality = contact.company.municipality
    if kind == AUDIT:
        entry = AuditEntry.objects.for_municipality(municipality).filter(pk=object_id).first()
        if entry is None or not _redact_entry(entry, found):
            return False
        audit.record(municipality, user, REMOVED, entry, {"changes": [audit.ERASED, audit.ERASED]})
        return True
    place = PLACES.get(kind)
    if place is None or field not in place.fields:
        return False
    obj = (
        place.model.objects.for_municipality(municipality)  # type: ignore[attr-defined]
        .select_related(*place.related)
        .filter(pk=object_id)
        .first()
    )
    if obj is None:
        return False
    text = getattr(obj, field) or ""
    redacted = found.sub(audit.ERASED, text)
    if redacted == text:
        return False
    setattr(obj, field, redacted)
    # Saved without ``audit.save``: its entry would keep the old text.
    obj.save(update_fields=[field])
    for entry in AuditEntry.objects.filter(object_type=obj._meta.model_name, object_id=obj.pk):
        _redact_entry(entry, found)
    audit.record(municipality, user, REMOVED, obj, {field: [audit.ERASED, audit.ERASED]})
    return True


@transaction.atomic
def remove_all(contact: Contact, user: Any) -> int:
    """Remove every mention :func:`find` finds; returns how many fields were cleared."""
    removed = 0
    for mention in find(contact):
        removed += remove(contact, mention.kind, mention.object_id, mention.field, user)
    return removed
