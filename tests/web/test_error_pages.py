"""The site's own 403, 404 and 500 pages: in Swedish and English, with the site's header
and a way back; the 404 of a year not yet published says so; a 403 logs one line."""

from __future__ import annotations

import logging

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import path
from django.utils import translation

from foretagsklimat.apps.site.urls import urlpatterns as site_urls
from foretagsklimat.web import errors

pytestmark = pytest.mark.django_db


def _denied(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("Enkätoperatörens roll krävs.")


def _broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


# The site's URLs with two views that fail on purpose, and the site's handlers.
urlpatterns = [path("test-403/", _denied), path("test-500/", _broken), *site_urls]
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error


def _client(language: str) -> Client:
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _has_header(html: str) -> None:
    assert 'class="site-header"' in html
    assert 'class="brand" href="/"' in html


@pytest.mark.parametrize(
    ("language", "title", "way_back"),
    [("sv", "Sidan finns inte", "Till startsidan"), ("en", "Page not found", "To the home page")],
)
@override_settings(DEBUG=False)
def test_404_is_the_sites_page_in_both_languages(language: str, title: str, way_back: str) -> None:
    response = _client(language).get("/finns-inte/")
    assert response.status_code == 404
    html = response.content.decode()
    _has_header(html)
    assert title in html and way_back in html
    assert f'<html lang="{language}">' in html


@pytest.mark.parametrize(
    ("language", "reason", "link"),
    [
        ("sv", "Rankingen för 2031 är inte publicerad ännu.", "Till 2023"),
        ("en", "The ranking for 2031 has not been published yet.", "To 2023"),
    ],
)
@override_settings(DEBUG=False)
def test_404_of_a_year_not_yet_published_says_so_and_links_the_latest(
    language: str, reason: str, link: str, stored_rankings: tuple[int, ...]
) -> None:
    response = _client(language).get("/ranking/2031/")
    assert response.status_code == 404
    html = response.content.decode()
    _has_header(html)
    assert reason in html
    assert f'<a href="/ranking/2023/" data-testid="error-link">{link}</a>' in html


@override_settings(DEBUG=False)
def test_404_of_an_old_year_and_of_a_municipality_year(stored_rankings: tuple[int, ...]) -> None:
    client = _client("sv")
    assert "Det finns ingen ranking för 1999." in client.get("/ranking/1999/").content.decode()
    climbers = client.get("/klattrare/2031/").content.decode()
    assert 'href="/klattrare/2023/"' in climbers
    municipality = client.get("/kommun/2181/", {"ar": "2031"})
    assert municipality.status_code == 404
    assert "Rankingen för 2031 är inte publicerad ännu." in municipality.content.decode()


@pytest.mark.parametrize(("language", "title"), [("sv", "Åtkomst nekad"), ("en", "Access denied")])
@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_403_is_the_sites_page_in_both_languages(language: str, title: str) -> None:
    client = _client(language)
    client.force_login(User.objects.create_user("anna"))
    response = client.get("/test-403/")
    assert response.status_code == 403
    html = response.content.decode()
    _has_header(html)
    assert title in html
    assert "Enkätoperatörens roll krävs" not in html  # the exception's text is for the log


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_a_403_logs_one_line_without_a_traceback(caplog: pytest.LogCaptureFixture) -> None:
    # The LOGGING filter sits on the django.request logger; caplog listens at the root.
    with caplog.at_level(logging.WARNING, logger="django.request"):
        _client("sv").get("/test-403/")
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    assert records[0].getMessage() == "Forbidden (Permission denied): /test-403/"
    assert records[0].exc_info is None
    assert "Traceback" not in caplog.text


@pytest.mark.parametrize(
    ("language", "title"), [("sv", "Något gick fel"), ("en", "Something went wrong")]
)
@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_500_is_the_sites_page_in_both_languages(language: str, title: str) -> None:
    response = _client(language).get("/test-500/")
    assert response.status_code == 500
    html = response.content.decode()
    _has_header(html)
    assert title in html


def test_500_renders_without_the_database_or_the_sites_context(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_database(*args: object, **kwargs: object) -> object:
        raise RuntimeError("database down")

    # The site's context processor reads the database; the 500 page must not need it.
    monkeypatch.setattr("foretagsklimat.apps.site.context_processors.ranked_years", no_database)
    with translation.override("en"):
        response = errors.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_the_404_page_survives_a_failing_site_context(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_database(*args: object, **kwargs: object) -> object:
        raise RuntimeError("database down")

    monkeypatch.setattr("foretagsklimat.apps.site.context_processors.ranked_years", no_database)
    request = RequestFactory().get("/x/")
    response = errors.page_not_found(request, errors.NotFound("Borta.", link=("/", "Start")))
    assert response.status_code == 404
    assert "Borta." in response.content.decode()
