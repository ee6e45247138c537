"""Large decodes: converted and reduced a band at a time with the same result as whole,
thumbnails as good as Pillow's, held within the caller's slot. ``LARGE_DECODE_BYTES`` and
the band size are lowered here so that small images take the large path."""

import contextlib
import io
import math

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from portfolio_admin.services import thumbnails
from portfolio_admin.services.thumbnails import (
    _reduced_work_image,
    _work_image,
    inspect_image,
    make_thumbnails,
)

LIMIT = 100_000_000


@pytest.fixture
def small_is_large(monkeypatch):
    monkeypatch.setattr(thumbnails, "LARGE_DECODE_BYTES", 1)
    monkeypatch.setattr(thumbnails, "_BAND_BYTES", 5000)


def picture(mode: str, size=(700, 500)) -> Image.Image:
    """Soft shapes over a gradient, with see-through parts where the mode has alpha."""
    im = Image.linear_gradient("L").resize(size).convert("RGBA")
    draw = ImageDraw.Draw(im)
    draw.ellipse((50, 40, 400, 300), fill=(200, 60, 20, 255))
    draw.rectangle((300, 200, 650, 480), fill=(20, 90, 200, 0))
    im = im.filter(ImageFilter.GaussianBlur(3))
    if mode == "P":
        paletted = im.convert("RGB").quantize(64)
        paletted.info["transparency"] = 0
        return paletted
    if mode == "I;16":
        return im.convert("L").point(lambda v: v * 200, "I").convert("I;16")
    return im.convert(mode)


@pytest.mark.parametrize("mode", ["RGBA", "LA", "P", "1", "I;16", "RGB", "L"])
@pytest.mark.parametrize("factor", [(3, 2), (4, 4), (1, 5)])
def test_band_by_band_reduction_equals_converting_and_reducing_whole(small_is_large, mode, factor):
    im = picture(mode)
    banded = _reduced_work_image(im, factor)
    whole = _work_image(im).reduce(factor)
    assert (banded.mode, banded.size) == (whole.mode, whole.size)
    assert banded.tobytes() == whole.tobytes()


def psnr(a: Image.Image, b: Image.Image) -> float:
    diff = ImageChops.difference(a, b)
    squared = sum(n * (i % 256) ** 2 for i, n in enumerate(diff.histogram()))
    bands = len(diff.getbands())
    return 10 * math.log10(255**2 * diff.width * diff.height * bands / max(squared, 1))


@pytest.mark.parametrize("size", [(2600, 1900), (4400, 3000)])  # gap 1, then gap 2
def test_large_rgba_thumbnails_look_like_pillow_thumbnail(small_is_large, size):
    original = picture("RGBA", size)
    source = io.BytesIO()
    original.save(source, "PNG")
    for thumb in make_thumbnails(source, LIMIT):
        expected = original.copy()
        expected.thumbnail((thumb.size, thumb.size))
        with Image.open(io.BytesIO(thumb.data)) as made:
            assert made.size == expected.size
            assert psnr(made.convert("RGBA"), expected) > 40, thumb.size


def test_large_decodes_happen_within_the_slot_and_small_ones_without(monkeypatch):
    held = []

    @contextlib.contextmanager
    def slot():
        held.append("taken")
        yield
        held.append("given back")

    source = io.BytesIO()
    picture("RGBA").save(source, "PNG")
    inspect_image(source, LIMIT, slot)
    make_thumbnails(source, LIMIT, slot=slot)
    assert held == []  # 700 x 500 is small
    monkeypatch.setattr(thumbnails, "LARGE_DECODE_BYTES", 700 * 500 * 4)
    inspect_image(source, LIMIT, slot)
    make_thumbnails(source, LIMIT, slot=slot)
    assert held == ["taken", "given back"] * 2
