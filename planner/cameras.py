"""Camera catalogue and DORI ranges.

A camera with ``H`` horizontal pixels and horizontal field of view ``φ`` resolves, at distance
``d``, ``H / (2 d tan(φ/2))`` pixels per metre (rectilinear lens). The DORI levels of IEC 62676-4
need 25 (detect), 62.5 (observe), 125 (recognise) and 250 (identify) px/m, so the range of a level
with density ``p`` is ``d = H / (2 tan(φ/2) p)``: 3840 px behind a 60° lens identify up to 13.3 m,
recognise 26.6 m, observe 53.2 m and detect 133.0 m.

Panoramic (multi-sensor or fisheye) models spread their pixels evenly over the angle, so for them
the range is ``d = H / (φ_rad p)`` (the same formula to first order for narrow lenses, and finite
for 180° and 360°); pass ``panoramic=True``.

The catalogue is a TOML file of ``[[camera]]`` tables, see ``docs/architecture.md``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

# (the mount types a catalogue entry may be restricted to, ``mounts = [...]``: the sites')
from planner._io_specs import MOUNT_TYPES
from planner.errors import InputError, load_toml, one_line

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DORI_DENSITY",
    "LEVEL_NAMES",
    "MOUNT_TYPES",
    "CameraModel",
    "dori_range",
    "dori_ranges",
    "load_catalogue",
    "names_in",
]

#: Pixel density (px/m) needed for each DORI level (IEC 62676-4).
DORI_DENSITY: dict[int, float] = {1: 25.0, 2: 62.5, 3: 125.0, 4: 250.0}
#: Name of each DORI level (0 means not seen).
LEVEL_NAMES: dict[int, str] = {1: "detect", 2: "observe", 3: "recognise", 4: "identify"}
#: Largest resolution accepted per axis (guards against typos that make ranges astronomical).
_MAX_PX = 100_000
_REQUIRED = ("id", "h_px", "v_px", "ir_range_m", "price_sek", "install_sek", "yearly_sek")
_OPTIONAL = ("name", "name_sv", "hfov_deg", "zoom_hfov_deg", "panoramic", "mounts")


def _check_fov(hfov_deg: float, panoramic: bool) -> None:
    upper = 360.0 if panoramic else 180.0
    ok = 0.0 < hfov_deg <= upper if panoramic else 0.0 < hfov_deg < upper
    if not (math.isfinite(hfov_deg) and ok):
        kind = "panoramic" if panoramic else "rectilinear"
        raise InputError(
            f"horizontal field of view {hfov_deg!r}° is impossible for a {kind} lens: give a value "
            f"in (0, {upper:g}{']' if panoramic else ')'} degrees"
        )


def dori_range(h_px: float, hfov_deg: float, level: int, *, panoramic: bool = False) -> float:
    """Range in metres up to which a camera reaches a DORI level.

    Parameters
    ----------
    h_px
        Horizontal resolution in pixels.
    hfov_deg
        Horizontal field of view in degrees (the zoom setting used).
    level
        DORI level: 1 detect, 2 observe, 3 recognise, 4 identify.
    panoramic
        Pixels spread evenly over the angle (``H / (φ_rad p)``) instead of a rectilinear lens
        (``H / (2 tan(φ/2) p)``).

    Returns
    -------
    float
        The distance ``d`` at which the pixel density falls to the level's density.

    Raises
    ------
    InputError
        For an unknown level, non-positive pixels or an impossible field of view.
    """
    if level not in DORI_DENSITY:
        raise InputError(
            f"DORI level {level!r} is unknown: use 1 detect, 2 observe, 3 recognise, 4 identify"
        )
    if not (math.isfinite(h_px) and h_px > 0):
        raise InputError(f"horizontal resolution {h_px!r} px must be a positive number")
    _check_fov(hfov_deg, panoramic)
    density = DORI_DENSITY[level]
    if panoramic:
        return float(h_px / (math.radians(hfov_deg) * density))
    return float(h_px / (2.0 * math.tan(math.radians(hfov_deg) / 2.0) * density))


def dori_ranges(h_px: float, hfov_deg: float, *, panoramic: bool = False) -> np.ndarray:
    """Ranges of the four DORI levels.

    Parameters
    ----------
    h_px
        Horizontal resolution in pixels.
    hfov_deg
        Horizontal field of view in degrees.
    panoramic
        See :func:`dori_range`.

    Returns
    -------
    numpy.ndarray
        Four ranges in metres, index 0 = detect (longest) ... index 3 = identify (shortest).
    """
    return np.array([dori_range(h_px, hfov_deg, lv, panoramic=panoramic) for lv in (1, 2, 3, 4)])


@dataclass(frozen=True)
class CameraModel:
    """One camera model of the catalogue (validated when built).

    Attributes
    ----------
    id
        Unique model id.
    name
        Readable name.
    h_px, v_px
        Horizontal and vertical resolution in pixels.
    hfov_deg
        Horizontal field of view of each zoom setting in degrees (one entry for a fixed lens).
    ir_range_m
        Night (infrared) range in metres; caps every DORI range when night coverage is planned.
    price_sek, install_sek, yearly_sek
        Purchase price, installation labour per camera and yearly operating cost in SEK.
    panoramic
        The model covers its full field of view from one mounting (one option per mount).
    mounts
        Mount types the model can be fitted to (``None``: any).
    name_sv
        Its name in Swedish, for the plans in Swedish (``None``: :attr:`name` in both languages).
    """

    id: str
    name: str
    h_px: int
    v_px: int
    hfov_deg: tuple[float, ...]
    ir_range_m: float
    price_sek: float
    install_sek: float
    yearly_sek: float
    panoramic: bool = False
    mounts: tuple[str, ...] | None = None
    name_sv: str | None = None

    def name_in(self, language: str) -> str:
        """Its name in ``language`` (``"sv"``: :attr:`name_sv` where the catalogue gives one)."""
        return self.name_sv if language == "sv" and self.name_sv else self.name

    def __post_init__(self) -> None:
        where = f"camera model {self.id!r}"
        if not isinstance(self.id, str) or not self.id.strip():
            raise InputError(f"camera model id {self.id!r} must be a non-empty string")
        for key in ("h_px", "v_px"):
            val = getattr(self, key)
            if isinstance(val, bool) or not isinstance(val, int) or val <= 0:
                raise InputError(
                    f"{where}: {key} = {val!r} must be a positive whole number of pixels"
                )
        if not isinstance(self.hfov_deg, tuple) or not self.hfov_deg:
            raise InputError(f"{where}: hfov_deg = {self.hfov_deg!r} must be a non-empty tuple")
        for fov in self.hfov_deg:
            if isinstance(fov, bool) or not isinstance(fov, int | float):
                raise InputError(f"{where}: field of view {fov!r} must be a number of degrees")
            try:
                _check_fov(float(fov), self.panoramic)
            except InputError as exc:
                raise InputError(f"{where}: {exc}") from None
        if len(set(self.hfov_deg)) != len(self.hfov_deg):
            raise InputError(
                f"{where}: zoom settings {list(self.hfov_deg)} repeat a value; list each once"
            )
        for key in ("ir_range_m", "price_sek", "install_sek", "yearly_sek"):
            val = getattr(self, key)
            if (
                isinstance(val, bool)
                or not isinstance(val, int | float)
                or not math.isfinite(val)
                or val < 0
            ):
                raise InputError(f"{where}: {key} = {val!r} must be a finite number >= 0")
        if self.mounts is not None:
            bad = [m for m in self.mounts if m not in MOUNT_TYPES]
            if not self.mounts or bad:
                raise InputError(
                    f"{where}: mounts = {list(self.mounts)!r} must list one or more of "
                    f"{list(MOUNT_TYPES)}"
                )

    def ranges(self, hfov_deg: float | None = None, *, night: bool = False) -> np.ndarray:
        """DORI ranges (index 0 = detect) at one zoom setting, capped at the IR range at night.

        Parameters
        ----------
        hfov_deg
            Zoom setting; the widest (largest angle) when omitted.
        night
            Cap every range at :attr:`ir_range_m`.

        Returns
        -------
        numpy.ndarray
            Four ranges in metres.
        """
        fov = max(self.hfov_deg) if hfov_deg is None else hfov_deg
        out = dori_ranges(self.h_px, fov, panoramic=self.panoramic)
        return np.minimum(out, self.ir_range_m) if night else out


def names_in(cameras: pd.DataFrame, language: str | None) -> pd.DataFrame:
    """``cameras`` with ``model_name`` in ``language``, for the documents people read.

    A plan's ``cameras`` frame (and the data files written from it) carries the catalogue's
    ``name`` as ``model_name`` and, where the catalogue gives Swedish names, ``name_sv`` as
    ``model_name_sv``: the same columns in every language. A document in Swedish (the map,
    report.md, plan.xlsx, a rollout's) shows the Swedish name where there is one.
    """
    if language != "sv" or "model_name_sv" not in cameras.columns or "model_name" not in cameras:
        return cameras
    swedish = cameras["model_name_sv"]
    given = swedish.map(lambda n: isinstance(n, str) and bool(n.strip())).to_numpy(dtype=bool)
    out = cameras.copy()
    out["model_name"] = np.where(given, swedish.to_numpy(dtype=object),
                                 cameras["model_name"].to_numpy(dtype=object))
    return out


def _number(entry: Mapping[str, Any], key: str, problems: list[str], where: str) -> float | None:
    val = entry.get(key)
    if isinstance(val, bool) or not isinstance(val, int | float):
        problems.append(f"{where}: {key} = {val!r} must be a number")
        return None
    if not math.isfinite(val) or val < 0:
        problems.append(f"{where}: {key} = {val!r} must be a finite number >= 0 (fix the value)")
        return None
    return float(val)


def _parse_entry(entry: Any, index: int, problems: list[str], fname: str) -> CameraModel | None:
    if not isinstance(entry, dict):
        problems.append(f"{fname}: [[camera]] number {index + 1} must be a table")
        return None
    cam_id = entry.get("id")
    where = (
        f"{fname}: camera {cam_id!r}"
        if isinstance(cam_id, str)
        else f"{fname}: camera #{index + 1}"
    )
    n_before = len(problems)
    unknown = sorted(set(entry) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        problems.append(
            f"{where}: unknown {'key' if len(unknown) == 1 else 'keys'} {unknown}; allowed keys "
            f"are {sorted(_REQUIRED + _OPTIONAL)}"
        )
    missing = [k for k in _REQUIRED if k not in entry]
    if "hfov_deg" not in entry and "zoom_hfov_deg" not in entry:
        missing.append("hfov_deg (or zoom_hfov_deg)")
    if missing:
        problems.append(f"{where}: missing {'key' if len(missing) == 1 else 'keys'} {missing}; "
                        f"add {'it' if len(missing) == 1 else 'them'} to the [[camera]] table")
        return None
    if not isinstance(cam_id, str) or not cam_id.strip():
        problems.append(f"{where}: id = {cam_id!r} must be a non-empty string")
    if "hfov_deg" in entry and "zoom_hfov_deg" in entry:
        problems.append(
            f"{where}: give hfov_deg (fixed lens) or zoom_hfov_deg (varifocal), not both"
        )
    fov_raw = entry.get("zoom_hfov_deg", entry.get("hfov_deg"))
    fovs = fov_raw if isinstance(fov_raw, list) else [fov_raw]
    if not fovs or any(isinstance(f, bool) or not isinstance(f, int | float) for f in fovs):
        problems.append(
            f"{where}: field of view {fov_raw!r} must be a number or a list of numbers (degrees)"
        )
    name = entry.get("name", cam_id)
    if not isinstance(name, str):
        problems.append(f"{where}: name = {name!r} must be a string")
    name_sv = entry.get("name_sv")
    if name_sv is not None and (not isinstance(name_sv, str) or not name_sv.strip()):
        problems.append(f"{where}: name_sv = {name_sv!r} must be a non-empty string (its name "
                        "in Swedish) or left out")
    panoramic = entry.get("panoramic", False)
    if not isinstance(panoramic, bool):
        problems.append(f"{where}: panoramic = {panoramic!r} must be true or false")
    mounts = entry.get("mounts")
    if mounts is not None and (
        not isinstance(mounts, list) or not all(isinstance(m, str) for m in mounts)
    ):
        problems.append(
            f"{where}: mounts = {mounts!r} must be a list of strings from {list(MOUNT_TYPES)}"
        )
    pixels: dict[str, int] = {}
    for key in ("h_px", "v_px"):
        val = entry.get(key)
        if isinstance(val, bool) or not isinstance(val, int) or not 0 < val <= _MAX_PX:
            problems.append(
                f"{where}: {key} = {val!r} must be a whole number of pixels in 1..{_MAX_PX}"
            )
        else:
            pixels[key] = val
    money = {k: _number(entry, k, problems, where) for k in _REQUIRED[3:]}
    if len(problems) > n_before:
        return None
    try:
        return CameraModel(
            id=str(cam_id),
            name=str(name),
            h_px=pixels["h_px"],
            v_px=pixels["v_px"],
            hfov_deg=tuple(float(f) for f in fovs if f is not None),
            ir_range_m=float(money["ir_range_m"] or 0.0),
            price_sek=float(money["price_sek"] or 0.0),
            install_sek=float(money["install_sek"] or 0.0),
            yearly_sek=float(money["yearly_sek"] or 0.0),
            panoramic=bool(panoramic),
            mounts=None if mounts is None else tuple(mounts),
            name_sv=None if name_sv is None else str(name_sv).strip(),
        )
    except InputError as exc:
        problems.append(f"{fname}: {exc}")
        return None


def load_catalogue(path: str | Path, *, where: str | None = None) -> dict[str, CameraModel]:
    """Read a camera catalogue (TOML ``[[camera]]`` tables).

    Each table has the keys ``id``, ``h_px``, ``v_px``, ``hfov_deg`` (fixed lens) or
    ``zoom_hfov_deg`` (list, varifocal), ``ir_range_m``, ``price_sek``, ``install_sek``,
    ``yearly_sek`` and optionally ``name`` (default: the id), ``name_sv`` (its name in the plans
    in Swedish; default: ``name``), ``panoramic`` (default false) and
    ``mounts`` (list of mount types the model fits; default any). Unknown keys are rejected.

    Parameters
    ----------
    path
        The TOML file.
    where
        Its name in messages (as the scenario gives it); the path by default.

    Returns
    -------
    dict of str to CameraModel
        The models by id, in file order.

    Raises
    ------
    InputError
        One line naming the file, the camera id, the key, the bad value and the fix; all problems
        of the file are reported together.
    """
    fname = where if where is not None else str(path)
    data = load_toml(path, "camera catalogue", where=fname)
    return catalogue_from_dict(data, source=fname)


def catalogue_from_dict(
    data: Mapping[str, Any], *, source: str = "catalogue"
) -> dict[str, CameraModel]:
    """Build a catalogue from parsed TOML (``{"camera": [{...}, ...]}``).

    Parameters
    ----------
    data
        The parsed document.
    source
        Name used in error messages (e.g. the file name).

    Returns
    -------
    dict of str to CameraModel
        The models by id, in order.

    Raises
    ------
    InputError
        As :func:`load_catalogue`.
    """
    extra = sorted(set(data) - {"camera"})
    problems: list[str] = []
    if extra:
        problems.append(
            f"{source}: unknown top-level {'key' if len(extra) == 1 else 'keys'} {extra}; only "
            "[[camera]] tables are allowed"
        )
    entries = data.get("camera")
    if not isinstance(entries, list) or not entries:
        problems.append(f"{source}: no [[camera]] tables; add at least one camera model")
        entries = []
    out: dict[str, CameraModel] = {}
    for i, entry in enumerate(entries):
        model = _parse_entry(entry, i, problems, source)
        if model is None:
            continue
        if model.id in out:
            problems.append(
                f"{source}: camera {model.id!r}: duplicate id; give each model a unique id"
            )
            continue
        out[model.id] = model
    if problems:
        raise InputError(one_line("; ".join(problems)))
    return out
