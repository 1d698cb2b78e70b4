"""Rendering a workspace page: every page's menu needs the membership and its municipality."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..models import Membership


def render_page(
    request: HttpRequest, membership: Membership, template: str, context: dict[str, Any]
) -> HttpResponse:
    return render(
        request,
        template,
        {"membership": membership, "municipality": membership.municipality, **context},
    )


def render_form_page(
    request: HttpRequest,
    membership: Membership,
    form: forms.BaseForm,
    *,
    title: str,
    current: str,
    head: str = "workspace/_head.html",
    **context: Any,
) -> HttpResponse:
    """A page with one form (``workspace/_form_page.html``): ``current`` is the menu item
    it belongs to, ``head`` the style sheets of its section."""
    return render_page(
        request,
        membership,
        "workspace/_form_page.html",
        {"form": form, "title": title, "current": current, "head": head, **context},
    )
