"""Refactoring never changes a published number.

A small demo (two years, the second with council members) is loaded and published the way
``setup --demo`` does it; every stored table of every run, the JSON API's answers built
from them and the politicians' comparison must equal, bit for bit, the fingerprint
recorded in ``tests/data/published_fingerprint.json``.

When a change is *meant* to alter published numbers (a new methodology version, a fixed
bug), record the new fingerprint deliberately and say why in the commit::

    FORETAGSKLIMAT_RECORD_FINGERPRINT=1 pytest tests/site/test_published_numbers.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.fingerprint import differences, published_fingerprint

RECORDED = Path(__file__).resolve().parents[1] / "data" / "published_fingerprint.json"
#: 2024 has council members' answers and a change interval from 2023.
YEARS = (2023, 2024)


@pytest.mark.slow
@pytest.mark.django_db
def test_the_demo_publishes_exactly_the_recorded_numbers() -> None:
    from foretagsklimat.apps.site.demo.published import load_demo

    load_demo(YEARS)
    actual = published_fingerprint()
    if os.environ.get("FORETAGSKLIMAT_RECORD_FINGERPRINT") == "1":
        RECORDED.write_text(json.dumps(actual, indent=1, sort_keys=True) + "\n")
    expected = json.loads(RECORDED.read_text())
    changed = differences(expected, actual)
    assert not changed, "published numbers differ from the recorded ones:\n" + "\n".join(
        changed[:40]
    )
