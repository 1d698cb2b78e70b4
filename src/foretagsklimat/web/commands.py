"""A body from :mod:`foretagsklimat.terminal` as a Django management command.

``class Command(Index, TerminalCommand)`` is the ``index`` management command: the
same options, help and output as ``foretagsklimat index`` run without Django, for
``call_command`` and ``foretagsklimat help``; the body's errors become Django's
:class:`~django.core.management.base.CommandError` with the same message and exit code.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from foretagsklimat.terminal import command


class TerminalCommand(BaseCommand):
    def execute(self, *args: Any, **options: Any) -> str | None:
        try:
            return super().execute(*args, **options)
        except command.CommandError as error:
            raise CommandError(str(error), returncode=error.returncode) from None
