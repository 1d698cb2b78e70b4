"""The company's evaluation of a visit, on the officer's tablet or phone during the
meeting (no login: the token in the URL is the key)."""

from __future__ import annotations

import contextlib

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ..access import get_visit_by_evaluation_token
from ..forms.visits import EvaluationForm
from ..models import Evaluation, Topic
from ..services.visits import AlreadyEvaluated, submit_evaluation


@require_http_methods(["GET", "POST"])
def evaluate(request: HttpRequest, token: str) -> HttpResponse:
    visit = get_visit_by_evaluation_token(token)
    done = Evaluation.objects.filter(visit=visit).exists()
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and not done and form.is_valid():
        with contextlib.suppress(AlreadyEvaluated):
            submit_evaluation(visit, form.grades(), form.cleaned_data["comment"])
        return redirect("workspace:evaluate", token)
    return render(
        request,
        "workspace/visits/evaluate.html",
        {"visit": visit, "form": form, "done": done, "topics": Topic},
    )
