"""Scenario files: one planning question, frozen and validated.

A scenario is a TOML file (see ``scenarios/katrineholm.toml`` and the README). Paths in it are
relative to the scenario file. Loading rejects unknown keys and bad values with an
:class:`~planner.errors.InputError` whose one-line message names the file, the key, the bad value
and the expected form.

The tables of the file (``[data]``, ``[budget]``, ...) are in :mod:`planner._scenario_sections`,
the dotted keys of overrides and variants and the messages that name them in
:mod:`planner._scenario_keys`; their public names are re-exported here.
"""

from __future__ import annotations

import os
import tomllib
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from planner._budget_text import AMOUNT_FORMS, parse_sek
from planner._scenario_keys import SHARE_KEYS as SHARE_KEYS
from planner._scenario_keys import (
    _explain,
    _field_annotation,
    _flatten,
    _not_toml,
    _set_dotted,
)
from planner._scenario_sections import DATA_FILE_KEYS as DATA_FILE_KEYS
from planner._scenario_sections import LEVELS as LEVELS
from planner._scenario_sections import SURVEILLANCE_ITEMS as SURVEILLANCE_ITEMS
from planner._scenario_sections import BudgetConfig as BudgetConfig
from planner._scenario_sections import ConstraintsConfig as ConstraintsConfig
from planner._scenario_sections import CoverageConfig as CoverageConfig
from planner._scenario_sections import DataConfig as DataConfig
from planner._scenario_sections import DemandConfig as DemandConfig
from planner._scenario_sections import LevelValues as LevelValues
from planner._scenario_sections import SolverConfig as SolverConfig
from planner._scenario_sections import SurveillanceConfig as SurveillanceConfig
from planner._scenario_sections import (
    _did_you_mean,
    _Frozen,
    _is_amount,
    _scalar_kinds,
)
from planner.errors import InputError, load_toml


class Scenario(_Frozen):
    """A frozen, validated planning question.

    Build it with :func:`load_scenario` (from a file) or :meth:`Scenario.from_mapping`.
    """

    name: str = Field(min_length=1, max_length=200)
    title: str = ""
    description: str = ""
    crs: str = "EPSG:3006"
    #: the language of the documents and maps people read (report, workbook, drawings, map
    #: labels); the data files (CSV, GeoJSON, JSON) keep their column names in every language
    language: Literal["en", "sv"] = "en"
    data: DataConfig
    budget: BudgetConfig
    demand: DemandConfig = DemandConfig()
    coverage: CoverageConfig = CoverageConfig()
    constraints: ConstraintsConfig = ConstraintsConfig()
    solver: SolverConfig = SolverConfig()
    surveillance: SurveillanceConfig = SurveillanceConfig()
    variants: Mapping[str, Mapping[str, Any]] = Field(default_factory=dict)
    source: Path | None = None

    @model_validator(mode="after")
    def _incident_rule_has_incidents(self) -> Scenario:
        if self.constraints.min_incidents_in_view > 0 and self.data.incidents is None:
            raise ValueError(
                f"constraints.min_incidents_in_view = {self.constraints.min_incidents_in_view} "
                "needs documented incidents: give data.incidents (points), or set it to 0")
        return self

    @model_validator(mode="after")
    def _maskable_needs_exclusion(self) -> Scenario:
        c = self.constraints
        if c.privacy_maskable_m2 > 0 and c.privacy != "exclude":
            raise ValueError(
                f"constraints.privacy_maskable_m2 = {c.privacy_maskable_m2:g} keeps cameras the "
                f'privacy rule would exclude, but constraints.privacy = "{c.privacy}" excludes '
                'none; set privacy = "exclude", or leave privacy_maskable_m2 out')
        return self

    @model_validator(mode="after")
    def _greedy_has_no_maxmin(self) -> Scenario:
        # (greedy's plan had come back as if the rule applied: smallest share 0 where SCIP's is
        # 0.118, its gap measured against the bound of the problem without the rule)
        if self.solver.backend == "greedy" and self.constraints.equity_mode == "maxmin":
            raise ValueError(
                'solver.backend = "greedy" does not maximise the smallest area share '
                '(constraints.equity_mode = "maxmin"); use backend "scip" or "cpsat", or '
                'equity_mode "hard" with a share greedy tries to meet'
            )
        return self

    @field_validator("crs")
    @classmethod
    def _metric_crs(cls, value: str) -> str:
        from planner.io import metric_crs_problem

        problem = metric_crs_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value

    @classmethod
    def from_mapping(
        cls, raw: Mapping[str, Any], *, source: Path | None = None, base: Path | None = None
    ) -> Scenario:
        """Validate a parsed TOML mapping; relative data paths are resolved against ``base``."""
        where = str(source) if source is not None else "scenario"
        try:
            raw = dict(raw)
            if base is not None and isinstance(raw.get("data"), Mapping):
                raw["data"] = {
                    k: (str(base / v) if isinstance(v, str) and k != "demand_weight_column" else v)
                    for k, v in raw["data"].items()
                }
            if isinstance(raw.get("data"), Mapping):
                raw["data"] = {k: (on_disk(v) if k in DATA_FILE_KEYS and isinstance(v, str)
                                   else v) for k, v in raw["data"].items()}
            return cls.model_validate({**raw, "source": source})
        except ValidationError as exc:
            raise InputError(_explain(Scenario, where, exc)) from None

    def with_overrides(self, overrides: Mapping[str, Any], *, base: Path | None = None,
                       given: Mapping[str, str] | None = None) -> Scenario:
        """Return a copy with dotted-key overrides applied (``{"budget.total_sek": 6e6}``).

        A relative data path among them is read from ``base`` (a variant's: the scenario's
        folder), or from the current folder (``--set`` on the command line). ``given``: by key,
        the command-line option that set it (``{"budget.totl_sek": "--set-b"}``), which an
        unknown key's message names (``compare --set-b`` had been told of an "override").
        """
        raw = self.model_dump(mode="python", exclude={"source"})
        for dotted, value in overrides.items():
            if (base is not None and isinstance(value, str) and dotted.startswith("data.")
                    and dotted.removeprefix("data.") in DATA_FILE_KEYS):
                value = str(base / value)
            _set_dotted(Scenario, raw, dotted, value, where=str(self.source or "scenario"),
                        option=(given or {}).get(dotted))
        return Scenario.from_mapping(raw, source=self.source)

    def variant_overrides(self, name: str) -> dict[str, Any]:
        """The dotted-key overrides of variant ``name``; ``"a+b"``: a's, then b's on top.

        A name the file defines as it is (even one holding a ``+``) is that variant; otherwise
        ``+`` joins variants applied in order, a later one winning on a key both set.
        """
        parts = [name] if name in self.variants else name.split("+")
        if len(parts) > 1 and not all(parts):  # ("sv+" had said "no variant ''")
            known = ", ".join(sorted(self.variants)) or "none"
            raise InputError(f"{self.source or 'scenario'}: an empty variant name in {name!r}; "
                             "write FILE.toml#NAME+OTHER (or --variant NAME+OTHER), a variant's "
                             f"name on each side of every '+'; known variants: {known}")
        overrides: dict[str, Any] = {}
        for part in parts:
            if part not in self.variants:
                known = ", ".join(sorted(self.variants)) or "none"
                # ("sv,square" had been one unknown name, with no word of how to combine)
                hint = (f"; to apply several in order, join them with '+': "
                        f"{'+'.join(x.strip() for x in name.replace('+', ',').split(','))}"
                        if "," in part and all(p.strip() in self.variants
                                               for p in part.split(",")) else "")
                shown = repr(part) if part == name else f"{part!r} (in {name!r})"
                mean = "" if hint else _did_you_mean(part, list(self.variants))
                raise InputError(f"{self.source or 'scenario'}: no variant {shown}; {mean}known "
                                 f"variants: {known}{hint}")
            overrides.update(_flatten(self.variants[part]))
        return overrides

    def variant(self, name: str) -> Scenario:
        """Return the named variant (``[variants.NAME]`` table of dotted-key overrides).

        ``"sv+square"`` applies ``sv`` and then ``square`` (see :meth:`variant_overrides`);
        the variant's name is the scenario's and the variant's, ``"katrineholm:sv+square"``.
        """
        overrides = self.variant_overrides(name)
        folder = self.source.resolve().parent if self.source is not None else None
        where = (f"[variants.{name}]" if name in self.variants else
                 " + ".join(f"[variants.{p}]" for p in name.split("+")))
        try:
            changed = self.with_overrides(overrides, base=folder)
        except InputError as exc:
            raise InputError(f"{exc} (in {where})") from None
        return changed.model_copy(update={"name": f"{self.name}:{name}"})

    @property
    def level_values(self) -> tuple[float, float, float, float, float]:
        """Coverage value per DORI level 0..4."""
        return self.coverage.level_values.as_array()


def load_scenario(path: str | Path, *, overrides: Mapping[str, Any] | None = None,
                  variant: str | None = None, given: Mapping[str, str] | None = None) -> Scenario:
    """Read and validate a scenario TOML file.

    Parameters
    ----------
    path
        The scenario file.
    overrides
        Dotted-key overrides, e.g. ``{"budget.total_sek": 6_000_000}``; they win over the
        variant's values. A relative data path among them is read from the current folder.
    variant
        A ``[variants.NAME]`` of the file to apply (its data paths are relative to the file).
    given
        By key of ``overrides``, the command-line option that gave it (``"--set-b"``): a
        message about the key names that option.

    Raises
    ------
    InputError
        The file is missing, not UTF-8, not TOML, or has unknown keys or bad values.
    """
    path = Path(path)
    raw = load_toml(path, "scenario")
    scenario = Scenario.from_mapping(raw, source=path, base=path.resolve().parent)
    for name in scenario.variants:  # a typo in any variant is reported now, not when it is used
        scenario.variant(name)  # (against the file: --set may combine badly only with the chosen)
    if variant:
        scenario = scenario.variant(variant)
    if overrides:
        scenario = scenario.with_overrides(overrides, given=given)
    return scenario


def on_disk(path: str) -> str:
    """``path`` (a QGIS source's ``|layername=`` kept) as the file system spells its names.

    Where a name is missing but one of its folder's entries is the same text in another
    Unicode form (å as a + U+030A, NFD, as a Mac's zip unpacks it, against a scenario typed
    composed, NFC), that entry is taken: such a file had been "not found" under a name ``ls``
    shows. Otherwise ``path`` is returned as given.
    """
    file, mark, layer = path.partition("|")
    if not file or Path(file).exists():
        return path
    anchor = Path(file).anchor
    found = Path(anchor) if anchor else Path()
    for part in Path(file).parts[1 if anchor else 0:]:
        step = found / part
        if not step.exists():
            want = unicodedata.normalize("NFC", part)
            try:
                same = [e for e in os.listdir(found) if unicodedata.normalize("NFC", e) == want]
            except OSError:
                return path
            if len(same) != 1:
                return path
            step = found / same[0]
        found = step
    return f"{found}{mark}{layer}"


def data_path_as_written(scenario: Scenario, key: str) -> str:
    """The file of ``[data]``'s ``key`` as the scenario writes it (relative to its folder).

    Loading made it absolute; a message shows it as written (no machine path).
    """
    text = str(getattr(scenario.data, key))
    folder = scenario.source.resolve().parent if scenario.source is not None else None
    if folder is not None and text.startswith(f"{folder}{os.sep}"):
        text = text[len(f"{folder}{os.sep}"):]
    return text


def check_data_files(scenario: Scenario, *, given: Mapping[str, str] | None = None) -> None:
    """Raise one :class:`InputError` naming every ``[data]`` file that does not exist.

    The command line calls it on every scenario it loads, and :func:`planner.plan.load_inputs`
    (so ``plan``, ``prepare``) before reading any layer (a library caller may load a scenario
    whose files are elsewhere yet).

    A scenario copied to another folder loses several at once: each had been reported alone,
    as a bare path, one rerun per file. Each is named by its key and its path as written
    (relative to the scenario file's folder).

    ``given``: the keys the command line set, by the option that set them (``{"data.areas":
    "--set-a"}``). Their paths are read from the current folder, and the message says so and
    asks to correct that option (it had sent the user to the scenario file's ``[data]``).
    """
    given = given or {}
    missing, options, in_file, set_here = [], [], False, 0
    for key in DATA_FILE_KEYS:
        path = getattr(scenario.data, key)
        # (a QGIS source "FILE.gpkg|layername=x": the file is before the '|')
        if path is None or Path(str(path).split("|")[0]).exists():
            continue
        text = str(path)
        option = given.get(f"data.{key}")
        if option is not None:  # (kept relative to the current folder: shown as given)
            read = "" if Path(text).is_absolute() else ", read from the current folder"
            missing.append(f"data.{key} = {text!r} (given by {option}{read})")
            options += [option] if option not in options else []
            set_here += 1
            continue
        missing.append(f"data.{key} = {data_path_as_written(scenario, key)!r}")
        in_file = True
    if not missing:
        return
    where = scenario.source if scenario.source is not None else "scenario"
    shown = Path(scenario.source).parent if scenario.source is not None else Path()
    files = "data file" if len(missing) == 1 else f"{len(missing)} data files"
    fixes = [f"the {' and '.join(options)} value{'s' if set_here > 1 else ''}"
             if options else "", "the paths in [data]" if in_file else ""]
    raise InputError(
        f"{where}: {files} not found: {', '.join(missing)}"
        + (f" (relative paths{' in [data]' if options else ''} are read from the scenario "
           "file's folder, "
           f"{str(shown) if str(shown) != '.' else 'the current one'})" if in_file else "")
        + f"; correct {' and '.join(f for f in fixes if f)} or put the files there")


def parse_override(text: str, *, option: str = "--set") -> tuple[str, Any]:
    """Parse a ``key.path=value`` command-line override; the value is read as a TOML value.

    ``option``: the option that gave it, as the messages name it (``compare``'s ``--set-b``
    had been named ``--set``).

    A value that is not TOML is taken as text (``solver.backend=scip``, a file path), unless
    the key wants a number, true or false, or the value starts a list: then the message says
    what is wrong with it (``8,000,000``: thousands separators), not "without quotes".
    """
    if "=" not in text:
        raise InputError(f"{option} {text!r}: expected KEY=VALUE, e.g. budget.total_sek=6000000")
    key, _, value = text.partition("=")
    key, value = key.strip(), value.strip()
    try:
        parsed = tomllib.loads(f"v = {value}")["v"]
    except tomllib.TOMLDecodeError:
        if _is_amount(key, _scalar_kinds(_field_annotation(Scenario, key))):
            amount = parse_sek(value)  # (--set budget.total_sek="5 mnkr": the shell drops quotes)
            if amount is None:
                raise InputError(f"{option} {key}={value}: not an amount of SEK; "
                                 f"{AMOUNT_FORMS}") from None
            return key, amount
        problem = _not_toml(Scenario, key, value)
        if problem is not None:
            raise InputError(f"{option} {key}={value}: {problem}") from None
        parsed = value
    return key, parsed

