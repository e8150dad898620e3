import pandas as pd
import pytest

from planner.report import _csv_safe, compass


@pytest.mark.parametrize(
    ("deg", "word"), [(0, "N"), (22.4, "N"), (22.5, "NE"), (90, "E"), (180, "S"), (270, "W"), (337.5, "N"), (-90, "W")]
)
def test_compass_words(deg, word):
    assert compass(deg) == word


def test_compass_for_panoramic_without_orientation():
    assert compass(float("nan")) == "all around"


def test_spreadsheet_formulas_are_neutralised_in_csv():
    frame = pd.DataFrame({"note": ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "plain"], "n": [1, 2, 3, 4, 5]})
    out = _csv_safe(frame)
    assert out["note"].tolist() == ["'=HYPERLINK(\"x\")", "'+1", "'-2", "'@SUM(A1)", "plain"]
    assert out["n"].tolist() == [1, 2, 3, 4, 5]


def test_every_documented_stop_has_a_report_line():
    # SolveResult.stopped_by's values, as documented, each get their sentence in report.md
    import re

    from planner.optimize import SolveResult
    from planner.report import _STOPPED

    doc = SolveResult.__doc__ or ""
    documented = set(re.findall(r'``"([a-z ]+)"``', doc.split("stopped_by", 1)[1]))
    assert documented == {"proof", "heuristic", "work limit", "numerics", "gap limit", "time limit"}
    assert set(_STOPPED) == documented
    assert "reproducible" in _STOPPED["numerics"] and "time_limit_s" in _STOPPED["time limit"]
