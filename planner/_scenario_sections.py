"""The tables of a scenario file (internal): ``[data]``, ``[budget]``, ``[demand]``, ...

Each table is a frozen pydantic model that rejects unknown keys and values of the wrong type
(:class:`_Frozen`); :class:`planner.scenario.Scenario` holds one of each. The public names are
re-exported by :mod:`planner.scenario`.
"""

from __future__ import annotations

import datetime
import itertools
import math
import types
import typing
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from planner._budget_text import AMOUNT_FORMS, parse_sek
from planner.errors import closest, number_form

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
    scenario), choice columns one of their values or words (a sites layer's ``mount_type`` one
    of :data:`MOUNT_TYPES` or ``belysningsstolpe``, ``stolpe``, ``fasad``), flags true or false.
    """
    choices = dict(spec.choices)
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
    #: Public places to cover besides the grid (a square, a station forecourt): polygons, or
    #: points with ``radius_m``; each place's ``weight`` spread over its demand points.
    places: Path | None = None
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
    #: Per ``area_id``, a factor on the area's demand weight in the objective
    #: (``{ "0483C1090" = 2 }``: its covered weight counts twice); areas not named count once.
    #: Its covered share, measured against its own weight, is unchanged. Applied when the plan
    #: is solved (a preparation is shared by plans that differ in it only).
    area_factors: Mapping[str, float] = Field(default_factory=dict)

    @field_validator("area_factors", mode="before")
    @classmethod
    def _factors_form(cls, value: Any) -> Any:
        # (an area given more weight than the areas layer's priority allows: "after a shooting
        # in Nyhem" had needed an edited copy of the areas file, every other area lowered)
        if not isinstance(value, Mapping):
            raise ValueError('give a table of area ids and factors, e.g. { "0483C1090" = 2 }')
        out: dict[str, float] = {}
        for area, factor in value.items():
            problem = _factor_problem(factor)
            if problem is not None:
                raise ValueError(f"{_SUBKEY}{area}{_SUBKEY}{problem}")
            out[str(area)] = float(factor)
        return dict(sorted(out.items()))

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


#: The bounds of a factor of ``demand.area_factors`` (1/100 to 100: beyond, one area drowns
#: every other, or counts for nothing; plan it alone, or leave it out, with ``demand.areas``).
AREA_FACTOR_MIN, AREA_FACTOR_MAX = 0.01, 100.0


def _factor_problem(factor: Any) -> str | None:
    """What is wrong with ``factor`` as a factor of ``demand.area_factors``, or None."""
    if isinstance(factor, bool):
        return f"{str(factor).lower()} is not a number; write a number, e.g. 2"
    if not isinstance(factor, (int, float)):
        return f"{factor!r} is not a number; write a number without quotes, e.g. 2"
    if not math.isfinite(factor):
        return f"{factor!r} is not a finite number; write a number, e.g. 2"
    if factor == 0:
        return ("0 would leave the area out of the objective; to plan without it, leave it out "
                "of demand.areas (a list of the area ids to plan)")
    if factor < 0:
        return f"{factor:g} is negative; give a factor > 0 (1 counts the area as it is)"
    if factor < AREA_FACTOR_MIN:
        return (f"{factor:g} is below {AREA_FACTOR_MIN:g}; give a factor from {AREA_FACTOR_MIN:g} "
                f"to {AREA_FACTOR_MAX:g}, or leave the area out of demand.areas")
    if factor > AREA_FACTOR_MAX:
        return (f"{factor:g} is above {AREA_FACTOR_MAX:g}; give a factor from {AREA_FACTOR_MIN:g} "
                f"to {AREA_FACTOR_MAX:g}, or plan the area alone with demand.areas")
    return None


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
    #: The share of the objective's weight counted at night, with each model's IR range, the
    #: rest by day (daylight ranges): one plan good by day and at night. 0 is the day plan and
    #: 1 the night plan (``night = true``), both stored as ``night`` alone, so ``night_share``
    #: is ``None`` or strictly between 0 and 1.
    night_share: float | None = Field(default=None, ge=0, le=1)
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

    @model_validator(mode="before")
    @classmethod
    def _one_night(cls, value: Any) -> Any:
        # (night_share 0 or 1 is the day or the night plan: stored as night alone, so that its
        # plan is the same bytes as that plan's; night given too must say the same)
        if not isinstance(value, Mapping) or value.get("night_share") is None:
            return value
        share, night = value["night_share"], value.get("night")
        if isinstance(share, bool) or not isinstance(share, int | float) or not 0 <= share <= 1:
            return value  # (the field's own check names it)
        # (night = false, as scenarios write the default out, leaves the share to night_share)
        if night is True and share != 1:
            raise ValueError(
                f"coverage.night = true and coverage.night_share = {share:g} contradict "
                "(night = true is the night plan, night_share = 1); give one of them")
        if share in (0, 1):
            return {**value, "night": share == 1, "night_share": None}
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
