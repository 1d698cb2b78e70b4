"""The survey operator's pages: rounds, live response rates, sending, import, answers.

Every view needs the survey operator's role (:func:`operator_required`). Every view that
shows or hands out individual answers writes an :class:`AnswerAccess` entry. The work is
done in :mod:`..fieldwork`, :mod:`..mailing` and :mod:`..privacy`; views stay thin.
"""

from __future__ import annotations

import secrets
import smtplib
from datetime import date
from typing import Any
from urllib.parse import urlencode

import pandas as pd
from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from foretagsklimat import reference
from foretagsklimat.apps.accounts.roles import operator_required
from foretagsklimat.engine.methodology import load_catalogue
from foretagsklimat.importers import ImportValidationError, read_answers
from foretagsklimat.reference.search import municipality_name_keys, search_key
from foretagsklimat.web.confirmation import confirm_first
from foretagsklimat.web.downloads import csv_response, download_response
from foretagsklimat.web.issues import ShownIssue, shown_issues

from .. import fieldwork, mailing, privacy
from ..models import AnswerAccess, Channel, Invitation, RegisterSite, SurveyResponse, SurveyRound
from ..services import AlreadyStored, store_answers

#: What the operator's files rest on, and the headers of their columns (the CSV for
#: scripts keeps the codes).
SURVEY_SOURCE = gettext_lazy("Enkätens fältarbete i Företagsklimat (enkätoperatörens sidor)")
DOWNLOAD_LABELS = {
    "kommunnamn": gettext_lazy("Kommun"),
    "respondent_type": gettext_lazy("Typ av svarande"),
    "sent": gettext_lazy("Skickade"),
    "answered": gettext_lazy("Svar"),
    "rate": gettext_lazy("Svarsfrekvens"),
    "below_threshold": gettext_lazy("Under gränsen"),
    "answered_web": gettext_lazy("Svar på webben"),
    "answered_paper": gettext_lazy("Svar på papper"),
    "answered_phone": gettext_lazy("Svar per telefon"),
    "answered_provider": gettext_lazy("Svar från leverantör"),
    "in_round": gettext_lazy("I omgången"),
    "pseudonym": gettext_lazy("Pseudonym"),
    "channel": gettext_lazy("Kanal"),
}

PAGE_SIZE = 50
#: Municipalities named one by one on a confirmation page; more are counted.
NAMED_MUNICIPALITIES = 10
#: Query parameters of the round pages: county, every municipality, search.
COUNTY = "lan"
ALL_MUNICIPALITIES = "alla"
SEARCH = "q"
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


def _rates_view(request: HttpRequest, survey_round: SurveyRound) -> dict[str, Any]:
    """The rates as the round pages show them: the round's own municipalities unless
    ``?alla=1``, one county with ``?lan=21``, a totals row of what is shown."""
    rates = _rates(survey_round)
    show_all = request.GET.get(ALL_MUNICIPALITIES) == "1"
    outside = rates.loc[~rates["in_round"], "kommunkod"].nunique()
    if not show_all:
        rates = rates[rates["in_round"]]
    present = set(rates["lanskod"].dropna())
    counties = [
        (code, name)
        for code, name in reference.counties()[["lanskod", "lansnamn"]].itertuples(index=False)
        if code in present
    ]
    county = request.GET.get(COUNTY, "")
    if county:
        rates = rates[rates["lanskod"] == county]
    sums = rates[["sent", "answered", *fieldwork.CHANNEL_COLUMNS]].sum()
    totals = {column: int(value) for column, value in sums.items()}
    totals["municipalities"] = int(rates["kommunkod"].nunique())
    kept = {k: v for k, v in ((COUNTY, county), (ALL_MUNICIPALITIES, "1" if show_all else "")) if v}
    return {
        "rates": rates.reset_index(drop=True),
        "totals": totals,
        "counties": counties,
        "county": county,
        "show_all": show_all,
        "outside": int(outside),
        "filters": urlencode(kept),
        "all_query": urlencode({**kept, ALL_MUNICIPALITIES: "1"}),
        "own_query": urlencode({k: v for k, v in kept.items() if k != ALL_MUNICIPALITIES}),
    }


def _rates_context(request: HttpRequest, survey_round: SurveyRound) -> dict[str, Any]:
    view = _rates_view(request, survey_round)
    return {
        **view,
        "rates": view["rates"].to_dict("records"),
        "below": int(view["rates"]["below_threshold"].sum()),
        "now": timezone.now(),
    }


@operator_required
def round_overview(request: HttpRequest, year: int) -> HttpResponse:
    survey_round = _round(year)
    summary = Invitation.objects.filter(round=survey_round).aggregate(
        total=Count("pk"),
        invited=Count("pk", filter=Q(invited_at__isnull=False)),
        answered=Count("pk", filter=Q(submitted_at__isnull=False)),
        without_email=Count("pk", filter=Q(email="")),
    )
    # The same querysets the sending uses, so the buttons promise what is sent.
    summary["to_invite"] = mailing.invitation_recipients(survey_round).count()
    summary["to_remind"] = mailing.pending_reminders(survey_round).count()
    summary["responses"] = SurveyResponse.objects.filter(round=survey_round).count()
    last = mailing.last_reminder_batch(survey_round)
    next_at = mailing.next_reminder_at(survey_round, last=last)
    return render(
        request,
        "survey/operator/round.html",
        {
            "round": survey_round,
            "summary": summary,
            "last_reminder": last,
            "last_reminder_when": mailing.when(last.started_at) if last else "",
            "next_reminder_when": mailing.when(next_at) if next_at else "",
            "reminders_blocked_until": mailing.reminders_blocked_until(survey_round, last=last),
            **_rates_context(request, survey_round),
        },
    )


@operator_required
def response_rates(request: HttpRequest, year: int) -> HttpResponse:
    """The rates table: a page, the fragment the live view re-fetches, or CSV/Excel."""
    survey_round = _round(year)
    download = download_response(
        request,
        lambda: {"svarsfrekvens": _rates_view(request, survey_round)["rates"]},
        f"svarsfrekvens-{year}",
        synthetic=survey_round.synthetic,
        labels=DOWNLOAD_LABELS,
        formats={"rate": "0%"},
        source=SURVEY_SOURCE,
    )
    if download is not None:
        return download
    context = {"round": survey_round, **_rates_context(request, survey_round)}
    if request.GET.get("fragment"):
        return render(request, "survey/operator/_rates.html", context)
    return render(request, "survey/operator/rates.html", context)


# --- sending and closing -----------------------------------------------------------------


def _places(recipients: mailing.Recipients) -> str:
    """ "Gävle (2180), Sandviken (2181)", or the first ten and how many more."""
    named = [f"{name} ({code})" for code, name in recipients.municipalities]
    if len(named) <= NAMED_MUNICIPALITIES:
        return ", ".join(named)
    rest = len(named) - NAMED_MUNICIPALITIES
    return ngettext(
        "%(named)s och %(count)d kommun till",
        "%(named)s och %(count)d kommuner till",
        rest,
    ) % {"named": ", ".join(named[:NAMED_MUNICIPALITIES]), "count": rest}


def _recipient_details(recipients: mailing.Recipients) -> list[str]:
    details = [
        ngettext("%(count)d företag", "%(count)d företag", recipients.companies)
        % {"count": recipients.companies}
    ]
    if recipients.council_members:
        details.append(
            ngettext(
                "%(count)d kommunfullmäktigeledamot",
                "%(count)d kommunfullmäktigeledamöter",
                recipients.council_members,
            )
            % {"count": recipients.council_members}
        )
    count = len(recipients.municipalities)
    details.append(
        ngettext("i %(count)d kommun: %(places)s", "i %(count)d kommuner: %(places)s", count)
        % {"count": count, "places": _places(recipients)}
    )
    return details


def _mail_failed(request: HttpRequest, error: Exception, *, reminders: bool) -> None:
    if reminders:
        text = _(
            "E-post kunde inte skickas: %(error)s. De som hann få sin påminnelse är "
            "markerade; skicka igen så får de övriga sin (ingen får två)."
        )
    else:
        text = _(
            "E-post kunde inte skickas: %(error)s. De som hann få "
            "sitt mejl är markerade; försök igen."
        )
    messages.error(request, text % {"error": error})


@operator_required
@require_POST
def send_invitations(request: HttpRequest, year: int) -> HttpResponse:
    """The first POST asks (how many, to which municipalities); the confirmed one sends."""
    survey_round = _round(year)
    if not survey_round.is_open:
        messages.error(request, _("Omgången är stängd: inga fler utskick."))
        return redirect("survey:round", year)
    recipients = mailing.summarise(mailing.invitation_recipients(survey_round))
    if not recipients.total:
        messages.info(request, _("Alla med e-postadress har redan fått sin inbjudan."))
        return redirect("survey:round", year)
    page = confirm_first(
        request,
        title=_("Skicka inbjudningar för %(year)s?") % {"year": year},
        question=ngettext(
            "%(count)d e-postmeddelande med en personlig länk skickas nu till:",
            "%(count)d e-postmeddelanden med var sin personlig länk skickas nu till:",
            recipients.total,
        )
        % {"count": recipients.total},
        details=_recipient_details(recipients),
        confirm_label=ngettext(
            "Ja, skicka %(count)d inbjudan",
            "Ja, skicka %(count)d inbjudningar",
            recipients.total,
        )
        % {"count": recipients.total},
        cancel_url=reverse("survey:round", args=[year]),
        danger=False,
    )
    if page is not None:
        return page
    try:
        count = mailing.send_invitations(survey_round)
    except fieldwork.RoundNotOpen:
        messages.error(request, _("Omgången är stängd: inga fler utskick."))
    except (OSError, smtplib.SMTPException) as error:
        _mail_failed(request, error, reminders=False)
    else:
        messages.success(
            request,
            ngettext("%(count)d inbjudan skickad.", "%(count)d inbjudningar skickade.", count)
            % {"count": count},
        )
    return redirect("survey:round", year)


@operator_required
@require_POST
def send_reminders(request: HttpRequest, year: int) -> HttpResponse:
    """Asks first; refuses within the reminder interval (the service refuses as well)."""
    survey_round = _round(year)
    if not survey_round.is_open:
        messages.error(request, _("Omgången är stängd: inga fler utskick."))
        return redirect("survey:round", year)
    last = mailing.last_reminder_batch(survey_round)
    blocked = mailing.reminders_blocked_until(survey_round, last=last)
    if blocked is not None and last is not None:
        messages.error(request, str(mailing.RemindersTooSoon(last, blocked)))
        return redirect("survey:round", year)
    recipients = mailing.summarise(mailing.pending_reminders(survey_round))
    if not recipients.total:
        messages.info(
            request, _("Ingen att påminna: alla inbjudna har svarat eller fått alla påminnelser.")
        )
        return redirect("survey:round", year)
    hours = int(mailing.reminder_interval().total_seconds() // 3600)
    details = _recipient_details(recipients)
    if last is not None:
        details.append(
            _("Senaste påminnelsen skickades %(when)s.") % {"when": mailing.when(last.started_at)}
        )
    if hours:
        details.append(
            ngettext(
                "Nästa påminnelse kan skickas tidigast %(hours)d timme efter denna.",
                "Nästa påminnelse kan skickas tidigast %(hours)d timmar efter denna.",
                hours,
            )
            % {"hours": hours}
        )
    page = confirm_first(
        request,
        title=_("Skicka påminnelser för %(year)s?") % {"year": year},
        question=ngettext(
            "%(count)d påminnelse skickas nu, till dem som fått en inbjudan men inte svarat:",
            "%(count)d påminnelser skickas nu, till dem som fått en inbjudan men inte svarat:",
            recipients.total,
        )
        % {"count": recipients.total},
        details=details,
        confirm_label=ngettext(
            "Ja, skicka %(count)d påminnelse",
            "Ja, skicka %(count)d påminnelser",
            recipients.total,
        )
        % {"count": recipients.total},
        cancel_url=reverse("survey:round", args=[year]),
        danger=False,
    )
    if page is not None:
        return page
    try:
        count = mailing.send_reminders(survey_round, user=request.user)
    except fieldwork.RoundNotOpen:
        messages.error(request, _("Omgången är stängd: inga fler utskick."))
    except mailing.RemindersTooSoon as error:
        messages.error(request, str(error))
    except (OSError, smtplib.SMTPException) as error:
        _mail_failed(request, error, reminders=True)
    else:
        messages.success(
            request,
            ngettext("%(count)d påminnelse skickad.", "%(count)d påminnelser skickade.", count)
            % {"count": count},
        )
    return redirect("survey:round", year)


@operator_required
@require_POST
def close_round(request: HttpRequest, year: int) -> HttpResponse:
    """The first POST says what closing does; the confirmed one closes the round."""
    survey_round = _round(year)
    if not survey_round.is_open:
        messages.error(request, _("Omgången är redan stängd."))
        return redirect("survey:round", year)
    municipalities = (
        SurveyResponse.objects.filter(round=survey_round)
        .values("municipality_id")
        .union(Invitation.objects.filter(round=survey_round).values("municipality_id"))
        .count()
    )
    answers = SurveyResponse.objects.filter(round=survey_round).count()
    page = confirm_first(
        request,
        title=_("Stänga omgång %(year)s?") % {"year": year},
        question=_(
            "Rankingen för %(year)s räknas fram och publiceras, och svaren kan inte längre "
            "ändras. Det går inte att öppna omgången igen."
        )
        % {"year": year},
        details=[
            ngettext(
                "%(count)d svar i %(municipalities)d kommuner räknas in i rankingen.",
                "%(count)d svar i %(municipalities)d kommuner räknas in i rankingen.",
                answers,
            )
            % {"count": answers, "municipalities": municipalities},
            _(
                "De personliga länkarna slutar ta emot svar, och inga fler inbjudningar, "
                "påminnelser, registreringar eller importer görs."
            ),
            _("Antal utskickade och besvarade enkäter sparas per kommun."),
            _(
                "Faktorvärden och ranking räknas fram ur svaren och årets statistik och "
                "publiceras med osäkerhetsintervall (det kan ta en minut)."
            ),
        ],
        confirm_label=_("Ja, stäng omgången och publicera"),
        cancel_url=reverse("survey:round", args=[year]),
    )
    if page is not None:
        return page
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


@operator_required
def import_answers(request: HttpRequest, year: int) -> HttpResponse:
    survey_round = _round(year)
    form = ImportAnswersForm(request.POST or None, request.FILES or None)
    issues: list[ShownIssue] = []
    if request.method == "POST" and not survey_round.is_open:
        messages.error(request, _("Omgången är stängd: inga fler svar kan importeras."))
        return redirect("survey:round", year)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            answers = read_answers(
                upload,
                filename=upload.name,
                year=survey_round.year,
                reserved_prefix=LINK_ID_PREFIX,
            )
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
            issues = shown_issues(error.issues)
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


def matching_municipalities(query: str) -> list[str]:
    """Codes of the municipalities whose name or code matches ``query``.

    A name matches when it contains the query, ignoring case and accents; a code when it
    starts with the query's digits (so "21" finds the county's municipalities).
    """
    wanted = search_key(query)
    if not wanted:
        return []
    places = reference.municipalities()
    return [
        code
        for code, key in zip(places["kommunkod"], municipality_name_keys(), strict=True)
        if wanted in key or (wanted.isdigit() and code.startswith(wanted))
    ]


@operator_required
def answers(request: HttpRequest, year: int) -> HttpResponse:
    survey_round = _round(year)
    query = request.GET.get(SEARCH, "").strip()
    responses = (
        SurveyResponse.objects.filter(round=survey_round)
        .select_related("municipality")
        .order_by("municipality__name", "respondent_id")
    )
    if query:
        responses = responses.filter(municipality_id__in=matching_municipalities(query))
    page = Paginator(responses, PAGE_SIZE).get_page(request.GET.get("sida"))
    detail = f"sida {page.number}" + (f", sökning {query!r}" if query else "")
    privacy.log_access(AnswerAccess.Action.LIST, survey_round, user=request.user, detail=detail)
    return render(
        request,
        "survey/operator/answers.html",
        {
            "round": survey_round,
            "page": page,
            "query": query,
            "page_query": urlencode({SEARCH: query}) if query else "",
        },
    )


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
    questions = load_catalogue()["questions"]
    label = "label_en" if request.LANGUAGE_CODE == "en" else "label_sv"
    return csv_response(
        request,
        frame,
        f"pseudonymiserade-svar-{year}{suffix}.csv",
        labels={**DOWNLOAD_LABELS, **{code: q[label] for code, q in questions.items()}},
    )


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
