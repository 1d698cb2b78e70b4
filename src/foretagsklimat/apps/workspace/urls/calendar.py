"""A member's calendar feed of planned visits: its page and the feed (by its token)."""

from django.urls import path

from ..views import calendar
from .converters import workspace_path

urlpatterns = [
    workspace_path("kalender/", calendar.calendar_page, name="calendar"),
    workspace_path("kalender/ny-lank/", calendar.calendar_renew, name="calendar_renew"),
    workspace_path("kalender/stang-av/", calendar.calendar_off, name="calendar_off"),
    path("kalender/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
]
