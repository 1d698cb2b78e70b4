"""The company's evaluation of a visit, filled in during the meeting: on the company's own
phone (the QR code or short link of the visit page) or on the officer's device handed over.

The evaluation is a *kiosk*: its pages (``workspace/kiosk/``) carry no site navigation,
so nothing on them leads to the workspace or the account. No login: the visit's short
code (``/u/<code>/``) or its long token is the key. Every kiosk answer is ``no-store``.
"""

from __future__ import annotations

import contextlib

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import audit
from ..access import (
    Need,
    get_visit,
    get_visit_by_evaluation_code,
    get_visit_by_evaluation_token,
    workspace_view,
)
from ..forms.visits import EvaluationCodeForm, EvaluationForm
from ..models import Evaluation, Membership, Visit, normalise_evaluation_code
from ..services.visits import AlreadyEvaluated, submit_evaluation

#: Kiosk pages are never indexed and never pass their address to another site as a
#: referrer ("no-referrer" would make the browser post the form with Origin: null,
#: which the CSRF check refuses).
KIOSK_HEADERS = {"X-Robots-Tag": "noindex", "Referrer-Policy": "same-origin"}


def _kiosk(request: HttpRequest, template: str, context: dict[str, object]) -> HttpResponse:
    response = render(request, template, context)
    for name, value in KIOSK_HEADERS.items():
        response[name] = value
    return response


@never_cache
@require_http_methods(["GET", "HEAD"])
def evaluate(request: HttpRequest, token: str) -> HttpResponse:
    """The long link of earlier versions: on to the kiosk page of the same visit."""
    visit = get_visit_by_evaluation_token(token)
    return redirect("kiosk:evaluate", visit.evaluation_code)


@never_cache
@require_http_methods(["GET", "HEAD"])
def start(request: HttpRequest) -> HttpResponse:
    """The kiosk's start: type the code shown on the officer's visit page."""
    form = EvaluationCodeForm(request.GET or None)
    if form.is_valid():
        code = normalise_evaluation_code(form.cleaned_data["kod"])
        if Visit.objects.filter(evaluation_code=code, held_on__isnull=False).exists():
            return redirect("kiosk:evaluate", code)
        form.add_error("kod", _("Det finns inget möte med den koden. Kontrollera koden."))
    return _kiosk(request, "workspace/kiosk/start.html", {"form": form})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def kiosk_evaluate(request: HttpRequest, code: str) -> HttpResponse:
    """The evaluation form; once the visit has its evaluation, the thank-you page, whose
    only way on is the start of a new evaluation."""
    visit = get_visit_by_evaluation_code(code)
    if code != visit.evaluation_code:  # typed in lower case or with the dash
        return redirect("kiosk:evaluate", visit.evaluation_code)
    done = Evaluation.objects.filter(visit=visit).exists()
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and not done and form.is_valid():
        with contextlib.suppress(AlreadyEvaluated):
            submit_evaluation(visit, form.grades(), form.cleaned_data["comment"])
        return redirect("kiosk:evaluate", visit.evaluation_code)
    return _kiosk(
        request,
        "workspace/kiosk/evaluate.html",
        {"visit": visit, "form": form, "done": done, "synthetic": visit.company.synthetic},
    )


@workspace_view("POST", need=Need.EDIT)
def hand_over(request: HttpRequest, membership: Membership, visit_id: int) -> HttpResponse:
    """Hand this device to the company: the officer is logged out here, then the kiosk
    page opens. Nothing the company can reach afterwards belongs to the officer's session,
    because there is none; the officer logs in again when the device comes back."""
    visit = get_visit(membership, visit_id)
    if not visit.is_held() or Evaluation.objects.filter(visit=visit).exists():
        return redirect("workspace:visit", membership.municipality.code, visit.pk)
    audit.record(membership.municipality, request.user, "workspace.evaluation.handed_over", visit)
    logout(request)
    return redirect("kiosk:evaluate", visit.evaluation_code)
