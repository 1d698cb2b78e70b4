"""The site's own 403, 404 and 500 pages (set as the root URLconf's handlers).

A view that knows *why* a page is missing raises :class:`NotFound` with a reason and a
way on ("Rankingen för 2031 är inte publicerad ännu", a link to the latest year); any
other 404 gets the general text. The 500 page is rendered without the request, so that
neither the database nor a context processor — perhaps the very thing that failed — is
needed to say that something went wrong.
"""

from __future__ import annotations

import logging

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class NotFound(Http404):
    """A 404 that tells the visitor why, and where to go instead (``link``: url, label)."""

    def __init__(self, reason: str, *, link: tuple[str, str] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.link = link


def _render(
    request: HttpRequest, template: str, context: dict[str, object], status: int
) -> HttpResponse:
    try:
        return render(request, template, context, status=status)
    except Exception:
        # The site's context (the database) failed too: the page without it.
        logger.exception("The %s page could not be rendered with the request's context", status)
        return HttpResponse(loader.get_template(template).render(context), status=status)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    context: dict[str, object] = {}
    if isinstance(exception, NotFound):
        context = {"reason": exception.reason, "link": exception.link}
    return _render(request, "404.html", context, 404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # The exception's text is for the log, not the page: it may name an internal rule.
    return _render(request, "403.html", {}, 403)


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        return HttpResponseServerError(loader.get_template("500.html").render())
    except Exception:
        logger.exception("The 500 page could not be rendered")
        text = _("Ett fel uppstod på servern. Försök igen om en stund.")
        return HttpResponseServerError(
            f"<!doctype html><title>500</title><h1>500</h1><p>{text}</p>",
            content_type="text/html; charset=utf-8",
        )
