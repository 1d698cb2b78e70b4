#!/usr/bin/env bash
# The interface's translations: src/foretagsklimat/locale/en/LC_MESSAGES/django.po is the
# one file a translator edits (Swedish msgid, English msgstr). This script brings it up to
# date with the strings marked in the code and templates, then compiles django.mo.
#   1. bash scripts/messages.sh          new strings appear with an empty msgstr
#   2. translate them in django.po       (clear any "fuzzy" flag once checked)
#   3. bash scripts/messages.sh          compiles; tests/web/test_translations.py checks it
# Needs GNU gettext (Debian package gettext).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
ensure_venv "test,dev"
cd src/foretagsklimat
export DJANGO_SETTINGS_MODULE=foretagsklimat.web.settings
# The site's makemessages also collects N_("…"): the importers' message templates
# (apps/site/management/commands/makemessages.py).
django-admin makemessages --locale en --no-obsolete
django-admin compilemessages --locale en
python - <<'PY'
import polib

catalogue = polib.pofile("locale/en/LC_MESSAGES/django.po")
todo = catalogue.untranslated_entries() + catalogue.fuzzy_entries()
for entry in todo:
    print(f"to translate: {entry.msgid}")
print(f"{len(catalogue)} strings, {len(todo)} to translate.")
PY
