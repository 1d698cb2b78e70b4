"""Small hand-made methodologies and inputs shared by the engine tests."""

from __future__ import annotations

import pandas as pd

from foretagsklimat.engine.methodology import Methodology


def toy_methodology(**top: object) -> Methodology:
    """Overall grade 1/2, service 1/4, municipal tax 1/4 (lower is better)."""
    data: dict[str, object] = {
        "name": "toy",
        "title_sv": "Leksak",
        "title_en": "Toy",
        "first_year": 2020,
        "indicators": [
            {
                "code": "overall_grade",
                "kind": "survey",
                "source": "overall_grade",
                "weight": "1/2",
                "direction": 1,
                "status": "inferred",
                "note": "test",
            },
            {
                "code": "service",
                "kind": "survey",
                "source": "service",
                "weight": "1/4",
                "direction": 1,
                "status": "inferred",
                "note": "test",
            },
            {
                "code": "municipal_tax",
                "kind": "statistic",
                "source": "municipal_tax",
                "weight": "1/4",
                "direction": -1,
                "status": "inferred",
                "note": "test",
            },
        ],
    }
    data.update(top)
    return Methodology.from_dict(data)


def long_values(table: dict[str, dict[str, float]]) -> pd.DataFrame:
    """``{source: {kommunkod: value}}`` as canonical long indicator values."""
    rows = [
        (code, source, value)
        for source, by_code in table.items()
        for code, value in by_code.items()
    ]
    return pd.DataFrame(rows, columns=["kommunkod", "source", "value"])


#: Four municipalities A=0114, B=0115, C=0117, D=0120.
TOY_VALUES = {
    "overall_grade": {"0114": 4.0, "0115": 3.0, "0117": 3.0, "0120": 2.0},
    "service": {"0114": 2.0, "0115": 5.0, "0117": 4.0, "0120": 3.0},
    "municipal_tax": {"0114": 20.0, "0115": 22.0, "0117": 21.0, "0120": 19.0},
}
