"""A synthetic company register for the demo survey round.

Every row is made up: the names say "Demo", the e-mail addresses are at the reserved
``example.com`` domain, and the organisation numbers are random numbers with a valid
Luhn check digit in the number series Swedish legal forms use. The result has the
columns and types of :func:`foretagsklimat.sampling.read_register`, so it can be written
to CSV, read back, sampled and stored like a real register. Pure pandas and numpy.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from foretagsklimat.importers.checks import luhn_check_digits
from foretagsklimat.reference import municipalities
from foretagsklimat.sampling import REGISTER_COLUMNS

#: Companies (head offices) per inhabitant: 3 per 100 gives most municipalities a frame
#: above the 200 questionnaires of the small sample and below the 1,200 that would
#: make a municipality under 50,000 inhabitants a 400 one; the smallest get a census.
COMPANIES_PER_INHABITANT = 0.03
MIN_COMPANIES = 30

#: Share of each legal form among head offices (EF: sole traders; OFF: public bodies).
LEGAL_FORM_SHARES = {"AB": 0.65, "EF": 0.22, "HB": 0.07, "KB": 0.02, "EK": 0.03, "OFF": 0.01}
#: The first digits of the organisation numbers of each legal form: aktiebolag 55…,
#: handelsbolag and kommanditbolag 96…, ekonomiska föreningar 76…, public bodies 21…
#: Sole traders use the owner's personal identity number; the demo uses
#: co-ordination-number dates (day + 60) so that no real person's number is imitated.
ORGNR_PREFIX = {"AB": "559", "HB": "969", "KB": "969", "EK": "769", "OFF": "212"}
NAME_SUFFIX = {"AB": " AB", "HB": " HB", "KB": " KB", "EK": " ek. för.", "EF": "", "OFF": ""}

OPT_OUT_SHARE = 0.02
NO_EMAIL_SHARE = 0.04
#: Share of companies with ten or more employees that have workplaces elsewhere.
WORKPLACE_SHARE = 0.2

#: Industries: SNI 2007 code and the word used in synthetic names.
INDUSTRIES = (
    ("41200", "Bygg"),
    ("43320", "Snickeri"),
    ("43210", "El"),
    ("43221", "VVS"),
    ("45200", "Bilverkstad"),
    ("47111", "Livs"),
    ("56100", "Restaurang"),
    ("62010", "IT-konsult"),
    ("69201", "Redovisning"),
    ("71121", "Teknikkonsult"),
    ("25620", "Verkstad"),
    ("49410", "Åkeri"),
    ("86230", "Tandvård"),
    ("96021", "Frisör"),
    ("01110", "Lantbruk"),
    ("02200", "Skogsentreprenad"),
    ("68204", "Fastigheter"),
    ("55101", "Hotell"),
    ("70220", "Managementkonsult"),
    ("81210", "Städ"),
)
PUBLIC_BODIES = (("84110", "Förvaltning"), ("85100", "Förskola"), ("87301", "Omsorg"))

_ASCII = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", " ": "-", ".": ""})


def luhn_complete(payload: np.ndarray) -> np.ndarray:
    """Append the Luhn check digit to 9-digit numbers; returns 10-digit strings.

    Vectorised equivalent of ``payload + stdnum.luhn.calc_check_digit(payload)``.

    Examples
    --------
    >>> luhn_complete(np.array([556036079])).tolist()
    ['5560360793']
    """
    numbers = np.asarray(payload, dtype="int64")
    digits = (numbers[:, None] // 10 ** np.arange(8, -1, -1)) % 10
    check = luhn_check_digits(digits)
    return np.char.add(np.char.zfill(numbers.astype(str), 9), check.astype(str))


def _payloads(legal_form: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Distinct 9-digit payloads in each legal form's number series."""
    payload = np.zeros(len(legal_form), dtype="int64")
    for form, prefix in ORGNR_PREFIX.items():
        rows = np.flatnonzero(legal_form == form)
        if form == "KB":
            continue  # shares the HB series, drawn together below
        if form == "HB":
            rows = np.flatnonzero(np.isin(legal_form, ["HB", "KB"]))
        serial = rng.choice(1_000_000, size=len(rows), replace=False)
        payload[rows] = int(prefix) * 1_000_000 + serial
    sole = np.flatnonzero(legal_form == "EF")
    # YYMMDD with DD + 60 (a co-ordination number) and a three-digit serial.
    drawn = rng.choice(40 * 365 * 1_000, size=len(sole), replace=False)
    born = pd.Timestamp("1950-01-01") + pd.to_timedelta(drawn // 1_000, unit="D")
    date = (born.year % 100) * 10_000 + born.month * 100 + born.day + 60
    payload[sole] = date.to_numpy() * 1_000 + drawn % 1_000
    return payload


def _employees(legal_form: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Employees per head office: many without staff, a long tail of large firms."""
    n = len(legal_form)
    staffed = rng.random(n) < np.where(legal_form == "EF", 0.2, 0.75)
    size = np.floor(np.exp(rng.normal(1.2, 1.35, n))).astype("int64") + 1
    employees = np.where(staffed, np.minimum(size, 4_000), 0)
    employees = np.where(legal_form == "EF", np.minimum(employees, 4), employees)
    public = legal_form == "OFF"
    return np.where(public, rng.integers(15, 600, n), employees)


def _turnover(employees: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Turnover in SEK: about 1.6 million per employee; firms without staff near 400,000."""
    per_head = np.exp(rng.normal(np.log(1_600_000), 0.5, len(employees)))
    alone = np.exp(rng.normal(np.log(420_000), 0.8, len(employees)))
    turnover = np.where(employees > 0, employees * per_head, alone)
    return np.round(turnover, -3).astype("int64")


def synthetic_register(
    kommunkoder: Iterable[str],
    *,
    seed: int = 20230920,
    scale: float = 1.0,
) -> pd.DataFrame:
    """A made-up company register for the given municipalities.

    Parameters
    ----------
    kommunkoder : iterable of str
        Municipality codes that get head offices (and workplaces of each other's firms).
    seed : int
        Everything is drawn from one ``numpy.random.default_rng(seed)``; the same codes,
        seed and scale give an identical register.
    scale : float
        Multiplies the number of companies (``COMPANIES_PER_INHABITANT`` × population,
        at least ``MIN_COMPANIES``); small values make small registers for tests.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`~foretagsklimat.sampling.REGISTER_COLUMNS` with the types
        :func:`~foretagsklimat.sampling.read_register` returns: ``orgnr`` as 10 digits
        with a valid check digit, ``employees``/``turnover_sek`` int64, ``opt_out`` bool.
        About 1 % public bodies (``OFF``), 22 % sole traders (``EF``), 2 % opted out;
        a fifth of the firms with ten or more employees have workplaces in one to three
        of the other municipalities (and a few in their own).

    Examples
    --------
    >>> register = synthetic_register(["2181"], seed=1, scale=0.1)
    >>> register.columns.tolist() == list(REGISTER_COLUMNS)
    True
    >>> bool(register["orgnr"].str.fullmatch(r"\\d{10}").all())
    True
    """
    codes = sorted(set(kommunkoder))
    reference = municipalities().set_index("kommunkod")
    unknown = [c for c in codes if c not in reference.index]
    if unknown:
        raise ValueError(f"synthetic_register: unknown municipality codes {unknown}")
    rng = np.random.default_rng(seed)
    population = reference.loc[codes, "folkmangd_2024"].to_numpy(dtype=float)
    counts = np.maximum(
        np.round(scale * COMPANIES_PER_INHABITANT * population), MIN_COMPANIES
    ).astype("int64")
    kommunkod = np.repeat(np.array(codes, dtype=object), counts)
    names = reference.loc[codes, "kommunnamn"].to_numpy(dtype=object)
    kommun = np.repeat(names, counts)
    n = len(kommunkod)

    forms = np.array(list(LEGAL_FORM_SHARES))
    legal_form = rng.choice(forms, size=n, p=list(LEGAL_FORM_SHARES.values()))
    orgnr = luhn_complete(_payloads(legal_form, rng)).astype(object)
    employees = _employees(legal_form, rng)
    turnover = _turnover(employees, rng)

    industry = rng.integers(0, len(INDUSTRIES), n)
    public = legal_form == "OFF"
    sni = np.where(
        public,
        np.array([s for s, _ in PUBLIC_BODIES])[industry % len(PUBLIC_BODIES)],
        np.array([s for s, _ in INDUSTRIES])[industry],
    )
    word = np.where(
        public,
        np.array([w for _, w in PUBLIC_BODIES])[industry % len(PUBLIC_BODIES)],
        np.array([w for _, w in INDUSTRIES])[industry],
    )
    serial = pd.Series(kommunkod).groupby(kommunkod).cumcount().to_numpy() + 1
    base = (
        "Demo "
        + pd.Series(word, dtype="str")
        + " "
        + pd.Series(kommun)
        + " "
        + pd.Series(serial).astype(str).str.zfill(4)
    )
    name = base + pd.Series(legal_form).map(NAME_SUFFIX)
    name = name.where(~public, base.str.replace("Demo ", "Demokommunens ", n=1))
    slug = base.str.lower().str.translate(_ASCII)
    email = ("kontakt@" + slug + ".example.com").where(rng.random(n) >= NO_EMAIL_SHARE, "")
    street = rng.integers(1, 120, n).astype(str)
    address = "Exempelvägen " + pd.Series(street) + ", " + pd.Series(kommun)
    opt_out = (rng.random(n) < OPT_OUT_SHARE) & ~public

    heads = pd.DataFrame(
        {
            "orgnr": orgnr,
            "name": name.to_numpy(dtype=object),
            "legal_form": legal_form.astype(object),
            "sni": sni.astype(object),
            "employees": employees,
            "turnover_sek": turnover,
            "kommunkod": kommunkod,
            "site_type": "head_office",
            "email": email.to_numpy(dtype=object),
            "postal_address": address.to_numpy(dtype=object),
            "opt_out": opt_out,
        }
    )
    workplaces = _workplaces(heads, codes, rng)
    register = pd.concat([heads, workplaces], ignore_index=True)
    register = register.sort_values(["kommunkod", "orgnr", "site_type"], ignore_index=True)
    return register[list(REGISTER_COLUMNS)].astype(
        {"employees": "int64", "turnover_sek": "int64", "opt_out": bool}
    )


def _workplaces(heads: pd.DataFrame, codes: list[str], rng: np.random.Generator) -> pd.DataFrame:
    """Workplaces of larger private firms: mostly in other municipalities of ``codes``."""
    private = heads["legal_form"] != "OFF"
    candidates = heads[private & (heads["employees"] >= 10)]
    owners = candidates[rng.random(len(candidates)) < WORKPLACE_SHARE]
    if owners.empty:
        return heads.iloc[0:0]
    per_owner = rng.integers(1, 4, len(owners))
    sites = owners.loc[owners.index.repeat(per_owner)].reset_index(drop=True)
    # A workplace goes to a random municipality of the list; a few land in the head
    # office's own municipality (kept out of the frame by the sampling rules).
    sites["kommunkod"] = rng.choice(np.array(codes, dtype=object), size=len(sites))
    sites["site_type"] = "workplace"
    sites["employees"] = np.maximum(
        1, np.round(sites["employees"].to_numpy() * rng.uniform(0.1, 0.6, len(sites)))
    ).astype("int64")
    sites["turnover_sek"] = 0
    return sites.drop_duplicates(["orgnr", "kommunkod", "site_type"])
