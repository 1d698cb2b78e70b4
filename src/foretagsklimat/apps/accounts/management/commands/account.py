"""``foretagsklimat account``: user accounts and site-wide roles from the command line.

    foretagsklimat account add NAME [--operator] [--email E]   (asks for the password)
    foretagsklimat account operator NAME --grant|--revoke
    foretagsklimat account unlock NAME                         (lifts a login lock-out)
    foretagsklimat account list

The password is read from FORETAGSKLIMAT_NEW_PASSWORD when set (for scripts), otherwise
asked for twice without echo, and checked against the password validators.
"""

from __future__ import annotations

import getpass
import os
from typing import Any

from axes.utils import reset
from django.contrib.auth.models import Group, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from foretagsklimat.apps.accounts.roles import (
    SURVEY_OPERATOR,
    ensure_role_groups,
    is_survey_operator,
)

PASSWORD_VARIABLE = "FORETAGSKLIMAT_NEW_PASSWORD"


class Command(BaseCommand):
    help = "User accounts: add, grant or revoke the survey operator role, unlock, list."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="create a user account")
        add.add_argument("username")
        add.add_argument("--email", default="")
        add.add_argument("--operator", action="store_true", help="give the survey operator role")
        role = actions.add_parser("operator", help="grant or revoke the survey operator role")
        role.add_argument("username")
        which = role.add_mutually_exclusive_group(required=True)
        which.add_argument("--grant", action="store_true")
        which.add_argument("--revoke", action="store_true")
        unlock = actions.add_parser("unlock", help="lift a lock-out after failed logins")
        unlock.add_argument("username")
        actions.add_parser("list", help="list accounts and their roles")

    def handle(self, *args: Any, **options: Any) -> None:
        ensure_role_groups()
        action = options["action"]
        if action == "add":
            self._add(options["username"], options["email"], options["operator"])
        elif action == "operator":
            user = self._user(options["username"])
            group = Group.objects.get(name=SURVEY_OPERATOR)
            if options["grant"]:
                user.groups.add(group)
                self.stdout.write(self.style.SUCCESS(f"{user.username} är nu enkätoperatör."))
            else:
                user.groups.remove(group)
                self.stdout.write(
                    self.style.SUCCESS(f"{user.username} är inte längre enkätoperatör.")
                )
        elif action == "unlock":
            removed = reset(username=options["username"])
            self.stdout.write(
                f"Spärren hävd för {options['username']} ({removed} försök raderade)."
            )
        else:
            for user in User.objects.order_by("username"):
                role = "enkätoperatör" if is_survey_operator(user) else ""
                state = "" if user.is_active else " (inaktiv)"
                self.stdout.write(f"{user.username}{state}\t{role}")

    def _user(self, username: str) -> User:
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist as error:
            raise CommandError(f"Det finns inget konto som heter {username!r}.") from error

    def _add(self, username: str, email: str, operator: bool) -> None:
        if User.objects.filter(username=username).exists():
            raise CommandError(f"Kontot {username!r} finns redan.")
        user = User(username=username, email=email)
        password = os.environ.get(PASSWORD_VARIABLE) or self._ask_password()
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("Lösenordet duger inte: " + " ".join(error.messages)) from error
        user.set_password(password)
        user.save()
        if operator:
            user.groups.add(Group.objects.get(name=SURVEY_OPERATOR))
        role = " med rollen enkätoperatör" if operator else ""
        self.stdout.write(self.style.SUCCESS(f"Kontot {username} skapades{role}."))

    def _ask_password(self) -> str:
        first = getpass.getpass("Lösenord: ")
        if first != getpass.getpass("Lösenord igen: "):
            raise CommandError("Lösenorden är olika.")
        return first
