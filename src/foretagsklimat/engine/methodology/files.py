"""Methodology files on disk: the catalogue, loading, and the one in force per year.

The built-in files live in ``foretagsklimat/methodologies/``; extra directories come
from the ``dirs`` arguments and ``FORETAGSKLIMAT_METHODOLOGY_DIRS``.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path

from .catalogue import CATALOGUE_FILE, PACKAGE_DIR, load_catalogue
from .model import Methodology
from .rules import MethodologyError

__all__ = [
    "ENV_VAR",
    "builtin_methodologies",
    "get_methodology",
    "load_catalogue",
    "load_methodology",
    "methodology_dirs",
    "methodology_for_year",
    "resolve_methodology",
]

#: Environment variable naming extra methodology directories (``os.pathsep``-separated).
ENV_VAR = "FORETAGSKLIMAT_METHODOLOGY_DIRS"


def load_methodology(path: str | os.PathLike[str]) -> Methodology:
    """Read and validate one methodology file.

    Parameters
    ----------
    path : path-like
        A ``.toml`` file in the format of docs/methodology.md.

    Returns
    -------
    Methodology

    Raises
    ------
    MethodologyError
        Naming the file and the fault (syntax error, missing field, unknown code,
        weights not summing to 1, ...).

    Examples
    --------
    >>> from importlib.resources import files
    >>> m = load_methodology(files("foretagsklimat") / "methodologies" / "sn-2014.toml")
    >>> m.tie_rule
    'average'
    """
    name = str(path)
    try:
        stat = os.stat(path)
        key: tuple[str, int, int, int] | None = (
            os.path.abspath(name),
            stat.st_mtime_ns,
            stat.st_size,
            stat.st_ino,
        )
    except (OSError, TypeError):
        key = None
    if key is not None and key in _LOADED:
        return _LOADED[key]
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise MethodologyError(name, f"TOML syntax error: {exc}") from None
    except OSError as exc:
        raise MethodologyError(name, f"cannot read file: {exc.strerror}") from None
    methodology = Methodology.from_dict(data, path=name)
    if key is not None:
        _LOADED[key] = methodology
    return methodology


#: Methodologies read, by file and its modification time, size and inode: a methodology
#: is frozen, so a file unchanged since it was read is not parsed and validated again
#: (a ranking, a questionnaire answer or a page asks for the year's methodology many
#: times; each parse took about 10 ms).
_LOADED: dict[tuple[str, int, int, int], Methodology] = {}


def methodology_dirs(dirs: Iterable[str | os.PathLike[str]] | None = None) -> list[Path]:
    """The directories searched for methodology files, built-in first.

    Extra directories come from ``dirs`` and then ``FORETAGSKLIMAT_METHODOLOGY_DIRS``.

    Examples
    --------
    >>> [p.name for p in methodology_dirs(["/srv/methods"])][-2:]
    ['methodologies', 'methods']
    """
    found = [Path(str(PACKAGE_DIR))]
    extra = list(dirs or [])
    extra += [p for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p.strip()]
    for entry in extra:
        path = Path(entry)
        if path not in found:
            found.append(path)
    return found


def builtin_methodologies(
    dirs: Iterable[str | os.PathLike[str]] | None = None,
) -> dict[str, Methodology]:
    """All methodologies: the package's files plus any extra directories.

    Parameters
    ----------
    dirs : iterable of path-like, optional
        Extra directories; ``FORETAGSKLIMAT_METHODOLOGY_DIRS`` is always added.

    Returns
    -------
    dict
        Methodology name to :class:`Methodology`, ordered by ``first_year`` then name.

    Raises
    ------
    MethodologyError
        For a broken file, two files with the same name, or two methodologies in force
        (no ``variant_of``) whose years overlap.

    Examples
    --------
    >>> sorted(builtin_methodologies())[:2]
    ['sn-2014', 'sn-2020']
    """
    loaded: dict[str, Methodology] = {}
    for directory in methodology_dirs(dirs):
        if not directory.is_dir():
            raise MethodologyError(str(directory), "methodology directory does not exist")
        for file in sorted(directory.glob("*.toml")):
            if file.name == CATALOGUE_FILE:
                continue
            methodology = load_methodology(file)
            if methodology.name in loaded:
                raise MethodologyError(
                    str(file),
                    f"duplicate methodology name {methodology.name!r} "
                    f"(also in {loaded[methodology.name].path})",
                )
            loaded[methodology.name] = methodology
    _check_no_overlap(loaded.values())
    return dict(sorted(loaded.items(), key=lambda kv: (kv[1].first_year, kv[0])))


def _check_no_overlap(methodologies: Iterable[Methodology]) -> None:
    in_force = sorted(
        (m for m in methodologies if m.variant_of is None), key=lambda m: m.first_year
    )
    for earlier, later in pairwise(in_force):
        if earlier.last_year is None or earlier.last_year >= later.first_year:
            raise MethodologyError(
                later.path or later.name,
                f"years {later.first_year}-{later.last_year or ''} overlap "
                f"{earlier.name!r} ({earlier.first_year}-{earlier.last_year or ''}, "
                f"{earlier.path}); mark one as variant_of the other",
            )


def get_methodology(name: str, dirs: Iterable[str | os.PathLike[str]] | None = None) -> Methodology:
    """The methodology called ``name``.

    Raises
    ------
    KeyError
        Listing the names that exist.

    Examples
    --------
    >>> get_methodology("sn-2014").last_year
    2019
    >>> get_methodology("sn-1999")
    Traceback (most recent call last):
    ...
    KeyError: "no methodology called 'sn-1999'; available: sn-2014, sn-2020"
    """
    available = builtin_methodologies(dirs)
    try:
        return available[name]
    except KeyError:
        raise KeyError(
            f"no methodology called {name!r}; available: {', '.join(available)}"
        ) from None


def methodology_for_year(
    year: int, dirs: Iterable[str | os.PathLike[str]] | None = None
) -> Methodology:
    """The methodology in force in ``year`` (variants are never chosen).

    Raises
    ------
    LookupError
        When no methodology covers the year.

    Examples
    --------
    >>> methodology_for_year(2019).name, methodology_for_year(2024).name
    ('sn-2014', 'sn-2020')
    """
    available = builtin_methodologies(dirs)
    for methodology in available.values():
        if methodology.variant_of is None and methodology.covers(year):
            return methodology
    spans = ", ".join(
        f"{m.name} {m.first_year}-{m.last_year or ''}"
        for m in available.values()
        if m.variant_of is None
    )
    raise LookupError(f"no methodology is in force in {year}; known: {spans}")


def resolve_methodology(methodology: Methodology | str | None, year: int | None) -> Methodology:
    """A methodology given as itself, by name, or as the one in force in ``year``.

    Raises
    ------
    ValueError
        When neither a methodology nor a year is given.

    Examples
    --------
    >>> resolve_methodology("sn-2014", None).name, resolve_methodology(None, 2021).name
    ('sn-2014', 'sn-2020')
    """
    if isinstance(methodology, Methodology):
        return methodology
    if isinstance(methodology, str):
        return get_methodology(methodology)
    if year is None:
        raise ValueError("give a methodology, or a year to choose the one in force")
    return methodology_for_year(year)
