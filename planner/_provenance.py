"""What a plan was made from: input files with their SHA-256, settings, package versions (internal).

A plan goes into the record of a camera surveillance and a council decision; months later someone asks which
data and which settings it came from. ``summary.json`` therefore records

- ``inputs``: per data key (``areas``, ``sites``, ...) the file as the scenario names it
  (relative to the scenario's folder) and the SHA-256 of its bytes, taken when the layers are
  read. A Shapefile's digest covers its sidecar files (``.dbf`` holds the attributes), a
  folder's (File Geodatabase) every file in it;
- ``settings``: the effective scenario (after ``--variant`` and ``--set``), every key with its
  value, defaults included;
- ``versions``: the planner and the packages that decide the plan (OR-Tools' solvers, GEOS'
  geometry), since "the same input gives the same plan" holds for the same versions.

Nothing here depends on the machine (no absolute paths, no host names, no times), so the summary
stays byte for byte reproducible.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

from planner.io import split_layer
from planner.scenario import Scenario

#: Files that belong to a Shapefile ``NAME.shp`` (those present are hashed, in this order).
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
#: Packages whose versions are recorded (those installed).
PACKAGES = ("ortools", "shapely", "geopandas", "pyproj", "numpy", "scipy", "pandas")
_CHUNK = 1 << 20


def _parts(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file())
    if path.suffix.lower() == ".shp":
        return [p for p in (path.with_suffix(s) for s in SHAPEFILE_PARTS) if p.is_file()]
    return [path]


def file_digest(path: str | Path) -> str:
    """SHA-256 (hex) of a data file: its bytes, a Shapefile's parts, or a folder's files.

    Each part enters as its name relative to the first, then its bytes, so renaming a sidecar or
    moving bytes between parts changes the digest.
    """
    path = split_layer(path)[0]
    digest = hashlib.sha256()
    parts = _parts(path)
    for part in parts:
        name = part.relative_to(path).as_posix() if path.is_dir() else part.suffix.lower()
        digest.update(name.encode() + b"\0")
        with part.open("rb") as handle:
            for chunk in iter(lambda: handle.read(_CHUNK), b""):
                digest.update(chunk)
    return digest.hexdigest()


def _shown(path: Path, folder: Path | None) -> str:
    """The path as a reader of the record finds it: from the scenario's folder, POSIX separators.

    One rule for every file, one set by ``--set`` too (read from the current folder, which the
    record does not know: ``--set data.sites=../../proj/alt/lamps.gpkg`` run from
    ``elsewhere/deep`` is ``../alt/lamps.gpkg`` beside ``proj/scen/scenario.toml``); messages
    name a file as it was typed instead (:func:`planner.scenario.data_path_as_written`), for the
    person who typed it, and say where a ``--set`` one is read from.
    """
    if folder is None:
        return path.name
    return Path(os.path.relpath(path, folder.resolve())).as_posix()


def input_files(scenario: Scenario) -> dict[str, dict[str, str]]:
    """Per data key of ``scenario``: ``{"file": ..., "sha256": ...}`` (keys without a file left out)."""
    folder = scenario.source.parent if scenario.source is not None else None
    out: dict[str, dict[str, str]] = {}
    from planner.scenario import DATA_FILE_KEYS

    for key in DATA_FILE_KEYS:
        path = getattr(scenario.data, key)
        if path is not None:
            out[key] = {"file": _shown(Path(path), folder), "sha256": file_digest(path)}
    return out


def settings(scenario: Scenario) -> dict[str, Any]:
    """The effective scenario: every key and value (defaults included), data files left out."""
    from planner.scenario import DATA_FILE_KEYS

    out = scenario.model_dump(mode="json", exclude={"source", "variants", "data"})
    # every [data] key but the files (which ``input_files`` gives with their digests): a
    # [data.defaults] or [data.crs] changes the plan and had been left out
    out["data"] = scenario.data.model_dump(mode="json", exclude=set(DATA_FILE_KEYS))
    if scenario.coverage.night_share is None:  # (a day or night plan: its bytes as before the key)
        del out["coverage"]["night_share"]
    return out


def versions(packages: Iterable[str] = PACKAGES) -> dict[str, str]:
    """The planner's version and those of the installed ``packages``, and GEOS'."""
    from planner import __version__

    found = {"planner": __version__}
    for name in packages:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    import shapely

    found["geos"] = shapely.geos_version_string
    return found
