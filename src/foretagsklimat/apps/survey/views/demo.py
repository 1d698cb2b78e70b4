"""Placeholder until written."""
from django.http import HttpRequest, HttpResponse


def demo_round(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError
