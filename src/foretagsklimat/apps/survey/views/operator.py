"""The survey operator's pages: rounds, live response rates, sending, import, answers.

Every view needs the survey operator's role (:func:`operator_required`). Every view that
shows or hands out individual answers writes an :class:`AnswerAccess` entry. The work is
done in :mod:`..fieldwork`, :mod:`..mailing` and :mod:`..privacy`; views stay thin.
"""

from __future__ import annotations

import secrets
import smtplib
from datetime import date

import pandas as pd
from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from foretagsklimat import reference
from foretagsklimat.apps.accounts.roles import operator_required
from foretagsklimat.engine.methodology import load_catalogue
from foretagsklimat.importers import ImportValidationError, read_answers
from foretagsklimat.importers.errors import Issue
from foretagsklimat.web.downloads import download_response

from .. import fieldwork, mailing, privacy
from ..models import AnswerAccess, Channel, Invitation, RegisterSite, SurveyResponse, SurveyRound
from ..services import AlreadyStored, store_answers

PAGE_SIZE = 50
#: Respondent ids of this form belong to personal links (``Invitation.respondent_id``).
LINK_ID_PREFIX = "inv-"


class OpenRoundForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("År"), min_value=1990, max_value=2100)
    seed = forms.IntegerField(
        label=gettext_lazy("Slumpfrö"),
        min_value=0,
        help_text=gettext_lazy("Samma register och slumpfrö ger samma urval."),
    )
    closes_on = forms.DateField(
        label=gettext_lazy("Sista svarsdag"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    max_reminders = forms.IntegerField(
        label=gettext_lazy("Högst antal påminnelser"), min_value=0, max_value=10, initial=2
    )
    municipalities = forms.CharField(
        label=gettext_lazy("Bara dessa kommuner"),
        required=False,
        help_text=gettext_lazy("Kommunkoder med komma emellan, t.ex. 2181, 2180. Tomt = alla."),
    )
    includes_politicians = forms.BooleanField(
        label=gettext_lazy("Kommunfullmäktige svarar också"), required=False
    )

    def clean_municipalities(self) -> list[str] | None:
        text = self.cleaned_data["municipalities"]
        codes = [c.strip() for c in text.replace(";", ",").split(",") if c.strip()]
        unknown = [c for c in codes if c not in reference.municipality_codes()]
        if unknown:
            raise forms.ValidationError(
                _("Okända kommunkoder: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return codes or None


class ImportAnswersForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Fil med svar (CSV eller Excel)"))


def _round(year: int) -> SurveyRound:
    return get_object_or_404(SurveyRound, year=year)


# --- rounds and the overview -------------------------------------------------------------


@operator_required
def rounds(request: HttpRequest) -> HttpResponse:
    form = OpenRoundForm(
        request.POST or None,
        initial={"year": date.today().year, "seed": secrets.randbelow(1_000_000)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey_round = fieldwork.open_round(
                data["year"],
                seed=data["seed"],
                closes_on=data["closes_on"],
                municipalities=data["municipalities"],
                max_reminders=data["max_reminders"],
                includes_politicians=data["includes_politicians"],
            )
        except fieldwork.FieldworkError as error:
            messages.error(request, str(error))
        else:
            count = survey_round.invitations.count()
            messages.success(
                request,
                ngettext(
                    "Enkätomgången %(year)s är öppnad med %(count)d inbjudan.",
                    "Enkätomgången %(year)s är öppnad med %(count)d inbjudningar.",
                    count,
                )
                % {"year": survey_round.year, "count": count},
            )
            return redirect("survey:round", survey_round.year)
    answers = dict(SurveyResponse.objects.values_list("round").annotate(n=Count("pk")).order_by())
    invitations = dict(Invitation.objects.values_list("round").annotate(n=Count("pk")).order_by())
    rows = [
        {"round": r, "answers": answers.get(r.pk, 0), "invitations": invitations.get(r.pk, 0)}
        for r in SurveyRound.objects.order_by("-year")
    ]
    return render(
        request,
        "survey/operator/rounds.html",
        {
            "rows": rows,
            "form": form,
            "register_rows": RegisterSite.objects.count(),
        },
    )


def _rates(survey_round: SurveyRound) -> pd.DataFrame:
    """Response rates with the municipalities below the threshold first, lowest first."""
    return fieldwork.response_rates(survey_round).sort_values(
        ["below_threshold", "rate", "kommunnamn"],
        ascending=[False, True, True],
        ignore_index=True,
    )


@operator_required
def round_overview(request: HttpRequest, year: int) -> HttpResponse:
    survey_round = _round(year)
    summary = Invitation.objects.filter(round=survey_round).aggregate(
        total=Count("pk"),
        invited=Count("pk", filter=Q(invited_at__isnull=False)),
        answered=Count("pk", filter=Q(submitted_at__isnull=False)),
        without_email=Count("pk", filter=Q(email="")),
        to_invite=Count("pk", filter=Q(invited_at__isnull=True) & ~Q(email="")),
        to_remind=Count(
            "pk",
            filter=Q(
                invited_at__isnull=False,
                submitted_at__isnull=True,
                reminders_sent__lt=survey_round.max_reminders,
            )
            & ~Q(email=""),
        ),
    )
    summary["responses"] = SurveyResponse.objects.filter(round=survey_round).count()
    rates = _rates(survey_round)
    return render(
        request,
        "survey/operator/round.html",
        {
            "round": survey_round,
            "summary": summary,
            "rates": rates.to_dict("records"),
            "below": int(rates["below_threshold"].sum()),
            "now": timezone.now(),
        },
    )


@operator_required
def response_rates(request: HttpRequest, year: int) -> HttpResponse:
    """The rates table: a page, the fragment the live view re-fetches, or CSV/Excel."""
    survey_round = _round(year)
    rates = _rates(survey_round)
    download = download_response(
        request,
        {"svarsfrekvens": rates},
        f"svarsfrekvens-{year}",
        synthetic=survey_round.synthetic,
    )
    if download is not None:
        return download
    context = {"round": survey_round, "rates": rates.to_dict("records"), "now": timezone.now()}
    if request.GET.get("fragment"):
        return render(request, "survey/operator/_rates.html", context)
    return render(request, "survey/operator/rates.html", context)


# --- sending and closing -----------------------------------------------------------------


def _send(request: HttpRequest, year: int, *, reminders: bool) -> HttpResponse:
    survey_round = _round(year)
    try:
        if reminders:
            count = mailing.send_reminders(survey_round)
            text = ngettext(
                "%(count)d påminnelse skickad.", "%(count)d påminnelser skickade.", count
            )
        else:
            count = mailing.send_invitations(survey_round)
            text = ngettext(
                "%(count)d inbjudan skickad.", "%(count)d inbjudningar skickade.", count
            )
    except fieldwork.RoundNotOpen:
        messages.error(request, _("Omgången är stängd: inga fler utskick."))
    except (OSError, smtplib.SMTPException) as error:
        messages.error(
            request,
            _(
                "E-post kunde inte skickas: %(error)s. De som hann få "
                "sitt mejl är markerade; försök igen."
            )
            % {"error": error},
        )
    else:
        messages.success(request, text % {"count": count})
    return redirect("survey:round", year)


@operator_required
@require_POST
def send_invitations(request: HttpRequest, year: int) -> HttpResponse:
    return _send(request, year, reminders=False)


@operator_required
@require_POST
def send_reminders(request: HttpRequest, year: int) -> HttpResponse:
    return _send(request, year, reminders=True)


@operator_required
@require_POST
def close_round(request: HttpRequest, year: int) -> HttpResponse:
    """POST without ``confirm`` shows what closing does; with it, closes the round."""
    survey_round = _round(year)
    if not survey_round.is_open:
        messages.error(request, _("Omgången är redan stängd."))
        return redirect("survey:round", year)
    if request.POST.get("confirm") != "yes":
        return render(request, "survey/operator/confirm_close.html", {"round": survey_round})
    try:
        run = fieldwork.close_round(survey_round, user=request.user)
    except fieldwork.FieldworkError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Omgången %(year)s är stängd och rankingen publicerad (%(methodology)s).")
            % {"year": year, "methodology": run.methodology},
        )
    return redirect("survey:round", year)


# --- answers: import, list, one answer, export, access log -------------------------------


def _round_issues(answers: pd.DataFrame, survey_round: SurveyRound, file: str) -> list[Issue]:
    """What the canonical reader cannot know: the round's year and the reserved ids."""
    issues = []
    wrong = answers.loc[answers["year"] != survey_round.year, "year"]
    if len(wrong):
        found = ", ".join(str(y) for y in sorted(wrong.unique()))
        issues.append(
            Issue(
                file,
                None,
                "year",
                f"expected {survey_round.year} (this round), found {found} in {len(wrong)} rows",
            )
        )
    reserved = answers.loc[answers["respondent_id"].str.startswith(LINK_ID_PREFIX), "respondent_id"]
    if len(reserved):
        issues.append(
            Issue(
                file,
                None,
                "respondent_id",
                f"expected ids that do not start "
                f'with "{LINK_ID_PREFIX}" (reserved for personal links), found '
                f'"{reserved.iloc[0]}" in {len(reserved)} rows',
            )
        )
    return issues


@operator_required
def import_answers(request: HttpRequest, year: int) -> HttpResponse:
    survey_round = _round(year)
    form = ImportAnswersForm(request.POST or None, request.FILES or None)
    issues: list[Issue] = []
    if request.method == "POST" and not survey_round.is_open:
        messages.error(request, _("Omgången är stängd: inga fler svar kan importeras."))
        return redirect("survey:round", year)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            answers = read_answers(upload, filename=upload.name)
            issues = _round_issues(answers, survey_round, upload.name)
            if issues:
                raise ImportValidationError(issues)
            with transaction.atomic():
                count = store_answers(answers, synthetic=survey_round.synthetic)
                SurveyResponse.objects.filter(
                    round=survey_round, respondent_id__in=answers["respondent_id"].tolist()
                ).update(channel=Channel.PROVIDER, updated_at=timezone.now())
                privacy.log_access(
                    AnswerAccess.Action.IMPORT,
                    survey_round,
                    user=request.user,
                    detail=f"{upload.name}: {count} svar",
                )
        except ImportValidationError as error:
            issues = error.issues
        except AlreadyStored as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                ngettext("%(count)d svar importerat.", "%(count)d svar importerade.", count)
                % {"count": count},
            )
            return redirect("survey:round", year)
    return render(
        request,
        "survey/operator/import.html",
        {
            "round": survey_round,
            "form": form,
            "issues": issues,
        },
    )


@operator_required
def answers(request: HttpRequest, year: int) -> HttpResponse:
    survey_round = _round(year)
    responses = (
        SurveyResponse.objects.filter(round=survey_round)
        .select_related("municipality")
        .order_by("municipality__name", "respondent_id")
    )
    page = Paginator(responses, PAGE_SIZE).get_page(request.GET.get("sida"))
    privacy.log_access(
        AnswerAccess.Action.LIST, survey_round, user=request.user, detail=f"sida {page.number}"
    )
    return render(request, "survey/operator/answers.html", {"round": survey_round, "page": page})


@operator_required
def answer(request: HttpRequest, year: int, response_id: int) -> HttpResponse:
    survey_round = _round(year)
    response = get_object_or_404(
        SurveyResponse.objects.select_related("municipality"), pk=response_id, round=survey_round
    )
    privacy.log_access(AnswerAccess.Action.VIEW, survey_round, user=request.user, response=response)
    questions = load_catalogue()["questions"]
    rows = [
        {
            "code": code,
            "label": entry["label_sv"],
            "grade": response.grades.get(code),
            "comment": response.comments.get(code, ""),
        }
        for code, entry in questions.items()
        if code in response.grades or code in response.comments
    ]
    invitation = Invitation.objects.filter(response=response).first()
    return render(
        request,
        "survey/operator/answer.html",
        {
            "round": survey_round,
            "response": response,
            "rows": rows,
            "general": response.comments.get("general", ""),
            "invitation": invitation,
        },
    )


@operator_required
def export_answers(request: HttpRequest, year: int) -> HttpResponse:
    survey_round = _round(year)
    frame = privacy.pseudonymised_answers(survey_round)
    privacy.log_access(
        AnswerAccess.Action.EXPORT,
        survey_round,
        user=request.user,
        detail=f"{len(frame)} svar, pseudonymiserade",
    )
    suffix = "-syntetisk" if survey_round.synthetic else ""
    response = HttpResponse(frame.to_csv(index=False), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="pseudonymiserade-svar-{year}{suffix}.csv"'
    )
    return response


@operator_required
def access_log(request: HttpRequest, year: int) -> HttpResponse:
    survey_round = _round(year)
    entries = (
        AnswerAccess.objects.filter(round=survey_round)
        .select_related("response")
        .annotate(username=F("user__username"))
        .order_by("-at", "-pk")
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("sida"))
    return render(
        request,
        "survey/operator/access_log.html",
        {
            "round": survey_round,
            "page": page,
        },
    )
