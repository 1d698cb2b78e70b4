"""Counting requests in the cache: at most ``limit`` per key within ``window`` seconds.

The counter is Django's cache (``CACHES``): with the default per-process memory cache each
server process counts on its own, so the limits hold per process; a shared cache (Redis,
Memcached, the database cache) makes them hold for the whole site.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def allow(kind: str, key: str, limit: int, window: int) -> bool:
    """Count one more request of ``kind`` for ``key``; False once it exceeds ``limit``."""
    digest = hashlib.sha256(key.strip().casefold().encode()).hexdigest()
    name = f"throttle:{kind}:{digest}"
    # add() starts the window only for the first request; incr() counts atomically.
    cache.add(name, 0, timeout=window)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add() and incr()
        cache.add(name, 1, timeout=window)
        count = 1
    return count <= limit
