"""The synthetic sampling frame: population, official statistics and survey sizes.

Everything here is synthetic. Levels and ranges follow the public descriptions of the
statistics (see ``docs/demo-data.md``); the SKR municipality group sets the typical level
and a persistent municipality effect, partly tied to the municipality's long-run business
climate, keeps each municipality recognisable from year to year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

STOCKHOLM, GOTEBORG, MALMO = "0180", "1480", "1280"

#: Municipalities below both limits get the small sample (METHODOLOGY.md §2).
POPULATION_LIMIT = 50_000
FIRM_LIMIT = 1_200
#: Eligible firms/workplaces per private employer in the synthetic frame.
FRAME_PER_EMPLOYER = 1.2
SMALL_SAMPLE, LARGE_SAMPLE, CITY_SAMPLE, CAPITAL_SAMPLE = 200, 400, 600, 1_200

# Yearly population growth by SKR group (synthetic, roughly the 2010s pattern: cities and
# their suburbs grow, sparsely populated municipalities shrink).
_GROWTH = {
    "A1": 0.012,
    "A2": 0.010,
    "B3": 0.008,
    "B4": 0.003,
    "B5": 0.002,
    "C6": 0.003,
    "C7": -0.001,
    "C8": -0.005,
    "C9": -0.004,
}


@dataclass(frozen=True)
class _StatSpec:
    """How one synthetic statistic is drawn.

    ``level`` by SKR group; ``sd`` of the persistent municipality effect; ``quality``: the
    correlation of that effect with the long-run climate (negative = a good climate goes
    with a lower value); yearly ``trend`` and AR(1) ``noise``; ``clip`` range; rounding;
    ``per_log_population``: change of the level per unit of log population.
    """

    level: dict[str, float]
    sd: float
    quality: float
    trend: float
    noise: float
    clip: tuple[float, float]
    decimals: int
    per_log_population: float = 0.0


def _groups(
    a1: float,
    a2: float,
    b3: float,
    b4: float,
    b5: float,
    c6: float,
    c7: float,
    c8: float,
    c9: float,
) -> dict[str, float]:
    return dict(
        zip(
            ("A1", "A2", "B3", "B4", "B5", "C6", "C7", "C8", "C9"),
            (a1, a2, b3, b4, b5, c6, c7, c8, c9),
            strict=True,
        )
    )


_STAT_SPEC: dict[str, _StatSpec] = {
    "municipal_tax": _StatSpec(
        _groups(19.6, 19.2, 21.2, 21.2, 21.9, 21.7, 21.9, 22.7, 22.6),
        sd=0.7,
        quality=-0.35,
        trend=0.02,
        noise=0.0,
        clip=(16.9, 24.2),
        decimals=2,
    ),
    "employment_rate": _StatSpec(
        _groups(77.5, 81.0, 78.5, 80.0, 76.5, 79.0, 80.0, 78.0, 79.0),
        sd=2.4,
        quality=0.35,
        trend=0.25,
        noise=0.35,
        clip=(68.5, 87.5),
        decimals=1,
    ),
    # Small places have more employers per inhabitant (farms, forestry, tourism).
    "employers_per_1000": _StatSpec(
        _groups(38.0, 30.0, 33.0, 30.0, 28.0, 30.0, 34.0, 36.0, 38.0),
        per_log_population=-5.0,
        sd=4.5,
        quality=0.35,
        trend=0.05,
        noise=0.4,
        clip=(19.0, 72.0),
        decimals=1,
    ),
    "new_entrepreneurship": _StatSpec(
        _groups(11.0, 9.4, 8.4, 8.2, 7.0, 7.6, 7.6, 6.6, 7.0),
        sd=1.3,
        quality=0.30,
        trend=0.05,
        noise=0.45,
        clip=(3.8, 14.5),
        decimals=1,
    ),
    "entrepreneurship": _StatSpec(
        _groups(124.0, 121.0, 110.0, 121.0, 104.0, 114.0, 125.0, 124.0, 126.0),
        sd=13.0,
        quality=0.30,
        trend=0.6,
        noise=1.5,
        clip=(70.0, 200.0),
        decimals=1,
    ),
    "contracting_out": _StatSpec(
        _groups(19.0, 17.0, 12.0, 10.0, 8.5, 10.5, 9.0, 7.0, 7.0),
        sd=4.0,
        quality=0.30,
        trend=0.15,
        noise=0.5,
        clip=(3.0, 30.0),
        decimals=1,
    ),
    "market_income": _StatSpec(
        _groups(60.0, 63.0, 57.0, 58.0, 53.0, 56.0, 56.0, 50.0, 52.0),
        sd=3.8,
        quality=0.35,
        trend=0.15,
        noise=0.4,
        clip=(40.0, 70.0),
        decimals=1,
    ),
}

STATISTICS = tuple(_STAT_SPEC)


@dataclass(frozen=True)
class Frame:
    """Synthetic per-municipality, per-year arrays, rows in ``kommunkod`` order.

    Attributes
    ----------
    codes : numpy.ndarray
        The 290 municipality codes.
    years : numpy.ndarray
        The generated years.
    population, firms, sent, answered, councillors, politicians : numpy.ndarray
        Integer arrays of shape (municipalities, years).
    statistics : dict of str to numpy.ndarray
        Float arrays of shape (municipalities, years), one per catalogue statistic.
    """

    codes: np.ndarray
    years: np.ndarray
    population: np.ndarray
    firms: np.ndarray
    sent: np.ndarray
    answered: np.ndarray
    councillors: np.ndarray
    politicians: np.ndarray
    statistics: dict[str, np.ndarray]

    def statistics_frame(self) -> pd.DataFrame:
        """The statistics as the canonical long frame (kommunkod, year, statistic, value)."""
        m, y = len(self.codes), len(self.years)
        parts = [
            pd.DataFrame(
                {
                    "kommunkod": np.repeat(self.codes, y),
                    "year": np.tile(self.years, m).astype("int64"),
                    "statistic": code,
                    "value": values.ravel().astype("float64"),
                }
            )
            for code, values in self.statistics.items()
        ]
        return pd.concat(parts, ignore_index=True)

    def questionnaires_frame(self) -> pd.DataFrame:
        """Companies' questionnaires: kommunkod, year, sent, answered."""
        m, y = len(self.codes), len(self.years)
        return pd.DataFrame(
            {
                "kommunkod": np.repeat(self.codes, y),
                "year": np.tile(self.years, m).astype("int64"),
                "sent": self.sent.ravel().astype("int64"),
                "answered": self.answered.ravel().astype("int64"),
            }
        )


def _statistics(
    groups: np.ndarray,
    population: np.ndarray,
    quality: np.ndarray,
    years: np.ndarray,
    rng: np.random.Generator,
) -> dict[str, np.ndarray]:
    m, y = len(groups), len(years)
    t = (years - 2019).astype(float)[None, :]
    out: dict[str, np.ndarray] = {}
    for code, spec in _STAT_SPEC.items():
        level = np.array([spec.level[g] for g in groups])
        level = level + spec.per_log_population * np.log(population / 15_000)
        # A persistent municipality effect, partly explained by the long-run climate so
        # that well-ranked municipalities tend to have good statistics too.
        own = spec.quality * quality + np.sqrt(1 - spec.quality**2) * rng.standard_normal(m)
        base = level + spec.sd * own
        if code == "municipal_tax":
            # Tax rates move rarely and in steps of a few tenths.
            changes = rng.random((m, y)) < 0.12
            steps = rng.choice([-0.3, -0.2, -0.1, 0.1, 0.2, 0.3, 0.5], size=(m, y))
            path = np.cumsum(np.where(changes, steps, 0.0), axis=1)
            path -= path[:, [min(5, y - 1)]]
            values = base[:, None] + path + spec.trend * t
        else:
            # AR(1) yearly deviation so that values persist from one year to the next.
            noise = rng.standard_normal((m, y)) * spec.noise
            dev = np.zeros((m, y))
            dev[:, 0] = noise[:, 0]
            for j in range(1, y):  # loop over years only
                dev[:, j] = 0.7 * dev[:, j - 1] + noise[:, j]
            trend = spec.trend * t
            if code == "employment_rate":
                # The pandemic year dents employment.
                trend = trend - 1.2 * (years == 2020)[None, :]
            values = base[:, None] + trend + dev
        out[code] = np.round(np.clip(values, *spec.clip), spec.decimals)
    return out


def council_seats(population: np.ndarray) -> np.ndarray:
    """Synthetic number of kommunfullmäktige members, rising with population."""
    seats = np.select(
        [
            population < 15_000,
            population < 30_000,
            population < 50_000,
            population < 100_000,
            population < 300_000,
        ],
        [31, 41, 49, 61, 71],
        default=81,
    )
    return seats.astype("int64")


def sample_sizes(codes: np.ndarray, population: np.ndarray, firms: np.ndarray) -> np.ndarray:
    """Questionnaires sent to firms, by the published size rules.

    Parameters
    ----------
    codes : numpy.ndarray
        Municipality codes, shape (M,).
    population, firms : numpy.ndarray
        Inhabitants and synthetic firms/workplaces, shape (M, Y).

    Returns
    -------
    numpy.ndarray
        200 when both population < 50,000 and firms < 1,200, else 400; Malmö and Göteborg
        600; Stockholm 1,200; a census (all firms in the frame) where the frame is smaller
        than the small sample.
    """
    small = (population < POPULATION_LIMIT) & (firms < FIRM_LIMIT)
    sent = np.where(small, SMALL_SAMPLE, LARGE_SAMPLE)
    sent = np.where(firms < SMALL_SAMPLE, firms, sent)
    city = np.isin(codes, [GOTEBORG, MALMO])[:, None]
    sent = np.where(city, CITY_SAMPLE, sent)
    sent = np.where((codes == STOCKHOLM)[:, None], CAPITAL_SAMPLE, sent)
    return sent.astype("int64")


def build_frame(
    reference: pd.DataFrame,
    years: np.ndarray,
    quality: np.ndarray,
    politician_years: np.ndarray,
    rng: np.random.Generator,
) -> Frame:
    """Draw the synthetic frame for all municipalities and years.

    Parameters
    ----------
    reference : pandas.DataFrame
        :func:`foretagsklimat.reference.municipalities`, sorted by code.
    years : numpy.ndarray
        Survey years.
    quality : numpy.ndarray
        Long-run business-climate quality per municipality (standard-normal scale), which
        the statistics are partly correlated with.
    politician_years : numpy.ndarray
        Boolean per year: whether council members are surveyed.
    rng : numpy.random.Generator
        The only source of randomness.
    """
    codes = reference["kommunkod"].to_numpy()
    groups = reference["kommungrupp_kod"].to_numpy()
    m = len(codes)
    growth = np.array([_GROWTH[g] for g in groups]) + 0.003 * rng.standard_normal(m)
    pop2024 = reference["folkmangd_2024"].to_numpy().astype(float)
    population = np.round(pop2024[:, None] * (1 + growth[:, None]) ** (years - 2024)[None, :])
    statistics = _statistics(groups, pop2024, quality, years, rng)
    # Synthetic firms/workplaces in the frame: private employers (population times the
    # synthetic employers-per-1,000 statistic) plus a fixed fifth for the other eligible
    # units (workplaces of more than 25 staff of firms based elsewhere, firms without
    # staff above the turnover limit), of which no count is public.
    firms = np.round(FRAME_PER_EMPLOYER * population * statistics["employers_per_1000"] / 1000)
    firms = firms.astype("int64")
    sent = sample_sizes(codes, population, firms)
    # Response rate: a persistent municipality level (small places answer more) plus a
    # small yearly wobble, kept inside the published 30-67 % span.
    base_rate = 0.455 + 0.05 * rng.standard_normal(m) + 0.03 * (sent[:, 0] <= SMALL_SAMPLE)
    rate = np.clip(base_rate[:, None] + 0.02 * rng.standard_normal((m, len(years))), 0.30, 0.67)
    answered = rng.binomial(sent, rate)
    # Keep the realised rates inside the published span too, not only the expected ones.
    answered = np.clip(answered, np.ceil(0.30 * sent), np.floor(0.67 * sent)).astype("int64")
    councillors = council_seats(population)
    pol_rate = np.clip(0.58 + 0.07 * rng.standard_normal((m, len(years))), 0.3, 0.85)
    politicians = rng.binomial(councillors, pol_rate) * politician_years[None, :]
    return Frame(
        codes=codes,
        years=years,
        population=population.astype("int64"),
        firms=firms,
        sent=sent,
        answered=answered,
        councillors=councillors,
        politicians=politicians.astype("int64"),
        statistics=statistics,
    )
