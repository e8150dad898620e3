"""planner._map_objective.objective_difference: the difference of two plans' objectives, or why
there is none (:class:`~planner._map_objective.NoDifference`), and the sentence said of it."""

from __future__ import annotations

from planner._map_objective import NoDifference, ObjectiveDifference, objective_difference
from planner.compare import difference_conclusion


def _summary(objective: object = 100.0, bound: object = 110.0,
             factors: dict[str, float] | None = None) -> dict[str, object]:
    return {"objective": objective, "bound": bound, "gap": 0.1, "status": "feasible",
            "settings": {"demand": {"area_factors": factors or {}}}}


def test_the_difference_comes_with_the_reason_when_there_is_none() -> None:
    d = objective_difference(_summary(100.0, 110.0), _summary(104.0, 108.0))
    assert isinstance(d, ObjectiveDifference)
    assert (d.change, d.low, d.high) == (4.0, -6.0, 8.0)
    # factors other than 1 that differ: different units (a factor of 1 is none)
    assert objective_difference(_summary(factors={"east": 1.0}), _summary()) != \
        NoDifference("different weights")
    assert objective_difference(_summary(factors={"east": 2.0}), _summary()) == \
        NoDifference("different weights")
    # a plan made by hand: no bound, a bound of NaN, an objective that is no number
    for b in (_summary(bound=None), _summary(bound=float("nan")), _summary(objective="x")):
        assert objective_difference(_summary(), b) == NoDifference("no objective")
    # both at once: the weights are named (the reason the report gives first)
    assert objective_difference(_summary(factors={"east": 2.0}), _summary(bound=None)) == \
        NoDifference("different weights")


def test_the_conclusion_says_why_only_for_different_weights() -> None:
    assert difference_conclusion(NoDifference("no objective"), "en") is None
    assert difference_conclusion(NoDifference("different weights"), "en") == (
        "A and B weight areas differently (demand.area_factors), so their objectives are in "
        "different units and no difference of them is given: compare the covered shares and "
        "population below.")
    assert difference_conclusion(NoDifference("different weights"), "sv") == (
        "A och B väger områdena olika (demand.area_factors), så deras målfunktionsvärden har "
        "olika enheter och ingen skillnad mellan dem anges: jämför täckta andelar och befolkning "
        "nedan.")
    d = objective_difference(_summary(100.0, 100.0), _summary(90.0, 90.0))
    assert isinstance(d, ObjectiveDifference)
    assert difference_conclusion(d, "en") == (
        "Both plans are proven optimal: the difference is established.")
