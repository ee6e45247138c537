"""What a page shows before an image arrives: its dominant colour and a tiny blurred copy.

Both are made from the smallest thumbnail, already in memory, so they cost microseconds
rather than another decode. Kept free of Flask, like ``thumbnails``.
"""

from __future__ import annotations

import base64
import io

from PIL import Image, ImageFilter

PLACEHOLDER_MAX_BYTES = 600
PLACEHOLDER_WIDTH = 16
# Tried in turn until the data: URI fits: smaller and rougher each time.
_PLACEHOLDER_STEPS = ((PLACEHOLDER_WIDTH, 40), (PLACEHOLDER_WIDTH, 20), (12, 10), (8, 5))


def displayable(im: Image.Image) -> Image.Image:
    """``im`` in RGB, or RGBA when it has alpha: what colour analysis and WebP take."""
    if im.mode in ("La", "RGBa"):
        im = im.convert(im.mode.upper())
    if im.mode.startswith("I"):  # 16-bit grey: keep the high byte
        im = im.point(lambda value: value * (1 / 256)).convert("L")
    alpha = "A" in im.getbands() or "transparency" in im.info
    wanted = "RGBA" if alpha else "RGB"
    return im if im.mode == wanted else im.convert(wanted)


def dominant_color(im: Image.Image) -> str:
    """The most common of a few representative colours, as ``"#rrggbb"``; see-through
    pixels do not count."""
    im = displayable(im)
    mask = im.getchannel("A").point(lambda a: 255 if a >= 128 else 0) if im.mode == "RGBA" else None
    rgb = im.convert("RGB")
    if mask is not None and mask.getbbox() is None:
        return "#ffffff"  # wholly transparent: nothing to show, so the page's own white
    paletted = rgb.quantize(8, method=Image.Quantize.MEDIANCUT)
    palette = paletted.getpalette() or []
    counts = paletted.histogram(mask)
    index = max(range(len(counts)), key=counts.__getitem__)
    red, green, blue = palette[index * 3 : index * 3 + 3]
    return f"#{red:02x}{green:02x}{blue:02x}"


def placeholder(im: Image.Image) -> str:
    """A blurred copy a few pixels wide as a WebP ``data:`` URI of at most
    ``PLACEHOLDER_MAX_BYTES`` bytes (the page scales it up, which blurs it further)."""
    im = displayable(im)
    for width, quality in _PLACEHOLDER_STEPS:
        height = max(round(im.height * width / im.width), 1)
        if height > width * 4:  # very tall: bound the height instead
            height, width = width * 4, max(round(im.width * width * 4 / im.height), 1)
        small = im.resize((min(width, im.width), min(height, im.height)), Image.Resampling.BOX)
        small = small.filter(ImageFilter.GaussianBlur(0.6))
        out = io.BytesIO()
        small.save(out, "WEBP", quality=quality, method=4)
        uri = "data:image/webp;base64," + base64.b64encode(out.getvalue()).decode("ascii")
        if len(uri) <= PLACEHOLDER_MAX_BYTES:
            return uri
    return uri  # 8 pixels at quality 5 is always far below the limit
