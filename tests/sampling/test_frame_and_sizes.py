"""The sampling frame rules and the sample size classes."""

from __future__ import annotations

import pandas as pd
import pytest

from foretagsklimat.sampling import FRAME_REASONS, sample_size, sample_sizes, sampling_frame

from .sampling_helpers import companies, company, orgnr, register


def reason_of(rows: list[dict[str, object]], serial: int, site_type: str = "head_office") -> str:
    frame, exclusions = sampling_frame(register(rows), 2025)
    hit = exclusions[
        (exclusions["orgnr"] == orgnr(serial)) & (exclusions["site_type"] == site_type)
    ]
    if hit.empty:
        in_frame = frame[(frame["orgnr"] == orgnr(serial)) & (frame["site_type"] == site_type)]
        assert len(in_frame) == 1
        return ""
    return str(hit["reason"].item())


def test_a_private_company_with_its_head_office_in_the_municipality_is_in_the_frame() -> None:
    for form in ("AB", "HB", "KB", "EF", "EK"):
        assert reason_of([company(1, legal_form=form)], 1) == ""


def test_a_public_body_is_never_in_the_frame() -> None:
    assert reason_of([company(1, legal_form="OFF", employees=500)], 1) == "public_body"


def test_a_company_that_opted_out_is_excluded_at_every_site() -> None:
    rows = [
        company(1, opt_out=True),
        company(1, site_type="workplace", kommunkod="0180", employees=80),
    ]
    assert reason_of(rows, 1) == "opted_out"
    assert reason_of(rows, 1, "workplace") == "opted_out"


def test_a_workplace_elsewhere_counts_only_with_more_than_25_employees() -> None:
    rows = [
        company(1),
        company(1, site_type="workplace", kommunkod="0180", employees=26),
        company(2),
        company(2, site_type="workplace", kommunkod="0180", employees=25),
    ]
    assert reason_of(rows, 1, "workplace") == ""
    assert reason_of(rows, 2, "workplace") == "workplace_25_or_fewer"


def test_a_workplace_in_the_head_office_municipality_is_not_a_second_unit() -> None:
    rows = [
        company(1, kommunkod="2181"),
        company(1, site_type="workplace", kommunkod="2181", employees=90),
    ]
    assert reason_of(rows, 1, "workplace") == "workplace_in_head_office_municipality"


def test_a_company_without_employees_needs_a_turnover_of_300000() -> None:
    rows = [
        company(1, employees=0, turnover_sek=299_999),
        company(2, employees=0, turnover_sek=300_000),
        company(3, employees=1, turnover_sek=0),
    ]
    assert reason_of(rows, 1) == "no_employees_low_turnover"
    assert reason_of(rows, 2) == ""
    assert reason_of(rows, 3) == ""


def test_every_register_row_is_either_in_the_frame_or_excluded_with_a_documented_reason() -> None:
    rows = [company(1), company(2, legal_form="OFF"), company(3, opt_out=True)]
    frame, exclusions = sampling_frame(register(rows), 2025)
    assert len(frame) + len(exclusions) == 3
    assert set(exclusions["reason"]) <= set(FRAME_REASONS)
    assert (frame["year"] == 2025).all()


@pytest.mark.parametrize(
    ("kommunkod", "population", "frame_count", "expected"),
    [
        ("2181", 38_360, 1_199, 200),  # small on both counts
        ("2180", 103_838, 900, 400),  # 400 by population
        ("0114", 50_323, 900, 400),  # 50,000 inhabitants or more
        ("2181", 38_360, 1_200, 400),  # 400 by company count
        ("1280", 365_644, 9_000, 600),  # Malmö
        ("1480", 608_993, 9_000, 600),  # Göteborg
        ("0180", 995_574, 90_000, 1_200),  # Stockholm
        ("2181", 38_360, 150, 150),  # census: the frame is smaller
        ("0180", 995_574, 700, 700),  # census even in Stockholm
    ],
)
def test_sample_size_follows_the_published_classes(
    kommunkod: str, population: int, frame_count: int, expected: int
) -> None:
    assert sample_size(kommunkod, population, frame_count) == expected


def test_sample_sizes_counts_companies_and_workplaces_in_the_frame() -> None:
    head_offices = companies("2181", 1_100)
    workplaces = [
        company(i, site_type="workplace", kommunkod="2181", employees=30)
        for i in range(5_000, 5_100)
    ]
    sizes = sample_sizes(pd.DataFrame(head_offices + workplaces))
    row = sizes.loc["2181"]
    assert row["frame_count"] == 1_200
    assert row["population"] == 38_360
    assert row["size_class"] == 400
    assert row["sample_size"] == 400
    assert not row["census"]


def test_sample_sizes_marks_a_census_and_the_fixed_cities() -> None:
    frame = pd.DataFrame(
        companies("2181", 120) + companies("1280", 700, 1_000) + companies("0180", 1_300, 2_000)
    )
    sizes = sample_sizes(frame)
    assert sizes["sample_size"].to_dict() == {"0180": 1_200, "1280": 600, "2181": 120}
    assert sizes["census"].to_dict() == {"0180": False, "1280": False, "2181": True}
    assert sizes["size_class"].to_dict() == {"0180": 1_200, "1280": 600, "2181": 200}
