"""The README's commands are ones the planner takes (flags, variants and keys that exist)."""

from __future__ import annotations

import itertools
import json
import re
import shlex
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from planner._cli_parser import _parser
from planner.scenario import Scenario, load_scenario, parse_override

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


def _section(title: str) -> str:
    """The README's text from the heading ``## title`` to the next ``## `` heading."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end >= 0 else None]


def _rows(title: str) -> list[list[str]]:
    """The cells of the rows of the first table of README section ``title``.

    Its header (the row above the |---| rule, whatever its words) and the rule left out, and
    the tables after it (a table added further down the section is not this table's rows).
    """
    lines = _section(title).splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(r"\|\s*:?-+:?\s*\|", line))
    rows = itertools.takewhile(lambda line: line.startswith("|"), lines[start + 1:])
    return [line.strip().removeprefix("|").removesuffix("|").strip().split(" | ")
            for line in rows]


def _first_column(title: str) -> list[str]:
    return [row[0] for row in _rows(title)]


def _readme_keys(cell: str) -> list[str]:
    """The scenario keys a first cell names, written out in full.

    ``surveillance.operator`, `.contact``: a key starting with a dot shares the first key's
    table; ``{detect,observe}``: one key each; ``LAYER`` or ``NAME`` (any name): the table itself.
    """
    keys: list[str] = []
    for written in re.findall(r"`([^`]+)`", cell):
        written = written.strip("[]")
        if written.startswith("."):
            written = keys[0].rsplit(".", 1)[0] + written
        head, brace, rest = written.partition("{")
        names = rest.rstrip("}").split(",") if brace else [""]
        for name in names:
            parts = [p for p in (head + name).split(".") if p and not p.isupper()]
            keys.append(".".join(parts))
    return keys


def _schema_keys(model: type[BaseModel] = Scenario, prefix: str = "") -> list[str]:
    """Every key a scenario file takes: the leaves of the model, a table of names as itself."""
    keys = []
    for name, field in model.model_fields.items():
        if name == "source":  # (set by load_scenario, not a key of the file)
            continue
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            keys += _schema_keys(annotation, f"{prefix}{name}.")
        else:
            keys.append(prefix + name)
    return keys


def test_the_scenario_table_names_every_key_the_scenario_takes_and_no_other():
    # (the table had been kept by hand for 22 sessions: a key added to scenario.py without a
    # row, or a row left behind by a renamed key, fails here)
    readme = [key for cell in _first_column("Scenario format") for key in _readme_keys(cell)]
    assert len(readme) == len(set(readme)), "a key has two rows"
    assert sorted(readme) == sorted(_schema_keys())


def _schema_default(key: str) -> object:
    """The default of the scenario key ``key``, ``REQUIRED`` where it has none."""
    model: Any = Scenario
    for part in key.split("."):
        field = model.model_fields[part]
        model = field.annotation
    if field.is_required():
        return REQUIRED
    value = field.get_default(call_default_factory=True)
    if isinstance(value, BaseModel):  # (a table's default: coverage.level_values)
        return value.model_dump()
    return list(value) if isinstance(value, tuple) else value


REQUIRED = "required"
#: The default column's words for a key without a value of its own.
_WORDS = {"required": REQUIRED, "none": None, "not set": None, "all": None}


def _readme_defaults(cell: str, keys: list[str]) -> list[object]:
    """The defaults a row's second cell gives, one per key (or one for all of them)."""
    items = [item.strip() for item in cell.replace("`", "").split(", ")]
    values = [_WORDS[i] if i in _WORDS else tomllib.loads(f"v = {i}")["v"] for i in items]
    return values * len(keys) if len(values) == 1 else values


def test_the_scenario_table_gives_each_key_the_default_scenario_py_has():
    found = {}
    for row in _rows("Scenario format"):
        keys = _readme_keys(row[0])
        defaults = _readme_defaults(row[1], keys)
        assert len(defaults) == len(keys), row[:2]
        found.update(zip(keys, defaults, strict=True))
    expected = {}
    for key in found:
        value = _schema_default(key)
        # (a table of names, data.columns or variants, is empty unless given: "none")
        expected[key] = None if value in ({}, None) and found[key] is None else value
    assert found == expected


def test_the_outputs_table_lists_every_file_a_plan_folder_holds_and_no_other(tmp_path):
    # (a plan of the tiny town, with --drawings and --camera-sheets: its folder against the
    # table's first column, a drawing standing for AREA_ID.png and a sheet for C012.png as the
    # table writes them)
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import box

    from planner.cli import main
    from tests.conftest import CRS, X0, Y0, write_town

    scenario = write_town(tmp_path / "town", budget=90_000.0)
    # (with a public place, data.places: places.geojson is written with one only)
    places = tmp_path / "town" / "places.geojson"
    gpd.GeoDataFrame({"place_id": ["square"], "weight": [10.0]},
                     geometry=[box(X0 + 20, Y0 - 5, X0 + 30, Y0 + 5)], crs=CRS).to_file(places)
    out = tmp_path / "out"
    assert main(["-q", "plan", str(scenario), "--drawings", "--camera-sheets", "--set",
                 f"data.places={places}", "--out", str(out)]) == 0
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    drawn = {name for name in written if name.startswith("drawings/")}
    assert drawn  # (the plan looks into the east side)
    sheets = {name for name in written if name.startswith("camera_sheets/")}
    cameras = pd.read_csv(out / "register.csv")
    assert sheets == {f"camera_sheets/{c}.png" for c in cameras.loc[cameras["status"] == "new",
                                                                     "camera"]}
    written = (written - drawn - sheets) | {"drawings/AREA_ID.png", "camera_sheets/C012.png"}
    listed = [name for cell in _first_column("Outputs") for name in re.findall(r"`([^`]+)`", cell)]
    assert sorted(listed) == sorted(written)


def _slug(heading: str) -> str:
    """GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces as -."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_the_readmes_links_into_architecture_md_name_headings_it_has():
    # (details moved out of the README's tables are linked by heading: a heading renamed
    # without its links would leave the reader at the top of a long page)
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    anchors = {_slug(h) for h in re.findall(r"^#+ (.*)$", text, flags=re.M)}
    linked = re.findall(r"\(docs/architecture\.md#([^)]+)\)",
                        (ROOT / "README.md").read_text(encoding="utf-8"))
    assert linked
    assert sorted(set(linked) - anchors) == []


def test_architecture_md_has_a_row_for_every_module_of_the_package():
    # (the module table had fallen 24 modules behind the package: the maps', the importers',
    # sweep.py and rollout.py among them)
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| `planner/(\w+)\.py` \|", text, flags=re.M))
    rows |= set(re.findall(r"^\| `(_opt_\w+)` \|", text, flags=re.M))  # (the optimiser's table)
    modules = {p.stem for p in (ROOT / "planner").glob("*.py")} - {"__init__", "__main__"}
    assert sorted(modules - rows) == []
    assert sorted(rows - modules) == []


def test_the_outputs_section_names_what_sweep_compare_and_rollout_write(tmp_path):
    # (a folder by its name with a trailing /, a number in a name as N: budget_30000/ is the
    # README's budget_1000000/)
    from planner.cli import main
    from tests.conftest import write_town

    scenario = str(write_town(tmp_path / "town", budget=60_000.0))
    runs = {
        "sweep": ["sweep", scenario, "--budgets", "30000,60000", "--workers", "1"],
        "compare": ["compare", scenario, scenario, "--set-b", "budget.total_sek=30000"],
        "rollout": ["rollout", scenario, "--stages", "30000,30000", "--workers", "1"],
    }
    written = {}
    plan_files = sorted(name for cell in _first_column("Outputs")
                        for name in re.findall(r"`([^`]+)`", cell)
                        # (places.geojson: only with data.places, which the town lacks here)
                        if "/" not in name and name != "places.geojson")
    for command, args in runs.items():
        out = tmp_path / command
        assert main(["-q", *args, "--out", str(out)]) == 0
        written[command] = sorted({re.sub(r"\d+", "N", p.name + "/" * p.is_dir())
                                   for p in out.iterdir()})
        for folder in (p for p in out.iterdir() if p.is_dir()):  # (each a plan folder in full)
            assert sorted(p.name for p in folder.iterdir()) == plan_files, folder.name
    assert written == {
        "sweep": ["areas.csv", "budget_N/", "curve.csv", "curve.png", "curve.xlsx",
                  "marginal.csv", "report.md"],
        "compare": ["a/", "areas.csv", "b/", "cameras.csv", "compare.html", "compare.xlsx",
                    "difference.csv", "report.md"],
        "rollout": ["areas.csv", "cameras.csv", "report.md", "rollout.png", "rollout.xlsx",
                    "stage_N/", "stages.csv"],
    }
    named = {re.sub(r"\d+", "N", name) for name in re.findall(r"`([^`\s]+)`", _section("Outputs"))}
    assert sorted({n for names in written.values() for n in names} - named) == []
    # (a stage's summary.json's rollout keys, as the README lists them: stage_sek and
    # n_cameras_added had been left out; stage_years and running_years need --stage-years)
    said = re.search(r"`summary\.json` has them under `rollout`:(.*?)\), `stages\.csv`",
                     _section("Outputs"), flags=re.S)
    assert said is not None
    listed = {k for k in re.findall(r"`(\w+)`", said.group(1))}
    stage = json.loads((tmp_path / "rollout" / "stage_2" / "summary.json").read_text("utf-8"))
    assert sorted(stage["rollout"]) == sorted(listed - {"stage_years", "running_years"})


def test_the_readme_opens_with_the_two_commands_then_keeps_its_order():
    # (a new user reads set-up, what the tool does, a screenshot, the scenario format, the
    # outputs and bringing their own data, in that order)
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[1:3] == ["", "```sh"]
    assert [line.split("#")[0].strip() for line in lines[3:5]] == ["make map", "make test"]
    order = ["`planner` helps a Swedish municipality", "![The default Katrineholm plan]",
             "\n## Scenario format\n", "\n## Outputs\n", "\n## Bring your own data\n"]
    places = [text.index(mark) for mark in order]
    assert places == sorted(places)


def test_architecture_md_names_every_column_a_layer_may_hold():
    from planner._io_specs import COORDINATE_COLUMNS, LAYER_SPECS

    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    layers = text[text.index("\n## Layers\n"):text.index("\n## Camera options")]
    # each layer's columns in its own sub-section ("### privacy zones (optional)"): a column
    # named only under another layer (kind, area_id) had counted for this one
    sections = re.split(r"\n### ", layers)[1:]
    missing = {}
    for key, spec in LAYER_SPECS.items():
        section = next(s for s in sections if s.startswith(key.replace("_", " ") + " "))
        named = set(re.findall(r"`(\w+)`", section))
        missing[key] = [c for c in spec.mappable() if c not in named and c not in COORDINATE_COLUMNS]
    assert missing == {key: [] for key in LAYER_SPECS}


def test_the_set_paragraph_names_every_key_read_as_a_share():
    # (coverage.night_share, a share since the evening variant, had been left out of the list:
    # its `--set coverage.night_share=70%` is told "70 % is 0.7" as the two named are)
    from planner._scenario_keys import SHARE_KEYS

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = re.search(r"shares as shares \(([^:]*):", text)
    assert listed is not None
    assert sorted(re.findall(r"`([\w.]+)`", listed.group(1))) == sorted(SHARE_KEYS)
