"""Data never runs code, never picks file paths and never injects HTML (issue 8)."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Point

from planner.cli import main
from tests.conftest import CATALOGUE, CRS, X0, Y0, write_town

PACKAGE = Path(__file__).resolve().parents[1] / "planner"
OUTPUTS = [
    "areas.geojson", "cameras.geojson", "map.html", "register.csv", "plan.xlsx", "report.md", "summary.json",
    "views.geojson", "plan.gpkg", "plan.qgs",
]  # fmt: skip

#: Calls that run code or unpickle objects: never on anything in the planner package.
FORBIDDEN = {
    "eval", "exec", "compile", "__import__", "pickle.load", "pickle.loads", "cloudpickle.loads",
    "marshal.load", "marshal.loads", "yaml.load", "yaml.unsafe_load", "shelve.open",
    "os.system", "os.popen",
}  # fmt: skip


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def test_no_eval_exec_or_unpickling_in_the_package():
    found = []
    for path in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = _dotted(node.func)
                if name in FORBIDDEN:
                    found.append(f"{path.name}:{node.lineno}: {name}")
                if any(k.arg == "shell" for k in node.keywords):
                    found.append(f"{path.name}:{node.lineno}: {name}(shell=...)")
            if isinstance(node, ast.ImportFrom) and node.module in ("pickle", "marshal"):
                found.append(f"{path.name}:{node.lineno}: from {node.module} import ...")
    assert found == []
    assert len(list(PACKAGE.glob("*.py"))) > 20  # the scan did look at the package


AREA = '../../etc/passwd <script>alert("area")</script>'
NOTE = '<img src=x onerror=alert("note")>'
BREAKOUT = "</script><script>alert('breakout')</script>"
MODEL = "<script>alert('model')</script>"
TITLE = "<b onmouseover=alert('title')>Town</b> [click](javascript:alert(1))"


@pytest.fixture(scope="module")
def hostile_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Plan a town whose names, ids, notes and model are hostile paths and HTML."""
    root = tmp_path_factory.mktemp("hostile")
    sites = gpd.GeoDataFrame(
        {
            "site_id": ["a/b", "../../site"],
            "mount_type": ["lamp_post", "lamp_post"],
            "install_cost_sek": [10_000.0, 10_000.0],
            "max_cameras": [2, 2],
            "note": [NOTE, BREAKOUT],
        },
        geometry=[Point(X0 - 1, Y0), Point(X0 - 241, Y0)],
        crs=CRS,
    )
    scenario = write_town(root / "town", sites=sites, budget=60_000.0)
    areas = gpd.read_file(root / "town" / "areas.geojson")
    areas["name"] = [AREA, "a/b"]
    areas["area_id"] = ["../east", "/tmp/west"]
    areas.to_file(root / "town" / "areas.geojson", engine="pyogrio")
    (root / "town" / "cameras.toml").write_text(
        CATALOGUE.replace('id = "dome"', 'id = "../dome/x"').replace(
            'name = "Test dome 1920 px, 90 degrees"', f'name = "{MODEL}"'
        ),
        encoding="utf-8",
    )
    text = scenario.read_text(encoding="utf-8").replace("Tiny test town", TITLE)
    scenario.write_text(text.replace('name = "tiny"', 'name = "../../tiny/<i>x</i>"'), "utf-8")
    assert main(["-q", "plan", str(scenario), "--out", str(root / "out")]) == 0
    return root


def test_names_from_data_never_become_paths(hostile_plan):
    written = sorted(str(p.relative_to(hostile_plan)) for p in hostile_plan.rglob("*"))
    town = ["areas.geojson", "buildings.gpkg", "cameras.toml", "scenario.toml", "sites.gpkg"]
    assert written == sorted(["out", "town", *(f"out/{n}" for n in OUTPUTS), *(f"town/{n}" for n in town)])
    cams = gpd.read_file(hostile_plan / "out" / "cameras.geojson")
    assert "a/b" in set(cams["site_id"])  # the hostile plan did place its cameras


def _unescape_json(html: str) -> str:
    return html.replace("\\u003c", "<").replace("\\u003e", ">").replace("\\u0026", "&")


def test_map_escapes_names_notes_and_models(hostile_plan):
    html = _unescape_json((hostile_plan / "out" / "map.html").read_text(encoding="utf-8"))
    for raw in (AREA, NOTE, BREAKOUT, MODEL, "<b onmouseover", "<i>x</i>"):
        assert raw not in html
    # nothing before the JS but the page's title, the scenario's title as text (escaped)
    head = html.split("<script")[0]
    title = head.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title and ">" not in title and "&lt;b onmouseover=alert(" in title
    assert "alert(" not in head.replace(title, "")
    assert "&lt;script&gt;alert(&quot;area&quot;)" in html
    assert "&lt;img src=x onerror=alert(&quot;note&quot;)&gt;" in html
    assert "&lt;/script&gt;&lt;script&gt;alert(" in html
    assert "&lt;script&gt;alert(&#x27;model&#x27;)" in html


def test_report_is_safe_markdown(hostile_plan):
    report = (hostile_plan / "out" / "report.md").read_text(encoding="utf-8")
    assert "<" not in report and ">" not in report  # no HTML tag from data (nor from us)
    assert re.search(r"(?<!\\)\]\(", report) is None  # no unescaped link from data
    assert "&lt;script&gt;alert(\"area\")" in report
    assert "\\[click\\](javascript:alert(1))" in report
    summary = json.loads((hostile_plan / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["scenario"] == "../../tiny/<i>x</i>"  # JSON keeps the data as it is
