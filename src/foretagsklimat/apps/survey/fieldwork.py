"""Running a survey round: the stored register, opening, response rates, closing.

The pure parts (reading the register, the frame rules, the sizes, the draw) live in
:mod:`foretagsklimat.sampling`; this module stores and reads what they need and what
they produce. Everything here works on whole tables: bulk queries, no query per row.
User documentation: ``docs/fieldwork.md``.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import cast

import pandas as pd
from django.db import transaction
from django.db.models import Count, Q, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from foretagsklimat import reference
from foretagsklimat.apps.statistics.models import StatisticValue
from foretagsklimat.engine.methodology import get_methodology
from foretagsklimat.importers.checks import (
    Issues,
    canonical_columns,
    check_columns,
    check_required,
    parse_kommunkod,
)
from foretagsklimat.importers.errors import N_
from foretagsklimat.importers.tables import Source, read_table
from foretagsklimat.sampling.register import REGISTER_COLUMNS
from foretagsklimat.sampling.survey import run_sampling

from . import aggregates
from .models import (
    Channel,
    Invitation,
    QuestionnaireCount,
    RegisterSite,
    RespondentType,
    RoundStatus,
    SurveyResponse,
    SurveyRound,
)
from .signals import Publication, round_closed

BATCH = 2000
#: Bytes of randomness in a personal link's token (32 URL-safe characters).
TOKEN_BYTES = 24
#: The register's columns stored on :class:`RegisterSite` (besides the key).
REGISTER_FIELDS = {
    "name": "name",
    "legal_form": "legal_form",
    "sni": "sni",
    "employees": "employees",
    "turnover_sek": "turnover_sek",
    "email": "email",
    "postal_address": "postal_address",
    "opt_out": "opt_out",
}
#: Answers per channel: by personal link on the web, typed in from paper or a telephone
#: interview (both through a link), and imported from a survey provider's file.
CHANNEL_COLUMNS = {
    "answered_web": Channel.WEB,
    "answered_paper": Channel.PAPER,
    "answered_phone": Channel.PHONE,
    "answered_provider": Channel.PROVIDER,
}
RATE_COLUMNS = [
    "kommunkod",
    "kommunnamn",
    "respondent_type",
    "sent",
    "answered",
    "rate",
    "below_threshold",
    *CHANNEL_COLUMNS,
    "lanskod",
    "in_round",
]
COUNCIL_COLUMNS = ("kommunkod", "name", "email")


class FieldworkError(Exception):
    """A field-work step that cannot be done in the round's present state."""


class RoundExists(FieldworkError):
    """A round for the year is already stored."""


class RoundNotOpen(FieldworkError):
    """The round is closed: no invitations, reminders, imports or second close."""


class NotReadyToClose(FieldworkError):
    """The year's ranking cannot be computed yet (statistics or answers are missing)."""


@dataclass(frozen=True)
class RegisterImportResult:
    created: int
    updated: int
    unchanged: int = 0


def new_token() -> str:
    """An unguessable personal-link token (192 random bits, URL-safe)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


# --- the company register ----------------------------------------------------------------


def _stored_sites(orgnrs: Iterable[str]) -> pd.DataFrame:
    """Stored register rows of the given companies, in chunks of ``BATCH`` numbers."""
    wanted = sorted(set(orgnrs))
    columns = ["pk", "orgnr", "kommunkod", "site_type", *REGISTER_FIELDS, "synthetic"]
    rows: list[tuple] = []
    for start in range(0, len(wanted), BATCH):
        rows.extend(
            RegisterSite.objects.filter(orgnr__in=wanted[start : start + BATCH]).values_list(
                "pk", "orgnr", "municipality_id", "site_type", *REGISTER_FIELDS, "synthetic"
            )
        )
    return pd.DataFrame.from_records(rows, columns=columns)


@transaction.atomic
def store_register(register: pd.DataFrame, *, synthetic: bool = False) -> RegisterImportResult:
    """Store a company register: update rows whose key exists, add the others.

    Parameters
    ----------
    register : pandas.DataFrame
        A validated register from :func:`foretagsklimat.sampling.read_register`.
    synthetic : bool
        Mark the rows as made-up demo data.

    Returns
    -------
    RegisterImportResult
        How many rows were created, updated (a field changed) and left unchanged.

    Notes
    -----
    The key is (``orgnr``, ``kommunkod``, ``site_type``), as in
    :func:`foretagsklimat.sampling.merge_register`. A company whose head office the new
    register places in another municipality has its stored head-office row moved there
    (an update), so that it keeps one head office and its invitations keep their site.
    Rows missing from the new register are kept. All or nothing: one transaction.
    """
    new = register[list(REGISTER_COLUMNS)].reset_index(drop=True).assign(synthetic=synthetic)
    stored = _stored_sites(new["orgnr"])
    key = ["orgnr", "kommunkod", "site_type"]
    matched = new.merge(stored[[*key, "pk"]], on=key, how="left")
    matched["pk"] = matched["pk"].astype("float64")  # NaN for a new row
    # A head office that moved: match it to the company's stored head office by orgnr.
    heads = stored.loc[stored["site_type"] == "head_office", ["orgnr", "pk"]]
    moved = matched["pk"].isna() & (matched["site_type"] == "head_office")
    head_pk = matched["orgnr"].map(heads.set_index("orgnr")["pk"]).astype("float64")
    matched["pk"] = matched["pk"].where(~moved, head_pk)

    existing = matched[matched["pk"].notna()].astype({"pk": "int64"})
    before = stored.set_index("pk").reindex(existing["pk"])
    compared = [*REGISTER_FIELDS, "kommunkod", "synthetic"]
    changed = (
        (
            existing[compared].reset_index(drop=True).astype(object)
            != before[compared].reset_index(drop=True).astype(object)
        )
        .any(axis=1)
        .to_numpy()
    )
    to_update = existing[changed]
    RegisterSite.objects.bulk_update(
        [_site(row, pk=int(row["pk"])) for row in to_update.to_dict("records")],
        [*REGISTER_FIELDS.values(), "municipality", "synthetic", "updated_at"],
        batch_size=BATCH,
    )
    to_create = matched[matched["pk"].isna()]
    RegisterSite.objects.bulk_create(
        [_site(row) for row in to_create.to_dict("records")], batch_size=BATCH
    )
    return RegisterImportResult(
        created=len(to_create), updated=len(to_update), unchanged=int((~changed).sum())
    )


def _site(row: dict, pk: int | None = None) -> RegisterSite:
    return RegisterSite(
        pk=pk,
        orgnr=row["orgnr"],
        municipality_id=row["kommunkod"],
        site_type=row["site_type"],
        updated_at=timezone.now(),
        synthetic=bool(row["synthetic"]),
        **{field: row[column] for column, field in REGISTER_FIELDS.items()},
    )


def stored_register(
    municipalities: Iterable[str] | None = None, *, synthetic: bool | None = None
) -> pd.DataFrame:
    """The stored register as :func:`~foretagsklimat.sampling.read_register` returns it.

    Adds ``site_id`` (the stored row's key), so a drawn unit leads back to its row.
    ``synthetic`` keeps only made-up (True) or only real (False) rows.
    """
    sites = RegisterSite.objects.all()
    if synthetic is not None:
        sites = sites.filter(synthetic=synthetic)
    if municipalities is not None:
        sites = sites.filter(municipality_id__in=list(municipalities))
    fields = [f if f != "kommunkod" else "municipality_id" for f in REGISTER_COLUMNS]
    frame = pd.DataFrame.from_records(
        sites.values_list("pk", *fields), columns=["site_id", *REGISTER_COLUMNS]
    )
    return frame.astype(
        {"employees": "int64", "turnover_sek": "int64", "opt_out": bool, "site_id": "int64"}
    )


# --- opening a round ---------------------------------------------------------------------


@transaction.atomic
def open_round(
    year: int,
    *,
    seed: int,
    methodology: str | None = None,
    closes_on: date | None = None,
    municipalities: Iterable[str] | None = None,
    max_reminders: int = 2,
    includes_politicians: bool = False,
    synthetic: bool = False,
) -> SurveyRound:
    """Open a survey round: draw the sample from the stored register, one link per unit.

    Parameters
    ----------
    year : int
    seed : int
        Seed of the draw; the same register and seed give the same sample.
    methodology : str, optional
        The methodology whose questionnaire is used; by default the one in force.
    closes_on : date, optional
        The last day to answer, named in the e-mails.
    municipalities : iterable of str, optional
        Survey only these municipalities (a county or one municipality's own survey).
    max_reminders : int
        At most this many reminders per non-respondent.
    includes_politicians : bool
        Council members answer too (add them with :func:`add_council_members`).
    synthetic : bool
        A demo round with made-up companies.

    Raises
    ------
    RoundExists
        When a round for the year is stored (each year has one round).
    FieldworkError
        When the stored register has no rows to sample from, or the methodology is unknown.
    """
    if SurveyRound.objects.filter(year=year).exists():
        raise RoundExists(_("Det finns redan en enkätomgång för %(year)s.") % {"year": year})
    if methodology:
        try:
            get_methodology(methodology)
        except LookupError as error:
            raise FieldworkError(
                _("Okänd metod: %(methodology)s.") % {"methodology": methodology}
            ) from error
    codes = None if municipalities is None else [str(c) for c in municipalities]
    # A demo round samples only made-up companies and a real round only real ones.
    register = stored_register(codes, synthetic=synthetic)
    if register.empty:
        raise FieldworkError(_("Företagsregistret är tomt: importera ett register först."))
    run = run_sampling(register, year, seed)
    survey_round = SurveyRound.objects.create(
        year=year,
        status=RoundStatus.OPEN,
        seed=seed,
        methodology=methodology or "",
        closes_on=closes_on,
        max_reminders=max_reminders,
        includes_politicians=includes_politicians,
        synthetic=synthetic,
    )
    sample = run.sample
    Invitation.objects.bulk_create(
        (
            Invitation(
                round=survey_round,
                token=new_token(),
                respondent_type=RespondentType.COMPANY,
                municipality_id=code,
                site_id=int(site_id),
                name=name,
                email=email,
            )
            for code, site_id, name, email in zip(
                sample["kommunkod"],
                sample["site_id"],
                sample["name"],
                sample["email"],
                strict=True,
            )
        ),
        batch_size=BATCH,
    )
    return survey_round


def read_council_members(path: Source, *, filename: str | None = None) -> pd.DataFrame:
    """Read council members (``kommunkod``, ``name``, ``email``) from CSV or .xlsx.

    Raises :class:`~foretagsklimat.importers.ImportValidationError` with every problem.
    """
    table = read_table(path, filename)
    issues = Issues(table.file)
    frame = canonical_columns(table.frame, COUNCIL_COLUMNS)
    check_columns(frame, issues, COUNCIL_COLUMNS)
    issues.raise_if_any()
    check_required(frame, issues, "name", N_("väntade ett namn, fanns %(found)s"))
    kommunkod = parse_kommunkod(frame, issues)
    issues.raise_if_any()
    return pd.DataFrame(
        {"kommunkod": kommunkod, "name": frame["name"], "email": frame["email"]}
    ).reset_index(drop=True)


@transaction.atomic
def add_council_members(survey_round: SurveyRound, members: pd.DataFrame) -> int:
    """Give each council member (``kommunkod``, ``name``, ``email``) a personal link."""
    ensure_open(survey_round)
    created = Invitation.objects.bulk_create(
        (
            Invitation(
                round=survey_round,
                token=new_token(),
                respondent_type=RespondentType.POLITICIAN,
                municipality_id=code,
                name=name,
                email=email,
            )
            for code, name, email in zip(
                members["kommunkod"], members["name"], members["email"], strict=True
            )
        ),
        batch_size=BATCH,
    )
    if created and not survey_round.includes_politicians:
        survey_round.includes_politicians = True
        survey_round.save(update_fields=["includes_politicians"])
    return len(created)


# --- during the round --------------------------------------------------------------------


def response_rates(survey_round: SurveyRound) -> pd.DataFrame:
    """Questionnaires sent and answered per municipality and respondent type.

    Returns
    -------
    pandas.DataFrame
        ``kommunkod``, ``kommunnamn``, ``respondent_type``, ``sent``, ``answered``,
        ``rate`` (answered / sent) and ``below_threshold`` (rate below the round's
        ``response_rate_threshold``); the answers by channel (``answered_web``,
        ``answered_paper``, ``answered_phone``, ``answered_provider``, summing to
        ``answered``); ``lanskod`` (county); ``in_round``: the municipality is one of the
        round's own (it has personal links; in a round without links, every municipality
        with answers is). Sorted by code and type. An answer imported from a survey
        provider without a personal link counts as sent and answered.
    """
    answered = Q(submitted_at__isnull=False)
    by_link = (
        Invitation.objects.filter(round=survey_round)
        .values("municipality_id", "respondent_type")
        .annotate(
            sent=Count("pk"),
            answered=Count("pk", filter=answered),
            linked=Count("pk"),
            **{
                column: Count("pk", filter=answered & Q(response__channel=channel))
                for column, channel in CHANNEL_COLUMNS.items()
            },
        )
        .order_by()
    )
    without_link = (
        SurveyResponse.objects.filter(round=survey_round, invitation__isnull=True)
        .values("municipality_id", "respondent_type")
        .annotate(
            sent=Count("pk"),
            answered=Count("pk"),
            linked=Value(0),
            **{
                column: Count("pk", filter=Q(channel=channel))
                for column, channel in CHANNEL_COLUMNS.items()
            },
        )
        .order_by()
    )
    counts = ["sent", "answered", "linked", *CHANNEL_COLUMNS]
    # One query: both aggregates in a UNION ALL.
    rows = by_link.union(without_link, all=True).values_list(
        "municipality_id", "respondent_type", *counts
    )
    frame = pd.DataFrame.from_records(list(rows), columns=["kommunkod", "respondent_type", *counts])
    frame = (
        frame.groupby(["kommunkod", "respondent_type"], as_index=False)[counts]
        .sum()
        .astype(dict.fromkeys(counts, "int64"))
    )
    places = reference.municipalities().set_index("kommunkod")
    frame.insert(1, "kommunnamn", frame["kommunkod"].map(places["kommunnamn"]))
    frame["lanskod"] = frame["kommunkod"].map(places["lanskod"])
    frame["rate"] = frame["answered"] / frame["sent"]
    frame["below_threshold"] = frame["rate"] < survey_round.response_rate_threshold
    with_links = set(frame.loc[frame["linked"] > 0, "kommunkod"])
    frame["in_round"] = frame["kommunkod"].isin(with_links) if with_links else True
    return frame[RATE_COLUMNS].sort_values(["kommunkod", "respondent_type"], ignore_index=True)


# --- closing -----------------------------------------------------------------------------


def missing_statistics(survey_round: SurveyRound) -> dict[str, int]:
    """The methodology's statistics with no stored value for the year → how many are held.

    A statistic is listed when fewer than all 290 municipalities have a value, with the
    number of municipalities that do.
    """
    methodology = aggregates.round_methodology(survey_round)
    needed = sorted({i.source for i in methodology.indicators if i.kind == "statistic"})
    held = dict(
        StatisticValue.objects.filter(year=survey_round.year, statistic__in=needed)
        .values("statistic")
        .annotate(n=Count("municipality", distinct=True))
        .values_list("statistic", "n")
    )
    total = len(reference.municipality_codes())
    return {s: held.get(s, 0) for s in needed if held.get(s, 0) < total}


def close_round(survey_round: SurveyRound, *, user: object = None) -> Publication:
    """Close a round: record the questionnaire counts and publish the year's results.

    In one transaction: the round's status becomes closed, ``QuestionnaireCount`` holds
    each municipality's sent and answered questionnaires, and :data:`~.signals.
    round_closed` is sent, on which the ranking app computes the year's ranking from the
    stored answers, factor values and statistics and publishes it with its rank
    intervals. If anything fails the round stays open and nothing is stored. Returns what
    was published.

    Raises
    ------
    RoundNotOpen
        When the round is already closed.
    NotReadyToClose
        When the year's statistics are missing (named with how many municipalities have
        them) or the engine cannot rank what is stored.
    """
    with transaction.atomic():
        locked = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
        if not locked.is_open:
            raise RoundNotOpen(_("Enkätomgången %(year)s är redan stängd.") % {"year": locked.year})
        missing = missing_statistics(locked)
        if missing:
            total = len(reference.municipality_codes())
            listed = ", ".join(
                _("%(statistic)s (%(held)d av %(total)d kommuner)")
                % {"statistic": code, "held": n, "total": total}
                for code, n in missing.items()
            )
            raise NotReadyToClose(
                _(
                    "Statistik för %(year)s saknas: %(listed)s. Importera den med "
                    "'foretagsklimat import statistics' och stäng sedan omgången."
                )
                % {"year": locked.year, "listed": listed}
            )
        rates = response_rates(locked)
        QuestionnaireCount.objects.filter(round=locked).delete()
        QuestionnaireCount.objects.bulk_create(
            QuestionnaireCount(
                round=locked,
                municipality_id=code,
                respondent_type=kind,
                sent=int(sent),
                answered=int(answered),
            )
            for code, kind, sent, answered in zip(
                rates["kommunkod"],
                rates["respondent_type"],
                rates["sent"],
                rates["answered"],
                strict=True,
            )
        )
        locked.status = RoundStatus.CLOSED
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "closed_at"])
        published = [
            cast(Publication, result)
            for _receiver, result in round_closed.send(sender=SurveyRound, survey_round=locked)
            if result is not None
        ]
        if not published:
            raise NotReadyToClose(
                _("Inget tar emot enkätomgången %(year)s: rankingappen är inte installerad.")
                % {"year": locked.year}
            )
    survey_round.refresh_from_db()
    return published[0]


def ensure_open(survey_round: SurveyRound) -> None:
    """Raise :class:`RoundNotOpen` for a closed round."""
    if not survey_round.is_open:
        raise RoundNotOpen(_("Enkätomgången %(year)s är stängd.") % {"year": survey_round.year})
