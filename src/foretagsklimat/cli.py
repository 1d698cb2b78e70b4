"""The ``foretagsklimat`` command: the project's own commands plus Django's.

``foretagsklimat setup [--demo]``, ``serve``, ``rank``, ``movers``, ``import`` and the
rest are Django management commands living in the apps; this entry point points Django at
the project's settings and prints a short overview for ``--help``.

The commands that need no database — ``index``, and ``uncertainty`` on COINr's tables
(``--data/--meta``) — run from :mod:`foretagsklimat.terminal` without importing Django
or the project's apps, with the same options, help, output and exit codes, so that they
start in a fraction of a second instead of seconds (and create nothing in the current
directory). ``uncertainty --year`` is handed to Django.
"""

from __future__ import annotations

import os
import sys

OVERVIEW = """\
usage: foretagsklimat <command> [options]

Företagsklimat — ranking and workspace for the local business climate.

Commands:
  setup [--demo]         create or migrate the database, load reference data (and the demo)
  serve [--host --port]  serve the web application (gunicorn, static files included)
  rank --year Y          rank what is stored (--methodology, --format table|csv|json|xlsx)
  movers --year Y        climbers and fallers since the year before
  import KIND FILE       import answers, factor-values, statistics or statistik-xlsx
  statistics SOURCE      fetch statistics from kolada (--kpi, --year) or scb (--table,
                         --query), or read a saved answer (--from-file; docs/importing.md)
  index                  a composite index from COINr's data and metadata tables
  uncertainty            rank uncertainty: COINr tables (methodological) or --year (survey)
  whatif                 a municipality's rank with changed factor values
  levers                 what each factor is worth and what it takes to reach a rank
  survey ACTION          survey rounds: sample, register, open, invite, remind, rates,
                         close, export (see docs/fieldwork.md)
  account ACTION         user accounts: add, operator --grant/--revoke, unlock, list
  workspace_reminders    e-mail follow-up owners what is overdue or due soon (daily)
  workspace_retention    apply the retention rules for personal data (--dry-run; daily)

'foretagsklimat <command> --help' describes a command; 'foretagsklimat help --all'
lists Django's own commands as well. The database comes from DATABASE_URL
(default: an SQLite file in ./var/).
"""


#: Commands run without Django: name → module of :mod:`foretagsklimat.terminal`.
WITHOUT_DJANGO = {"index": "index", "uncertainty": "uncertainty"}


def run_without_django(args: list[str]) -> bool:
    """Run ``args`` without Django if its command needs no database; False if it does."""
    from importlib import import_module

    module = import_module(f"foretagsklimat.terminal.{WITHOUT_DJANGO[args[0]]}")
    command = module.Command()
    argv = ["foretagsklimat", *args]
    options = command.parse(argv)
    if getattr(command, "needs_database", lambda _: False)(options):
        return False
    command.run_from_argv(argv, options)
    return True


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help"} or args == ["help"]:
        sys.stdout.write(OVERVIEW)
        return
    if args[:2] == ["help", "--all"]:
        args = ["help"]
    if args[0] in WITHOUT_DJANGO and run_without_django(args):
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foretagsklimat.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["foretagsklimat", *args])


if __name__ == "__main__":
    main()
