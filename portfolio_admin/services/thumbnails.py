"""Identify uploaded images and make thumbnails of them, with Pillow alone.

Kept free of Flask so it can be tested, benchmarked and run in workers on its own.

Memory: a file of a few hundred KB can decode to hundreds of MB. A large decode
(``LARGE_DECODE_BYTES`` or more) is held within the caller's ``slot`` (so an instance
bounds how many run at once), and its pixels are converted for resampling and reduced a
band of rows at a time: the decoded image is never copied whole, and is let go as soon
as its reduced copy exists.
"""

from __future__ import annotations

import contextlib
import io
import math
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import BinaryIO

from PIL import ExifTags, Image, ImageFile, JpegImagePlugin

from portfolio_admin.services.image_crops import cut_crops
from portfolio_admin.services.image_previews import displayable, dominant_color, placeholder
from portfolio_admin.services.png_encoding import encode_png

THUMBNAIL_SIZES: tuple[int, ...] = (64, 128, 512, 1080)
JPEG_QUALITY = 85

# Formats we accept, with the extension we store them under. MPO is a JPEG with extra frames.
_EXTENSIONS = dict(JPEG="jpg", PNG="png", GIF="gif", BMP="bmp", WEBP="webp", TIFF="tiff")
# Modes each format can save without conversion; TIFF (None) saves anything we produce.
_SAVE_MODES: dict[str, set[str] | None] = {
    "JPEG": {"L", "RGB", "CMYK"},
    "PNG": {"1", "L", "LA", "I;16", "P", "RGB", "RGBA"},
    "GIF": {"L", "P"},
    "BMP": {"1", "L", "P", "RGB", "RGBA"},
    "WEBP": {"RGB", "RGBA"},
    "TIFF": None,
}
_LOSSLESS_TIFF = {"tiff_lzw", "tiff_deflate", "tiff_adobe_deflate", "packbits"}
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_CORRUPT = "The image is truncated or corrupt."
_UNSUPPORTED = "This kind of image is not supported."
_BICUBIC = Image.Resampling.BICUBIC
_BOMB = (Image.DecompressionBombError, Image.DecompressionBombWarning)

# Decodes from this size up take a slot, and are reduced band by band before resampling.
LARGE_DECODE_BYTES = 32 * 1024 * 1024
_BAND_BYTES = 2 * 1024 * 1024  # of the decoded image, converted and reduced at a time
Slot = Callable[[], AbstractContextManager]


class ImageError(ValueError):
    """An upload looks like an image but cannot be used; str(exc) is a user-facing message."""


@dataclass(frozen=True)
class ImageInfo:
    format: str
    width: int  # as displayed, after EXIF orientation
    height: int
    mode: str  # of the original as opened
    extension: str


@dataclass(frozen=True)
class Thumbnail:
    size: int  # the bounding box
    width: int
    height: int
    data: bytes  # encoded in the original's format
    webp: bytes | None = None  # the same pixels as WebP, when asked for (not for WebP)
    avif: bytes | None = None  # and as AVIF


def thumbnail_dimensions(width: int, height: int, box: int) -> tuple[int, int]:
    """Return what ``Image.thumbnail((box, box))`` makes of a width x height image."""
    if box >= width and box >= height:
        return width, height

    # Same rounding as Pillow's round_aspect: the integer whose aspect is closest wins.
    def round_aspect(number: float, key: Callable[[int], float]) -> int:
        return max(min(math.floor(number), math.ceil(number), key=key), 1)

    aspect = width / height
    if aspect <= 1:
        return round_aspect(box * aspect, key=lambda n: abs(aspect - n / box)), box
    return box, round_aspect(box / aspect, key=lambda n: 0 if n == 0 else abs(aspect - box / n))


def _unlimited() -> AbstractContextManager:
    return contextlib.nullcontext()


def inspect_image(source: BinaryIO, max_pixels: int, slot: Slot = _unlimited) -> ImageInfo | None:
    """Identify an image by content: None if it is no image Pillow knows, ImageError if unusable.

    A large decode happens within ``slot()``.
    """
    im = _open(source)
    if im is None:
        return None
    with im:
        _check_pixels(im, max_pixels)
        mode, fmt, size = im.mode, _format(im), im.size
        if isinstance(im, JpegImagePlugin.JpegImageFile):
            # A 1/8-scale decode still entropy-decodes every block, so truncation shows.
            im.draft(mode, (1, 1))
        with _slot_if_large(im, slot):
            try:
                width, height = _display_size(size, _decode(im) >= 5)
            finally:
                _release_pixels(im)  # before the slot goes
    return ImageInfo(fmt, width, height, mode, _EXTENSIONS[fmt])


@dataclass(frozen=True)
class Crop:
    width: int
    height: int
    data: bytes  # encoded in the original's format


@dataclass(frozen=True)
class ImageOutputs:
    """Everything an upload makes of an image's pixels."""

    thumbnails: list[Thumbnail]
    dominant_color: str | None  # "#rrggbb"; None without thumbnails
    placeholder: str | None  # a data: URI
    crops: dict[str, Crop]


def make_thumbnails(
    source: BinaryIO,
    max_pixels: int,
    sizes: Sequence[int] = THUMBNAIL_SIZES,
    slot: Slot = _unlimited,
) -> list[Thumbnail]:
    """Decode once and return one Thumbnail per size, in the order of ``sizes``.

    A large decode, and everything made from it, happens within ``slot()``.
    """
    return _render(source, max_pixels, sizes, slot, previews=False, variants=()).thumbnails


def make_image_outputs(
    source: BinaryIO,
    max_pixels: int,
    sizes: Sequence[int] = THUMBNAIL_SIZES,
    slot: Slot = _unlimited,
    *,
    avif: bool = False,
    crops: dict[str, tuple[int, int]] | None = None,
    focal: tuple[float, float] | None = None,
) -> ImageOutputs:
    """``make_thumbnails``, each also as WebP (and AVIF if asked), the dominant colour and
    placeholder made from the smallest thumbnail, and the named ``crops`` (width, height)
    cut around ``focal`` from the largest. Every output is made from the thumbnails'
    pixels while they are in memory: the original is decoded once."""
    variants = ("WEBP", "AVIF") if avif else ("WEBP",)
    return _render(
        source,
        max_pixels,
        sizes,
        slot,
        previews=True,
        variants=variants,
        crops=crops or {},
        focal=focal,
    )


def make_avif(
    source: BinaryIO, max_pixels: int, sizes: Sequence[int], slot: Slot = _unlimited
) -> list[bytes]:
    """The AVIF copies alone of the thumbnails ``make_image_outputs`` makes, one per size
    in the order of ``sizes``, from the same pixels (for images stored without them)."""
    outputs = _render(
        source, max_pixels, sizes, slot, previews=False, variants=("AVIF",), original=False
    )
    return [thumb.avif or b"" for thumb in outputs.thumbnails]


def _render(
    source: BinaryIO,
    max_pixels: int,
    sizes: Sequence[int],
    slot: Slot,
    *,
    previews: bool,
    variants: Sequence[str],
    crops: dict[str, tuple[int, int]] | None = None,
    focal: tuple[float, float] | None = None,
    original: bool = True,
) -> ImageOutputs:
    im = _open(source)
    if im is None:
        raise ImageError("The file is not an image.")
    with im, contextlib.ExitStack() as held:
        _check_pixels(im, max_pixels)
        fmt, mode, stored_size = _format(im), im.mode, im.size
        box = None
        if isinstance(im, JpegImagePlugin.JpegImageFile) and sizes:
            # JPEG's EXIF comes with the header, so the orientation is known before decoding.
            rotated = _orientation(im) >= 5
            w, h = _display_size(stored_size, rotated)
            big = max((thumbnail_dimensions(w, h, s) for s in sizes), key=lambda d: d[0] * d[1])
            # Ask for the largest real target: the decoder then scales by 1/2, 1/4 or 1/8.
            drafted = im.draft(mode, _display_size(big, rotated))
            box = drafted[1] if drafted else None
        held.enter_context(_slot_if_large(im, slot))
        held.callback(_release_pixels, im)  # before the slot goes
        orientation = _decode(im)
        transpose, rotated = _TRANSPOSE.get(orientation), orientation >= 5
        original = _display_size(stored_size, rotated)
        dims = [thumbnail_dimensions(*original, s) for s in sizes]
        icc = im.info.get("icc_profile")
        compression = im.info.get("compression") if fmt == "TIFF" else None
        largest = max(dims, key=lambda d: d[0] * d[1], default=None)
        factor = (1, 1)
        if box is None and largest and _decoded_bytes(im) >= LARGE_DECODE_BYTES:
            factor = _reduce_factor(im.size, _display_size(largest, rotated))
        if factor == (1, 1):
            work = _work_image(im)
        else:
            work = _reduced_work_image(im, factor)
            # Where resize(reducing_gap=...) would have resampled from after its own reduce.
            box = (0, 0, im.width / factor[0], im.height / factor[1])
            _release_pixels(im)  # its reduced copy is all that is needed now

        def resize(i: int, pixels: Image.Image, box: tuple[float, ...] | None) -> Image.Image:
            try:
                thumb = pixels.resize(
                    _display_size(dims[i], rotated), _BICUBIC, box=box, reducing_gap=2.0
                )
            except (ValueError, OSError) as exc:
                raise ImageError(_UNSUPPORTED) from exc
            thumb.info = {}  # nothing from the original's metadata may reach the output
            return thumb

        order = sorted(range(len(sizes)), key=lambda i: dims[i][0] * dims[i][1], reverse=True)
        smallest = order[-1] if order and previews else None
        shown: list[tuple[str, str]] = []  # the smallest's dominant colour and placeholder
        largest_i = order[0] if order and crops else None
        cut: dict[str, Crop] = {}

        def finish(i: int, thumb: Image.Image) -> tuple[bytes, dict[str, bytes]]:
            if transpose is not None:
                thumb = thumb.transpose(transpose)
            try:
                if i == smallest:
                    shown.append((dominant_color(thumb), placeholder(thumb)))
                if i == largest_i:
                    for name, crop in cut_crops(thumb, crops, focal).items():
                        data = _encode(crop, fmt, mode, icc, compression)
                        cut[name] = Crop(crop.width, crop.height, data)
                encoded = {
                    other: _encode_variant(thumb, other, icc) for other in variants if other != fmt
                }
                return _encode(thumb, fmt, mode, icc, compression) if original else b"", encoded
            except (ValueError, OSError) as exc:
                raise ImageError(_UNSUPPORTED) from exc

        jobs: dict[int, Future[tuple[bytes, dict[str, bytes]]]] = {}
        with ThreadPoolExecutor(max_workers=2) as pool:  # Pillow releases the GIL as it works
            if work.mode in ("La", "RGBa"):
                # An 8-bit premultiplied intermediate would blur the colour of translucent
                # pixels into noise (that also costs bytes), so each size uses decoded pixels.
                for i in order:
                    jobs[i] = pool.submit(lambda i: finish(i, resize(i, work, box)), i)
            else:
                # Largest first, each from the previous result: big originals are read once.
                previous = work
                for i in order:
                    previous = resize(i, previous, box)
                    box = None
                    jobs[i] = pool.submit(finish, i, previous)
            data = [jobs[i].result() for i in range(len(sizes))]
    thumbnails = [
        Thumbnail(s, d[0], d[1], b, webp=other.get("WEBP"), avif=other.get("AVIF"))
        for s, d, (b, other) in zip(sizes, dims, data, strict=True)
    ]
    color, blurred = shown[0] if shown else (None, None)
    return ImageOutputs(thumbnails, color, blurred, cut)


def _open(source: BinaryIO) -> ImageFile.ImageFile | None:
    # Pillow's own opener applies the global MAX_IMAGE_PIXELS; calling the format plugins
    # directly leaves the size check to max_pixels and gives the exact size for the message.
    Image.init()
    source.seek(0)
    prefix = source.read(16)
    for fmt in _EXTENSIONS:
        factory, accept = Image.OPEN[fmt]
        claimed = accept(prefix) if accept else True
        if isinstance(claimed, str):  # Pillow knows the format but lacks the codec
            raise ImageError("This image format is not supported.")
        if not claimed:
            continue
        source.seek(0)
        try:
            return factory(source, "")
        except _BOMB as exc:
            raise ImageError("The image is too large.") from exc
        except Exception as exc:
            raise ImageError(_CORRUPT) from exc
    source.seek(0)
    try:
        with Image.open(source) as other:
            name = other.format
    except _BOMB:
        name = None
    except Exception:  # a format's reader choked on it: not an image after all
        return None
    raise ImageError(f"The {name or 'image'} format is not supported.")


def _check_pixels(im: Image.Image, max_pixels: int) -> None:
    pixels = im.width * im.height
    if pixels > max_pixels:
        raise ImageError(f"The image is too large: {pixels} pixels, the limit is {max_pixels}.")


def _format(im: Image.Image) -> str:
    return "JPEG" if im.format == "MPO" else str(im.format)


def _orientation(im: Image.Image) -> int:
    try:
        value = im.getexif().get(ExifTags.Base.Orientation, 1)
    except Exception:  # unreadable EXIF must not cost the upload: show it as stored
        return 1
    return value if value in _TRANSPOSE else 1


def _decode(im: ImageFile.ImageFile) -> int:
    """Decode the pixels, turning every failure into an ImageError; return the orientation."""
    try:
        im.load()
        return _orientation(im)
    except _BOMB as exc:
        raise ImageError("The image is too large.") from exc
    except Exception as exc:
        raise ImageError(_CORRUPT) from exc


def _display_size(size: tuple[int, int], rotated: bool) -> tuple[int, int]:
    return (size[1], size[0]) if rotated else size


def _release_pixels(im: Image.Image) -> None:
    # Image.close frees the decoded pixels; ImageFile.close would close the caller's stream too.
    Image.Image.close(im)


def _slot_if_large(im: Image.Image, slot: Slot) -> AbstractContextManager:
    return slot() if _decoded_bytes(im) >= LARGE_DECODE_BYTES else contextlib.nullcontext()


def _decoded_bytes(im: Image.Image) -> int:
    """What the pixels take once decoded (Pillow keeps 3 bands in 4 bytes, 1 bit in 1)."""
    per_pixel = 1 if im.mode in ("1", "L", "P") else 2 if im.mode.startswith("I;16") else 4
    return im.width * im.height * per_pixel


def _reduce_factor(size: tuple[int, int], target: tuple[int, int]) -> tuple[int, int]:
    """By how much to reduce before resampling to ``target``: what ``resize`` with a
    reducing gap of 2 does, or, where that reduces nothing, with a gap of 1; so a large
    image is never converted for resampling at full size."""
    for gap in (2.0, 1.0):
        factor = (int(size[0] / target[0] / gap) or 1, int(size[1] / target[1] / gap) or 1)
        if factor != (1, 1):
            break
    return factor


def _reduced_work_image(im: Image.Image, factor: tuple[int, int]) -> Image.Image:
    """``_work_image(im).reduce(factor)``, made a band of rows at a time, so neither a
    converted nor a second full-size copy of ``im`` ever exists."""
    width, height = im.size
    rows = max(_BAND_BYTES // (width * 4 * factor[1]), 1) * factor[1]  # whole reduce boxes
    reduced = None
    try:
        for top in range(0, height, rows):
            band = _work_image(im.crop((0, top, width, min(top + rows, height))))
            band = band.reduce(factor)
            if reduced is None:
                size = (-(-width // factor[0]), -(-height // factor[1]))
                reduced = Image.new(band.mode, size)
            reduced.paste(band, (0, top // factor[1]))
    except (ValueError, OSError) as exc:
        raise ImageError(_UNSUPPORTED) from exc
    return reduced


def _work_image(im: Image.Image) -> Image.Image:
    """Convert to a mode that resamples well: no palettes, premultiplied alpha, 32-bit ints."""
    mode = im.mode
    if mode in ("P", "PA") or (mode in ("L", "RGB") and "transparency" in im.info):
        target = "RGBA" if im.has_transparency_data else "RGB"
        if mode == "L":
            target = "LA"
        im = im.convert(target)
        mode = im.mode
    target = {"1": "L", "LA": "La", "RGBA": "RGBa"}.get(mode)
    if mode.startswith("I;16"):
        target = "I"
    return im.convert(target) if target else im


def _encode(
    im: Image.Image, fmt: str, original_mode: str, icc: bytes | None, compression: str | None
) -> bytes:
    """Save a thumbnail in the original's format with no metadata but the colour profile."""
    if im.mode in ("La", "RGBa"):
        im = im.convert(im.mode.upper())
    if im.mode == "I" and (fmt == "PNG" or original_mode.startswith("I;16")):
        im = im.convert("I;16")
    options: dict[str, object] = {}
    if fmt == "GIF":
        im, options = _for_gif(im)
    elif (allowed := _SAVE_MODES[fmt]) is not None and im.mode not in allowed:
        alpha = "A" in im.getbands() and "RGBA" in allowed
        im = im.convert("RGBA" if alpha else "RGB")
    if fmt == "JPEG":
        options["quality"] = JPEG_QUALITY
    if fmt == "TIFF" and compression in _LOSSLESS_TIFF:
        options["compression"] = compression
    if icc and fmt in ("JPEG", "PNG", "WEBP", "TIFF"):
        options["icc_profile"] = icc
    if fmt == "PNG":
        return encode_png(im, **options)
    out = io.BytesIO()
    im.save(out, fmt, **options)
    return out.getvalue()


# Fast settings near libvips' defaults: method/speed trade size for time.
_VARIANT_OPTIONS: dict[str, dict[str, object]] = {
    "WEBP": {"quality": 80, "method": 4},
    "AVIF": {"quality": 60, "speed": 8},
}


def _encode_variant(im: Image.Image, fmt: str, icc: bytes | None) -> bytes:
    """A thumbnail's pixels in a modern format (``WEBP`` or ``AVIF``), metadata-free but
    for the colour profile."""
    same_colours = im.mode.startswith("RGB")  # a CMYK or grey profile fits no RGB output
    im = displayable(im)
    out = io.BytesIO()
    options = dict(_VARIANT_OPTIONS[fmt])
    if icc and same_colours:
        options["icc_profile"] = icc
    im.save(out, fmt, **options)
    return out.getvalue()


def _for_gif(im: Image.Image) -> tuple[Image.Image, dict[str, object]]:
    # GIF has 256 colours and on/off transparency: quantise, see-through pixels get index 255.
    if im.mode == "L":
        return im, {}
    if "A" not in im.getbands():
        return im.convert("RGB").quantize(256), {}
    rgba = im.convert("RGBA")
    clear = rgba.getchannel("A").point(lambda a: 255 if a < 128 else 0, "1")
    paletted = rgba.convert("RGB").quantize(255)
    palette = paletted.getpalette() or []
    paletted.putpalette(palette + [0] * (768 - len(palette)))
    paletted.paste(255, mask=clear)
    return paletted, {"transparency": 255}
