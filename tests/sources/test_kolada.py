"""The Kolada client on recorded responses: paging, retries, errors, offline, bad values."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from foretagsklimat.sources import OfflineError, ResponseError, kolada

from .conftest import RECORDED, Service, kolada_pages, recorded

URL = "https://api.kolada.se/v3/data/kpi/N00901/year/2024"


def test_the_client_follows_next_page_to_the_last_page() -> None:
    service = Service(kolada_pages)
    pages = kolada.KoladaClient(fetcher=service.fetcher()).data(["N00901"], [2024])
    assert [str(r.url) for r in service.requests] == [
        URL,
        f"{URL}?page=2&per_page=4",
    ]
    data = kolada.parse_pages(pages)
    assert data.values.to_dict("records") == [
        {"kpi": "N00901", "kommunkod": "0114", "year": 2024, "value": 19.83},
        {"kpi": "N00901", "kommunkod": "0180", "year": 2024, "value": 17.74},
        {"kpi": "N00901", "kommunkod": "2180", "year": 2024, "value": 22.09},
        {"kpi": "N00901", "kommunkod": "2181", "year": 2024, "value": 22.29},
    ]
    # Riket 0000, region 0021 and group G139213 are not municipalities; 2182 is null.
    assert (data.other_areas, data.missing) == (3, 1)


def test_a_relative_next_page_is_followed_from_the_page_it_is_on() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if "page" in request.url.params:
            return httpx.Response(200, json={"values": [], "next_page": None})
        return httpx.Response(200, json={"values": [], "next_page": "2024?page=2"})

    service = Service(answer)
    kolada.KoladaClient(fetcher=service.fetcher()).data(["N00901"], [2024])
    assert str(service.requests[1].url) == f"{URL}?page=2"


def test_a_next_page_that_points_back_is_an_error_not_a_loop() -> None:
    service = Service(lambda r: httpx.Response(200, json={"values": [], "next_page": URL}))
    with pytest.raises(kolada.KoladaError, match="slutar inte dela upp"):
        kolada.KoladaClient(fetcher=service.fetcher()).data(["N00901"], [2024])


def test_a_server_error_is_asked_again_with_backoff_and_then_succeeds() -> None:
    answers = iter(
        [httpx.Response(500, text="Internal Server Error"), httpx.Response(503, text="busy")]
    )

    def answer(request: httpx.Request) -> httpx.Response:
        return next(answers, None) or kolada_pages(request)

    service = Service(answer)
    pages = kolada.KoladaClient(fetcher=service.fetcher()).data(["N00901"], [2024])
    assert len(pages) == 2
    assert len(service.requests) == 4  # 500, 503, page 1, page 2
    assert service.waits == [0.5, 1.0]


def test_a_server_error_that_lasts_names_the_url_and_the_status() -> None:
    service = Service(lambda r: httpx.Response(502, text="Bad Gateway"))
    with pytest.raises(ResponseError) as caught:
        kolada.KoladaClient(fetcher=service.fetcher(retries=2)).data(["N00901"], [2024])
    assert len(service.requests) == 3
    assert caught.value.status == 502
    assert str(caught.value) == f"{URL} svarade 502 Bad Gateway 3 gånger i rad: Bad Gateway"


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (404, '{"detail": "Not Found"}', "finns inte (404): kontrollera id:t eller sökvägen"),
        (400, '{"detail": "Invalid year"}', 'svarade 400 Bad Request: {"detail": "Invalid year"}'),
    ],
)
def test_a_client_error_is_not_asked_again_and_says_what_came_back(
    status: int, body: str, expected: str
) -> None:
    service = Service(lambda r: httpx.Response(status, text=body))
    with pytest.raises(ResponseError) as caught:
        kolada.KoladaClient(fetcher=service.fetcher()).data(["N00901"], [2024])
    assert len(service.requests) == 1
    assert str(caught.value).startswith(f"{URL} {expected}")


@pytest.mark.parametrize(
    "error",
    [
        httpx.ConnectError("[Errno -3] Temporary failure in name resolution"),
        httpx.ReadTimeout("timed out"),
    ],
)
def test_offline_is_one_clear_error_naming_the_url_and_the_way_round(
    error: httpx.TransportError,
) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        raise error

    service = Service(answer)
    with pytest.raises(OfflineError) as caught:
        kolada.KoladaClient(fetcher=service.fetcher()).data(["N00901"], [2024])
    message = str(caught.value)
    assert message.startswith(f"Kunde inte nå {URL} efter 4 försök")
    assert "--from-file" in message
    assert service.waits == [0.5, 1.0, 2.0]


def test_an_answer_that_is_not_json_is_named() -> None:
    service = Service(lambda r: httpx.Response(200, text="<html>maintenance</html>"))
    with pytest.raises(ResponseError, match="svarade inte med JSON"):
        kolada.KoladaClient(fetcher=service.fetcher()).data(["N00901"], [2024])


def test_the_municipality_endpoint_is_asked_for_one_municipality() -> None:
    service = Service(
        lambda r: httpx.Response(200, json={"values": [], "count": 0, "next_page": None})
    )
    kolada.KoladaClient(fetcher=service.fetcher()).municipality_data("u07451", "2181", [2023])
    assert str(service.requests[0].url) == (
        "https://api.kolada.se/v3/data/kpi/U07451/municipality/2181/year/2023"
    )


def test_a_malformed_kpi_id_is_refused_before_any_request() -> None:
    with pytest.raises(kolada.KoladaError, match="Ogiltigt KPI-id 'N901'"):
        kolada.check_kpi_ids(["N00901", "N901"])


def test_every_bad_value_is_named_by_kpi_municipality_and_period() -> None:
    with pytest.raises(kolada.KoladaError) as caught:
        kolada.parse_pages(
            kolada.read_saved(RECORDED / "kolada_N00901_2024_bad_value.json"), where="bad.json"
        )
    assert str(caught.value).splitlines() == [
        "bad.json: 2 fel i svaret från Kolada; inget importerades.",
        "  KPI N00901, kommun 2181, period 2024: väntade ett tal som värde, fanns '22,29'",
        "  KPI N00901, kommun 2180, period 2024H1: väntade ett år som period, fanns '2024H1'",
    ]


def test_the_same_value_twice_is_named() -> None:
    page = recorded("kolada_N00901_2024_page1.json")
    page["values"].append(page["values"][1])
    with pytest.raises(kolada.KoladaError, match="kommun 0114, period 2024: väntade ett värde"):
        kolada.parse_pages([page])


def test_a_saved_list_of_pages_is_read_and_a_partial_one_is_refused(tmp_path: Path) -> None:
    pages = kolada.read_saved(RECORDED / "kolada_saved_N00901_U07451_2023_2024.json")
    assert set(kolada.parse_pages(pages).values["kpi"]) == {"N00901", "U07451"}
    with pytest.raises(kolada.KoladaError, match="bara en del av svaret"):
        kolada.read_saved(RECORDED / "kolada_N00901_2024_page1.json")
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"data": []}))
    with pytest.raises(kolada.KoladaError, match="en lista ”values”"):
        kolada.read_saved(other)


def test_the_shipped_mapping_names_catalogue_statistics() -> None:
    mapping = kolada.read_mapping()
    assert mapping["N00901"] == kolada.KpiMapping(
        "municipal_tax", "N00901", "Skattesats till kommun, %", mapping["N00901"].note
    )


def test_a_mapping_with_unknown_codes_lists_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_text(
        '[[statistics]]\nstatistic = "tax"\nkpi = "N00901"\n'
        '[[statistics]]\nstatistic = "municipal_tax"\nkpi = "901"\n'
    )
    with pytest.raises(kolada.KoladaError) as caught:
        kolada.read_mapping(path)
    lines = str(caught.value).splitlines()
    assert lines[0].startswith(f"{path}, [[statistics]] nr 1: väntade en statistikkod ur katalogen")
    assert lines[0].endswith("fanns 'tax'")
    assert lines[1] == f"{path}, [[statistics]] nr 2: väntade ett KPI-id som N00901, fanns '901'"
