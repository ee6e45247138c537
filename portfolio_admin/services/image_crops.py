"""Fixed-ratio crops of an image (setting ``IMAGE_CROPS``), cut around its focal point.

A crop keeps as much of the picture as its ratio allows, centred on the focal point (the
centre when unset) but never reaching past an edge, and is never upscaled: a picture
too small for the size asked gives the largest crop of that ratio it holds. Kept free of
Flask, like ``thumbnails``.
"""

from __future__ import annotations

import re

from PIL import Image

CROP_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
_SIZE = re.compile(r"([1-9]\d{0,4})x([1-9]\d{0,4})")


def parse_crops(setting: dict) -> dict[str, tuple[int, int]]:
    """``{"card": "800x600"}`` -> ``{"card": (800, 600)}``; ValueError naming what is wrong."""
    crops = {}
    for name, size in setting.items():
        if not isinstance(name, str) or not CROP_NAME.fullmatch(name):
            raise ValueError(f"IMAGE_CROPS: {name!r} is no crop name (a-z, 0-9, _ and -).")
        if isinstance(size, (tuple, list)) and len(size) == 2:
            size = f"{size[0]}x{size[1]}"
        match = _SIZE.fullmatch(str(size))
        if not match:
            raise ValueError(f'IMAGE_CROPS: {name}: {size!r} is no size like "800x600".')
        crops[name] = (int(match.group(1)), int(match.group(2)))
    return crops


def crop_box(
    size: tuple[int, int], target: tuple[int, int], focal: tuple[float, float] | None
) -> tuple[tuple[float, float, float, float], tuple[int, int]]:
    """The box of a ``size`` picture to cut for ``target``, and the size to scale it to."""
    width, height = size
    ratio = target[0] / target[1]
    box_width = min(width, height * ratio)
    box_height = box_width / ratio
    fx, fy = focal if focal is not None else (0.5, 0.5)
    left = min(max(fx * width - box_width / 2, 0), width - box_width)
    top = min(max(fy * height - box_height / 2, 0), height - box_height)
    if box_width >= target[0]:
        out = target
    else:  # never upscaled: the box as it is, in the target's ratio
        out_width = max(min(round(box_width), width), 1)
        out = (out_width, max(min(round(out_width / ratio), height), 1))
    return (left, top, left + box_width, top + box_height), out


def cut_crops(
    im: Image.Image, targets: dict[str, tuple[int, int]], focal: tuple[float, float] | None
) -> dict[str, Image.Image]:
    """Each named crop of ``im`` (in display orientation)."""
    crops = {}
    for name, target in targets.items():
        box, out = crop_box(im.size, target, focal)
        crops[name] = im.resize(out, Image.Resampling.BICUBIC, box=box)
    return crops
