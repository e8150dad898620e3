"""Scenario files: one planning question, frozen and validated.

A scenario is a TOML file (see ``scenarios/katrineholm.toml`` and the README). Paths in it are
relative to the scenario file. Loading rejects unknown keys and bad values with an
:class:`~planner.errors.InputError` whose one-line message names the file, the key, the bad value
and the expected form.
"""

from __future__ import annotations

import datetime
import itertools
import math
import os
import tomllib
import types
import typing
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from planner._budget_text import AMOUNT_FORMS, parse_sek
from planner.errors import InputError, closest, load_toml, number_form

LEVELS = ("detect", "observe", "recognise", "identify")


def _scalar_kinds(annotation: Any) -> set[type]:
    """The plain value types a field's annotation admits (``float | None`` -> {float})."""
    if annotation in (bool, int, float, str):
        return {annotation}
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return set().union(*(_scalar_kinds(a) for a in args if a is not type(None)))
    if typing.get_origin(annotation) is typing.Annotated and args:
        return _scalar_kinds(args[0])
    return set()


def _path_kinds(annotation: Any) -> set[Any]:
    """``annotation`` and the members of its union (``Path | None`` -> {Path, NoneType})."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return set(typing.get_args(annotation))
    return {annotation}


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False, allow_inf_nan=False)

    @field_validator("*", mode="before")
    @classmethod
    def _no_silent_conversion(cls, value: Any, info: ValidationInfo) -> Any:
        # pydantic's lax mode had read true as 1 (coverage.orientations = true planned with one
        # orientation), "40000" as a number and "yes"/"off" as flags; TOML has types, so a value
        # of the wrong one is a mistake worth naming
        field = cls.model_fields.get(info.field_name or "")
        kinds = _scalar_kinds(field.annotation) if field is not None else set()
        numeric = bool(kinds & {int, float})
        if isinstance(value, bool) and numeric and bool not in kinds:
            raise ValueError("write a number, not true or false")
        if isinstance(value, str) and _is_amount(info.field_name or "", kinds):
            amount = parse_sek(value)  # ("5 mnkr", "500 tkr", "5 000 000 kr": as people write)
            if amount is None:
                raise ValueError(f"not an amount of SEK; {AMOUNT_FORMS}")
            return amount
        if isinstance(value, str) and kinds and kinds <= {int, float, bool}:
            if kinds == {bool}:
                raise ValueError("write true or false, without quotes")
            form = number_form(value)  # ("8 000 000 kr" had been told to drop the quotes)
            if form is not None:
                raise ValueError(f"write a number without quotes, spaces or unit: {form}")
            raise ValueError("write a number without quotes")
        if (kinds == {bool} and value is not None and not isinstance(value, bool)):
            raise ValueError("write true or false")
        return value


def _is_amount(key: str, kinds: set[type]) -> bool:
    """Whether ``key`` (a field's name or a dotted key) takes an amount of SEK (``total_sek``)."""
    return key.endswith("_sek") and bool(kinds) and kinds <= {int, float}


def _did_you_mean(name: str, known: Sequence[str]) -> str:
    """``"did you mean 'x'? "`` for the known name closest to ``name``, or ``""``."""
    near = closest(name, known)
    return f"did you mean {near!r}? " if near else ""


def _layer_spec(key: str) -> Any:
    """The ``LayerSpec`` of a layer key of ``[data.columns]``, ``[data.defaults]``, ``[data.crs]``."""
    from planner.io import LAYER_SPECS

    if key not in LAYER_SPECS:
        # (a misspelt 'site' or 'SITES' is told the layer it means, as a misspelt column is)
        raise ValueError(f"no layer {key!r}; {_did_you_mean(key, list(LAYER_SPECS))}give one of "
                         f"{', '.join(LAYER_SPECS)}")
    return LAYER_SPECS[key]


#: Marks the rest of a key in a message (``data.defaults`` + ``sites.mount_type``): see _explain.
_SUBKEY = "\x1f"


def _default_problem(spec: Any, column: str, value: Any) -> str | None:
    """What is wrong with ``value`` as ``[data.defaults]``'s for ``spec``'s ``column``, or None.

    Numeric columns take TOML numbers (a quoted "12000" is a mistake, as everywhere in a
    scenario), choice columns one of their values (a sites layer's ``mount_type`` one of
    :data:`MOUNT_TYPES`), flags true or false.
    """
    from planner.io import MOUNT_TYPES, SITES

    choices = dict(spec.choices)
    if spec is SITES:
        choices["mount_type"] = MOUNT_TYPES
    numbers = (*spec.numeric, *spec.optional_numeric,
               *(c for c, d in spec.defaults if isinstance(d, float)))
    shown = repr(value)
    if column in spec.flags:
        if not isinstance(value, bool):
            return f"{shown} is not true or false; write true or false, without quotes"
    elif column in numbers:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"{shown} is not a number; write a number without quotes (e.g. 12000)"
        if column in spec.non_negative and value < 0:
            return f"{shown} is negative; give a number >= 0"
    elif column in choices:
        words = dict(dict(spec.aliases).get(column, ()))
        allowed = choices[column]
        if not isinstance(value, str) or (value.strip().lower() not in allowed
                                          and value.strip().lower() not in words):
            return f"{shown} is not one of {', '.join(allowed)}; write one of them"
    return None


class DataConfig(_Frozen):
    """Input layers; relative paths are resolved against the scenario file's folder."""

    areas: Path
    sites: Path
    cameras: Path
    buildings: Path | None = None
    privacy_zones: Path | None = None
    demand_points: Path | None = None
    #: Documented crimes and incidents (points): counted per camera view in the record.
    incidents: Path | None = None
    demand_weight_column: str = "weight"
    #: Per layer key, the planner's column -> the layer's own column name
    #: (``[data.columns.areas] population = "BEF_TOT"``), for data kept under other names.
    columns: Mapping[str, Mapping[str, str]] = Field(default_factory=dict)
    #: Per layer key, values for columns the layer lacks or leaves empty
    #: (``[data.defaults.sites] mount_type = "lamp_post"``): a lamp register has no mount types.
    defaults: Mapping[str, Mapping[str, str | int | float | bool]] = Field(default_factory=dict)
    #: Per layer key, the CRS its file's coordinates are in, whatever the file declares
    #: (``[data.crs] sites = "EPSG:3010"``): a CSV's x/y, a Shapefile without its ``.prj``.
    crs: Mapping[str, str] = Field(default_factory=dict)

    @field_validator("defaults")
    @classmethod
    def _known_defaults(cls, value: Mapping[str, Mapping[str, Any]]) -> Any:
        from planner.io import COORDINATE_COLUMNS

        for key, columns in value.items():
            spec = _layer_spec(key)
            known = [c for c in spec.mappable()
                     if c != spec.id_column and c not in COORDINATE_COLUMNS]
            for column, given in columns.items():
                if column not in known:
                    raise ValueError(f"{key}: no default for column {column!r}; "
                                     f"{_did_you_mean(column, known)}"
                                     f"defaults may be given for {', '.join(known)}")
                problem = _default_problem(spec, column, given)
                if problem:
                    # (the scenario's mistake: it had been blamed on the data file, feature by
                    # feature, or a quoted "12000" silently read as a number)
                    raise ValueError(f"{_SUBKEY}{key}.{column}{_SUBKEY}{problem}")
        return {k: dict(v) for k, v in value.items()}

    @field_validator("crs")
    @classmethod
    def _known_crs(cls, value: Mapping[str, str]) -> Any:
        from pyproj import CRS
        from pyproj.exceptions import CRSError

        for key, crs in value.items():
            _layer_spec(key)
            try:
                CRS.from_user_input(crs)
            except CRSError:
                raise ValueError(f"{key}: unknown CRS {crs!r}; use e.g. 'EPSG:3006' "
                                 "(SWEREF 99 TM)") from None
        return dict(value)

    @field_validator("columns")
    @classmethod
    def _known_columns(cls, value: Mapping[str, Mapping[str, str]]) -> Any:
        for key, mapping in value.items():
            known = _layer_spec(key).mappable()
            for ours, theirs in mapping.items():
                if ours not in known:
                    raise ValueError(f"{key}: the planner reads no column {ours!r}; "
                                     f"{_did_you_mean(ours, known)}it reads {', '.join(known)}")
                if not theirs.strip():
                    raise ValueError(f"{key}.{ours}: give the name of your column")
            theirs_seen = list(mapping.values())
            twice = sorted({t for t in theirs_seen if theirs_seen.count(t) > 1})
            if twice:
                raise ValueError(f"{key}: column {twice[0]!r} is given for two columns; "
                                 "map each of your columns once")
        return {k: dict(v) for k, v in value.items()}


#: The ``[data]`` keys that name files, in the order of :class:`DataConfig`.
DATA_FILE_KEYS = tuple(k for k, f in DataConfig.model_fields.items()
                       if Path in _path_kinds(f.annotation))


class BudgetConfig(_Frozen):
    """The money available and how costs are counted."""

    total_sek: float = Field(gt=0, le=1e11)
    horizon_years: float = Field(default=5.0, ge=0, le=50)
    include_yearly_costs: bool = True
    #: Whether the amounts (budget and catalogue prices) include VAT; the documents say which
    #: beside the budget (unset: they say nothing).
    prices_include_vat: bool | None = None


class DemandConfig(_Frozen):
    """Where demand is and how it is weighted."""

    areas: Literal["all"] | tuple[str, ...] = "all"
    min_priority: float = Field(default=0.0, ge=0, le=1)
    grid_spacing_m: float = Field(default=10.0, ge=1.0, le=1000.0)
    priority_gain: float = Field(default=1.0, ge=0, le=100)
    near_homes_m: float = Field(default=60.0, ge=0, le=10_000)
    max_points: int = Field(default=2_000_000, ge=1, le=50_000_000)

    @field_validator("areas", mode="before")
    @classmethod
    def _areas_form(cls, value: Any) -> Any:
        # (pydantic's own message had named both forms in its internal notation:
        # "key demand.areas.literal['all']: ... | key demand.areas.tuple[str, ...]: ...")
        if isinstance(value, str) and value != "all":
            raise ValueError(f'give "all" or a list of area ids, e.g. ["{value}"]')
        if isinstance(value, (list, tuple)):
            if not value:  # (it had been blamed on demand.min_priority, 0 already)
                raise ValueError('an empty list plans no area; list at least one area id '
                                 '(area_id of data.areas), e.g. ["0483C1010"], or write "all"')
            if any(isinstance(v, (dict, list, tuple, bool)) or v is None for v in value):
                raise ValueError('give a list of area ids, e.g. ["0483C1010", "0483C1020"]')
            return tuple(str(v) for v in value)  # (ids are text: 1 is area "1")
        if not isinstance(value, str):
            raise ValueError('give "all" or a list of area ids, e.g. ["0483C1010"]')
        return value


def _level_name(value: Any) -> Any:
    """A DORI level given in any language's words (``"observera"``) as its English name.

    The Swedish documents name the levels upptäcka, observera, känna igen and identifiera; a
    scenario may too (``observera`` had been refused, "Input should be 'detect', ...").
    Anything else is left for the field's own check.
    """
    from planner import _lang

    return (_lang.level_code(value) or value) if isinstance(value, str) else value


def _level_key(dotted: str) -> str:
    """``coverage.level_values.observera`` as ``coverage.level_values.observe`` (others as given)."""
    table, _, last = dotted.rpartition(".")
    return f"{table}.{_level_name(last)}" if table == "coverage.level_values" else dotted


class LevelValues(_Frozen):
    """Value in (0, 1] earned for a demand point seen at each DORI level."""

    detect: float = Field(default=0.25, gt=0, le=1)
    observe: float = Field(default=0.5, gt=0, le=1)
    recognise: float = Field(default=0.75, gt=0, le=1)
    identify: float = Field(default=1.0, gt=0, le=1)

    @model_validator(mode="before")
    @classmethod
    def _level_words(cls, value: Any) -> Any:
        # ([coverage.level_values] observera = 0.6: a level in Swedish words, as the documents)
        if not isinstance(value, Mapping):
            return value
        named: dict[Any, Any] = {}
        written: dict[Any, Any] = {}
        for key, given in value.items():
            level = _level_name(key)
            if level in named:
                raise ValueError(f"{written[level]!r} and {key!r} are the same level "
                                 f"({level}); give it once")
            named[level], written[level] = given, key
        return named

    @model_validator(mode="after")
    def _non_decreasing(self) -> LevelValues:
        values = [getattr(self, name) for name in LEVELS]
        if any(b < a for a, b in itertools.pairwise(values)):
            raise ValueError(
                "level values must not decrease from detect to identify "
                f"(got {dict(zip(LEVELS, values, strict=True))})"
            )
        return self

    def as_array(self) -> tuple[float, float, float, float, float]:
        """Values indexed by level 0 (none) .. 4 (identify)."""
        return (0.0, self.detect, self.observe, self.recognise, self.identify)


class CoverageConfig(_Frozen):
    """How camera options are generated and what counts as seen."""

    orientations: int = Field(default=8, ge=1, le=72)
    night: bool = False
    models: tuple[str, ...] | None = Field(default=None, min_length=1)
    min_level: Literal["detect", "observe", "recognise", "identify"] = "detect"
    level_values: LevelValues = LevelValues()

    @field_validator("min_level", mode="before")
    @classmethod
    def _level_words(cls, value: Any) -> Any:
        return _level_name(value)

    @field_validator("models", mode="before")
    @classmethod
    def _models_form(cls, value: Any) -> Any:
        if isinstance(value, list):
            return tuple(value)
        return value


class ConstraintsConfig(_Frozen):
    """Optional rules: equity between areas, spacing, privacy, backup coverage."""

    equity_min_share: float = Field(default=0.0, ge=0, le=1)
    equity_mode: Literal["hard", "maxmin"] = "hard"
    min_spacing_m: float = Field(default=0.0, ge=0, le=10_000)
    privacy: Literal["off", "exclude", "penalty"] = "exclude"
    privacy_min_level: Literal["detect", "observe", "recognise", "identify"] = "observe"
    privacy_penalty_per_m2: float = Field(default=1.0, ge=0, le=1e6)
    #: With ``privacy = "exclude"``: an option that sees at most this many m² of privacy zones
    #: (at ``privacy_min_level``) is kept, that part to be masked in the camera; 0: any view
    #: into a zone excludes it. (A zone's corner just inside a range had excluded a camera for
    #: 0.00002 m².)
    privacy_maskable_m2: float = Field(default=0.0, ge=0, le=10_000)
    backup_bonus: float = Field(default=0.0, ge=0, le=1)
    #: New cameras only where their view (by day) holds at least this many documented incidents
    #: (``data.incidents``); 0: no such rule. The weighing rests on a documented problem at the
    #: place.
    min_incidents_in_view: int = Field(default=0, ge=0, le=100_000)
    #: Mounts (``site_id`` of ``data.sites``) that get a new camera in every plan, the model
    #: and direction left to the optimiser: a place already decided (the police's request, a
    #: promise to residents), planned around. Mounts with an existing camera are refused.
    require_sites: tuple[str, ...] = ()
    #: Mounts that get no new camera (the owner said no, the pole is to be replaced); an
    #: existing camera on one stays.
    exclude_sites: tuple[str, ...] = ()
    #: Mounts (``site_id`` of ``data.sites``) whose existing camera is taken down: it is in no
    #: plan (the coverage before the plan, today's, still has it), and the mount gets no new
    #: camera. "What if the police take their camera down?" without a copy of the layer.
    remove_existing: tuple[str, ...] = ()
    #: Mounts whose existing camera is replaced: taken down as in ``remove_existing``, and its
    #: mount becomes a candidate for a new camera (the mount's own ``install_cost_sek`` and
    #: ``max_cameras``), the optimiser deciding whether one is worth it, its model and
    #: direction. With ``require_sites`` too, the new camera is bought in every plan.
    replace_existing: tuple[str, ...] = ()

    @field_validator("privacy_min_level", mode="before")
    @classmethod
    def _level_words(cls, value: Any) -> Any:
        return _level_name(value)

    @field_validator("require_sites", "exclude_sites", "remove_existing", "replace_existing",
                     mode="before")
    @classmethod
    def _site_ids(cls, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            if any(isinstance(v, (dict, list, tuple, bool, float)) or v is None for v in value):
                raise ValueError('give a list of site ids, e.g. ["lamp-0042", "pole-7"]')
            ids = tuple(str(v) for v in value)  # (ids are text: 7 is site "7")
            twice = sorted({v for v in ids if ids.count(v) > 1})
            if twice:
                raise ValueError(f"site {twice[0]!r} is listed twice; list each site once")
            return ids
        raise ValueError('give a list of site ids, e.g. ["lamp-0042"]')

    @model_validator(mode="after")
    def _required_not_excluded(self) -> ConstraintsConfig:
        # (require_sites had answered "the existing camera stays in every plan" of a camera
        # remove_existing takes down; a replaced camera's mount is a candidate: taken down with
        # no new camera is remove_existing's)
        pairs = (
            ("require_sites", "exclude_sites", "keep it in one"),
            ("require_sites", "remove_existing", "the mount of a camera taken down gets no new "
             "camera: keep it in one, or require a mount near it"),
            ("remove_existing", "replace_existing", "a camera replaced is taken down and its "
             "mount may get a new one, one removed gets none: keep it in one"),
            ("exclude_sites", "replace_existing", "to take the camera down with no new camera "
             "on its mount, list it in remove_existing only"),
        )
        for first, second, fix in pairs:
            both = sorted(set(getattr(self, first)) & set(getattr(self, second)))
            if both:
                raise ValueError(f"site {both[0]!r} is in both {first} and {second}; {fix}")
        return self


class SurveillanceConfig(_Frozen):
    """How the cameras will be run: what the record of the surveillance needs and no map shows.

    Since 1 April 2025 no permit is needed (kamerabevakningslagen 2018:1200, amended after
    prop. 2024/25:93 and bet. 2024/25:JuU27); the municipality itself weighs the interest in
    surveillance against the individual's interest in not being watched, documents that before
    the cameras start, and keeps a register of its camera surveillance. How the cameras are run
    weighs in that balance (hours, storage, live viewing, sound, masking), so the record states
    it. A key left out (``None``) is listed in ``report.md`` as still to settle: these are the
    municipality's decisions, so none has a default.
    """

    #: Who runs the surveillance and is the controller (personuppgiftsansvarig).
    operator: str | None = Field(default=None, min_length=1, max_length=200)
    #: Contact for questions on the surveillance, e.g. the data protection officer.
    contact: str | None = Field(default=None, min_length=1, max_length=200)
    #: The purpose of the surveillance (ändamål), e.g. "Crime prevention and safety in public
    #: space"; each new camera's row names its areas after it.
    purpose: str | None = Field(default=None, min_length=1, max_length=300)
    #: The legal basis of the processing (rättslig grund), e.g. "GDPR art. 6.1 e".
    legal_basis: str | None = Field(default=None, min_length=1, max_length=300)
    #: The documented interest balancing: who decided it, when, and its reference.
    decision: str | None = Field(default=None, min_length=1, max_length=300)
    #: When the surveillance starts (the register is kept five years after it ends).
    start_date: str | None = Field(default=None, min_length=1, max_length=40)
    #: When the cameras record, e.g. "Fri-Sat 22:00-06:00" or "all hours".
    hours: str | None = Field(default=None, min_length=1, max_length=200)
    #: How long recordings are kept before they are erased (lagringstid), in days.
    storage_days: int | None = Field(default=None, ge=0, le=3650)
    #: Whether someone watches the cameras live (realtidsbevakning).
    live_viewing: bool | None = None
    #: Where and by whom live pictures are watched.
    live_viewing_where: str | None = Field(default=None, min_length=1, max_length=300)
    #: Whether sound is recorded.
    sound: bool | None = None
    #: Whether windows and entrances of homes in view are masked in the camera (privacy masking).
    privacy_masking: bool | None = None
    #: How people are told of the cameras (signs), e.g. "signs at every entrance to the area".
    signage: str | None = Field(default=None, min_length=1, max_length=300)
    #: Other measures tried or considered first (lighting, guards, trimming vegetation).
    alternatives: str | None = Field(default=None, min_length=1, max_length=500)
    #: Where the documented crimes and incidents at these places are (the interest in watching).
    incidents: str | None = Field(default=None, min_length=1, max_length=500)
    #: Whether a watched place is someone's workplace (then the employees' representatives
    #: give their opinion).
    workplace: bool | None = None

    @field_validator("start_date", mode="before")
    @classmethod
    def _date_as_text(cls, value: Any) -> Any:
        # a TOML date (start_date = 2026-03-01, unquoted) is how a start date is written; it had
        # been refused as "a valid string (got datetime.date(2026, 3, 1))"
        if isinstance(value, datetime.date | datetime.time):
            return value.isoformat()
        return value

    def open_items(self) -> list[str]:
        """The keys not yet settled, in the order of the record."""
        return [k for k in SURVEILLANCE_ITEMS if getattr(self, k) is None]


#: The keys of ``[surveillance]`` in the order the record lists them.
SURVEILLANCE_ITEMS = ("operator", "contact", "purpose", "legal_basis", "decision", "start_date",
                      "hours", "storage_days", "live_viewing", "live_viewing_where", "sound",
                      "privacy_masking", "signage", "alternatives", "incidents", "workplace")


class SolverConfig(_Frozen):
    """Which optimiser backend and how long it may run."""

    backend: Literal["auto", "scip", "cpsat", "greedy"] = "auto"
    time_limit_s: float = Field(default=60.0, gt=0, le=86_400)
    #: Stop once the plan is proven within this relative gap of the best (0: prove the best).
    gap: float = Field(default=0.0, ge=0, lt=0.5)


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
            return cls.model_validate({**raw, "source": source})
        except ValidationError as exc:
            raise InputError(_explain(where, exc)) from None

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
            _set_dotted(raw, dotted, value, where=str(self.source or "scenario"),
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
        if _is_amount(key, _scalar_kinds(_field_annotation(key))):
            amount = parse_sek(value)  # (--set budget.total_sek="5 mnkr": the shell drops quotes)
            if amount is None:
                raise InputError(f"{option} {key}={value}: not an amount of SEK; "
                                 f"{AMOUNT_FORMS}") from None
            return key, amount
        problem = _not_toml(key, value)
        if problem is not None:
            raise InputError(f"{option} {key}={value}: {problem}") from None
        parsed = value
    return key, parsed


def _field_annotation(dotted: str) -> Any:
    """The annotation of the scenario field at ``dotted`` (``budget.total_sek`` -> float)."""
    model: Any = Scenario
    annotation: Any = None
    for part in dotted.split("."):
        fields = getattr(model, "model_fields", None)
        if not isinstance(fields, dict) or part not in fields:
            return None
        annotation = model = fields[part].annotation
    return annotation


#: The keys whose value is a share (a percentage written for one is told its share), with the
#: largest the key takes as the message says it (``solver.gap`` must stay below 0.5).
SHARE_KEYS = {"constraints.equity_min_share": "1", "solver.gap": "0.5"}


def _share_hint(key: str, percent: float | str | None) -> str:
    """``"a share between 0 and 1: 5 % is 0.05"`` for a share written as ``percent`` per cent.

    ``None``: a number too large to be a percentage, told an example (``e.g. 5 % is 0.05``).
    (``5%`` had been told "write it as a TOML number, e.g. 0.5", which a user copying it reads
    as 50 %; ``5`` "use a smaller number".)
    """
    if percent is None:
        return f"a share between 0 and {SHARE_KEYS[key]} (e.g. 5 % is 0.05)"
    given = Decimal(str(percent)).normalize()
    share = (given / 100).normalize()
    return f"a share between 0 and {SHARE_KEYS[key]}: {given:f} % is {share:f}"


def _not_toml(key: str, value: str) -> str | None:
    """What is wrong with ``value``, not TOML, as ``--set KEY``'s; None: read it as text."""
    kinds = _scalar_kinds(_field_annotation(key))
    if kinds == {bool}:
        return "not true or false; write true or false"
    if key in SHARE_KEYS and value.endswith("%"):
        number = value[:-1].strip().replace(",", ".")
        try:
            if math.isfinite(float(number)):
                return f"not a number; write it as {_share_hint(key, number)}"
        except ValueError:
            pass
    if kinds and kinds <= {int, float}:
        form = number_form(value)  # (spaces between thousands, decimals, a unit: "8 000 000,5 kr")
        if form is not None:
            return f"not a number; write it as a TOML number without thousands separators, e.g. {form}"
        digits = value.replace(" ", "").replace("\u00a0", "").replace("_", "")
        groups = digits.lstrip("+-").split(",")
        if len(groups) > 1 and all(g.isdigit() for g in groups):
            if (all(len(g) == 3 for g in groups[1:]) and 0 < len(groups[0]) <= 3
                    and not groups[0].startswith("0")):
                whole = "".join(groups)
                return ("not a number; write it as a TOML number without thousands separators, "
                        f"e.g. {whole} or {int(whole):_}")
            if len(groups) == 2:  # (a decimal comma, as Swedish writes it)
                return f"not a number; write the decimals after a point, e.g. {'.'.join(groups)}"
        if digits.isdigit():  # (spaces between thousands)
            return ("not a number; write it as a TOML number without thousands separators, "
                    f"e.g. {digits} or {int(digits):_}")
        example = "8" if kinds == {int} else "0.5"
        return f"not a number; write it as a TOML number, e.g. {example}"
    if value.startswith("["):
        return 'not a TOML list; quote each item as text, e.g. ["a", "b"]'
    return None


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in table.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(_flatten(value, dotted + "."))
        else:
            out[dotted] = value
    return out


def _known_keys(table: list[str]) -> list[str]:
    """The keys a scenario table may hold (its model's fields), for spelling suggestions."""
    model: Any = Scenario
    for part in table:
        field = model.model_fields.get(part) if hasattr(model, "model_fields") else None
        model = field.annotation if field is not None else None
        if model is None:
            return []
    return [k for k in getattr(model, "model_fields", {}) if k != "source"]




def _set_dotted(raw: dict[str, Any], dotted: str, value: Any, *, where: str,
                option: str | None = None) -> None:
    """Set ``dotted`` in ``raw``; a key the scenario has not is named as ``option`` gave it."""
    named = f"{option} {dotted}" if option else f"override {dotted!r}"
    dotted = _level_key(dotted)
    parts = dotted.split(".")
    node: Any = raw
    # data.columns, data.defaults and data.crs are open tables (layer -> planner column -> yours
    # or its value; layer -> CRS; their validators check the names): an override or variant may
    # add to them (--set data.defaults.sites.mount_type had been told "no table 'sites'")
    depth = {"columns": 4, "defaults": 4, "crs": 3}
    open_table = parts[0] == "data" and len(parts) > 1 and depth.get(parts[1]) == len(parts)
    for at, part in enumerate(parts[:-1]):
        if open_table and isinstance(node, dict) and node.get(part) is None:
            node[part] = {}
        if not isinstance(node, dict) or part not in node or not isinstance(node[part], dict):
            # (as an unknown key is: 'BUDGET.total_sek' had been sent to the README alone)
            close = closest(part, [k for k in _known_keys(parts[:at])
                                   if isinstance(node, dict) and isinstance(node.get(k), dict)])
            hint = (f"did you mean {'.'.join([*parts[:at], close, *parts[at + 1:]])}?" if close
                    else "see the README")
            raise InputError(f"{where}: {named}: no table {part!r}; {hint}")
        node = node[part]
    if not open_table and (not isinstance(node, dict) or parts[-1] not in node):
        known = [k for k in _known_keys(parts[:-1]) if isinstance(node, dict)]
        close = closest(parts[-1], known)
        hint = f"did you mean {'.'.join([*parts[:-1], close])}?" if close else "see the README"
        raise InputError(f"{where}: {named}: unknown key; {hint}")
    node[parts[-1]] = value


_HINTS = {
    "extra_forbidden": "remove it or check its spelling against the README",
    "missing": "add it",
    "greater_than": "use a larger number",
    "greater_than_equal": "use a larger number",
    "less_than_equal": "use a smaller number",
    "finite_number": "use a finite number",
    "float_parsing": "write a number without quotes",
    "float_type": "write a number",
    "int_parsing": "write a whole number without quotes",
    "int_type": "write a whole number",
    "int_from_float": "write a whole number",
    "bool_type": "write true or false",
    "bool_parsing": "write true or false",
    "string_type": "write quoted text",
    "string_too_short": "write a non-empty text",
    "string_too_long": "write a shorter text",
    "literal_error": "use one of the listed values",
    "path_type": "write the file path as quoted text",
    "tuple_type": 'write a list, e.g. ["a", "b"]',
    "list_type": 'write a list, e.g. ["a", "b"]',
    "model_type": "write a table ([name] section)",
    "model_attributes_type": "write a table ([name] section)",
    "dict_type": "write a table ([name] section)",
    "less_than": "use a smaller number",
}


#: What the items of a list key are (singular) and where they come from, for a list too short
#: (see _explain); the fix beside adding items.
_ITEMS: dict[str, tuple[str, str, str]] = {
    "coverage.models": ("camera model id", ' of the catalogue (data.cameras), e.g. ["dome-2mp"]',
                        "or leave coverage.models out to consider every model"),
}


def _sibling_keys(loc: tuple[Any, ...]) -> list[str]:
    """The keys the scenario knows beside the one at ``loc`` (for a misspelt key's hint)."""
    model: type[BaseModel] = Scenario
    for part in loc[:-1]:
        field = model.model_fields.get(str(part))
        annotation = getattr(field, "annotation", None)
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return []
        model = annotation
    return [k for k in model.model_fields if k != "source"]


def _explain(where: str, exc: ValidationError) -> str:
    """Turn pydantic's errors into one line naming every bad key, its value and the fix."""
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"] if not isinstance(p, int))
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        if not loc and isinstance(err.get("input"), dict):  # (a rule between keys: it names them)
            parts.append(msg)
            continue
        loc = loc or "(top level)"
        if msg.startswith(_SUBKEY):  # (a validator naming the key below its field)
            sub, _, msg = msg[1:].partition(_SUBKEY)
            loc = f"{loc}.{sub}"
        hint = _HINTS.get(str(err.get("type")), "")
        value = err.get("input")
        if (loc in SHARE_KEYS and err.get("type") in ("less_than", "less_than_equal")
                and isinstance(value, int | float) and value >= 1):
            hint = f"write it as {_share_hint(loc, value if value <= 100 else None)}"
        if err.get("type") == "too_short":  # (pydantic's "Tuple should have at least 1 item
            # after validation, not 0", with no fix)
            least = int((err.get("ctx") or {}).get("min_length", 1))
            item, source, hint = _ITEMS.get(loc, ("item", "", ""))
            msg = f"give at least {least} {item}{'' if least == 1 else 's'}{source}"
            value = list(value) if isinstance(value, tuple) else value  # (as written: [])
        if err.get("type") == "extra_forbidden":
            near = closest(loc.rsplit(".", 1)[-1], _sibling_keys(err["loc"]))
            if near:
                hint = f"did you mean {near!r}? " + hint
        shown = (
            "" if err.get("type") == "missing" or isinstance(value, dict) else f" (got {value!r})"
        )
        if isinstance(value, float) and math.isnan(value):
            shown = " (got nan)"
        parts.append(f"key {loc}: {msg}{shown}" + (f"; {hint}" if hint else ""))
    return f"{where}: " + " | ".join(parts)
