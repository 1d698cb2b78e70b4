"""Finding a municipality ignores case, å/ä/ö and accents: "gavle" finds Gävle, "orebro"
and "ÖREBRO" Örebro; the search key is ``reference.search.search_key``."""

from __future__ import annotations

import pytest
from django.test import Client

from foretagsklimat.reference.search import search_key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Gävle", "gavle"),
        ("GÄVLE", "gavle"),
        ("Örebro", "orebro"),
        ("ÖREBRO", "orebro"),
        ("Åre", "are"),
        ("ÅRE", "are"),
        ("Malå", "mala"),
        ("Göteborg", "goteborg"),
        ("Upplands-Bro", "upplands bro"),
        ("  Upplands   Väsby ", "upplands vasby"),
        ("Café Éva", "cafe eva"),
        ("Straße", "strasse"),
    ],
)
def test_the_search_key(text: str, key: str) -> None:
    assert search_key(text) == key


@pytest.mark.parametrize(
    ("query", "kommunkod"),
    [
        ("gavle", "2180"),
        ("GÄVLE", "2180"),
        ("orebro", "1880"),
        ("ÖREBRO", "1880"),
        ("Göteborg", "1480"),
        ("goteborg", "1480"),
        ("ÅRE", "2321"),
        ("are", "2321"),
        ("upplands bro", "0139"),
    ],
)
def test_the_public_search_goes_straight_to_the_municipality(query: str, kommunkod: str) -> None:
    response = Client().get("/sok/", {"q": query})
    assert response.status_code == 302
    assert response["Location"] == f"/kommun/{kommunkod}/"


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["ÖSTER", "öster", "oster"])
def test_a_part_of_a_name_lists_every_match_whatever_the_case(query: str) -> None:
    response = Client().get("/sok/", {"q": query})
    names = {hit["kommunnamn"] for hit in response.context["hits"]}
    assert names == {"Österåker", "Östersund"}


@pytest.mark.django_db
def test_compared_municipalities_are_found_by_their_folded_names(
    stored_rankings: tuple[int, ...],
) -> None:
    response = Client().get("/kommun/2181/", {"jamfor": ["gavle", "ÖREBRO"]})
    assert response.status_code == 200
    assert response.context["compare_values"][:2] == ["Gävle", "Örebro"]
