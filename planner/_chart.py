"""What the charts and reports of sweeps and rollouts share: their titles and tick labels.

``scenario_title`` heads a sweep's or rollout's report and chart, ``chart_title`` wraps it to a
chart's width, ``axis_label`` a y axis's label to its height, and ``word_ticks`` writes a chart's tick labels as the report's language writes
numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from planner import _lang
from planner.scenario import Scenario


def word_ticks(axes: Sequence[Any], language: str | None) -> None:
    """Tick labels written as ``language`` writes numbers (matplotlib writes them in English)."""
    if language in (None, _lang.LANGUAGES[0]):
        return  # (the English charts as they were)
    from matplotlib.ticker import FuncFormatter

    def tick(value: float, _position: object) -> str:
        text = _lang.plain(value, language)
        # (a tick at -0.0, written with the language's minus sign)
        return "0" if text in (f"{_lang.minus_sign(language)}0", "") else text

    for ax in axes:
        ax.xaxis.set_major_formatter(FuncFormatter(tick))
        ax.yaxis.set_major_formatter(FuncFormatter(tick))


def scenario_title(scenario: Scenario) -> str:
    """The scenario's ``title`` (a variant's own where it sets one), else its name.

    What a sweep's or rollout's report and chart are headed by, as the plans' maps and reports
    are (they had been headed by the name, ``katrineholm-2018:sv``).
    """
    return " ".join(scenario.title.split()) or scenario.name


def frame_axes(ax: Any, x_label: str, y_label: str, title: str) -> None:
    """A sweep's or rollout's chart axes: labels, the title wrapped, a light grid, from 0 up."""
    ax.set_xlabel(x_label)
    ax.set_ylabel(axis_label(y_label))
    ax.set_title(chart_title(title), fontsize=10)
    ax.grid(alpha=0.3)
    ax.set_ylim(bottom=0)


def chart_title(text: str) -> str:
    """``text`` wrapped to the width of a chart (a scenario's title may be 80 characters)."""
    import textwrap

    return "\n".join(textwrap.wrap(text, 70)) or text


def axis_label(text: str) -> str:
    """A y axis's label wrapped to the height of a chart's axes (about 45 characters).

    The Swedish night label, "Täckt befolkning (graderad efter DORI-nivå) nattetid
    (IR-räckvidd)", had run past the top of curve.png.
    """
    import textwrap

    return "\n".join(textwrap.wrap(text, 45)) or text
