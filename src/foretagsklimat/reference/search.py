"""One search key for names, so that a search ignores case and Swedish letters alike.

``search_key("ÖREBRO") == search_key("orebro") == "orebro"``: letters are lower-cased
(Unicode case folding, not only ASCII as SQLite's ``LIKE`` does), accents and the rings
and dots of å, ä, ö, é, ü are dropped, and hyphens, full stops and runs of white space
become one space. Names are stored with their key beside them (the workspace's company
register) or compared in Python (the 290 municipalities), and a query is compared by its
key, so the same search works on SQLite and PostgreSQL.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Letters that Unicode does not decompose into a base letter and a mark.
_LIGATURES = str.maketrans({"æ": "ae", "ø": "o", "ß": "ss", "đ": "d", "ł": "l", "œ": "oe"})
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—.,/_]+")


def search_key(text: str) -> str:
    """``text`` folded for comparison.

    >>> search_key("Gävle"), search_key("ÅRE"), search_key("Upplands-Bro"), search_key("Café  Åsa")
    ('gavle', 'are', 'upplands bro', 'cafe asa')
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SEPARATORS.sub(" ", bare.translate(_LIGATURES)).strip()


@functools.cache
def municipality_name_keys() -> tuple[str, ...]:
    """The search key of each municipality's name, in the order of ``municipalities()``.

    Folded once per process: every search compares its query with these 290 keys.
    """
    from . import municipalities

    return tuple(search_key(name) for name in municipalities()["kommunnamn"])
