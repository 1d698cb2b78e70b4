"""The wording of a plan: one plain sentence in Swedish or English.

Examples
--------
>>> import pandas as pd
>>> from foretagsklimat.engine.whatif.plan import Plan
>>> steps = pd.DataFrame({"indicator": ["municipal_tax"], "label_sv": ["Kommunalskatt"],
...     "label_en": ["Municipal tax rate"], "kind": ["statistic"], "from_value": [22.1],
...     "to_value": [21.9], "change": [-0.2], "step": [0.1], "n_steps": [2]})
>>> describe_plan(Plan("0114", 1, 3, 1, True, steps), "en", name="Upplands Väsby")
'To reach rank 1, Upplands Väsby needs to lower municipal tax rate from 22.1 to 21.9 \
(from rank 3 to rank 1).'
"""

from __future__ import annotations

from foretagsklimat import reference as _reference

from .plan import Plan

__all__ = ["describe_plan"]


def _number(value: float, decimals: int, language: str) -> str:
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if language == "sv" else text


def _join(parts: list[str], language: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    word = " och " if language == "sv" else " and "
    return ", ".join(parts[:-1]) + word + parts[-1]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def describe_plan(plan: Plan, language: str = "sv", *, name: str | None = None) -> str:
    """The plan as one plain sentence, in Swedish (``"sv"``) or English (``"en"``).

    Grades are shown with one decimal; statistics with one, or two for steps under 0.1.

    Examples
    --------
    >>> import pandas as pd
    >>> steps = pd.DataFrame({"indicator": ["service"],
    ...     "label_sv": ["Kommunens service"], "label_en": ["The municipality's service"],
    ...     "kind": ["survey"], "from_value": [3.87], "to_value": [4.27],
    ...     "change": [0.4], "step": [0.1], "n_steps": [4]})
    >>> plan = Plan("2181", 100, 131, 99, True, steps)
    >>> describe_plan(plan).split(" (")[0]
    'För att nå plats 100 behöver Sandviken höja kommunens service från 3,9 till 4,3'
    >>> describe_plan(plan, "en").split(" (")[0]
    "To reach rank 100, Sandviken needs to raise the municipality's service from 3.9 to 4.3"
    """
    if language not in ("sv", "en"):
        raise ValueError(f"language must be 'sv' or 'en', not {language!r}")
    sv = language == "sv"
    if name is None:
        known = _reference.municipalities().set_index("kommunkod")["kommunnamn"]
        name = str(known.get(plan.kommunkod, plan.kommunkod))
    if plan.rank_before <= plan.target_rank:
        return (
            f"{name} ligger redan på plats {plan.rank_before}, inom de {plan.target_rank} främsta."
            if sv
            else f"{name} is already ranked {plan.rank_before}, within the top {plan.target_rank}."
        )
    parts = []
    steps = plan.steps
    for kind, step, from_value, to_value, label_text in zip(
        steps["kind"].astype(str),
        steps["step"].to_numpy(dtype="float64"),
        steps["from_value"].to_numpy(dtype="float64"),
        steps["to_value"].to_numpy(dtype="float64"),
        steps["label_sv" if sv else "label_en"].astype(str),
        strict=True,
    ):
        decimals = 1 if kind == "survey" or step >= 0.1 else 2
        up = to_value > from_value
        verb = ("höja" if up else "sänka") if sv else ("raise" if up else "lower")
        label = _lower_first(label_text)
        low = _number(float(from_value), decimals, language)
        high = _number(float(to_value), decimals, language)
        parts.append(
            f"{verb} {label} från {low} till {high}"
            if sv
            else f"{verb} {label} from {low} to {high}"
        )
    changes = _join(parts, language)
    if plan.reachable:
        if sv:
            return (
                f"För att nå plats {plan.target_rank} behöver {name} {changes} "
                f"(från plats {plan.rank_before} till plats {plan.final_rank})."
            )
        return (
            f"To reach rank {plan.target_rank}, {name} needs to {changes} "
            f"(from rank {plan.rank_before} to rank {plan.final_rank})."
        )
    if not parts:
        return (
            f"{name} kan inte nå plats {plan.target_rank} med de valda faktorerna."
            if sv
            else f"{name} cannot reach rank {plan.target_rank} with the chosen factors."
        )
    if sv:
        return (
            f"{name} kan inte nå plats {plan.target_rank} med de valda faktorerna: även "
            f"om {name} skulle {changes} blir det som bäst plats {plan.final_rank}."
        )
    return (
        f"{name} cannot reach rank {plan.target_rank} with the chosen factors: even if "
        f"it were to {changes}, the best it could reach is rank {plan.final_rank}."
    )
