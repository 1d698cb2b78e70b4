"""The municipality code in a URL (four digits, kept as text: ``0114``), and the path of a
page under it."""

from collections.abc import Callable
from typing import Any

from django.urls import URLPattern, path, register_converter


class KommunkodConverter:
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(KommunkodConverter, "kommunkod")


def workspace_path(route: str, view: Callable[..., Any], name: str) -> URLPattern:
    """A page of one municipality's workspace: ``route`` under ``<kommunkod>/``."""
    return path(f"<kommunkod:kommunkod>/{route}", view, name=name)
