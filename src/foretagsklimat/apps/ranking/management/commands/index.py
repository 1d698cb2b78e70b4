"""``foretagsklimat index``: a composite index from COINr's tables (no database needed).

The command is :mod:`foretagsklimat.terminal.index`, which ``cli.py`` runs without
Django; this is the same command for ``call_command`` and Django's command list.
"""

from __future__ import annotations

from foretagsklimat.terminal.index import Index
from foretagsklimat.web.commands import TerminalCommand


class Command(Index, TerminalCommand):
    pass
