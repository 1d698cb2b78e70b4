"""A command run as Django's ``BaseCommand.run_from_argv`` runs it, without Django.

Importing Django and the project (every app, the API's schemas, the URL configuration
for the system checks) takes seconds; a command that reads two CSV files needs none of
it. :class:`Command` gives such a command what ``BaseCommand`` gives a management
command, the same way, so that ``foretagsklimat index …`` behaves identically whichever
runs it:

* the parser: ``prog`` ``foretagsklimat NAME``, the command's ``help`` as description,
  Django's common options (``--version``, ``-v``, ``--settings``, ``--pythonpath``,
  ``--traceback``, ``--no-color``, ``--force-color``, ``--skip-checks``) listed after
  the command's own, as Django's help formatter lists them;
* ``self.stdout.write`` / ``self.stderr.write`` adding the newline as Django's output
  wrapper does (standard error in bold red when both streams are a terminal);
* a :class:`CommandError` printed as ``CommandError: message`` on standard error with
  exit code 1 (the whole traceback with ``--traceback``), a bad option as argparse's
  usage and exit code 2.

``tests/web/test_analysis_commands.py`` compares the help with the management
command's, so a change in either shows.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable
from typing import IO, Any

__all__ = ["Command", "CommandError", "CommandParser", "HelpFormatter", "OutputWrapper"]

#: Django's options common to every command, shown after the command's own.
COMMON_OPTIONS = {
    "--version",
    "--verbosity",
    "--traceback",
    "--settings",
    "--pythonpath",
    "--no-color",
    "--force-color",
    "--skip-checks",
}


class CommandError(Exception):
    """A problem the user can fix: printed as one line, exit code ``returncode``."""

    def __init__(self, *args: Any, returncode: int = 1) -> None:
        self.returncode = returncode
        super().__init__(*args)


class HelpFormatter(argparse.HelpFormatter):
    """The command's own options first, the common ones last (Django's formatter)."""

    def _reordered_actions(self, actions: Iterable[argparse.Action]) -> list[argparse.Action]:
        return sorted(actions, key=lambda a: set(a.option_strings) & COMMON_OPTIONS != set())

    def add_usage(self, usage: Any, actions: Iterable[argparse.Action], *args: Any) -> None:
        super().add_usage(usage, self._reordered_actions(actions), *args)

    def add_arguments(self, actions: Iterable[argparse.Action]) -> None:
        super().add_arguments(self._reordered_actions(actions))


class CommandParser(argparse.ArgumentParser):
    """Argparse's errors on the command line; a :class:`CommandError` when called."""

    def __init__(self, *, called_from_command_line: bool = False, **kwargs: Any) -> None:
        self.called_from_command_line = called_from_command_line
        super().__init__(**kwargs)

    def error(self, message: str) -> Any:
        if self.called_from_command_line:
            super().error(message)
        raise CommandError(f"Error: {message}")


class _Version(argparse.Action):
    """``--version``: Django's version, as a management command prints it."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any) -> None:
        from importlib.metadata import version

        parser.exit(message=f"{version('Django')}\n")


def _bold_red(text: str) -> str:
    return f"\x1b[31;1m{text}\x1b[0m"


class OutputWrapper:
    """``write(msg, ending=None)`` as Django's: the ending added unless already there."""

    def __init__(self, out: IO[str], style_func: Callable[[str], str] | None = None) -> None:
        self._out = out
        self.style_func = style_func if style_func and self.isatty() else None
        self.ending = "\n"

    def isatty(self) -> bool:
        return hasattr(self._out, "isatty") and self._out.isatty()

    def flush(self) -> None:
        self._out.flush()

    def write(self, msg: str = "", style_func: Any = None, ending: str | None = None) -> None:
        ending = self.ending if ending is None else ending
        if ending and not msg.endswith(ending):
            msg += ending
        style = style_func or self.style_func
        self._out.write(style(msg) if style else msg)


def _colours() -> bool:
    # Django colours standard error only when standard output is a terminal too.
    tty = hasattr(sys.stdout, "isatty") and sys.stdout.isatty()
    return tty and sys.platform != "win32" and os.environ.get("DJANGO_COLORS") != "nocolor"


class Command:
    """Runs a command (``help``, ``add_arguments(parser)``, ``handle(**options)``).

    A command's body is a plain class that both runners take: ``class Command(Body,
    command.Command)`` runs it without Django (:meth:`run_from_argv`), and the
    management command of the same name is ``class Command(Body, TerminalCommand)``
    (``foretagsklimat.web.commands``), Django's ``BaseCommand`` turning this module's
    :class:`CommandError` into Django's.
    """

    help = ""
    requires_system_checks: Any = "__all__"

    def __init__(self, stdout: IO[str] | None = None, stderr: IO[str] | None = None) -> None:
        self.stdout = OutputWrapper(stdout or sys.stdout)
        self.stderr = OutputWrapper(stderr or sys.stderr, _bold_red if _colours() else None)

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The command's own options."""

    def handle(self, *args: Any, **options: Any) -> str | None:
        raise NotImplementedError

    def create_parser(self, prog_name: str, subcommand: str) -> CommandParser:
        parser = CommandParser(
            prog=f"{os.path.basename(prog_name)} {subcommand}",
            description=self.help or None,
            called_from_command_line=True,
            formatter_class=HelpFormatter,
        )
        parser.add_argument(
            "--version", action=_Version, help="Show program's version number and exit."
        )
        parser.add_argument(
            "-v",
            "--verbosity",
            default=1,
            type=int,
            choices=[0, 1, 2, 3],
            help=(
                "Verbosity level; 0=minimal output, 1=normal output, 2=verbose output, "
                "3=very verbose output"
            ),
        )
        parser.add_argument(
            "--settings",
            help=(
                "The Python path to a settings module, e.g. "
                '"myproject.settings.main". If this isn\'t provided, the '
                "DJANGO_SETTINGS_MODULE environment variable will be used."
            ),
        )
        parser.add_argument(
            "--pythonpath",
            help=('A directory to add to the Python path, e.g. "/home/djangoprojects/myproject".'),
        )
        parser.add_argument(
            "--traceback",
            action="store_true",
            help="Display a full stack trace on CommandError exceptions.",
        )
        parser.add_argument(
            "--no-color", action="store_true", help="Don't colorize the command output."
        )
        parser.add_argument(
            "--force-color", action="store_true", help="Force colorization of the command output."
        )
        if self.requires_system_checks:
            parser.add_argument("--skip-checks", action="store_true", help="Skip system checks.")
        self.add_arguments(parser)
        return parser

    def parse(self, argv: list[str]) -> dict[str, Any]:
        """``argv`` (``[prog, name, *options]``) as the options ``handle`` receives."""
        options = vars(self.create_parser(argv[0], argv[1]).parse_args(argv[2:]))
        if options["settings"]:
            os.environ["DJANGO_SETTINGS_MODULE"] = options["settings"]
        if options["pythonpath"]:
            sys.path.insert(0, options["pythonpath"])
        return options

    def run_from_argv(self, argv: list[str], options: dict[str, Any] | None = None) -> None:
        """Run as ``foretagsklimat NAME …`` would: errors to stderr and an exit code."""
        options = self.parse(argv) if options is None else options
        try:
            if options["force_color"] and options["no_color"]:
                raise CommandError(
                    "The --no-color and --force-color options can't be used together."
                )
            if options["no_color"]:
                self.stderr.style_func = None
            output = self.handle(**options)
            if output:
                self.stdout.write(output)
        except CommandError as error:
            if options["traceback"]:
                raise
            self.stderr.write(f"{error.__class__.__name__}: {error}")
            sys.exit(error.returncode)
