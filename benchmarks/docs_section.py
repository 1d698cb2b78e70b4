"""Write a benchmark's results into docs/benchmarks.md as one section, replacing the
section a previous run wrote and leaving the others as they are."""

from __future__ import annotations

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"


def write_section(heading: str, body: str, docs_path: Path = DOCS) -> None:
    """Put ``## heading`` with ``body`` into the benchmarks page, in place of its old text."""
    docs = docs_path.read_text(encoding="utf-8") if docs_path.exists() else "# Benchmarks\n"
    section = f"## {heading}\n\n{body.rstrip()}\n"
    pattern = rf"## {re.escape(heading)}\n.*?(?=\n## |\Z)"
    if re.search(pattern, docs, flags=re.S):
        # A function as the replacement: the body's backslashes stay as they are.
        docs = re.sub(pattern, lambda _: section, docs, count=1, flags=re.S)
    else:
        docs = docs.rstrip("\n") + "\n\n" + section
    docs_path.write_text(docs, encoding="utf-8")
