"""A destructive or mass action asks first, without JavaScript.

The action's button posts to the action's own URL. The first POST carries no
``confirmed`` field, so the view answers with a page that says what will happen and
offers two ways on: the same POST again with ``confirmed=1`` (the button in the danger
style) or back to where the person came from. Only the second POST acts::

    page = confirm_first(request, title=..., question=..., confirm_label=..., cancel_url=...)
    if page is not None:
        return page
    delete_goal(goal, request.user)

The fields of the first POST are carried over as hidden inputs, so a form with choices
(say, which municipalities to remind) confirms exactly what was chosen.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRMED_FIELD = "confirmed"


def is_confirmed(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRMED_FIELD) == "1"


def confirm_first(
    request: HttpRequest,
    *,
    title: str,
    question: str,
    confirm_label: str,
    cancel_url: str,
    details: Iterable[str] = (),
    danger: bool = True,
    template: str = "web/confirm.html",
) -> HttpResponse | None:
    """None when the request is the confirmed POST; otherwise the page that asks first."""
    if is_confirmed(request):
        return None
    carried = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", CONFIRMED_FIELD)
        for value in values
    ]
    return render(
        request,
        template,
        {
            "title": title,
            "question": question,
            "details": list(details),
            "confirm_label": confirm_label,
            "cancel_url": cancel_url,
            "danger": danger,
            "action_url": request.get_full_path(),
            "carried": carried,
        },
    )
