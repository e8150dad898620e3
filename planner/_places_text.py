"""The phrase table of the public places (``data.places``) in ``report.md`` and on the map.

``_TEXT`` is registered with :func:`planner._lang.texts` as ``places`` (one table per language,
every key in each); :mod:`planner._places_report` and :mod:`planner._places_map` pick from it.
"""

from __future__ import annotations

from planner._lang import texts

_TEXT = texts("places", {
    "en": {
        "heading": "## Public places",
        "intro": "The places of `data.places`, covered besides the public space near homes. A "
                 "place's weight is in the unit of the areas' demand weight (an area's is its "
                 "population × (1 + priority gain × priority)), spread evenly over its demand "
                 "points; it counts in the weight and covered share of the area it lies in. "
                 "Covered share graded by DORI level, as the areas'; seen: in view at any level. "
                 "`places.geojson` has the table for GIS.",
        "left out": "Left out, in no planned area: {places}.",
        "unseen:one": "No camera sees {places}.",
        "unseen:many": "No camera sees {places}.",
        # (English keeps the data files' column names, as the other tables of report.md)
        "col:place_id": "place_id",
        "col:n_points": "n_points",
        "col:planned_weight": "planned_weight",
        "col:cameras": "cameras",
        "none": "–",
        "sheet": "Places",
        # the map
        "layer": "Public places ({n})",
        "layer_one": "Public place (1)",
        "place": "Place",
        "area": "Area",
        "weight": "Weight",
        "covered": "Covered share (graded)",
        "seen": "In view (any level)",
        "cameras": "Cameras",
        "no cameras": "none",
        "tooltip": "{name}: {share} covered",
        # a place in no planned area (n_points 0): drawn apart, not as 0 % covered
        "layer_out": "Public places ({n}, {k} not counted)",
        "layer_one_out": "Public place (1, not counted)",
        "tooltip_out": "{name}: not counted in this plan",
        "not counted": "Not counted in this plan: it lies in no planned area (demand.areas, "
                       "demand.min_priority)",
    },
    "sv": {
        "heading": "## Allmänna platser",
        "intro": "Platserna i `data.places`, som bevakas utöver den offentliga miljön nära "
                 "bostäder. En plats vikt är i samma enhet som områdenas behovsvikt (ett områdes "
                 "är dess befolkning × (1 + prioritetsförstärkning × prioritet)), fördelad lika "
                 "på platsens behovspunkter; den räknas in i behovsvikten och den täckta andelen "
                 "för det område den ligger i. Täckt andel graderad efter DORI-nivå, som "
                 "områdenas; i bild: på någon nivå. `places.geojson` har tabellen för GIS, med "
                 "engelska kolumnnamn.",
        "left out": "Utelämnade, i inget planerat område: {places}.",
        "unseen:one": "Ingen kamera ser {places}.",
        "unseen:many": "Ingen kamera ser {places}.",
        "col:place_id": "Plats (id)",
        "col:n_points": "Behovspunkter",
        "col:planned_weight": "Behovsvikt i planerade områden",
        "col:cameras": "Kameror",
        "none": "–",
        "sheet": "Platser",
        "layer": "Allmänna platser ({n})",
        "layer_one": "Allmän plats (1)",
        "place": "Plats",
        "area": "Område",
        "weight": "Behovsvikt",
        "covered": "Täckt andel (graderad)",
        "seen": "I bild (någon nivå)",
        "cameras": "Kameror",
        "no cameras": "inga",
        "tooltip": "{name}: {share} täckt",
        "layer_out": "Allmänna platser ({n}, {k} räknas inte)",
        "layer_one_out": "Allmän plats (1, räknas inte)",
        "tooltip_out": "{name}: räknas inte i den här planen",
        "not counted": "Räknas inte i den här planen: den ligger i inget planerat område "
                       "(demand.areas, demand.min_priority)",
    },
})
