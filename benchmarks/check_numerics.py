"""Adversarial check of ``planner.optimize.solve`` against brute force (a maintainer's tool).

Random small problems (at most 12 options, so every plan can be listed) built to be awkward for
floating point and solver tolerances: weights from 1e-6 to 1e7, coverage values 1e-9 apart,
budgets equal to a plan's cost (or a hair above or below), shares set to exactly what some plan
reaches, duplicate options, near ties, required options, mount groups (and required ones),
conflicts, exclusions, penalties, backup bonus, hard and max-min equity. Each problem is solved five ways (enumeration,
SCIP's MIP path with and without the tie-break, CP-SAT with and without) and compared with a
brute-force reference written here from the documented rules (not from the planner's code):
feasibility as ``validate_plan`` reads it, the best objective, and the tie-break's winners (least
cost, fewest options, least index sum).

A failure is a crash, a wrong ``InfeasibleError``, a plan below the optimum's tie window, a wrong
winner called exact, or a bound below the objective. The reference tags instances near a
tolerance edge (``budget-near``, ``share-near``, ``tie-near``, ``maxmin-near``), where the known
differences between the paths live (``docs/architecture.md``, Tolerances).

    .venv/bin/python benchmarks/check_numerics.py --seed 7000 --instances 2000

``benchmarks/RESULTS.md`` (Optimiser analysis, eighth and ninth sessions) has the figures.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import math
import sys
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planner import _opt_enum
from planner.errors import InfeasibleError, InputError
from planner.optimize import CoverageProblem, solve, validate_plan

CATEGORIES = ("magnitudes", "fractional", "equal_ties", "mixed_levels", "close_values",
              "cost_boundary", "duplicates", "required_fill", "groups2", "equity_hard",
              "everything", "required_groups")
#: name, backend, tie-break, MIP path forced (enumeration off)
CONFIGS = (("enum", "scip", True, False), ("scip_tb", "scip", True, True),
           ("scip_notb", "scip", False, True), ("cpsat_tb", "cpsat", True, True),
           ("cpsat_notb", "cpsat", False, True))
TIE_RTOL, COST_TIE_RTOL, CHECK_RTOL = 1e-7, 1e-9, 1e-9  # the documented rules


def _weights(rng: np.random.Generator, d: int, kind: str) -> np.ndarray:
    if kind == "magnitudes":
        w = 10.0 ** rng.uniform(-6, 7, d)
        some = rng.random(d) < 0.3
        w[some] = rng.choice([1e-6, 1e7, 0.0], int(some.sum()))
        return w
    if kind == "fractional":
        return rng.choice([0.1, 0.2, 0.3, 1 / 3, 2 / 3, 0.7, 1.5, 0.0], d)
    if kind == "equal":
        return np.full(d, rng.choice([1.0, 0.1, 1e-6, 1e7, 3.0]))
    if kind == "int":
        return rng.integers(0, 6, d).astype(float)
    return rng.uniform(0, 10, d)


def _values(rng: np.random.Generator, shape: tuple[int, int], kind: str) -> np.ndarray:
    if kind == "mixed":
        return rng.choice([0, 0, 0, 0.25, 0.5, 1.0], shape)
    if kind == "close":
        e = 1e-9
        return rng.choice([0, 0, 0.5, 0.5 + e, 0.5 - e, 1.0, 1.0 - e, 0.25, 0.25 + e, e, 2 * e],
                          shape)
    if kind == "binary":
        return rng.choice([0.0, 1.0], shape, p=[0.55, 0.45])
    v = rng.uniform(0, 1, shape)
    v[rng.random(shape) < 0.5] = 0
    return v


def _costs(rng: np.random.Generator, n: int, kind: str) -> np.ndarray:
    if kind == "zero":
        c = rng.integers(0, 4, n).astype(float)
        c[rng.random(n) < 0.35] = 0
        return c
    if kind == "big":
        return rng.choice([1e6, 2e6, 1e6, 3e6, 0.0, 1e6 + 1], n)
    if kind == "fractional":
        return rng.choice([0.1, 0.2, 0.3, 0.7, 1 / 3, 0.0], n)
    if kind == "equal":
        return np.full(n, rng.choice([1.0, 1e6, 0.1]))
    return rng.integers(0, 5, n).astype(float)


def generate(rng: np.random.Generator, category: str) -> CoverageProblem | None:
    """One random problem of ``category`` (``None`` when the draw is not a valid problem)."""
    n = int(rng.integers(1, 13))
    d = int(rng.integers(0 if rng.random() < 0.05 else 1, 11))
    every = category == "everything"
    wkind = {"magnitudes": "magnitudes", "fractional": "fractional", "equal_ties": "equal"}.get(
        category, str(rng.choice(["magnitudes", "fractional", "equal", "int", "uniform"])))
    vkind = {"mixed_levels": "mixed", "close_values": "close", "equal_ties": "binary"}.get(
        category, str(rng.choice(["mixed", "close", "binary", "uniform"])))
    ckind = {"cost_boundary": str(rng.choice(["big", "zero"])), "equal_ties": "equal",
             "fractional": "fractional"}.get(
        category, str(rng.choice(["zero", "big", "fractional", "equal", "int"])))
    a, w, c = _values(rng, (d, n), vkind), _weights(rng, d, wkind), _costs(rng, n, ckind)
    kw: dict[str, Any] = {}
    if category == "duplicates" or (every and rng.random() < 0.5) or rng.random() < 0.15:
        for _ in range(int(rng.integers(1, 4))):  # identical options, often at one cost
            if n >= 2:
                i, j = rng.choice(n, 2, replace=False)
                a[:, j] = a[:, i]
                if rng.random() < 0.7:
                    c[j] = c[i]
        if d >= 2 and rng.random() < 0.7:
            i, j = rng.choice(d, 2, replace=False)
            a[j] = a[i]
        if rng.random() < 0.4 and d:
            a[rng.integers(d)] = 0
        if rng.random() < 0.4:
            a[:, rng.integers(n)] = 0
    draw, subset = rng.random(), rng.random(n) < 0.5
    if draw < 0.15:
        budget = math.inf
    elif draw < 0.2:
        budget = 0.0
    else:  # exactly a plan's cost, summed in either order, or a hair above or below
        budget = float(np.sum(c[subset]))
        if rng.random() < 0.3:
            budget = math.fsum(c[subset][::-1])
        if rng.random() < 0.25:
            budget *= 1 + 1e-12
        elif rng.random() < 0.1:
            budget *= 1 - 1e-12
    required: list[int] = []
    if category == "required_fill" or (every and rng.random() < 0.5) or rng.random() < 0.15:
        required = sorted(rng.choice(n, int(rng.integers(1, min(3, n) + 1)),
                                     replace=False).tolist())
        if category == "required_fill" or rng.random() < 0.5:
            budget = float(np.sum(c[required]))
            if rng.random() < 0.3:
                budget = float(c[required[::-1]].sum()) * (1 + 1e-12)
        kw["required"] = required
    if (category in ("groups2", "required_groups") or (every and rng.random() < 0.6)
            or rng.random() < 0.2):
        kw["groups"] = rng.integers(0, 4, n)
        if rng.random() < 0.7:
            kw["max_per_group"] = 2 if category == "groups2" else int(rng.integers(1, 3))
        else:
            caps = rng.integers(0, 3, 4).tolist()
            for r in required:
                caps[kw["groups"][r]] = max(caps[kw["groups"][r]], 2)
            kw["max_per_group"] = caps
        if category == "required_groups":
            present = np.unique(kw["groups"])
            kw["required_groups"] = sorted(set(rng.choice(
                present, int(rng.integers(1, min(3, present.size) + 1))).tolist()))
    if ((every and rng.random() < 0.6) or rng.random() < 0.2) and n >= 2:
        kw["conflicts"] = [tuple(rng.choice(n, 2, replace=False).tolist())
                           for _ in range(int(rng.integers(1, 4)))]
    if (every and rng.random() < 0.5) or rng.random() < 0.2:
        kw["excluded"] = sorted(set(rng.choice(n, int(rng.integers(1, 3))).tolist())
                                - set(required))
    if (every and rng.random() < 0.5) or rng.random() < 0.25:
        kind = rng.choice(["magnitudes", "fractional", "tiny"])
        pen = (10.0 ** rng.uniform(-6, 6, n) if kind == "magnitudes" else
               rng.choice([0, 0.1, 0.25, 0.5, 1 / 3], n) if kind == "fractional" else
               rng.choice([0, 1e-9, 1e-8, 1e-7], n))
        pen[rng.random(n) < 0.3] = 0
        kw["penalties"] = pen
    if rng.random() < 0.12:
        kw["backup_bonus"] = float(rng.choice([0.5, 1.0, 1e-3]))
    if category == "equity_hard" or (every and rng.random() < 0.5) or rng.random() < 0.1:
        kw["labels"] = rng.integers(-1, 3, d) if d else np.zeros(0, int)
        kw["min_share"] = float(rng.choice([0.0, 0.25, 0.5, 1 / 3, 0.7]))
        kw["equity"] = "maxmin" if rng.random() < 0.15 else "hard"
    coverage = sp.csr_matrix(a) if rng.random() < 0.7 else a
    try:
        problem = CoverageProblem(coverage=coverage, weights=w, costs=c, budget=budget, **kw)
        if problem.labels is not None and rng.random() < 0.4:
            # shares exactly as a random plan reaches them: the floors sit on a plan
            shares = validate_plan(problem, np.flatnonzero(rng.random(n) < 0.5)).shares
            if len(shares):
                kw["min_share"] = [float(s) for s in shares]
                problem = CoverageProblem(coverage=coverage, weights=w, costs=c, budget=budget,
                                          **kw)
    except InputError:
        return None
    return problem


def reference(p: CoverageProblem) -> dict[str, Any]:
    """Brute force: feasibility, optimum, tie window, the rule's winners, tolerance-edge tags."""
    a = p.coverage.toarray()
    d, n = a.shape
    w, c = np.asarray(p.weights, float), np.asarray(p.costs, float)
    masks = np.array(list(itertools.product([0, 1], repeat=n)), dtype=bool)[:, ::-1]
    best = np.where(masks[:, None, :], a[None, :, :], 0.0).max(axis=2) if n and d else \
        np.zeros((len(masks), d))
    seen = (masks[:, None, :] & (a[None, :, :] > 0)).sum(axis=2) if n and d else best
    pen = np.asarray(p.penalties, float) if p.penalties is not None else np.zeros(n)
    obj = np.array([math.fsum(best[k] * w) + p.backup_bonus * math.fsum(w[seen[k] >= 2])
                    - math.fsum(pen[masks[k]]) for k in range(len(masks))])
    cost = np.array([math.fsum(c[m]) for m in masks])
    tags = []
    cap = p.budget * (1 + CHECK_RTOL) + CHECK_RTOL
    ok = cost <= cap
    if np.isfinite(p.budget) and np.any(np.abs(cost - cap) <= 1e-13 * max(1.0, abs(p.budget))):
        tags.append("budget-near")
    if p.required:
        ok &= masks[:, list(p.required)].all(axis=1)
    if p.excluded:
        ok &= ~masks[:, list(p.excluded)].any(axis=1)
    if p.groups is not None:
        g = np.asarray(p.groups)
        for group, limit in enumerate(p.capacity):
            ok &= masks[:, g == group].sum(axis=1) <= limit
        for group in p.required_groups:
            ok &= masks[:, g == group].any(axis=1)
    for x, y in np.asarray(p.conflicts).reshape(-1, 2):
        ok &= ~(masks[:, x] & masks[:, y])
    if p.labels is not None:
        labels, totals = np.asarray(p.labels), np.asarray(p.label_totals)
        shares = np.ones((len(masks), len(totals)))
        for lab in np.flatnonzero(totals > 0):
            sel = labels == lab
            shares[:, lab] = [math.fsum(best[k, sel] * w[sel]) / totals[lab]
                              for k in range(len(masks))]
        margin = shares - (np.asarray(p.min_share) * np.ones(len(totals)) - CHECK_RTOL)
        near = np.abs(margin[ok]) < 1e-7
        if np.any(near & (margin[ok] != CHECK_RTOL)):  # (CHECK_RTOL: exactly at the floor)
            tags.append("share-near")
        ok &= np.all(margin >= 0, axis=1)
        if p.equity == "maxmin" and ok.any() and len(totals):
            worst = np.where(totals > 0, shares, 1.0).min(axis=1)
            top = worst[ok].max()
            if np.any((np.abs(worst[ok] - (top - 1e-9)) < 1e-7) & (worst[ok] != top)):
                tags.append("maxmin-near")
            ok &= worst >= top - 1e-9
    if not ok.any():
        return {"feasible": False, "tags": tags}
    opt = obj[ok].max()
    tol = TIE_RTOL * max(1.0, abs(opt))
    if np.any(ok & (np.abs(obj - (opt - tol)) < 1e-9 * max(1.0, abs(opt))) & (obj != opt)):
        tags.append("tie-near")
    tied = ok & (obj >= opt - tol)
    tied &= cost <= cost[tied].min() + COST_TIE_RTOL * max(1.0, c.sum())
    tied &= masks.sum(axis=1) == masks[tied].sum(axis=1).min()
    plans = sorted((sum(i), i) for i in (tuple(np.flatnonzero(m).tolist()) for m in masks[tied]))
    winners = [i for s, i in plans if s == plans[0][0]]
    return {"feasible": True, "opt": float(opt), "tol": tol, "winners": winners,
            "first": min(winners), "tags": tags}


def check(p: CoverageProblem, ref: dict[str, Any], config: tuple[str, str, bool, bool]
          ) -> str | None:
    """What is wrong with ``solve``'s answer under ``config`` (``None``: nothing)."""
    name, backend, tie_break, mip = config
    saved = _opt_enum.MAX_PLANS
    _opt_enum.MAX_PLANS = 0 if mip else saved
    try:
        r = solve(p, 30.0, backend=backend, workers=8, tie_break=tie_break)  # type: ignore[arg-type]
    except InfeasibleError as exc:
        return f"InfeasibleError, but a plan exists: {exc}" if ref["feasible"] else None
    except Exception as exc:  # a crash is a finding
        return f"{type(exc).__name__}: {exc}"
    finally:
        _opt_enum.MAX_PLANS = saved
    if not ref["feasible"]:
        return f"no plan is feasible, but solve returned {r.chosen.tolist()}"
    chosen = tuple(r.chosen.tolist())
    problems = []
    if r.status != "optimal":
        problems.append(f"status {r.status} (stopped by {r.stopped_by}, tie-break "
                        f"{r.tie_break!r})")
    if not validate_plan(p, r.chosen).feasible:
        problems.append(f"plan {chosen} breaks a requirement")
    if r.objective < ref["opt"] - ref["tol"]:
        problems.append(f"objective {r.objective!r} below the optimum {ref['opt']!r} "
                        f"(chosen {chosen}, winner {ref['first']})")
    if r.bound < r.objective - 1e-9 * max(1.0, abs(r.objective)):
        problems.append(f"bound {r.bound!r} below the objective {r.objective!r}")
    if r.status == "optimal" and r.gap > 0 and r.bound > ref["opt"] + 1e-6 * max(1.0, abs(ref["opt"])):
        problems.append(f"optimal with a gap of {r.gap:.3g} (bound {r.bound!r})")
    if tie_break and r.status == "optimal" and p.equity != "maxmin" \
            and chosen not in ref["winners"]:
        if r.tie_break.startswith("exact"):
            problems.append(f"chosen {chosen} called {r.tie_break!r}; winners "
                            f"{ref['winners'][:4]}")
        else:
            problems.append(f"tie-break {r.tie_break!r} (chosen {chosen}, winners "
                            f"{ref['winners'][:4]})")
    if name == "enum" and r.backend == "enumeration" and chosen != ref["first"]:
        problems.append(f"enumeration chose {chosen}, the rule {ref['first']}")
    return "; ".join(problems) or None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7000)
    parser.add_argument("--instances", type=int, default=2000)
    parser.add_argument("--configs", default=",".join(c[0] for c in CONFIGS),
                        help="comma-separated subset of " + ", ".join(c[0] for c in CONFIGS))
    parser.add_argument("--out", type=Path, help="write the failures as JSON here")
    args = parser.parse_args(argv)
    names = args.configs.split(",")
    unknown = sorted(set(names) - {c[0] for c in CONFIGS})
    if unknown:
        parser.error(f"--configs: unknown {', '.join(unknown)}; choose from "
                     + ", ".join(c[0] for c in CONFIGS))
    configs = [c for c in CONFIGS if c[0] in names]
    previous = logging.root.manager.disable
    logging.disable(logging.WARNING)  # (the retries' warnings; restored on the way out)
    try:
        return _run(args, configs)
    finally:
        logging.disable(previous)


def _run(args: argparse.Namespace, configs: list[tuple[str, str, bool, bool]]) -> int:
    rng = np.random.default_rng(args.seed)
    started, done, draws = time.perf_counter(), 0, 0
    counts: Counter[str] = Counter()
    failures = []
    while done < args.instances:
        category = CATEGORIES[draws % len(CATEGORIES)]
        draws += 1
        p = generate(rng, category)
        if p is None:
            continue
        done += 1
        ref = reference(p)
        counts["infeasible"] += not ref["feasible"]
        counts["near an edge"] += bool(ref["tags"])
        for config in configs:
            counts["solves"] += 1
            try:
                found = check(p, ref, config)
            except Exception:  # the checker itself: show it, go on
                found = "checker error: " + traceback.format_exc(limit=2)
            if found:
                counts[f"failing {config[0]}"] += 1
                failures.append({"instance": done, "category": category, "config": config[0],
                                 "tags": ref["tags"], "finding": found})
                print(f"#{done} {category} {config[0]} {ref['tags']}: {found[:240]}", flush=True)
    failing = sum(v for k, v in counts.items() if k.startswith("failing"))
    print(f"seed {args.seed}: {done} instances ({counts['infeasible']} infeasible, "
          f"{counts['near an edge']} near a tolerance edge), {counts['solves']} solves, "
          f"{failing} failing ({', '.join(f'{k[8:]} {v}' for k, v in sorted(counts.items()) if k.startswith('failing')) or 'none'}) "
          f"in {time.perf_counter() - started:.0f} s")
    if args.out:
        args.out.write_text(json.dumps(failures, indent=1, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
