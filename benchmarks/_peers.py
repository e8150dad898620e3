"""Peers and helpers for bench_optimize.py: PySAL spopt MCLP in a subprocess, machine facts."""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import platform
import queue
import signal
import time
from pathlib import Path
from typing import Any

import numpy as np


def _spopt_child(cost_matrix: np.ndarray, weights: np.ndarray, radius: float, p: int,
                 out: Any) -> None:
    os.setsid()  # own process group: a timeout kills CBC too, not only this child
    import pulp
    from spopt.locate import MCLP

    started = time.perf_counter()
    model = MCLP.from_cost_matrix(cost_matrix, weights, service_radius=radius, p_facilities=p)
    built = time.perf_counter()
    model = model.solve(pulp.PULP_CBC_CMD(msg=False, threads=1))
    done = time.perf_counter()
    chosen = sorted(j for j, var in enumerate(model.fac_vars) if (var.value() or 0) > 0.5)
    status = pulp.LpStatus[model.problem.status]
    out.put({"chosen": chosen, "status": status, "build_s": built - started,
             "solve_s": done - built, "total_s": done - started})


def run_spopt(cost_matrix: np.ndarray, weights: np.ndarray, radius: float, p: int,
              timeout: float) -> dict[str, Any]:
    """Run spopt's MCLP (PuLP + CBC, one thread) in a child process with a wall-clock timeout.

    Returns a dict with ``chosen``, ``status`` and times, or ``{"error": ...}`` on timeout/failure.
    """
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    started = time.perf_counter()
    proc = ctx.Process(target=_spopt_child, args=(cost_matrix, weights, radius, p, out),
                       daemon=True)
    proc.start()
    try:
        result = out.get(timeout=timeout)
    except queue.Empty:
        result = {"error": f"did not finish in {timeout:.0f} s"}
    if "error" not in result:
        proc.join(5)
    if proc.is_alive() or "error" in result:
        # PuLP runs CBC as a separate program: kill the child's whole process group, or an
        # orphaned CBC keeps a core busy through the rest of the benchmark
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.join()
    result["wall_s"] = time.perf_counter() - started
    return result


def machine() -> dict[str, str]:
    """nproc, CPU model, RAM, load, date, Python."""
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        ram = f"{kb / 2**20:.1f} GiB"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return {"nproc": str(os.cpu_count()), "cpu": cpu, "ram": ram, "load": load,
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "python": platform.python_version()}
