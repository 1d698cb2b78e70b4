"""Lists open on what needs doing, sort by a whitelisted column and keep their filters
across pages, sort changes and downloads."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from foretagsklimat.apps.workspace.models import Company, FollowUp, FollowUpStatus, Visit

from .conftest import Cast

pytestmark = pytest.mark.django_db


def _follow_up(cast: Cast, title: str, due: str, done: bool = False) -> FollowUp:
    return FollowUp.objects.create(
        municipality_id="2181",
        company=cast.company,
        title=title,
        owner=cast.sandviken_editor,
        due_on=date.fromisoformat(due),
        status=FollowUpStatus.DONE if done else FollowUpStatus.OPEN,
        done_on=date(2026, 6, 1) if done else None,
    )


@time_machine.travel("2026-06-15 12:00 +02:00", tick=False)
def test_follow_ups_open_on_the_open_ones_overdue_first(cast: Cast) -> None:
    _follow_up(cast, "Klar sedan länge", "2026-01-01", done=True)
    _follow_up(cast, "Senare", "2026-09-01")
    _follow_up(cast, "Försenad", "2026-05-01")
    client = cast.client(cast.sandviken_viewer)
    page = client.get("/arbetsyta/2181/uppfoljning/")
    assert [row[0].title for row in page.context["rows"]] == [
        "Försenad",
        "Senare",
        "Klar sedan länge",
    ]
    page = client.get("/arbetsyta/2181/uppfoljning/", {"sort": "-senast"})
    assert [row[0].title for row in page.context["rows"]] == [
        "Senare",
        "Försenad",
        "Klar sedan länge",
    ]
    html = page.content.decode()
    assert 'aria-sort="descending"><a class="sort" href="?sort=senast">' in html


def test_visits_open_on_the_upcoming_then_the_held_newest_first(cast: Cast) -> None:
    def visit(planned: str, held: str | None = None) -> Visit:
        return Visit.objects.create(
            municipality_id="2181",
            company=cast.company,
            officer=cast.sandviken_editor,
            planned_for=date.fromisoformat(planned),
            held_on=date.fromisoformat(held) if held else None,
        )

    later, sooner = visit("2026-11-01"), visit("2026-10-01")
    old, new = visit("2026-01-01", "2026-01-02"), visit("2026-03-01", "2026-03-02")
    page = cast.client(cast.sandviken_viewer).get("/arbetsyta/2181/besok/", {"ar": 2026})
    assert list(page.context["page"]) == [sooner, later, new, old]


def test_an_unknown_sort_is_never_ordered_by(cast: Cast) -> None:
    client = cast.client(cast.sandviken_viewer)
    for sort in ("password", "-municipality__code", "name;drop"):
        page = client.get("/arbetsyta/2181/foretag/", {"sort": sort})
        assert page.status_code == 200
        assert "aria-sort" not in page.content.decode()


def test_pages_keep_the_filters_and_the_sort(cast: Cast) -> None:
    Company.objects.bulk_create(
        Company(
            municipality_id="2181",
            orgnr=f"55900{i:05d}",
            name=f"Bolag {i:03d}",
            employees=i,
            area="Storvik",
        )
        for i in range(120)
    )
    client = cast.client(cast.sandviken_viewer)
    page = client.get("/arbetsyta/2181/foretag/", {"omrade": "Storvik", "sort": "-storlek"})
    companies = list(page.context["page"])
    assert [c.employees for c in companies[:2]] == [119, 118]
    html = page.content.decode()
    assert "?omrade=Storvik&amp;sort=-storlek&amp;sida=2" in html  # the next page
    assert "?omrade=Storvik&amp;sort=-storlek&amp;format=xlsx" in html  # the download
    # The header of the sorted column reverses; the others sort ascending, filters kept.
    assert 'href="?omrade=Storvik&amp;sort=storlek"' in html
    assert 'href="?omrade=Storvik&amp;sort=namn"' in html
    second = client.get(
        "/arbetsyta/2181/foretag/", {"omrade": "Storvik", "sort": "-storlek", "sida": 2}
    )
    assert [c.employees for c in second.context["page"]][:1] == [69]
    assert second.context["page"].paginator.count == 121  # the cast's company is in Storvik


def test_procurement_opens_on_the_open_items(cast: Cast) -> None:
    from foretagsklimat.apps.workspace.models import ProcurementItem

    done = ProcurementItem.objects.create(
        municipality_id="2181", title="Klar", status="done", date=date(2026, 5, 1)
    )
    open_ = ProcurementItem.objects.create(
        municipality_id="2181", title="Öppen", status="open", date=date(2026, 1, 1)
    )
    page = cast.client(cast.sandviken_viewer).get("/arbetsyta/2181/upphandling/")
    assert list(page.context["items"]) == [open_, done]
    page = cast.client(cast.sandviken_viewer).get(
        "/arbetsyta/2181/upphandling/", {"sort": "-datum"}
    )
    assert list(page.context["items"]) == [done, open_]


def test_an_offerings_referrals_open_on_the_newest_and_sort_by_company(cast: Cast) -> None:
    from foretagsklimat.apps.workspace.models import SupportOffering, SupportReferral

    offering = SupportOffering.objects.create(municipality_id="2181", name="Exportcheck")
    other = Company.objects.create(municipality_id="2181", orgnr="5562414945", name="Abc AB")
    old = SupportReferral.objects.create(
        offering=offering, company=cast.company, date=date(2025, 1, 1)
    )
    new = SupportReferral.objects.create(offering=offering, company=other, date=date(2026, 1, 1))
    client = cast.client(cast.sandviken_viewer)
    url = f"/arbetsyta/2181/stod/{offering.pk}/"
    assert list(client.get(url).context["referrals"]) == [new, old]
    page = client.get(url, {"sort": "-foretag"})
    assert list(page.context["referrals"]) == [old, new]
    assert 'aria-sort="descending"' in page.content.decode()


def test_marking_a_follow_up_done_returns_to_the_list_as_it_was(cast: Cast) -> None:
    follow_up = _follow_up(cast, "Ring", "2026-05-01")
    client = cast.client(cast.sandviken_editor)
    response = client.post(
        f"/arbetsyta/2181/uppfoljning/{follow_up.pk}/klar/",
        {"visa": "mina", "lista": "visa=mina&sort=-senast&sida=2"},
    )
    assert response["Location"] == "/arbetsyta/2181/uppfoljning/?visa=mina&sort=-senast&sida=2"
