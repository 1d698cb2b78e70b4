"""One sampling run from register to files: frame, sizes, draw, exclusions, summary."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from foretagsklimat.reference import municipalities

from .draw import RandomState, draw_sample
from .frame import sampling_frame
from .sizes import sample_sizes

SAMPLE_COLUMNS = ("orgnr", "kommunkod", "site_type")
EXCLUSION_COLUMNS = ("orgnr", "kommunkod", "reason")


@dataclass(frozen=True)
class SampleRun:
    """The outcome of :func:`run_sampling`.

    Attributes
    ----------
    sample : pandas.DataFrame
        The drawn units (the register's columns plus ``year``).
    exclusions : pandas.DataFrame
        ``orgnr``, ``kommunkod``, ``site_type``, ``reason`` for every register row not
        in the sample: frame reasons first, then ``sole_trader_cap`` and ``not_sampled``.
    summary : pandas.DataFrame
        One row per municipality with register rows: ``kommunkod``, ``kommunnamn``,
        ``register_rows``, ``frame_count``, ``size_class``, ``census``, ``sampled``.
    """

    sample: pd.DataFrame
    exclusions: pd.DataFrame
    summary: pd.DataFrame

    def write(self, directory: Path) -> tuple[Path, Path]:
        """Write ``sample.csv`` and ``exclusions.csv`` (UTF-8, with header) to ``directory``."""
        directory.mkdir(parents=True, exist_ok=True)
        sample_path, exclusions_path = directory / "sample.csv", directory / "exclusions.csv"
        self.sample[list(SAMPLE_COLUMNS)].to_csv(sample_path, index=False, encoding="utf-8")
        self.exclusions[list(EXCLUSION_COLUMNS)].to_csv(
            exclusions_path, index=False, encoding="utf-8"
        )
        return sample_path, exclusions_path


def run_sampling(register: pd.DataFrame, year: int, random_state: RandomState) -> SampleRun:
    """Build the frame, size each municipality's sample and draw it.

    Parameters
    ----------
    register : pandas.DataFrame
        From :func:`~foretagsklimat.sampling.read_register`.
    year : int
        The survey round.
    random_state : int, numpy.random.Generator or None
        Seed of the draw; the same register and seed give the same files.

    Returns
    -------
    SampleRun
    """
    frame, frame_exclusions = sampling_frame(register, year)
    sizes = sample_sizes(frame)
    sample, not_drawn = draw_sample(frame, sizes, random_state)
    columns = ["orgnr", "kommunkod", "site_type", "reason"]
    exclusions = pd.concat([frame_exclusions[columns], not_drawn[columns]], ignore_index=True)
    names = municipalities().set_index("kommunkod")["kommunnamn"]
    summary = pd.DataFrame({"register_rows": register.groupby("kommunkod").size()})
    summary = summary.join(sizes[["frame_count", "size_class", "census"]])
    summary["sampled"] = sample.groupby("kommunkod").size()
    summary = summary.fillna({"frame_count": 0, "size_class": 0, "census": False, "sampled": 0})
    summary = summary.astype(
        {"frame_count": "int64", "size_class": "int64", "census": bool, "sampled": "int64"}
    )
    summary.insert(0, "kommunnamn", names.reindex(summary.index))
    return SampleRun(sample, exclusions, summary.rename_axis("kommunkod").reset_index())
