"""The English catalogue is complete, compiled, and holds exactly the interface's strings.

``src/foretagsklimat/locale/en/LC_MESSAGES/django.po`` is the one source of the English
interface; ``scripts/messages.sh`` updates and compiles it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "foretagsklimat"
PO = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


@pytest.fixture(scope="module")
def catalogue() -> polib.POFile:
    return polib.pofile(str(PO))


def _key(entry: polib.POEntry | polib.MOEntry) -> tuple[str | None, str]:
    return entry.msgctxt, entry.msgid


def test_every_string_has_a_checked_english_translation(catalogue: polib.POFile) -> None:
    missing = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not missing, f"untranslated in {PO.name}: {missing[:10]}"
    assert not fuzzy, f"fuzzy (guessed, unchecked) in {PO.name}: {fuzzy[:10]}"
    assert not catalogue.obsolete_entries(), "obsolete entries: run scripts/messages.sh"


def test_translations_keep_every_placeholder_of_the_swedish(catalogue: polib.POFile) -> None:
    if shutil.which("msgfmt") is None:
        pytest.fail("GNU gettext's msgfmt is needed (Debian package gettext)")
    checked = subprocess.run(
        ["msgfmt", "--check-format", "--output-file=/dev/null", str(PO)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr


def test_the_compiled_catalogue_is_the_po_file(catalogue: polib.POFile) -> None:
    compiled = {_key(e): (e.msgstr, e.msgstr_plural) for e in polib.mofile(str(MO)) if e.msgid}
    source = {
        _key(e): (e.msgstr, e.msgstr_plural) for e in catalogue.translated_entries() if e.msgid
    }
    assert compiled == source, "django.mo is out of date: run scripts/messages.sh"


def test_the_catalogue_holds_exactly_the_strings_the_code_marks(
    catalogue: polib.POFile, tmp_path: Path
) -> None:
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext's xgettext is needed (Debian package gettext)")
    copy = tmp_path / "foretagsklimat"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "--locale", "en", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "foretagsklimat.web.settings",
        },
    )
    marked = {_key(e) for e in polib.pofile(str(copy / PO.relative_to(PACKAGE))) if e.msgid}
    held = {_key(e) for e in catalogue if e.msgid}
    assert not marked - held, f"new strings, run scripts/messages.sh: {sorted(marked - held)[:10]}"
    assert not held - marked, f"strings no longer used: {sorted(held - marked)[:10]}"
