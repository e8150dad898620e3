"""The README's commands are ones the planner takes (flags, variants and keys that exist)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from planner.cli import _parser
from planner.scenario import load_scenario, parse_override

ROOT = Path(__file__).resolve().parents[1]


def _commands() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            line = line.split("  #", 1)[0].strip()
            if line.startswith(".venv/bin/planner "):
                found.append(shlex.split(line)[1:])
    return found


def test_every_readme_command_parses_and_names_real_scenario_keys():
    commands = _commands()
    assert {c[0] for c in commands} >= {"plan", "validate", "sweep", "compare", "rollout"}
    for args in commands:
        ns = _parser().parse_args(args)
        for ref, side in ((getattr(ns, "scenario", None), ""), (getattr(ns, "a", None), "a"),
                          (getattr(ns, "b", None), "b")):
            path, _, variant = str(ref).partition("#")
            if ref is None or not path.endswith(".toml"):
                continue
            # (compare: --set for both, then --set-a or --set-b for its side)
            overrides = dict(parse_override(o) for o in [*getattr(ns, "overrides", []),
                                                         *getattr(ns, f"overrides_{side}", [])])
            load_scenario(ROOT / path, overrides=overrides,
                          variant=variant or getattr(ns, "variant", None) or None)
