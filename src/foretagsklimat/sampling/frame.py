"""The sampling frame: which register rows may be sent a questionnaire, and why not.

The published rules (METHODOLOGY.md §2): private firms with their head office in the
municipality; workplaces with more than 25 employees even if the head office is
elsewhere; firms without employees only with a turnover of at least 300,000 SEK; never
a public body, never a company that opted out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .register import PUBLIC_BODY

#: A workplace away from the head office is in the frame only above this many employees.
WORKPLACE_MIN_EMPLOYEES = 25
#: A company without employees is in the frame only with at least this turnover (SEK).
MIN_TURNOVER_WITHOUT_EMPLOYEES = 300_000

#: Why a register row is not in the frame, in the order the rules are checked; a row
#: gets the first reason that applies.
FRAME_REASONS = {
    "public_body": "legal form OFF: a public body is never a private company",
    "opted_out": "the company (any of its rows) has opted out of surveys",
    "workplace_in_head_office_municipality": (
        "a workplace in the municipality of the company's own head office; the company "
        "is in that municipality's frame once, through its head office"
    ),
    "workplace_25_or_fewer": "a workplace (not the head office) with 25 employees or fewer",
    "no_employees_low_turnover": "no employees and a turnover below 300,000 SEK",
}

EXCLUSION_COLUMNS = ("orgnr", "kommunkod", "site_type", "reason")


def frame_reasons(register: pd.DataFrame) -> pd.Series:
    """The frame reason for every register row ("" for rows in the frame).

    Vectorised: one boolean mask per rule, the first matching rule wins.
    """
    workplace = register["site_type"] == "workplace"
    head_office_sites = register.loc[~workplace, ["orgnr", "kommunkod"]]
    at_head_office = pd.MultiIndex.from_frame(register[["orgnr", "kommunkod"]]).isin(
        pd.MultiIndex.from_frame(head_office_sites)
    )
    rules = {
        "public_body": register["legal_form"] == PUBLIC_BODY,
        "opted_out": register.groupby("orgnr")["opt_out"].transform("any").astype(bool),
        "workplace_in_head_office_municipality": workplace & at_head_office,
        "workplace_25_or_fewer": workplace & (register["employees"] <= WORKPLACE_MIN_EMPLOYEES),
        "no_employees_low_turnover": (register["employees"] == 0)
        & (register["turnover_sek"] < MIN_TURNOVER_WITHOUT_EMPLOYEES),
    }
    reasons = np.select(
        [mask.to_numpy(dtype=bool) for mask in rules.values()], list(rules), default=""
    )
    return pd.Series(reasons, index=register.index, dtype=str)


def sampling_frame(register: pd.DataFrame, year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split a register into the sampling frame of a survey round and its exclusions.

    Parameters
    ----------
    register : pandas.DataFrame
        A register as returned by :func:`~foretagsklimat.sampling.read_register`.
    year : int
        The survey round; recorded in the ``year`` column of both results.

    Returns
    -------
    frame : pandas.DataFrame
        The eligible rows (the register's columns plus ``year``), sorted by
        ``kommunkod``, ``orgnr`` and ``site_type``. Each row is one sampling unit: a
        company at its head office or one of its large workplaces.
    exclusions : pandas.DataFrame
        ``orgnr``, ``kommunkod``, ``site_type``, ``reason`` (a key of
        :data:`FRAME_REASONS`) and ``year`` for every other row.

    Examples
    --------
    >>> import pandas as pd
    >>> register = pd.DataFrame({
    ...     "orgnr": ["5560360793", "2120000142"], "name": ["A", "B"],
    ...     "legal_form": ["AB", "OFF"], "sni": ["", ""], "employees": [3, 900],
    ...     "turnover_sek": [2_000_000, 0], "kommunkod": ["2181", "2181"],
    ...     "site_type": ["head_office", "head_office"], "email": ["", ""],
    ...     "postal_address": ["", ""], "opt_out": [False, False]})
    >>> frame, exclusions = sampling_frame(register, 2025)
    >>> frame["orgnr"].tolist(), exclusions["reason"].tolist()
    (['5560360793'], ['public_body'])
    """
    reasons = frame_reasons(register)
    keep = (reasons == "").to_numpy()
    order = ["kommunkod", "orgnr", "site_type"]
    frame = register[keep].assign(year=int(year)).sort_values(order).reset_index(drop=True)
    exclusions = (
        register.loc[~keep, ["orgnr", "kommunkod", "site_type"]]
        .assign(reason=reasons[~keep], year=int(year))
        .sort_values(order)
        .reset_index(drop=True)
    )
    return frame, exclusions
