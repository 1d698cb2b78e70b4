"""Fixtures that write small import files into tmp_path."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

Rows = Sequence[Sequence[Any]]


def csv_text(rows: Rows, sep: str = ",") -> str:
    """Rows as CSV text; cells are written as given (tests control quoting)."""
    return "".join(sep.join("" if c is None else str(c) for c in row) + "\n" for row in rows)


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    def write(name: str, rows: Rows, sep: str = ",", bom: bool = False) -> Path:
        path = tmp_path / name
        path.write_text(("\ufeff" if bom else "") + csv_text(rows, sep), encoding="utf-8")
        return path

    return write


@pytest.fixture
def write_xlsx(tmp_path: Path) -> Callable[..., Path]:
    def write(name: str, rows: Rows, sheet: str = "Sheet1") -> Path:
        book = openpyxl.Workbook()
        ws = book.active
        assert ws is not None
        ws.title = sheet
        for row in rows:
            ws.append(list(row))
        path = tmp_path / name
        book.save(path)
        return path

    return write
