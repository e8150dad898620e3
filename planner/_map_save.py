"""A map as an HTML page: the same bytes for the same map, self-contained if offline, saved whole.

:func:`map_html` renders a map (or a comparison's pair) with its element ids numbered in tree order
(:func:`_stable_ids`), the page's language and, online, a note for a network that blocks the
map's library; offline it inlines every asset (:func:`planner._offline.inline_assets`).
:func:`save_map` writes it atomically. Both are public through :mod:`planner.maps`.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
from pathlib import Path

import folium
import folium.plugins
from branca.element import Element

from planner._lang import LANGUAGES, pick, texts
from planner._map_access import accessible_page
from planner._map_page import PageLanguage
from planner._map_panels import OfflineNote
from planner._offline import inline_assets
from planner.io import default_mode

#: (the name of the module these lines came from: the same logs as before the split)
logger = logging.getLogger("planner.maps")

#: the page's note when the map's library does not load, per language (see :mod:`planner._lang`)
TEXT = texts(__name__, {
    "en": {
        "no_network": "This map loads its map library (Leaflet) from the internet, which this "
                      "computer cannot reach now, so it shows nothing. Make a copy that needs no "
                      "network: run the planner command that made it again with --offline.",
    },
    "sv": {
        "no_network": "Kartan hämtar sitt kartbibliotek (Leaflet) från internet, som den här "
                      "datorn inte når just nu, och visar därför ingenting. Gör en kopia som "
                      "fungerar utan nätverk: kör planner-kommandot som gjorde den igen med "
                      "--offline.",
    },
})


def _wants_offline(element: Element) -> bool:
    """Tell whether ``element`` or any descendant is an :class:`OfflineNote`."""
    stack = [element]
    while stack:
        current = stack.pop()
        if isinstance(current, OfflineNote):
            return True
        stack.extend(current._children.values())
    return False


def _page_language(element: Element) -> str:
    """The language recorded by :func:`~planner._map_page._language_of_page` in ``element``'s tree (else English)."""
    for current in _elements(element):
        if isinstance(current, PageLanguage):
            return current.language
    return LANGUAGES[0]


def map_html(
    m: folium.Map | folium.plugins.DualMap,
    *,
    offline: bool | None = None,
    assets_dir: str | os.PathLike[str] | None = None,
) -> str:
    """Render a map (or a :class:`~folium.plugins.DualMap`) to a complete HTML page.

    Parameters
    ----------
    m
        The map.
    offline
        Inline every script, stylesheet, font and image (self-contained page). ``None`` (default):
        as the map was rendered (``render_map(..., offline=True)``).
    assets_dir
        The ``node_modules`` folder with the pinned assets (default: ``$PLANNER_MAP_ASSETS`` or
        ``assets/node_modules`` of the repository, as installed by ``make assets``).

    Returns
    -------
    str
        The HTML page.

    Raises
    ------
    InputError
        If ``offline`` and the assets are not installed; the message names ``make assets``.
    """
    root = m.get_root()
    if offline is None:
        offline = _wants_offline(root)
    html = _stable_ids(root, root.render())
    # the page's language, for screen readers and translation (Folium leaves it out)
    lang = _page_language(root)
    html = html.replace("<!DOCTYPE html>\n<html>", f'<!DOCTYPE html>\n<html lang="{lang}">', 1)
    # (zoomable, landmarks and headings, names a screen reader says: planner/_map_access.py)
    html = accessible_page(html, lang)
    if offline:
        html = inline_assets(html, assets_dir=None if assets_dir is None else Path(assets_dir))
    else:
        html = _with_network_note(html, lang)
    return html


def _with_network_note(html: str, language: str) -> str:
    """``html`` with a script that says why the page is blank when Leaflet did not load.

    A map that loads its scripts from the CDNs is a blank page on a network that blocks them
    (a municipality's, a laptop offline at a meeting), with no word why: the page then tells
    how to make the self-contained copy. The note is text, set with ``textContent``.
    """
    note = json.dumps(pick(TEXT, language)["no_network"])
    script = (
        "<script>\nwindow.addEventListener(\"load\", function () {\n"
        "  if (typeof L !== \"undefined\") { return; }\n"
        "  var note = document.createElement(\"p\");\n"
        "  note.className = \"planner-no-network\";\n"
        "  note.style.cssText = \"margin: 2em; font: 16px sans-serif; max-width: 40em\";\n"
        f"  note.textContent = {note};\n"
        "  document.body.insertBefore(note, document.body.firstChild);\n"
        "});\n</script>\n"
    )
    if "</html>" not in html:
        return html + script
    head, tail = html.rsplit("</html>", 1)
    return f"{head}{script}</html>{tail}"


def _elements(element: Element) -> list[Element]:
    """``element`` and every element below it, parents first, children in insertion order."""
    found = [element]
    for extra in ("header", "html", "script"):  # a Figure's three parts are not its children
        part = getattr(element, extra, None)
        if isinstance(part, Element) and part._parent is element:
            found += _elements(part)
    for child in element._children.values():
        found += _elements(child)
    return found


def _stable_ids(root: Element, html: str) -> str:
    """Replace Folium's random element ids in ``html`` by their order in the element tree.

    Branca gives every element 16 random bytes as its id (``map_<32 hex digits>``, referenced
    from the scripts), so the same plan rendered twice gave two different files. Numbered in tree
    order instead (read after rendering, which adds some elements), the same map gives the same
    bytes (``tests/test_determinism.py``). Other 32-digit hex strings are left as they are.
    """
    order: dict[str, str] = {}
    for element in _elements(root):
        order.setdefault(element._id, f"{len(order):032x}")
    return re.sub(r"[0-9a-f]{32}", lambda m: order.get(m.group(0), m.group(0)), html)


def save_map(
    m: folium.Map | folium.plugins.DualMap,
    path: str | os.PathLike[str],
    *,
    offline: bool | None = None,
    assets_dir: str | os.PathLike[str] | None = None,
) -> Path:
    """Write a map as an HTML file, self-contained if ``offline``.

    The file is written next to ``path`` under a temporary name and moved into place, so a failed
    write leaves no half file.

    Parameters
    ----------
    m
        The map (:func:`~planner.maps.render_map`) or pair of maps
        (:func:`~planner.maps.compare_maps`).
    path
        Where to write the HTML.
    offline
        See :func:`map_html`.
    assets_dir
        See :func:`map_html`.

    Returns
    -------
    Path
        The written file.
    """
    target = Path(path)
    html = map_html(m, offline=offline, assets_dir=assets_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(html)
        os.chmod(tmp, default_mode())  # (mkstemp makes it private)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    logger.info("wrote map %s (%.1f MB)", target, len(html.encode("utf-8")) / 1e6)
    return target
