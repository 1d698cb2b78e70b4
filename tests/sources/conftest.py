"""Mock transports for the clients: no test here reaches the network."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from foretagsklimat.sources.http import JsonFetcher

RECORDED = Path(__file__).parent / "recorded"


def recorded(name: str) -> Any:
    return json.loads((RECORDED / name).read_text(encoding="utf-8"))


@dataclass
class Service:
    """A fake service: ``answer(request)`` gives each response; requests and waits kept."""

    answer: Callable[[httpx.Request], httpx.Response]
    requests: list[httpx.Request] = field(default_factory=list)
    waits: list[float] = field(default_factory=list)

    def fetcher(self, retries: int = 3) -> JsonFetcher:
        def handle(request: httpx.Request) -> httpx.Response:
            self.requests.append(request)
            return self.answer(request)

        return JsonFetcher(
            client=httpx.Client(transport=httpx.MockTransport(handle)),
            retries=retries,
            backoff=0.5,
            sleep=self.waits.append,
        )


def kolada_pages(request: httpx.Request) -> httpx.Response:
    """Kolada's two recorded pages of N00901 for 2024, by the page asked for."""
    page = request.url.params.get("page", "1")
    return httpx.Response(200, json=recorded(f"kolada_N00901_2024_page{page}.json"))
