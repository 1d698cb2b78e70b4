"""Placeholder until written."""
from django.http import HttpRequest, HttpResponse


def respond(request: HttpRequest, token: str) -> HttpResponse:
    raise NotImplementedError


def enter(request: HttpRequest, year: int) -> HttpResponse:
    raise NotImplementedError


def enter_answer(request: HttpRequest, year: int, invitation_id: int) -> HttpResponse:
    raise NotImplementedError
