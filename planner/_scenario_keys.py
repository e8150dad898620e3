"""A scenario's dotted keys (internal): set in its tables, and named in its messages.

``--set`` and ``[variants.NAME]`` give dotted keys (``budget.total_sek``): :func:`_set_dotted`
sets one in the parsed tables, naming a key the scenario has not with the key it means, and
:func:`_flatten` turns a variant's tables into such keys. :func:`_explain` turns pydantic's
errors into one line naming every bad key, its value and the fix; :func:`_not_toml` says what
is wrong with a ``--set`` value that is not TOML.

The functions that walk the scenario's tables take its model, ``root``
(:class:`planner.scenario.Scenario`), so that this module need not import it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from planner._scenario_sections import _SUBKEY, _level_key, _scalar_kinds
from planner.errors import InputError, closest, number_form


def _field_annotation(root: Any, dotted: str) -> Any:
    """The annotation of the scenario field at ``dotted`` (``budget.total_sek`` -> float)."""
    model: Any = root
    annotation: Any = None
    for part in dotted.split("."):
        fields = getattr(model, "model_fields", None)
        if not isinstance(fields, dict) or part not in fields:
            return None
        annotation = model = fields[part].annotation
    return annotation


#: The keys whose value is a share (a percentage written for one is told its share), with the
#: largest the key takes as the message says it (``solver.gap`` must stay below 0.5).
SHARE_KEYS = {"constraints.equity_min_share": "1", "solver.gap": "0.5",
              "coverage.night_share": "1"}


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


def _not_toml(root: Any, key: str, value: str) -> str | None:
    """What is wrong with ``value``, not TOML, as ``--set KEY``'s; None: read it as text."""
    kinds = _scalar_kinds(_field_annotation(root, key))
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


def _known_keys(root: Any, table: list[str]) -> list[str]:
    """The keys a scenario table may hold (its model's fields), for spelling suggestions."""
    model: Any = root
    for part in table:
        field = model.model_fields.get(part) if hasattr(model, "model_fields") else None
        model = field.annotation if field is not None else None
        if model is None:
            return []
    return [k for k in getattr(model, "model_fields", {}) if k != "source"]




def _set_dotted(root: Any, raw: dict[str, Any], dotted: str, value: Any, *, where: str,
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
    # demand.area_factors is one too (area id -> factor): a variant's table is flattened to
    # demand.area_factors.ID, and --set demand.area_factors.ID=2 adds one area's factor
    open_table |= parts[:2] == ["demand", "area_factors"] and len(parts) == 3
    for at, part in enumerate(parts[:-1]):
        if open_table and isinstance(node, dict) and node.get(part) is None:
            node[part] = {}
        if not isinstance(node, dict) or part not in node or not isinstance(node[part], dict):
            # (as an unknown key is: 'BUDGET.total_sek' had been sent to the README alone)
            close = closest(part, [k for k in _known_keys(root, parts[:at])
                                   if isinstance(node, dict) and isinstance(node.get(k), dict)])
            hint = (f"did you mean {'.'.join([*parts[:at], close, *parts[at + 1:]])}?" if close
                    else "see the README")
            raise InputError(f"{where}: {named}: no table {part!r}; {hint}")
        node = node[part]
    if not open_table and (not isinstance(node, dict) or parts[-1] not in node):
        known = [k for k in _known_keys(root, parts[:-1]) if isinstance(node, dict)]
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


def _sibling_keys(root: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys the scenario knows beside the one at ``loc`` (for a misspelt key's hint)."""
    model: type[BaseModel] = root
    for part in loc[:-1]:
        field = model.model_fields.get(str(part))
        annotation = getattr(field, "annotation", None)
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return []
        model = annotation
    return [k for k in model.model_fields if k != "source"]


def _explain(root: type[BaseModel], where: str, exc: ValidationError) -> str:
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
            near = closest(loc.rsplit(".", 1)[-1], _sibling_keys(root, err["loc"]))
            if near:
                hint = f"did you mean {near!r}? " + hint
        shown = (
            "" if err.get("type") == "missing" or isinstance(value, dict) else f" (got {value!r})"
        )
        if isinstance(value, float) and math.isnan(value):
            shown = " (got nan)"
        parts.append(f"key {loc}: {msg}{shown}" + (f"; {hint}" if hint else ""))
    return f"{where}: " + " | ".join(parts)
