"""SVG images (logos): made safe to store and serve, measured, and drawn as PNG.

An uploaded SVG is checked, then sanitised with svg-hush (Cloudflare's filter, through
py-svg-hush), then checked again:

- refused when it cannot be made safe: not well-formed XML, a DOCTYPE or entity
  declarations (entity expansion bombs, external entities), a root that is no ``<svg>``;
- svg-hush drops scripts, event handler attributes, ``<foreignObject>``, links and
  references to other sites (keeping in-file fragments and ``data:`` raster images);
  what it keeps that still points out of the file (references it made relative, CSS
  reaching for other files) is dropped here too;
- what comes out must hold none of those, or it is refused (a filter's bug must not
  reach storage).

Its size is its ``viewBox`` (else its ``width`` and ``height``), and its thumbnails are
PNG drawn by resvg (resvg-py), which reads no file and no network, in a process of its
own with a deadline and a memory ceiling (``rasterise``). Kept free of Flask, like
``thumbnails``.
"""

from __future__ import annotations

import base64
import io
import re
import subprocess
import sys
import warnings
from typing import NamedTuple
from xml.etree import ElementTree
from xml.parsers import expat

from PIL import Image
from py_svg_hush import filter_svg

from portfolio_admin.services.thumbnails import ImageError

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
# The raster images an SVG may carry inside itself as data: URLs.
EMBEDDED_IMAGES = {"image": ["png", "jpeg", "gif", "webp"]}
# What starts an SVG document: an XML declaration, comments, a DOCTYPE, then <svg.
_SVG_START = re.compile(
    rb"\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*|<!DOCTYPE[^>\[]*(\[.*?\])?\s*>\s*)*<svg[\s>/]",
    re.DOTALL | re.IGNORECASE,
)
_NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
_VIEW_BOX = re.compile(rf"\s*({_NUMBER})[\s,]+({_NUMBER})[\s,]+({_NUMBER})[\s,]+({_NUMBER})\s*")
_LENGTH = re.compile(rf"\s*({_NUMBER})\s*(px)?\s*")
_ACTIVE_ELEMENTS = {"script", "foreignObject", "iframe", "embed", "object", "handler"}
_OUTSIDE_URL = re.compile(
    r"url\(\s*['\"]?\s*(?!#|data:image/(?:png|jpeg|gif|webp)[;,])", re.IGNORECASE
)
# A value an animation could set a link to (svg-hush drops the attribute it targets).
_SCRIPT_URL = re.compile(r"[\s\x00-\x20]*(java|vb)script\s*:", re.IGNORECASE)
_LINK_ATTRIBUTES = {"href", "{http://www.w3.org/1999/xlink}href", "src"}

NOT_XML = "The SVG is not well-formed XML."
DECLARATIONS = "SVG files with a DOCTYPE or entity declarations are not accepted."
NOT_SVG = "The file is not an SVG image."
UNSAFE = "The SVG could not be made safe."
EMBEDDED = "An image inside the SVG is unreadable or too large."
NO_SIZE = "The SVG has no size: give it a viewBox, or a width and height in pixels."


class SvgImage(NamedTuple):
    """A sanitised SVG and its size in (CSS) pixels."""

    data: bytes
    width: int
    height: int


def looks_like_svg(head: bytes) -> bool:
    """Whether a file's first bytes start an SVG document, whatever its name."""
    return _SVG_START.match(head.removeprefix(b"\xef\xbb\xbf")) is not None


def make_safe(data: bytes, max_pixels: int) -> SvgImage:
    """The sanitised SVG with its size; ``ImageError`` (a user-facing message) when it
    cannot be made safe, has no size, or carries an image over ``max_pixels`` (drawing
    it would decode it whole)."""
    _refuse_declarations(data)
    if _root(data).tag != f"{{{SVG_NAMESPACE}}}svg":
        raise ImageError(NOT_SVG)  # browsers show no SVG outside its namespace
    try:
        cleaned = filter_svg(data, EMBEDDED_IMAGES)
    except (ValueError, TypeError) as exc:
        raise ImageError(UNSAFE) from exc
    _refuse_declarations(cleaned)
    root = _root(cleaned)
    if root.tag != f"{{{SVG_NAMESPACE}}}svg":
        raise ImageError(UNSAFE)
    if _drop_references(root):
        cleaned = _serialise(root)
    if not _is_inert(root):
        raise ImageError(UNSAFE)
    _check_embedded_images(root, max_pixels)
    width, height = _size(root)
    return SvgImage(cleaned, width, height)


def _drop_references(root: ElementTree.Element) -> bool:
    """Remove what svg-hush keeps but points out of the file: links it made relative
    (``/pixel.png``) and CSS reaching for other files. Whether anything was removed."""
    removed = False
    for parent in root.iter():
        for child in list(parent):
            if _local(str(child.tag)) == "style" and _outside_css(child.text or ""):
                parent.remove(child)
                removed = True
    for element in root.iter():
        for name, value in list(element.attrib.items()):
            outside = name in _LINK_ATTRIBUTES and not _inside(value)
            if outside or _outside_css(value) or _SCRIPT_URL.match(value):
                del element.attrib[name]
                removed = True
    return removed


def _check_embedded_images(root: ElementTree.Element, max_pixels: int) -> None:
    """Refuse a data: image that is not one, or whose header claims too many pixels."""
    for element in root.iter():
        for name in _LINK_ATTRIBUTES & set(element.attrib):
            header, _, payload = element.attrib[name].strip().partition(",")
            if not header.lower().startswith("data:image/"):
                continue
            try:
                raw = base64.b64decode(payload) if header.endswith(";base64") else b""
                with warnings.catch_warnings():  # the limit is checked below, exactly
                    warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                    embedded = Image.open(io.BytesIO(raw))  # reads the header only
                pixels = embedded.width * embedded.height
            except (ValueError, OSError, Image.DecompressionBombError) as exc:
                raise ImageError(EMBEDDED) from exc
            if pixels > max_pixels:
                raise ImageError(EMBEDDED)


def _inside(reference: str) -> bool:
    """A reference within the file: a fragment, or a raster image carried as a data: URL
    (an SVG one could hold a script)."""
    reference = reference.strip().lower()
    return reference.startswith("#") or any(
        reference.startswith(f"data:image/{kind}") for kind in EMBEDDED_IMAGES["image"]
    )


def _serialise(root: ElementTree.Element) -> bytes:
    for prefix, uri in (("", SVG_NAMESPACE), ("xlink", "http://www.w3.org/1999/xlink")):
        ElementTree.register_namespace(prefix, uri)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def _root(data: bytes) -> ElementTree.Element:
    """The parsed document of ``data``, which ``_refuse_declarations`` has passed."""
    try:
        # Safe here: expat has refused any DOCTYPE, so there is no entity to expand.
        return ElementTree.fromstring(data)  # noqa: S314
    except ElementTree.ParseError as exc:
        raise ImageError(NOT_XML) from exc


def _refuse_declarations(data: bytes) -> None:
    """Parse ``data`` with expat, refusing a DOCTYPE (and with it every entity)."""

    def refuse(*_args):
        raise ImageError(DECLARATIONS)

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    roots = []
    parser.StartElementHandler = lambda name, attrs: roots.append(name) if not roots else None
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise ImageError(NOT_XML) from exc
    if not roots or roots[0].rpartition(":")[2] != "svg":
        raise ImageError(NOT_SVG)


def _local(name: str) -> str:
    return name.rpartition("}")[2]


def _is_inert(root: ElementTree.Element) -> bool:
    """No script, handler, embedded document or reference to another file anywhere."""
    for element in root.iter():
        if _local(str(element.tag)) in _ACTIVE_ELEMENTS:
            return False
        if _local(str(element.tag)) == "style" and _outside_css(element.text or ""):
            return False
        for name, value in element.attrib.items():
            if _local(name).lower().startswith("on"):
                return False
            if name in _LINK_ATTRIBUTES and not _inside(value):
                return False
            if _outside_css(value) or _SCRIPT_URL.match(value):
                return False
    return True


def _outside_css(text: str) -> bool:
    return "@import" in text.lower() or _OUTSIDE_URL.search(text) is not None


def _size(root: ElementTree.Element) -> tuple[int, int]:
    """The viewBox's width and height, else the root's width and height in pixels."""
    view_box = _VIEW_BOX.fullmatch(root.get("viewBox", ""))
    if view_box:
        width, height = float(view_box.group(3)), float(view_box.group(4))
    else:
        lengths = [_LENGTH.fullmatch(root.get(name, "")) for name in ("width", "height")]
        if not all(lengths):
            raise ImageError(NO_SIZE)
        width, height = (float(match.group(1)) for match in lengths)
    if not (0 < width < 1e6 and 0 < height < 1e6):
        raise ImageError(NO_SIZE)
    return max(round(width), 1), max(round(height), 1)


def fit(width: int, height: int, box: int) -> tuple[int, int]:
    """The size of a ``width`` x ``height`` drawing scaled to fill a ``box`` square: a
    vector is drawn sharp at any size, so small drawings are scaled up too."""
    scale = box / max(width, height)
    return max(round(width * scale), 1), max(round(height * scale), 1)


# A few hundred bytes can ask resvg for minutes of work (measured, each over 30 s: an
# feTurbulence of a million octaves, an feMorphology radius of 500, a 300x300
# feConvolveMatrix, blurs over a huge filter region) or for gigabytes: it draws in a
# child process of its own with a deadline and a memory ceiling, which also keeps the
# caller's other threads running (resvg holds the GIL while it draws).
_DRAW = """
import resource, sys
limit = int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
import resvg_py
svg = sys.stdin.buffer.read().decode("utf-8")
png = resvg_py.svg_to_bytes(svg_string=svg, width=int(sys.argv[1]), height=int(sys.argv[2]))
sys.stdout.buffer.write(bytes(png))
"""
DRAW_MEMORY = 1024 * 1024 * 1024  # bytes of address space the drawing process may use
TOO_SLOW = "The SVG takes too long to draw: simplify its filters, blurs or repeated parts."
NOT_DRAWN = "The SVG could not be drawn."


def rasterise(svg: SvgImage, box: int, seconds: float = 5.0) -> bytes:
    """The SVG drawn as a PNG filling a ``box`` pixels square (aspect kept), within
    ``seconds``; ``ImageError`` when it takes longer, or more memory than ``DRAW_MEMORY``."""
    width, height = fit(svg.width, svg.height, box)
    command = [sys.executable, "-I", "-c", _DRAW, str(width), str(height), str(DRAW_MEMORY)]
    try:
        # Our own interpreter and script; the SVG goes in as data on stdin.
        done = subprocess.run(  # noqa: S603
            command, input=svg.data, capture_output=True, timeout=seconds
        )
    except subprocess.TimeoutExpired as exc:  # run() has killed it
        raise ImageError(TOO_SLOW) from exc
    if done.returncode or not done.stdout.startswith(b"\x89PNG"):
        raise ImageError(NOT_DRAWN)  # resvg refused it, or it ran out of memory
    return done.stdout
