"""Terminal output shared by the commands: a progress bar and rich tables as text."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table


@contextmanager
def progress_bar(stderr: bool = True) -> Iterator[Progress]:
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=False,
    ) as bar:
        yield bar


def rich_text(table: Table, width: int = 110) -> str:
    """A rich table rendered as plain text, for a command's standard output."""
    buffer = io.StringIO()
    Console(file=buffer, width=width).print(table)
    return buffer.getvalue()
