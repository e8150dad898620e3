"""Self-contained map HTML: inline the JavaScript and CSS that folium loads from CDNs.

folium writes ``<script src="https://cdn...">`` and ``<link rel="stylesheet" href=...>`` tags
into a map's ``<head>``. For a map that must open on a municipal network without internet, each
of those URLs is resolved to a file of a pinned npm package that the project installs (``make
assets``: ``npm ci --prefix assets``, see ``assets/package.json``), and the tag is replaced by the
file's content. Fonts and images referenced from the CSS are inlined as ``data:`` URIs. Nothing of
the third-party code is kept in this repository.

Two of folium's URLs have no npm package and are replaced by equivalents made here:

- bootstrap 3.0.0 glyphicons CSS: dropped (the planner's icons are Font Awesome; a map that uses a
  ``glyphicon`` icon shows it without its glyph offline);
- folium's ``leaflet.awesome.rotate.min.css``: regenerated (a ``transform: rotate`` rule a degree).

An unknown URL is an error, so an offline map never loads anything from the network silently. The
basemap tiles are the only thing a self-contained map still fetches.
"""

from __future__ import annotations

import base64
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from planner.errors import InputError

__all__ = [
    "ASSETS_ENV",
    "Asset",
    "default_assets_dir",
    "inline_assets",
    "resolve_asset",
]

#: Environment variable naming the ``node_modules`` folder with the pinned map assets.
ASSETS_ENV = "PLANNER_MAP_ASSETS"

_INSTALL_HINT = (
    "install them with `make assets` (runs `npm ci --prefix assets --ignore-scripts` in the "
    f"repository root) or point {ASSETS_ENV} at a node_modules folder that has them"
)

_JSDELIVR_NPM = re.compile(
    r"^https://cdn\.jsdelivr\.net/npm/(?P<pkg>(?:@[^/@]+/)?[^/@]+)@(?P<ver>[^/]+)/(?P<path>.+)$"
)

#: CDN URLs that are not jsdelivr npm URLs: URL -> (npm package, version, file in the package).
_KNOWN_URLS: dict[str, tuple[str, str, str]] = {
    "https://code.jquery.com/jquery-3.7.1.min.js": ("jquery", "3.7.1", "dist/jquery.min.js"),
    "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/"
    "leaflet.awesome-markers.js": (
        "drmonty-leaflet-awesome-markers",
        "2.0.2",
        "js/leaflet.awesome-markers.js",
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/"
    "leaflet.awesome-markers.css": (
        "drmonty-leaflet-awesome-markers",
        "2.0.2",
        "css/leaflet.awesome-markers.css",
    ),
    "https://cdn.jsdelivr.net/gh/jieter/Leaflet.Sync/L.Map.Sync.min.js": (
        "leaflet.sync",
        "0.2.4",
        "L.Map.Sync.js",
    ),
}

_GLYPHICONS_URL = "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css"
_ROTATE_URL = (
    "https://cdn.jsdelivr.net/gh/python-visualization/folium/folium/templates/"
    "leaflet.awesome.rotate.min.css"
)

_MIME = {
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".gif": "image/gif",
    ".jpg": "image/jpeg",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".eot": "application/vnd.ms-fontobject",
    ".js": "text/javascript",
    ".css": "text/css",
}

_SCRIPT_TAG = re.compile(r'<script src="(?P<url>[^"]+)"></script>')
_LINK_TAG = re.compile(r'<link rel="stylesheet" href="(?P<url>[^"]+)"\s*/?>')
_EXTERNAL_TAG = re.compile(r"<(?:script|link)\b[^>]*\b(?:src|href)=[\"']?(?:https?:)?//[^>]*>")
_CSS_URL = re.compile(r"""url\(\s*(?P<q>['"]?)(?P<ref>[^'")]+)(?P=q)\s*\)""")
_FONT_FACE = re.compile(r"@font-face\s*{[^}]*}")
_FONT_SRC = re.compile(r"src:(?P<src>[^;}]+)")
#: Font Awesome 4/5 compatibility families; folium's ``fa`` icons use "Font Awesome 6 Free".
_COMPAT_FAMILY = re.compile(r"""font-family:\s*["']?(FontAwesome|Font Awesome 5 [A-Za-z]+)""")


@dataclass(frozen=True)
class Asset:
    """One front-end asset resolved to local content.

    Attributes
    ----------
    url
        The CDN URL folium writes.
    kind
        ``"js"`` or ``"css"``.
    path
        The installed file, or ``None`` for content made here (glyphicons, rotate CSS).
    content
        The file's text, for CSS with fonts and images inlined as ``data:`` URIs.
    """

    url: str
    kind: str
    path: Path | None
    content: str


def default_assets_dir() -> Path:
    """Return the ``node_modules`` folder that holds the pinned map assets.

    ``$PLANNER_MAP_ASSETS`` if set, else ``assets/node_modules`` in the repository root (where
    ``make assets`` installs them).
    """
    env = os.environ.get(ASSETS_ENV)
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[1] / "assets" / "node_modules"


def _package_file(assets_dir: Path, package: str, version: str, file: str, url: str) -> Path:
    """Find ``file`` of the installed ``package``, checking it is exactly ``version``."""
    manifest = assets_dir / package / "package.json"
    if not manifest.is_file():
        raise InputError(
            f"offline map assets are not installed: {manifest} is missing (needed for {url}); "
            + _INSTALL_HINT
        )
    installed = json.loads(manifest.read_text(encoding="utf-8")).get("version")
    if installed != version:
        raise InputError(
            f"offline map asset {package} is version {installed} in {assets_dir}, but the map "
            f"needs {version} (for {url}); pin {package}@{version} in assets/package.json and "
            + _INSTALL_HINT
        )
    path = assets_dir / package / file
    if not path.is_file() and path.name.endswith((".min.js", ".min.css")):
        # jsdelivr minifies on the fly; the package ships only the readable file.
        path = path.with_name(path.name.replace(".min.", "."))
    if not path.is_file():
        raise InputError(f"offline map asset {path} is missing (for {url}); " + _INSTALL_HINT)
    return path


def _data_uri(path: Path) -> str:
    mime = _MIME.get(path.suffix.lower(), "application/octet-stream")
    return f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def _prune_font_faces(css: str) -> str:
    """Drop compatibility font families and non-woff2 font fallbacks (all browsers read woff2)."""

    def face(match: re.Match[str]) -> str:
        block = match.group(0)
        if _COMPAT_FAMILY.search(block):
            return ""

        def src(m: re.Match[str]) -> str:
            parts = [p for p in m.group("src").split(",") if p.strip()]
            woff2 = [p for p in parts if ".woff2" in p]
            return "src:" + ",".join(woff2 or parts)

        return _FONT_SRC.sub(src, block)

    return _FONT_FACE.sub(face, css)


def _inline_css_urls(css: str, base: Path, url: str) -> str:
    """Replace every relative ``url(...)`` in ``css`` by a ``data:`` URI of the file."""

    def repl(match: re.Match[str]) -> str:
        ref = match.group("ref").strip()
        if ref.startswith(("data:", "#")):
            return match.group(0)
        if re.match(r"^[a-z]+:", ref) or ref.startswith("//"):
            raise InputError(
                f"offline map asset {url} references {ref}, which would load from the network; "
                "add it to the offline asset table in planner/_offline.py"
            )
        target = (base / ref.split("?")[0].split("#")[0]).resolve()
        if not target.is_file():
            raise InputError(
                f"offline map asset {url} references {ref}, missing at {target}; " + _INSTALL_HINT
            )
        return f'url("{_data_uri(target)}")'

    return _CSS_URL.sub(repl, css)


def _rotate_css() -> str:
    """Folium's awesome-marker rotation classes (``fa-rotate-N`` for N in 0..359)."""
    return "".join(f".fa-rotate-{n}{{transform:rotate({n}deg)}}" for n in range(360))


def resolve_asset(url: str, assets_dir: Path | None = None) -> Asset:
    """Resolve a CDN URL that folium writes to the content of a pinned, installed package.

    Parameters
    ----------
    url
        A ``<script src>`` or ``<link href>`` URL from folium's map HTML.
    assets_dir
        The ``node_modules`` folder; default :func:`default_assets_dir`.

    Returns
    -------
    Asset
        The asset, CSS with its fonts and images inlined.

    Raises
    ------
    InputError
        If the URL is unknown, the package is not installed or has another version; the message
        names the make target that installs the assets.
    """
    root = default_assets_dir() if assets_dir is None else Path(assets_dir)
    kind = "css" if url.split("?")[0].endswith(".css") else "js"
    if url == _GLYPHICONS_URL:
        note = "/* bootstrap 3.0.0 glyphicons: not on the npm registry, left out offline */"
        return Asset(url, "css", None, note)
    if url == _ROTATE_URL:
        return Asset(url, "css", None, _rotate_css())
    match = _JSDELIVR_NPM.match(url)
    if url in _KNOWN_URLS:
        package, version, file = _KNOWN_URLS[url]
    elif match:
        package, version, file = match.group("pkg"), match.group("ver"), match.group("path")
    else:
        raise InputError(
            f"no offline copy known for map asset {url}; add its npm package to "
            "assets/package.json and the URL to the offline asset table in planner/_offline.py"
        )
    path = _package_file(root, package, version, file, url)
    text = path.read_text(encoding="utf-8")
    if kind == "css":
        text = _inline_css_urls(_prune_font_faces(text), path.parent, url)
    return Asset(url, kind, path, text)


def _default_icon_script(assets_dir: Path) -> str:
    """Point Leaflet's default marker icon at embedded images (its path detection needs files)."""
    url = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"
    images = _package_file(assets_dir, "leaflet", "1.9.3", "dist/leaflet.js", url).parent / "images"
    options = {
        "iconUrl": _data_uri(images / "marker-icon.png"),
        "iconRetinaUrl": _data_uri(images / "marker-icon-2x.png"),
        "shadowUrl": _data_uri(images / "marker-shadow.png"),
    }
    return (
        '<script>L.Icon.Default.imagePath = "";'
        f"L.Icon.Default.mergeOptions({json.dumps(options)});</script>"
    )


def _script(content: str) -> str:
    # A literal "</script" inside the code would end the element early.
    return "<script>" + re.sub(r"</(script)", r"<\\/\1", content, flags=re.IGNORECASE) + "</script>"


def _style(content: str) -> str:
    return "<style>" + re.sub(r"</(style)", r"<\\/\1", content, flags=re.IGNORECASE) + "</style>"


def inline_assets(html: str, *, assets_dir: Path | None = None) -> str:
    """Make map HTML self-contained: replace CDN script and stylesheet tags by their content.

    Parameters
    ----------
    html
        A rendered folium figure (``m.get_root().render()``).
    assets_dir
        The ``node_modules`` folder with the pinned assets; default :func:`default_assets_dir`.

    Returns
    -------
    str
        The same page with every external script and stylesheet inlined.

    Raises
    ------
    InputError
        If an asset is not installed or unknown (the message names ``make assets``), or if an
        external script or stylesheet tag remains in a form this function does not recognise.
    """
    root = default_assets_dir() if assets_dir is None else Path(assets_dir)
    cache: dict[str, Asset] = {}

    def asset(url: str) -> Asset:
        if url not in cache:
            cache[url] = resolve_asset(url, root)
        return cache[url]

    def script(match: re.Match[str]) -> str:
        url = match.group("url")
        out = _script(asset(url).content)
        if _JSDELIVR_NPM.match(url) and url.endswith("/leaflet@1.9.3/dist/leaflet.js"):
            out += _default_icon_script(root)
        return out

    # Check the page before inlining: the inlined libraries themselves contain tag-like strings.
    external = _EXTERNAL_TAG.findall(html)
    handled = {m.group(0) for m in _SCRIPT_TAG.finditer(html)}
    handled |= {m.group(0) for m in _LINK_TAG.finditer(html)}
    leftover = [tag for tag in external if not any(tag in h or h in tag for h in handled)]
    if leftover:
        raise InputError(
            f"map HTML loads from the network in a form that cannot be inlined: {leftover[0]}; "
            "add the asset to the offline asset table in planner/_offline.py"
        )
    out = _SCRIPT_TAG.sub(script, html)
    return _LINK_TAG.sub(lambda m: _style(asset(m.group("url")).content), out)
