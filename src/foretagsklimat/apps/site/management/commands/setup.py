"""``foretagsklimat setup [--demo]``: create or migrate the database, load reference data."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from foretagsklimat.apps.reference.services import load_reference_data
from foretagsklimat.apps.site.demo.accounts import (
    PASSWORD_VARIABLE,
    demo_password,
    ensure_operator_account,
)
from foretagsklimat.apps.site.demo.published import demo_loaded, load_demo
from foretagsklimat.apps.site.demo.survey_round import RealDataPresent, demo_round, load_demo_round
from foretagsklimat.apps.site.demo.workspace import ensure_workspace_demo
from foretagsklimat.apps.site.demo.workspace_goals import ensure_goals_demo
from foretagsklimat.apps.site.demo.workspace_support import ensure_support_demo
from foretagsklimat.terminal.console import progress_bar

DEMO_YEARS = range(2014, 2025)


class Command(BaseCommand):
    help = "Create or migrate the database and load the reference data (and the demo data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--demo", action="store_true", help="also load the synthetic demo data 2014–2024"
        )
        parser.add_argument(
            "--years",
            default=f"{DEMO_YEARS.start}-{DEMO_YEARS.stop - 1}",
            help="demo years as FIRST-LAST (default %(default)s)",
        )
        parser.add_argument("--seed", type=int, default=None, help="demo data seed")
        parser.add_argument(
            "--force", action="store_true", help="regenerate the demo even if it is loaded"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        count = load_reference_data()
        self.stdout.write(f"Databasen är klar: {count} kommuner.")
        if not options["demo"]:
            return
        first, _, last = options["years"].partition("-")
        years = range(int(first), int(last or first) + 1)
        if demo_loaded(years) and not options["force"] and options["seed"] is None:
            self.stdout.write("Demodata (syntetiska) finns redan; inget att göra.")
            if demo_round(years.stop) is None:
                self.demo_round(years.stop, options["seed"])
            self.demo_accounts()
            return
        with progress_bar() as bar:
            tasks: dict[str, Any] = {}

            def report(step: str, done: int, total: int) -> None:
                # The generator names each of its steps; they share one bar whose label
                # follows the step. Storing and ranking get bars of their own.
                key = step if step in {"Sparar enkätsvar", "Rankar"} else "generate"
                if key not in tasks:
                    tasks[key] = bar.add_task(step, total=total)
                bar.update(tasks[key], completed=done, total=total, description=step)

            load_demo(years, seed=options["seed"], report=report)
        self.stdout.write(
            self.style.SUCCESS(
                f"Syntetiska demodata laddade för {years.start}–{years.stop - 1}. "
                "Alla siffror är påhittade."
            )
        )
        self.demo_round(years.stop, options["seed"])
        self.demo_accounts()

    def demo_accounts(self) -> None:
        """The demo's accounts and workspaces, with the password from the environment or new."""
        password, generated = demo_password()
        operator = ensure_operator_account(password)
        workspace_accounts = ensure_workspace_demo(password)
        ensure_support_demo()
        ensure_goals_demo()
        where = f"lösenord: {password}" if generated else f"lösenordet i {PASSWORD_VARIABLE}"
        self.stdout.write(f"Demokonton (logga in på /konto/logga-in/, {where}):")
        self.stdout.write(f"  {operator.username}  enkätoperatör för demoenkäten")
        for username in workspace_accounts:
            self.stdout.write(f"  {username}  arbetsyta /arbetsyta/")

    def demo_round(self, year: int, seed: int | None) -> None:
        """The open synthetic survey round after the demo years (replaced when reloaded)."""
        try:
            loaded = load_demo_round(seed, year=year)
        except RealDataPresent as error:
            self.stdout.write(self.style.WARNING(str(error)))
            return
        self.stdout.write(
            f"Demoenkät {year} (syntetisk, pågår): {loaded.invitations} personliga länkar i "
            f"Gävleborgs län, {loaded.answered} besvarade ({loaded.seconds:.1f} s). "
            "Prova enkäten på /enkat/demo/; operatörsvyn /enkat/"
            f"{year}/ kräver inloggning som enkatoperator."
        )
