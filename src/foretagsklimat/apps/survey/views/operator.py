"""Placeholder until written."""
from django.http import HttpRequest, HttpResponse


def rounds(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError


def round_overview(request: HttpRequest, year: int) -> HttpResponse:
    raise NotImplementedError


def response_rates(request: HttpRequest, year: int) -> HttpResponse:
    raise NotImplementedError


def send_invitations(request: HttpRequest, year: int) -> HttpResponse:
    raise NotImplementedError


def send_reminders(request: HttpRequest, year: int) -> HttpResponse:
    raise NotImplementedError


def close_round(request: HttpRequest, year: int) -> HttpResponse:
    raise NotImplementedError


def import_answers(request: HttpRequest, year: int) -> HttpResponse:
    raise NotImplementedError


def answers(request: HttpRequest, year: int) -> HttpResponse:
    raise NotImplementedError


def answer(request: HttpRequest, year: int, response_id: int) -> HttpResponse:
    raise NotImplementedError


def export_answers(request: HttpRequest, year: int) -> HttpResponse:
    raise NotImplementedError


def access_log(request: HttpRequest, year: int) -> HttpResponse:
    raise NotImplementedError
