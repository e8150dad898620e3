"""What each layer must hold: :class:`LayerSpec` and the planner's layers (areas, sites, ...).

The columns a layer needs, their types and defaults, its id column and the columns a scenario
may map (``data.columns``); :data:`LAYER_SPECS` by scenario key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

POLYGONAL = ("Polygon", "MultiPolygon")
PUNCTUAL = ("Point",)
#: A layer of polygons or points (``data.places``: a square, or a point with a radius).
PLACED = ("Point", "Polygon", "MultiPolygon")
#: A CSV of points' coordinate columns, as ``data.columns`` names them.
COORDINATE_COLUMNS = ("x", "y")


@dataclass(frozen=True)
class LayerSpec:
    """What a layer must hold."""

    kind: str
    id_column: str | None
    geom_types: tuple[str, ...]
    required: tuple[str, ...] = ()
    numeric: tuple[str, ...] = ()
    non_negative: tuple[str, ...] = ()
    #: Number columns that may be left empty (an existing camera's zoom, ``existing_hfov_deg``).
    optional_numeric: tuple[str, ...] = ()
    defaults: tuple[tuple[str, Any], ...] = ()
    #: The id column must be there (other layers get ``KIND-N`` ids when it is not): area ids
    #: name the areas in every output and tie demand points to them; site ids are what the
    #: camera register and the cameras table point the lamp inventory to.
    id_required: bool = False
    #: Columns holding ids of another layer (a façade mount's ``building_id``, a demand point's
    #: ``area_id``): written as text the way the id column is (:func:`id_text`), empty stays empty.
    references: tuple[str, ...] = ()
    #: Text columns shown in outputs: a number becomes its text, an empty value the feature's id.
    labels: tuple[str, ...] = ()
    #: Yes/no columns: booleans, 1/0, or the words true/false, yes/no, ja/nej (any case).
    flags: tuple[str, ...] = ()
    #: Columns with a fixed set of values (read in lower case; empty: the column's default).
    choices: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: Other words for a choice (lower case; ``"bostad": "residential"``), per column.
    aliases: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    #: Read date-time fields as their text (with the UTC offset written in the file): GDAL
    #: turns a column of mixed offsets (winter and summer time) into UTC, losing local times.
    dates_as_text: bool = False
    #: Where a missing required column comes from, added to the message that names it (an
    #: areas layer's ``priority``: the DeSO importer computes it).
    hints: tuple[tuple[str, str], ...] = ()
    #: Columns a Shapefile's name cut to 10 characters is not read as, the cut being another
    #: column's (``existing_o``: the bearings', not the owner's); map them by name instead.
    uncut: tuple[str, ...] = ()

    @property
    def takes_points(self) -> bool:
        """Whether the layer may hold points (and so be a CSV of coordinate columns)."""
        return "Point" in self.geom_types

    def columns(self) -> tuple[str, ...]:
        """Every column the planner reads from the layer."""
        named = (self.id_column,) if self.id_column else ()
        return (*named, *self.required, *self.numeric, *(c for c, _ in self.defaults))

    @property
    def key(self) -> str:
        """The layer's scenario key (``data.privacy_zones``, ``data.columns.privacy_zones``)."""
        return self.kind.replace(" ", "_")

    def mappable(self) -> tuple[str, ...]:
        """The columns a scenario may map to a layer's own names (``data.columns``).

        A point layer's also ``x`` and ``y``, the coordinate columns of a CSV, and the optional
        number columns without a default (``existing_orientation_true_deg``: not among the
        names a Shapefile's cut ones are read as, :meth:`columns`, since its cut is that of
        ``existing_orientation_deg``).
        """
        coordinates = COORDINATE_COLUMNS if self.takes_points else ()
        return tuple(dict.fromkeys((*self.columns(), *self.optional_numeric, *self.references,
                                    *coordinates)))


AREAS = LayerSpec(
    "areas",
    "area_id",
    POLYGONAL,
    required=("name", "population", "priority"),
    numeric=("population", "priority"),
    non_negative=("population", "priority"),
    id_required=True,
    labels=("name",),
    hints=(("priority", "planner import deso computes it with the areas' population from SCB's "
                        "DeSO statistics (README: Bring your own data)"),),
)
#: What a building is; only ``residential`` ones are homes (demand near homes, façades in the
#: camera register).
BUILDING_KINDS = ("residential", "commercial", "public", "other")
#: Lantmäteriet's building types (``objekttyp`` of its Byggnad product, which most Swedish
#: municipalities hold) as kinds: map ``kind = "objekttyp"`` in ``[data.columns.buildings]``.
#: A value with a detail after ``;`` (``Bostad; Flerfamiljshus``) reads as its first part.
LANTMATERIET_KINDS = (
    ("bostad", "residential"),
    ("verksamhet", "commercial"),
    ("industri", "commercial"),
    ("samhällsfunktion", "public"),
    ("ekonomibyggnad", "other"),
    ("komplementbyggnad", "other"),
    ("övrig byggnad", "other"),
)
#: Where a camera hangs (the sites' ``mount_type``).
MOUNT_TYPES: tuple[str, ...] = ("lamp_post", "pole", "facade")
#: The mount types in the words of the planner's Swedish documents, as a Swedish register
#: writes them.
SWEDISH_MOUNT_TYPES = (("belysningsstolpe", "lamp_post"), ("stolpe", "pole"),
                       ("fasad", "facade"))
BUILDINGS = LayerSpec("buildings", "building_id", POLYGONAL, defaults=(("kind", "other"),),
                      choices=(("kind", BUILDING_KINDS),), aliases=(("kind", LANTMATERIET_KINDS),))
SITES = LayerSpec(
    "sites",
    "site_id",
    PUNCTUAL,
    required=("mount_type", "install_cost_sek", "max_cameras"),
    numeric=("install_cost_sek", "max_cameras"),
    non_negative=("install_cost_sek",),
    # (existing_orientation_true_deg: an existing camera's bearing from true north, instead of
    # existing_orientation_deg; see planner._geom_sites.with_grid_orientations)
    optional_numeric=("existing_hfov_deg", "existing_orientation_true_deg"),
    defaults=(
        ("height_m", 6.0),
        ("building_id", None),
        ("existing_model", None),
        ("existing_orientation_deg", np.nan),
        ("existing_hfov_deg", np.nan),
        ("approximate", False),
        ("note", ""),
        # who owns and runs an existing camera (free text): the municipality's own where it is
        # the scenario's surveillance.operator (planner._existing_owner)
        ("existing_owner", None),
    ),
    id_required=True,
    references=("building_id",),
    flags=("approximate",),
    uncut=("existing_owner",),
    # (any case, or the Swedish documents' words: Excel's "Lamp_post" had been refused)
    choices=(("mount_type", MOUNT_TYPES),),
    aliases=(("mount_type", SWEDISH_MOUNT_TYPES),),
)
PRIVACY = LayerSpec("privacy zones", "zone_id", POLYGONAL, defaults=(("kind", "home"),))
DEMAND_POINTS = LayerSpec("demand points", None, PUNCTUAL, references=("area_id",))
#: Documented crimes and incidents (the record's ground for watching a place): where, and when
#: (``date`` as YYYY-MM-DD, with the time of day in ``time`` as HH:MM or in ``date`` itself).
INCIDENTS = LayerSpec("incidents", "incident_id", PUNCTUAL, required=("date",),
                      defaults=(("time", None), ("kind", "")), labels=("kind",),
                      dates_as_text=True)
#: Public places to cover besides the grid (``data.places``): a square or a station forecourt as
#: a polygon, or a point with ``radius_m`` (:mod:`planner._places`); ``weight`` in the demand's
#: unit, spread evenly over the place's demand points.
PLACES = LayerSpec("places", "place_id", PLACED, required=("weight",), numeric=("weight",),
                   non_negative=("weight",), optional_numeric=("radius_m",),
                   defaults=(("name", None),), id_required=True, labels=("name",))
#: The layers by their scenario key (``data.areas``, ..., ``data.columns.KEY``).
LAYER_SPECS = {"areas": AREAS, "sites": SITES, "buildings": BUILDINGS, "privacy_zones": PRIVACY,
               "demand_points": DEMAND_POINTS, "incidents": INCIDENTS, "places": PLACES}

