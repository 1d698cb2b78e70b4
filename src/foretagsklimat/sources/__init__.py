"""Clients of the open data services the statistics come from: Kolada and SCB.

Django-free, like the importers: each client fetches JSON over HTTP (``httpx``), with
retries and backoff on a server error or a time-out and one clear :class:`SourceError`
when the service cannot be reached, and each parser turns a response — fetched, or
saved earlier and read from a file — into the canonical frame of the 290
municipalities. :mod:`.kolada` (Kolada API v3, key figures per municipality and year),
:mod:`.scb` (SCB's statistical database, PxWeb API v1), :mod:`.http` (the shared
fetching and its errors). ``docs/importing.md`` describes the commands built on them.
"""

from __future__ import annotations

from .http import OfflineError, ResponseError, SourceError

__all__ = ["OfflineError", "ResponseError", "SourceError"]
