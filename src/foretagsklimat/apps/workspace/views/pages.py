"""Rendering a workspace page: every page's menu needs the membership and its municipality;
every list is sorted and cut into pages by :func:`sorted_page`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet
from django.db.models.expressions import OrderBy
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..models import Membership


def render_page(
    request: HttpRequest, membership: Membership, template: str, context: dict[str, Any]
) -> HttpResponse:
    return render(
        request,
        template,
        {"membership": membership, "municipality": membership.municipality, **context},
    )


def render_form_page(
    request: HttpRequest,
    membership: Membership,
    form: forms.BaseForm,
    *,
    title: str,
    current: str,
    head: str = "workspace/_head.html",
    **context: Any,
) -> HttpResponse:
    """A page with one form (``workspace/_form_page.html``): ``current`` is the menu item
    it belongs to, ``head`` the style sheets of its section."""
    return render_page(
        request,
        membership,
        "workspace/_form_page.html",
        {"form": form, "title": title, "current": current, "head": head, **context},
    )


#: A list's sortable columns: key (in ``?sort=``) → (label, ascending order).
Columns = Mapping[str, tuple[Any, Sequence[Any]]]


@dataclass(frozen=True)
class Header:
    """A sortable column's header: its label, the link that sorts by it (or reverses
    the order when it is the sort already) and its ``aria-sort``."""

    label: str
    href: str
    aria_sort: str


@dataclass(frozen=True)
class SortedPage:
    """One page of a sorted list, with what its template needs to link on."""

    page: Page[Any]
    #: All the rows in the list's order (for its download).
    rows: QuerySet[Any]
    headers: dict[str, Header]
    #: The request's parameters without the page number: the filters and the sort,
    #: to keep in the pages' links and the download links.
    query: str
    sort: str


def sorted_page(
    request: HttpRequest,
    rows: QuerySet[Any],
    columns: Columns,
    default: Sequence[str | OrderBy],
    *,
    per_page: int = 50,
) -> SortedPage:
    """Sort ``rows`` by ``?sort=col`` (``-col`` reversed) and cut out ``?sida=``.

    ``columns`` maps each sortable column's key to its label and the ordering of its
    ascending sort (fields or expressions; the list always ends on ``pk`` so that pages
    never repeat a row). Only these keys are ever ordered by, never the parameter as
    given; an unknown ``sort`` falls back to ``default``, the order in which the list
    opens (what needs doing first).
    """
    requested = request.GET.get("sort", "")
    key = requested.removeprefix("-")
    descending = requested.startswith("-")
    order: list[Any]
    if key in columns:
        ascending = [_as_order(o) for o in columns[key][1]]
        order = [o.copy().reverse_ordering() if descending else o for o in ascending]
        sort = requested
    else:
        order = [_as_order(o) for o in default]
        sort = ""
    ordered = rows.order_by(*order, "pk")
    page = Paginator(ordered, per_page).get_page(request.GET.get("sida"))
    kept = request.GET.copy()
    kept.pop("sida", None)
    headers = {}
    for name, (label, _order) in columns.items():
        link = kept.copy()
        link["sort"] = f"-{name}" if sort == name else name
        aria = "ascending" if sort == name else "descending" if sort == f"-{name}" else ""
        headers[name] = Header(str(label), f"?{link.urlencode()}", aria)
    return SortedPage(page, ordered, headers, kept.urlencode(), sort)


def _as_order(order: str | OrderBy) -> OrderBy:
    """A field name ("-name" reversed) or an expression as one ascending ordering."""
    if isinstance(order, OrderBy):
        return order
    if order.startswith("-"):
        return F(order[1:]).desc()
    return F(order).asc()
