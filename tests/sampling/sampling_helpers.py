"""Build registers for the sampling tests (a uniquely named module, not conftest)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from stdnum import luhn

from foretagsklimat.sampling.register import REGISTER_COLUMNS


def orgnr(serial: int, prefix: str = "55") -> str:
    """A valid 10-digit organisation number: prefix + 7 digits + Luhn check digit."""
    body = f"{prefix}{serial:07d}"
    return body + luhn.calc_check_digit(body)


def company(serial: int, **values: object) -> dict[str, object]:
    """One register row as a reader returns it; keyword arguments override defaults."""
    row: dict[str, object] = {
        "orgnr": orgnr(serial),
        "name": f"Företag {serial} AB",
        "legal_form": "AB",
        "sni": "62010",
        "employees": 5,
        "turnover_sek": 4_000_000,
        "kommunkod": "2181",
        "site_type": "head_office",
        "email": f"info{serial}@example.se",
        "postal_address": "Storgatan 1, 811 30 Sandviken",
        "opt_out": False,
    }
    row.update(values)
    return row


def register(rows: list[dict[str, object]]) -> pd.DataFrame:
    """A canonical register frame from rows made by :func:`company`."""
    frame = pd.DataFrame(rows, columns=list(REGISTER_COLUMNS))
    frame["employees"] = frame["employees"].astype("int64")
    frame["turnover_sek"] = frame["turnover_sek"].astype("int64")
    frame["opt_out"] = frame["opt_out"].astype(bool)
    return frame


def companies(kommunkod: str, count: int, start: int = 0, **values: object) -> list[dict]:
    """``count`` head offices in one municipality with serials from ``start``."""
    return [company(start + i, kommunkod=kommunkod, **values) for i in range(count)]


def write_csv(path: Path, rows: list[dict[str, object]]) -> Path:
    """Write register rows as text, the way a person would save them (true/false)."""
    frame = pd.DataFrame(rows, columns=list(REGISTER_COLUMNS))
    frame["opt_out"] = frame["opt_out"].map(lambda v: str(v).lower())
    frame.to_csv(path, index=False)
    return path
