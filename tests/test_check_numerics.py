"""The adversarial numerics check (``benchmarks/check_numerics.py``) itself.

Its brute-force reference is written apart from the planner (and from ``tests/test_optimize``'s
``winners``); the two must agree wherever no tolerance edge is near, and a short run on a fixed
seed must find SCIP's paths in agreement with it.
"""

from __future__ import annotations

import importlib.util
import logging
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.test_optimize import winners

_PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "check_numerics.py"


@pytest.fixture(scope="module")
def check():  # the script, imported as a module
    spec = importlib.util.spec_from_file_location("check_numerics", _PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_numerics"] = module
    spec.loader.exec_module(module)
    return module


def test_reference_agrees_with_the_tests_brute_force(check) -> None:
    rng = np.random.default_rng(3)
    compared = 0
    for draw in range(150):
        p = check.generate(rng, check.CATEGORIES[draw % len(check.CATEGORIES)])
        if p is None or p.equity == "maxmin":
            continue
        ref = check.reference(p)
        if ref["tags"]:
            continue  # at a tolerance edge the two readings may differ by design
        expected = winners(p)
        assert (ref["winners"] if ref["feasible"] else None) == expected, draw
        compared += 1
    assert compared >= 80


def test_short_run_finds_scip_in_agreement(check, capsys: pytest.CaptureFixture[str]) -> None:
    assert check.main(["--seed", "11", "--instances", "40",
                       "--configs", "enum,scip_tb,scip_notb"]) == 0
    assert logging.root.manager.disable == logging.NOTSET  # the other tests' logs stay on
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("seed 11: 40 instances (")
    assert ", 120 solves, 0 failing (none) in " in last
