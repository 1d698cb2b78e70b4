"""The SCB (PxWeb) client on recorded responses: both formats, the POST, errors, offline."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from foretagsklimat.sources import OfflineError, ResponseError, scb

from .conftest import RECORDED, Service, recorded

TABLE = "OE/OE0101/Kommunalskatter2000"
URL = f"https://api.scb.se/OV0104/v1/doris/sv/ssd/{TABLE}"
EXPECTED = [
    {"kommunkod": "0114", "year": 2023, "value": 19.83},
    {"kommunkod": "0114", "year": 2024, "value": 19.83},
    {"kommunkod": "2180", "year": 2023, "value": 22.09},
    {"kommunkod": "2180", "year": 2024, "value": 22.09},
    {"kommunkod": "2181", "year": 2023, "value": 22.29},
    {"kommunkod": "2181", "year": 2024, "value": 22.29},
    {"kommunkod": "2182", "year": 2023, "value": 22.63},
]


@pytest.mark.parametrize(
    "name", ["scb_kommunalskatter_2023_2024.json", "scb_kommunalskatter_2023_2024.jsonstat2.json"]
)
def test_both_formats_give_the_municipalities_values(name: str) -> None:
    data = scb.parse_table(recorded(name))
    assert data.values.sort_values(["kommunkod", "year"]).to_dict("records") == EXPECTED
    assert (data.other_areas, data.missing) == (4, 1)  # Riket, Stockholms län; Söderhamn 2024
    assert data.contents == "OE0101D2 Skattesats till kommun"


def test_the_query_is_posted_to_the_table_and_a_server_error_asked_again() -> None:
    answers = iter([httpx.Response(500, text="error")])

    def answer(request: httpx.Request) -> httpx.Response:
        return next(answers, None) or httpx.Response(
            200, json=recorded("scb_kommunalskatter_2023_2024.json")
        )

    service = Service(answer)
    query = scb.read_query(RECORDED / "scb_kommunalskatter_query.json")
    payload = scb.ScbClient(fetcher=service.fetcher()).table(TABLE, query)
    assert [(r.method, str(r.url)) for r in service.requests] == [("POST", URL), ("POST", URL)]
    assert json.loads(service.requests[-1].content) == recorded("scb_kommunalskatter_query.json")
    assert service.waits == [0.5]
    assert len(scb.parse_table(payload).values) == 7


def test_a_wrong_table_says_it_does_not_exist() -> None:
    service = Service(lambda r: httpx.Response(404, text="Not found"))
    with pytest.raises(ResponseError) as caught:
        scb.ScbClient(fetcher=service.fetcher()).table("OE/OE0101/Nope", {"query": []})
    assert str(caught.value) == (
        "https://api.scb.se/OV0104/v1/doris/sv/ssd/OE/OE0101/Nope finns inte (404): "
        "kontrollera id:t eller sökvägen: Not found"
    )


def test_offline_names_the_table_url() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Network is unreachable")

    service = Service(answer)
    with pytest.raises(OfflineError, match=f"Kunde inte nå {URL} efter 2 försök"):
        scb.ScbClient(fetcher=service.fetcher(retries=1)).table(TABLE, {"query": []})


def test_several_contents_codes_need_one_chosen() -> None:
    payload = recorded("scb_kommunalskatter_2023_2024.json")
    payload["columns"].append({"code": "OE0101D1", "text": "Total skattesats", "type": "c"})
    for row in payload["data"]:
        row["values"].append("32.00")
    with pytest.raises(scb.ScbError, match=r"2 värden för ContentsCode .*--contents"):
        scb.parse_table(payload)
    data = scb.parse_table(payload, contents="OE0101D1")
    assert set(data.values["value"]) == {32.0}


def test_every_bad_cell_is_named_by_region_and_year() -> None:
    payload = recorded("scb_kommunalskatter_2023_2024.json")
    payload["data"][4]["values"] = ["19,83x"]  # 0114 2023
    with pytest.raises(scb.ScbError) as caught:
        scb.parse_table(payload, where="skatt.json")
    assert str(caught.value).splitlines() == [
        "skatt.json: 1 fel i svaret från SCB; inget importerades.",
        "  Region 0114, Tid 2023: väntade ett tal, fanns '19,83x'",
    ]


def test_a_query_file_is_checked_and_its_format_kept(tmp_path: Path) -> None:
    query = scb.read_query(RECORDED / "scb_kommunalskatter_query.json")
    assert query["response"] == {"format": "json"}
    path = tmp_path / "q.json"
    path.write_text(json.dumps({"query": [], "response": {"format": "px"}}))
    with pytest.raises(scb.ScbError, match="svarsformatet 'px' läses inte"):
        scb.read_query(path)


def test_something_else_than_a_pxweb_answer_is_refused() -> None:
    with pytest.raises(scb.ScbError, match="formatet ”json”"):
        scb.parse_table({"values": []})
