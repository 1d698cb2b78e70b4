"""Logging filters of the settings' LOGGING."""

from __future__ import annotations

import logging


class QuietPermissionDenied(logging.Filter):
    """A 403 is an ordinary answer (a role lacking a right), not a fault: Django's
    ``django.request`` logs it with the exception's traceback; keep the one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
