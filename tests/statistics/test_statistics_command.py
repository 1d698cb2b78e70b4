"""``foretagsklimat statistics kolada|scb`` end to end on the recorded responses: what is
stored (with its source), offline and bad values as clear errors, nothing half-stored."""

from __future__ import annotations

import io
import json
from pathlib import Path

import httpx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from foretagsklimat.apps.statistics.management.commands import statistics as command
from foretagsklimat.apps.statistics.models import KpiValue, StatisticValue
from foretagsklimat.apps.statistics.services import kpi_series, statistic_sources

from ..sources.conftest import RECORDED, Service, kolada_pages, recorded

pytestmark = pytest.mark.django_db
SAVED = RECORDED / "kolada_saved_N00901_U07451_2023_2024.json"


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("statistics", *args, stdout=out)
    return out.getvalue()


def _serve(monkeypatch: pytest.MonkeyPatch, service: Service) -> None:
    monkeypatch.setattr(command, "make_fetcher", lambda: service.fetcher())


def _stored() -> dict[tuple[str, int], tuple[float, str]]:
    return {
        (v.municipality_id, v.year): (v.value, v.source)
        for v in StatisticValue.objects.filter(statistic="municipal_tax")
    }


def test_kolada_fetches_every_page_and_stores_the_statistic_with_its_source(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    service = Service(kolada_pages)
    _serve(monkeypatch, service)
    saved = tmp_path / "svar.json"
    out = _run("kolada", "--kpi", "N00901", "--year", "2024", "--save", str(saved))
    assert len(service.requests) == 2
    assert _stored() == {
        ("0114", 2024): (19.83, "Kolada (N00901)"),
        ("0180", 2024): (17.74, "Kolada (N00901)"),
        ("2180", 2024): (22.09, "Kolada (N00901)"),
        ("2181", 2024): (22.29, "Kolada (N00901)"),
    }
    assert KpiValue.objects.filter(kpi="N00901", source="Kolada").count() == 4
    assert "N00901 → municipal_tax: 4 värden (4 kommuner 2024) sparade som statistik." in out
    assert "Hoppade över 3 värden för län, regioner, riket och kommungrupper." in out
    assert "1 värde saknas i källan" in out
    assert out.rstrip().endswith("Källa: Kolada")
    # The saved pages import the same from the file, without the network.
    assert len(json.loads(saved.read_text())) == 2
    StatisticValue.objects.all().delete()
    _serve(monkeypatch, Service(lambda r: pytest.fail("no request with --from-file")))
    _run("kolada", "--year", "2024", "--from-file", str(saved))
    assert len(_stored()) == 4
    assert statistic_sources(2024, "2181") == {"municipal_tax": "Kolada (N00901)"}


def test_kolada_keeps_an_unmapped_kpi_as_a_key_figure_for_goals() -> None:
    out = _run("kolada", "--kpi", "N00901,U07451", "--year", "2023-2024", "--from-file", str(SAVED))
    assert "U07451: 4 värden sparade som nyckeltal" in out
    assert kpi_series("U07451", "2181") == {2023: (68.0, "Kolada"), 2024: (70.0, "Kolada")}
    assert not StatisticValue.objects.exclude(statistic="municipal_tax").exists()
    assert len(_stored()) == 4


def test_kolada_for_one_municipality_uses_its_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    page = recorded("kolada_saved_N00901_U07451_2023_2024.json")[0]
    page["values"] = [
        v for v in page["values"] if v["kpi"] == "U07451" and v["municipality"] == "2181"
    ]
    service = Service(lambda r: httpx.Response(200, json=page))
    _serve(monkeypatch, service)
    _run("kolada", "--kpi", "U07451", "--year", "2023,2024", "--municipality", "2181")
    assert [str(r.url) for r in service.requests] == [
        "https://api.kolada.se/v3/data/kpi/U07451/municipality/2181/year/2023,2024"
    ]
    assert sorted(kpi_series("U07451", "2181")) == [2023, 2024]


def test_kolada_offline_is_a_command_error_naming_the_url_and_from_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def unreachable(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -3] Temporary failure in name resolution")

    _serve(monkeypatch, Service(unreachable))
    with pytest.raises(CommandError) as caught:
        _run("kolada", "--year", "2024")
    message = str(caught.value)
    assert "Kunde inte nå https://api.kolada.se/v3/data/kpi/N00901/year/2024" in message
    assert "--from-file" in message


def test_kolada_retries_a_server_error_then_stores(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = iter([httpx.Response(500, text="Internal Server Error")])
    service = Service(lambda r: next(answers, None) or kolada_pages(r))
    _serve(monkeypatch, service)
    _run("kolada", "--year", "2024")
    assert len(service.requests) == 3 and service.waits == [0.5]
    assert len(_stored()) == 4


def test_a_bad_value_is_named_and_nothing_is_stored() -> None:
    with pytest.raises(CommandError) as caught:
        _run(
            "kolada",
            "--year",
            "2024",
            "--from-file",
            str(RECORDED / "kolada_N00901_2024_bad_value.json"),
        )
    assert "KPI N00901, kommun 2181, period 2024: väntade ett tal som värde, fanns '22,29'" in str(
        caught.value
    )
    assert not StatisticValue.objects.exists() and not KpiValue.objects.exists()


def test_a_year_kolada_has_no_values_for_is_an_error() -> None:
    with pytest.raises(CommandError, match="inga värden för kommunerna för N00901 år 2025"):
        _run("kolada", "--year", "2024,2025", "--from-file", str(SAVED))
    assert not StatisticValue.objects.exists()


def test_a_methodology_that_does_not_rank_the_statistic_is_said(tmp_path: Path) -> None:
    mapping = tmp_path / "m.toml"
    mapping.write_text('[[statistics]]\nstatistic = "entrepreneurship"\nkpi = "N00901"\n')
    out = _run("kolada", "--year", "2024", "--from-file", str(SAVED), "--mapping", str(mapping))
    assert "Obs: metoden sn-2020 rankar inte entrepreneurship (2024)" in out
    assert StatisticValue.objects.filter(statistic="entrepreneurship").count() == 2


def test_scb_posts_the_query_and_stores_the_table_as_the_statistic(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    service = Service(
        lambda r: httpx.Response(200, json=recorded("scb_kommunalskatter_2023_2024.json"))
    )
    _serve(monkeypatch, service)
    out = _run(
        "scb",
        "--table",
        "OE/OE0101/Kommunalskatter2000",
        "--query",
        str(RECORDED / "scb_kommunalskatter_query.json"),
        "--statistic",
        "municipal_tax",
        "--year",
        "2024",
    )
    assert service.requests[0].method == "POST"
    source = "SCB (OE/OE0101/Kommunalskatter2000)"
    assert _stored() == {
        ("0114", 2024): (19.83, source),
        ("2180", 2024): (22.09, source),
        ("2181", 2024): (22.29, source),
    }
    assert "(OE0101D2 Skattesats till kommun) → municipal_tax: 3 värden" in out
    assert out.rstrip().endswith("Källa: SCB")


@pytest.mark.parametrize(
    "name", ["scb_kommunalskatter_2023_2024.json", "scb_kommunalskatter_2023_2024.jsonstat2.json"]
)
def test_scb_from_a_saved_answer(name: str) -> None:
    _run(
        "scb",
        "--table",
        "OE/OE0101/Kommunalskatter2000",
        "--from-file",
        str(RECORDED / name),
        "--statistic",
        "municipal_tax",
    )
    assert len(_stored()) == 7


def test_scb_offline_and_an_unknown_statistic_are_clear_errors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def unreachable(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("timed out")

    _serve(monkeypatch, Service(unreachable))
    query = str(RECORDED / "scb_kommunalskatter_query.json")
    with pytest.raises(CommandError, match=r"Kunde inte nå https://api\.scb\.se/.*--from-file"):
        _run(
            "scb",
            "--table",
            "OE/OE0101/Kommunalskatter2000",
            "--query",
            query,
            "--statistic",
            "municipal_tax",
        )
    with pytest.raises(CommandError, match="Okänd statistik 'skatt'"):
        _run(
            "scb",
            "--table",
            "OE/OE0101/Kommunalskatter2000",
            "--query",
            query,
            "--statistic",
            "skatt",
        )


def test_years_are_read_as_lists_and_ranges() -> None:
    assert command.parse_years("2022-2024,2020") == [2020, 2022, 2023, 2024]
    with pytest.raises(CommandError, match="Ogiltigt år 'tjugo'"):
        command.parse_years("tjugo")
