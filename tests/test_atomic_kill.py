"""A run killed mid-way never loses the previous plan nor leaves a half plan (issue 8)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from planner.cli import main
from planner.io import atomic_dir
from tests.conftest import write_town
from tests.robust_town import synthetic_town

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")

# Runs the real CLI, but SIGKILLs itself right after write_plan has written its second file.
KILL_WHILE_WRITING = """
import os, signal, sys
import planner.report as report
real = report.write_geojson
calls = []
def write_then_die(frame, path):
    real(frame, path)
    calls.append(path)
    if len(calls) == 2:
        os.kill(os.getpid(), signal.SIGKILL)
report.write_geojson = write_then_die
from planner.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.fixture
def previous(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A valid plan at ``tmp_path/out`` and its bytes."""
    out = tmp_path / "out"
    assert main(["-q", "plan", str(write_town(tmp_path / "tiny")), "--out", str(out)]) == 0
    return out, snapshot(out)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def test_kill_while_solving_keeps_the_previous_plan(tmp_path, previous):
    out, before = previous
    scenario = synthetic_town(
        tmp_path / "big", blocks=4, sites_per_block=40, spacing=5.0, time_limit_s=60.0
    )
    with subprocess.Popen(
        [sys.executable, "-m", "planner.cli", "-v", "plan", str(scenario), "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        try:
            assert proc.stderr is not None
            deadline = time.monotonic() + 120
            for line in proc.stderr:  # the pipeline logs "prepared ..." right before solving
                if "prepared" in line or time.monotonic() > deadline:
                    break
            time.sleep(1.0)
            assert proc.poll() is None, "the run ended before it could be killed"
        finally:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert snapshot(out) == before
    assert leftovers(out) == []


def test_kill_while_writing_keeps_the_previous_plan_and_the_next_run_cleans_up(tmp_path, previous):
    out, before = previous
    scenario = write_town(tmp_path / "town", budget=60_000.0)
    r = subprocess.run(
        [sys.executable, "-c", KILL_WHILE_WRITING, "-q", "plan", str(scenario), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == -signal.SIGKILL, r.stderr
    assert snapshot(out) == before  # nothing of the half-written plan reached the target
    (stale,) = leftovers(out)
    assert stale.startswith(".out.") and stale.endswith(".tmp")
    assert sorted(p.name for p in (out.parent / stale).iterdir()) == ["cameras.geojson", "views.geojson"]

    assert main(["-q", "plan", str(scenario), "--out", str(out)]) == 0
    assert leftovers(out) == []  # the dead run's temporary folder is gone
    assert snapshot(out) != before and (out / "summary.json").exists()


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_atomic_dir_removes_only_the_temp_folders_of_dead_processes(tmp_path):
    target = tmp_path / "out"
    dead, alive = dead_pid(), os.getppid()
    (tmp_path / f".out.{dead}.abc.tmp").mkdir()
    (tmp_path / f".out.{alive}.abc.tmp").mkdir()  # a concurrent run: must not be touched
    (tmp_path / ".out.old-style.tmp").mkdir()  # not ours to judge
    (tmp_path / ".outer.1.x.tmp").mkdir()  # another target's
    with atomic_dir(target) as tmp:
        (tmp / "a.txt").write_text("new")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f".out.{alive}.abc.tmp", ".out.old-style.tmp", ".outer.1.x.tmp", "out",
    ]  # fmt: skip


def test_atomic_dir_restores_a_previous_output_a_kill_left_aside(tmp_path):
    """A kill between the two renames of the swap leaves the previous plan as ``.NAME.PID.old``."""
    target = tmp_path / "out"
    aside = tmp_path / f".out.{dead_pid()}.old"
    aside.mkdir()
    (aside / "summary.json").write_text("previous")
    with pytest.raises(RuntimeError), atomic_dir(target):
        raise RuntimeError("this run fails too")
    assert (target / "summary.json").read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
