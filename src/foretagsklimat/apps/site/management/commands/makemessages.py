"""Django's makemessages, also collecting ``N_("…")``: the importers mark their message
templates so, having no Django to translate them (``foretagsklimat.importers.errors.N_``);
the web application translates them when it shows an import's problems."""

from __future__ import annotations

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=N_"]
