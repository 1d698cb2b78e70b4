"""The catalogue of every survey question and statistic a methodology may rank."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files
from typing import Any

__all__ = ["CATALOGUE_FILE", "PACKAGE_DIR", "load_catalogue"]

PACKAGE_DIR = files("foretagsklimat") / "methodologies"
CATALOGUE_FILE = "catalogue.toml"


@cache
def _catalogue() -> dict[str, dict[str, dict[str, Any]]]:
    with (PACKAGE_DIR / CATALOGUE_FILE).open("rb") as fh:
        raw = tomllib.load(fh)
    return {
        "questions": {q["code"]: q for q in raw.get("questions", [])},
        "statistics": {s["code"]: s for s in raw.get("statistics", [])},
    }


def load_catalogue() -> dict[str, dict[str, dict[str, Any]]]:
    """The question and statistic catalogue, keyed by code.

    Returns
    -------
    dict
        ``{"questions": {code: entry}, "statistics": {code: entry}}``; each entry has at
        least ``code``, ``label_sv`` and ``label_en``.

    Examples
    --------
    >>> cat = load_catalogue()
    >>> "overall_grade" in cat["questions"], "municipal_tax" in cat["statistics"]
    (True, True)
    """
    cat = _catalogue()
    return {kind: dict(entries) for kind, entries in cat.items()}
