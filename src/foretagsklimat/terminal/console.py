"""Terminal output shared by the commands: progress and rich tables as text."""

from __future__ import annotations

import io
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.progress import Progress
    from rich.table import Table


class LineProgress:
    """Progress as plain lines, for output that is not a terminal (a log file, a pipe).

    The same calls as rich's ``Progress`` (``add_task``, ``update``, ``advance``); a
    line is written when a task starts, when its description changes (the next step),
    when it completes, and otherwise at most every ``every`` seconds, e.g.
    ``Sparar enkätsvar: 120000/414102 (12 s)``.
    """

    def __init__(self, out: IO[str] | None = None, every: float = 10.0) -> None:
        self.out = out or sys.stdout
        self.every = every
        self._tasks: list[dict[str, Any]] = []

    def add_task(self, description: str, total: float | None = None, **_: Any) -> Any:
        now = time.monotonic()
        self._tasks.append(
            {"description": description, "total": total, "done": 0, "start": now, "said": None}
        )
        return len(self._tasks) - 1

    def advance(self, task: Any, advance: float = 1) -> None:
        self.update(task, advance=advance)

    def update(
        self,
        task: Any,
        *,
        completed: float | None = None,
        total: float | None = None,
        advance: float | None = None,
        description: str | None = None,
        **_: Any,
    ) -> None:
        state = self._tasks[task]
        if total is not None:
            state["total"] = total
        if completed is not None:
            state["done"] = completed
        if advance is not None:
            state["done"] += advance
        new_step = description is not None and description != state["description"]
        if description is not None:
            state["description"] = description
        now = time.monotonic()
        finished = state["total"] is not None and state["done"] >= state["total"]
        said = state["said"]
        if said is None or new_step or finished or now - said[0] >= self.every:
            line = f"{state['description']}: {state['done']:.0f}"
            if state["total"] is not None:
                line += f"/{state['total']:.0f}"
            line += f" ({now - state['start']:.0f} s)"
            if said is None or line.split(" (")[0] != said[1]:
                self.out.write(line + "\n")
                self.out.flush()
                state["said"] = (now, line.split(" (")[0])


@contextmanager
def progress_bar(out: IO[str] | None = None) -> Iterator[Progress | LineProgress]:
    """A progress bar on a terminal, else progress lines (so a log shows them too)."""
    from rich.console import Console

    console = Console(file=out) if out is not None else Console()
    if not console.is_terminal:
        yield LineProgress(out)
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as bar:
        yield bar


def rich_text(table: Table, width: int = 110) -> str:
    """A rich table rendered as plain text, for a command's standard output."""
    from rich.console import Console

    buffer = io.StringIO()
    Console(file=buffer, width=width).print(table)
    return buffer.getvalue()
