"""``foretagsklimat serve``: the web application under gunicorn, static files by WhiteNoise.

Each worker fills its caches of the newest published year (:mod:`..warmup`) before it
accepts connections.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from foretagsklimat.web.wsgi import application

        return application


def _warm_worker(worker: Any) -> None:
    """gunicorn's ``post_worker_init`` hook: runs in the worker, before it accepts."""
    from foretagsklimat.apps.site.warmup import warm_up

    warm_up()


class Command(BaseCommand):
    help = "Serve the web application with gunicorn (a production-grade WSGI server)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2"))
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("collectstatic", interactive=False, verbosity=0)
        host, port = options["host"], options["port"]
        shown = f"[{host}]" if ":" in host else host
        self.stdout.write(f"Företagsklimat körs på http://{shown}:{port}/  (Ctrl+C avslutar)")
        self.stdout.flush()
        _Gunicorn(
            {
                "bind": f"{shown}:{port}",
                "workers": options["workers"],
                "threads": 4,
                "accesslog": "-",
                "timeout": 60,
                "post_worker_init": _warm_worker,
            }
        ).run()
