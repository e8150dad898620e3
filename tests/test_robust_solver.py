"""When the time limit stops the solver, the best plan found and its gap are reported (issue 8).

Memory on the largest instance is left to the benchmarks (``make bench``).
"""

from __future__ import annotations

import json

from planner.cli import main
from tests.robust_town import synthetic_town


def test_time_limit_returns_the_best_plan_with_its_gap(tmp_path, capsys):
    scenario = synthetic_town(
        tmp_path / "town", blocks=4, sites_per_block=40, spacing=5.0, budget=900_000.0,
        time_limit_s=1.0,
    )  # fmt: skip
    out = tmp_path / "out"
    assert main(["plan", str(scenario), "--out", str(out)]) == 0
    s = json.loads((out / "summary.json").read_text())
    assert s["status"] == "feasible"
    assert 0 < s["gap"] <= 1
    assert s["bound"] >= s["objective"] > 0
    assert 0 < s["spent_sek"] <= s["budget_sek"] == 900_000.0
    assert s["n_cameras_new"] > 0
    printed = capsys.readouterr().out
    assert "feasible (gap " in printed
