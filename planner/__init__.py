"""planner: plan public safety cameras for residential areas within a grant budget.

Typical use::

    from planner import load_scenario
    from planner.plan import plan
    from planner.report import write_plan

    scenario = load_scenario("scenarios/katrineholm.toml")
    result = plan(scenario)
    write_plan(result, "maps/katrineholm")

The optimiser lives in :mod:`planner.optimize` (``CoverageProblem``, ``solve``, ``validate_plan``)
and knows nothing of geometry; maps in :mod:`planner.maps`.
"""

from planner._plan_types import Plan
from planner.errors import InfeasibleError, InputError, PlannerError, SolverError
from planner.scenario import Scenario, load_scenario

__all__ = [
    "InfeasibleError",
    "InputError",
    "Plan",
    "PlannerError",
    "Scenario",
    "SolverError",
    "__version__",
    "load_scenario",
]

__version__ = "0.1.0"
