"""Fetching JSON over HTTP with retries, and the errors a user can act on.

A server error (5xx, or 429 Too Many Requests) and a time-out or dropped connection are
retried with exponential backoff; a client error (4xx) is not, since asking again gives
the same answer. When every try fails to reach the service, :class:`OfflineError` names
the URL and says how to work without the network (a saved response, ``--from-file``).
Messages are Swedish, as the command line speaks.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

__all__ = ["JsonFetcher", "OfflineError", "ResponseError", "SourceError"]

#: Statuses worth asking again: the server's own trouble, or its asking us to slow down.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
USER_AGENT = "foretagsklimat/0.1 (statistikimport)"


class SourceError(Exception):
    """A service's answer (or its absence) that stops an import; ``str`` is the message."""

    def __init__(self, message: str, *, url: str = "") -> None:
        super().__init__(message)
        self.url = url


class OfflineError(SourceError):
    """The service could not be reached at all (no network, DNS, time-out)."""


class ResponseError(SourceError):
    """The service answered with an error status, or with something that is not JSON."""

    def __init__(self, message: str, *, url: str = "", status: int | None = None) -> None:
        super().__init__(message, url=url)
        self.status = status


#: How many problems of a response a message lists before it counts the rest.
PROBLEM_LIMIT = 50


def problem_listing(where: str, service: str, problems: list[str]) -> str:
    """The message for a response with ``problems``: a count, then the first ones listed."""
    listed = problems[:PROBLEM_LIMIT]
    more = len(problems) - len(listed)
    return (
        f"{where}: {len(problems)} fel i svaret från {service}; inget importerades.\n"
        + "\n".join(f"  {p}" for p in listed)
        + (f"\n  … och {more} till." if more else "")
    )


def _excerpt(response: httpx.Response, limit: int = 300) -> str:
    text = response.text.strip().replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class JsonFetcher:
    """GET or POST a URL and return its JSON, asking again on a server error or time-out.

    ``client`` is an :class:`httpx.Client`; tests give one with a mock transport. The
    waits between tries are ``backoff``, ``2 × backoff``, ``4 × backoff``, … seconds
    (``sleep`` is injectable so tests do not wait).
    """

    client: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=30.0))
    retries: int = 3
    backoff: float = 1.0
    sleep: Callable[[float], None] = time.sleep
    #: What the offline message tells the user to do instead.
    offline_hint: str = (
        "Utan nätverk: spara svaret på en dator som når tjänsten och använd --from-file."
    )

    def get(self, url: str, *, params: dict[str, Any] | None = None) -> Any:
        return self._request("GET", url, params=params)

    def post(self, url: str, payload: Any) -> Any:
        return self._request("POST", url, payload=payload)

    def _request(
        self,
        method: str,
        url: str,
        *,
        params: dict[str, Any] | None = None,
        payload: Any = None,
    ) -> Any:
        attempts = self.retries + 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                response = self.client.request(
                    method,
                    url,
                    params=params,
                    json=payload,
                    headers={"Accept": "application/json", "User-Agent": USER_AGENT},
                )
            except httpx.TransportError as error:  # connect, read, time-out, protocol
                if last:
                    raise OfflineError(
                        f"Kunde inte nå {url} efter {attempts} försök ({_describe(error)}). "
                        f"{self.offline_hint}",
                        url=url,
                    ) from error
                self.sleep(self.backoff * 2**attempt)
                continue
            if response.status_code in RETRY_STATUSES and not last:
                self.sleep(self.backoff * 2**attempt)
                continue
            return _json_of(response, url, attempts)
        raise AssertionError("unreachable")  # pragma: no cover


def _describe(error: httpx.TransportError) -> str:
    if isinstance(error, httpx.TimeoutException):
        return "inget svar i tid"
    return str(error) or type(error).__name__


def _json_of(response: httpx.Response, url: str, attempts: int) -> Any:
    status = response.status_code
    if status >= 400:
        if status == 404:
            what = "finns inte (404): kontrollera id:t eller sökvägen"
        elif status in RETRY_STATUSES:
            what = f"svarade {status} {response.reason_phrase} {attempts} gånger i rad"
        else:
            what = f"svarade {status} {response.reason_phrase}"
        body = _excerpt(response)
        raise ResponseError(
            f"{url} {what}" + (f": {body}" if body else "."), url=url, status=status
        )
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ResponseError(
            f"{url} svarade inte med JSON: {_excerpt(response, 120)!r}", url=url, status=status
        ) from error
