"""Response shapes of the API. Field names are part of the public contract (docs/api.md):
add fields freely, never rename or remove one within ``v1``."""

from __future__ import annotations

from ninja import Field, Schema

CODE = Field(description="Municipality code (kommunkod): 4 digits.", examples=["2181"])
SYNTHETIC = Field(
    description="True when the data are synthetic demo data, not real survey answers.",
    examples=[True],
)


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong.", examples=["No ranking for 1999."])


class MunicipalityOut(Schema):
    code: str = CODE
    name: str = Field(description="Short name.", examples=["Sandviken"])
    official_name: str = Field(examples=["Sandvikens kommun"])
    county_code: str = Field(description="County code (länskod), 2 digits.", examples=["21"])
    county_name: str = Field(examples=["Gävleborgs län"])
    group_code: str = Field(description="SKR municipality group, A1…C9.", examples=["B3"])
    group_name: str = Field(examples=["Pendlingskommun nära större stad"])
    population: int = Field(description="Population 2024.", examples=[39817])


class YearResultOut(Schema):
    year: int = Field(examples=[2023])
    rank: int = Field(description="Total rank, 1 = best.", examples=[42])
    points: float = Field(description="Total points.", examples=[61.3])
    change: int | None = Field(
        description="Places gained since the previous year (negative = fell); "
        "null when unranked the year before.",
        examples=[5],
    )
    methodology: str = Field(examples=["sn-2020"])
    synthetic: bool = SYNTHETIC


class MunicipalityDetailOut(MunicipalityOut):
    synthetic: bool = Field(
        description="True when any of the results rests on synthetic demo data.",
        examples=[True],
    )
    results: list[YearResultOut] = Field(description="Published total ranks, by year.")


class IndicatorResultOut(Schema):
    code: str = Field(description="Indicator code.", examples=["overall_grade"])
    label_sv: str = Field(examples=["Sammanfattande omdöme"])
    label_en: str = Field(examples=["Overall grade"])
    kind: str = Field(description="survey or statistic.", examples=["survey"])
    weight: float = Field(description="Share of the total.", examples=[0.3333])
    value: float | None = Field(
        description="Mean grade or statistic; null when suppressed.", examples=[3.61]
    )
    n: int | None = Field(
        description="Number of answers behind a survey value; null for statistics and when "
        "suppressed.",
        examples=[40],
    )
    rank: float | None = Field(description="Rank on this indicator (ties share).", examples=[12.5])
    points: float | None = Field(examples=[9.1])
    rank_change: float | None = Field(
        description="Places gained on this indicator since the previous year.", examples=[-3.0]
    )
    suppressed: bool = Field(
        description="True when the value rests on fewer answers than the minimum; value and n "
        "are then null.",
        examples=[False],
    )
    national_mean: float | None = Field(examples=[3.5])
    county_mean: float | None = Field(examples=[3.42])
    group_mean: float | None = Field(examples=[3.47])


class MunicipalityYearOut(Schema):
    code: str = CODE
    name: str = Field(examples=["Sandviken"])
    year: int = Field(examples=[2023])
    methodology: str = Field(examples=["sn-2020"])
    synthetic: bool = SYNTHETIC
    rank: int = Field(examples=[42])
    points: float = Field(examples=[61.3])
    change: int | None = Field(examples=[5])
    county_rank: int = Field(examples=[2])
    group_rank: int = Field(examples=[7])
    indicators: list[IndicatorResultOut]


class MethodologyIndicatorOut(Schema):
    code: str = Field(examples=["overall_grade"])
    label_sv: str = Field(examples=["Sammanfattande omdöme"])
    label_en: str = Field(examples=["Overall grade"])
    kind: str = Field(description="survey or statistic.", examples=["survey"])
    source: str = Field(description="Question or statistic code.", examples=["overall_grade"])
    weight: float = Field(examples=[0.3333])
    group: str = Field(examples=["overall_grade"])
    direction: int = Field(description="1 = higher is better, -1 = lower.", examples=[1])
    status: str = Field(description="documented or inferred.", examples=["documented"])
    note: str = Field(examples=["SN: the overall grade weighs one third."])


class PartOut(Schema):
    part: str = Field(examples=["attitude_public"])
    status: str = Field(examples=["inferred"])
    note: str = Field(examples=["Weight inferred from published points."])


class MethodologyOut(Schema):
    name: str = Field(examples=["sn-2020"])
    title_sv: str
    title_en: str
    description: str
    first_year: int = Field(examples=[2020])
    last_year: int | None = Field(examples=[None])
    aggregation: str = Field(examples=["rank_points"])
    tie_rule: str = Field(examples=["average"])
    tie_break: list[str]
    status: str = Field(examples=["partly_inferred"])
    sources: list[str]
    subquestions: dict[str, str]
    missing: str = Field(examples=["neutral"])
    variant_of: str | None = Field(examples=[None])
    assumptions: list[PartOut]
    indicators: list[MethodologyIndicatorOut]
    inferred_parts: list[PartOut] = Field(
        description="Everything not documented by SN: inferred indicators and assumptions."
    )


class RankingYearOut(Schema):
    year: int = Field(examples=[2023])
    methodology: str = Field(examples=["sn-2020"])
    synthetic: bool = SYNTHETIC
    count: int = Field(description="Municipalities ranked.", examples=[290])


class RankingYearsOut(Schema):
    synthetic: bool = Field(description="True when any year is synthetic.", examples=[True])
    count: int = Field(examples=[2])
    items: list[RankingYearOut]


class RankingItemOut(Schema):
    code: str = CODE
    name: str = Field(examples=["Sandviken"])
    county_code: str = Field(examples=["21"])
    group_code: str = Field(examples=["B3"])
    rank: int = Field(examples=[42])
    points: float = Field(examples=[61.3])
    change: int | None = Field(examples=[5])
    county_rank: int = Field(examples=[2])
    group_rank: int = Field(examples=[7])


class RankingOut(Schema):
    year: int = Field(examples=[2023])
    methodology: str = Field(examples=["sn-2020"])
    synthetic: bool = SYNTHETIC
    count: int = Field(description="Rows matching the filters (before paging).", examples=[10])
    limit: int = Field(examples=[100])
    offset: int = Field(examples=[0])
    items: list[RankingItemOut]


class FactorItemOut(Schema):
    code: str = CODE
    name: str = Field(examples=["Sandviken"])
    county_code: str = Field(examples=["21"])
    group_code: str = Field(examples=["B3"])
    value: float | None = Field(description="Null when suppressed.", examples=[3.61])
    n: int | None = Field(description="Null for statistics and when suppressed.", examples=[40])
    rank: float | None = Field(examples=[12.5])
    points: float | None = Field(examples=[9.1])
    rank_change: float | None = Field(examples=[-3.0])
    suppressed: bool = Field(examples=[False])


class FactorRankingOut(Schema):
    year: int = Field(examples=[2023])
    methodology: str = Field(examples=["sn-2020"])
    synthetic: bool = SYNTHETIC
    indicator: MethodologyIndicatorOut
    count: int = Field(examples=[290])
    limit: int = Field(examples=[100])
    offset: int = Field(examples=[0])
    items: list[FactorItemOut]


class MoverOut(Schema):
    code: str = CODE
    name: str = Field(examples=["Sandviken"])
    county_code: str = Field(examples=["21"])
    group_code: str = Field(examples=["B3"])
    previous_rank: int = Field(examples=[120])
    rank: int = Field(examples=[42])
    change: int = Field(description="Places gained (negative = fell).", examples=[78])


class MoversOut(Schema):
    year: int = Field(examples=[2023])
    previous_year: int = Field(examples=[2022])
    methodology: str = Field(examples=["sn-2020"])
    synthetic: bool = SYNTHETIC
    climbers: list[MoverOut] = Field(description="Largest rises, biggest first.")
    fallers: list[MoverOut] = Field(description="Largest falls, biggest first.")
    county_climbers: list[MoverOut] = Field(
        description="The biggest climber of each county, by county code."
    )


# -- understanding a rank ----------------------------------------------------------------
class UncertaintyOut(Schema):
    code: str = CODE
    name: str = Field(examples=["Sandviken"])
    year: int = Field(examples=[2023])
    methodology: str = Field(examples=["sn-2020"])
    synthetic: bool = SYNTHETIC
    rank: int = Field(description="Published (nominal) rank.", examples=[42])
    points: float = Field(examples=[61.3])
    confidence: float = Field(
        description="Coverage of the rank and points intervals.", examples=[0.9]
    )
    rank_median: float | None = Field(
        description="Median rank over the survey bootstrap.", examples=[44.0]
    )
    rank_low: float | None = Field(description="Best rank of the interval.", examples=[31.0])
    rank_high: float | None = Field(description="Worst rank of the interval.", examples=[58.0])
    points_low: float | None = Field(examples=[58.9])
    points_high: float | None = Field(examples=[63.8])
    change: int | None = Field(
        description="Places gained since the previous year; null without one.", examples=[5]
    )
    change_confidence: float = Field(
        description="Coverage of the change interval.", examples=[0.95]
    )
    change_low: int | None = Field(examples=[-9])
    change_high: int | None = Field(examples=[21])
    verdict: str | None = Field(
        description="real_improvement, real_decline or noise (null without a previous year).",
        examples=["noise"],
    )
    sentence_sv: str | None = Field(
        examples=["+5 placeringar; 95 % intervall −9 till +21: inom slumpvariationen"]
    )
    sentence_en: str | None = Field(
        examples=["+5 places; 95 % interval −9 to +21: within the noise"]
    )
    method_median: float | None = Field(
        description=(
            "Median rank over alternative methods: weights ×U[0.75, 1.25], normalisation "
            "(rank points, min-max, z-score) and aggregation (arithmetic, geometric) drawn "
            "per replication."
        ),
        examples=[45.0],
    )
    method_low: float | None = Field(description="5th percentile of that rank.", examples=[30.0])
    method_high: float | None = Field(description="95th percentile of that rank.", examples=[61.0])


class WhatIfIndicatorOut(Schema):
    indicator: str = Field(description="Indicator code.", examples=["service"])
    value_before: float | None = Field(
        description="Published value; null when suppressed.", examples=[3.87]
    )
    value_after: float | None = Field(examples=[4.2])
    factor_rank_before: float | None = Field(examples=[131.0])
    factor_rank_after: float | None = Field(examples=[64.5])
    points_before: float | None = Field(examples=[160.0])
    points_after: float | None = Field(examples=[226.5])


class WhatIfOut(Schema):
    year: int = Field(examples=[2023])
    code: str = CODE
    synthetic: bool = SYNTHETIC
    rank_before: int = Field(description="Published rank.", examples=[131])
    rank: int = Field(description="Rank with the changed values.", examples=[104])
    points_before: float = Field(examples=[148.2])
    points: float = Field(examples=[154.9])
    change: int = Field(description="Places gained (positive = climbed).", examples=[27])
    indicators: list[WhatIfIndicatorOut] = Field(description="One row per changed indicator.")


class LeverOut(Schema):
    indicator: str = Field(examples=["service"])
    label_sv: str = Field(examples=["Kommunens service och bemötande till företagen"])
    label_en: str = Field(examples=["The municipality's service to companies"])
    kind: str = Field(examples=["survey"])
    value: float | None = Field(description="Null when suppressed.", examples=[3.87])
    step: float | None = Field(
        description="One step in the improving direction (negative for the tax rate).",
        examples=[0.1],
    )
    new_value: float | None = Field(examples=[3.97])
    places_gained: int = Field(examples=[6])
    points_gained: float | None = Field(examples=[1.2])
    new_rank: int = Field(examples=[125])
    feasible: bool = Field(description="False when a grade would pass 6.", examples=[True])


class PlanStepOut(Schema):
    indicator: str = Field(examples=["service"])
    label_sv: str = Field(examples=["Kommunens service och bemötande till företagen"])
    label_en: str = Field(examples=["The municipality's service to companies"])
    from_value: float | None = Field(examples=[3.87])
    to_value: float | None = Field(examples=[4.27])
    change: float | None = Field(examples=[0.4])
    n_steps: int = Field(examples=[4])


class PlanOut(Schema):
    target: int = Field(examples=[100])
    reachable: bool = Field(examples=[True])
    rank_before: int = Field(examples=[131])
    final_rank: int = Field(examples=[99])
    steps: list[PlanStepOut]
    sentence_sv: str = Field(
        examples=[
            "För att nå plats 100 behöver Sandviken höja kommunens service från 3,9 "
            "till 4,3 (från plats 131 till plats 99)."
        ]
    )
    sentence_en: str


class LeversOut(Schema):
    code: str = CODE
    name: str = Field(examples=["Sandviken"])
    year: int = Field(examples=[2023])
    methodology: str = Field(examples=["sn-2020"])
    synthetic: bool = SYNTHETIC
    rank: int = Field(examples=[131])
    points: float = Field(examples=[148.2])
    levers: list[LeverOut] = Field(description="Most places gained first.")
    plan: PlanOut | None = Field(description="Only when `target` is given.")


class PeerOut(Schema):
    code: str = CODE
    name: str = Field(examples=["Hofors"])
    group_code: str = Field(examples=["B5"])
    same_group: bool = Field(examples=[True])
    distance: float | None = Field(examples=[0.13])
    rank: int | None = Field(description="Total rank that year.", examples=[150])


class PeerComparisonOut(Schema):
    indicator: str = Field(examples=["service"])
    label_sv: str
    label_en: str
    value: float | None = Field(description="Null when suppressed.", examples=[3.87])
    peer_mean: float | None = Field(
        description="Mean over the peers' visible values.", examples=[3.71]
    )
    difference: float | None = Field(examples=[0.16])
    advantage: float | None = Field(
        description="Difference in the improving direction: positive = better than the peers.",
        examples=[0.16],
    )
    rank_among_peers: int | None = Field(examples=[3])
    n_peers: int = Field(description="Peers with a visible value.", examples=[8])


class PeersOut(Schema):
    code: str = CODE
    name: str = Field(examples=["Sandviken"])
    year: int = Field(examples=[2023])
    methodology: str = Field(examples=["sn-2020"])
    synthetic: bool = SYNTHETIC
    rank: int = Field(examples=[131])
    peers: list[PeerOut] = Field(description="Nearest first.")
    comparison: list[PeerComparisonOut]


class DriverOut(Schema):
    question: str = Field(examples=["service"])
    label_sv: str
    label_en: str
    coefficient: float | None = Field(
        description="Standardised regression coefficient on the overall grade.", examples=[0.31]
    )
    low: float | None = Field(examples=[0.27])
    high: float | None = Field(examples=[0.35])
    correlation: float | None = Field(examples=[0.62])
    vif: float | None = Field(description="Variance inflation factor.", examples=[2.1])


class DriversOut(Schema):
    year: int = Field(examples=[2023])
    methodology: str = Field(examples=["sn-2020"])
    synthetic: bool = SYNTHETIC
    level: str = Field(examples=["respondents"])
    group: str | None = Field(examples=["B3"])
    r2: float | None = Field(examples=[0.48])
    n: int = Field(
        description="Complete answers (or municipalities) in the model.", examples=[3120]
    )
    items: list[DriverOut] = Field(description="Largest coefficient first.")
