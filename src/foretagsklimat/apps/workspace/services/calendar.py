"""A member's planned visits as an iCalendar feed (RFC 5545, written by ``icalendar``),
behind a secret, revocable URL that a calendar program (Outlook, Google, Apple) polls
without logging in.

The URL can leak (forwarded, synced to a phone, in a proxy's log), so the feed holds as
little as an officer needs in a calendar: the company's name and address, the date and a
link to the visit in the workspace, which asks for a login. No participants, purpose,
notes or contact people.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .. import audit
from ..models import Membership, Visit

PRODID = "-//Foretagsklimat//Arbetsyta besok//SV"


def planned_visits(membership: Membership) -> Any:
    """The visits the feed lists: the member's own planned (not yet held) visits in the
    membership's municipality — the officer's appointments, as a calendar shows them."""
    return (
        Visit.objects.for_municipality(membership.municipality)
        .filter(officer_id=membership.user_id, held_on__isnull=True)
        .select_related("company")
        .order_by("planned_for", "id")
    )


def feed(membership: Membership, host: str, visit_url: Callable[[Visit], str]) -> bytes:
    """The feed as bytes. ``host`` makes the UIDs unique beyond this site (stable: the
    visit's id), ``visit_url`` gives a visit's absolute workspace URL."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = _("Företagsbesök – %(municipality)s") % {"municipality": membership.municipality.name}
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Stockholm")
    # How often a client should poll: visits are planned days ahead, an hour is plenty.
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    stamp = timezone.now()
    for visit in planned_visits(membership):
        company = visit.company
        event = Event()
        event.add("uid", f"besok-{visit.pk}@{host}")
        event.add("dtstamp", stamp)
        if visit.updated_at is not None:
            event.add("last-modified", visit.updated_at)
        # A visit is planned for a day, without a time: an all-day event (VALUE=DATE),
        # the same day in every time zone, so no TZID is needed.
        event.add("dtstart", visit.planned_for)
        event.add("dtend", visit.planned_for + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        event.add("summary", _("Företagsbesök: %(company)s") % {"company": company.name})
        place = ", ".join(
            part
            for part in (company.address, f"{company.postal_code} {company.postal_town}".strip())
            if part
        )
        if place:
            event.add("location", place)
        url = visit_url(visit)
        description = _("Planerat besök. Detaljerna finns i arbetsytan (inloggning krävs):")
        if company.synthetic:
            description = _("Syntetiska demodata.") + " " + description
        event.add("description", f"{description} {url}")
        event.add("url", url)
        calendar.add_component(event)
    return bytes(calendar.to_ical())


@transaction.atomic
def renew_token(membership: Membership, user: Any) -> str:
    """A new feed URL; the old one (if any) stops working at once."""
    action = (
        "workspace.calendar.renewed" if membership.calendar_token else "workspace.calendar.created"
    )
    membership.calendar_token = secrets.token_urlsafe(32)
    membership.save(update_fields=["calendar_token"])
    audit.record(membership.municipality, user, action, membership)
    return membership.calendar_token


@transaction.atomic
def turn_off(membership: Membership, user: Any) -> None:
    if not membership.calendar_token:
        return
    membership.calendar_token = None
    membership.save(update_fields=["calendar_token"])
    audit.record(membership.municipality, user, "workspace.calendar.turned_off", membership)
