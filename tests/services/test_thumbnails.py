"""Tests for the thumbnail service: formats, modes, sizes, orientation, metadata and refusals."""

import io
import math
import struct
import time
import warnings
import zlib

import pytest
from PIL import (
    ExifTags,
    Image,
    ImageChops,
    ImageCms,
    ImageDraw,
    ImageFilter,
    ImageOps,
    JpegImagePlugin,
)

from portfolio_admin.services.thumbnails import (
    JPEG_QUALITY,
    THUMBNAIL_SIZES,
    ImageError,
    inspect_image,
    make_thumbnails,
    thumbnail_dimensions,
)

LIMIT = 100_000_000
RED, BLUE = (255, 0, 0), (0, 0, 255)


def encode(im: Image.Image, fmt: str, **options) -> io.BytesIO:
    out = io.BytesIO()
    im.save(out, fmt, **options)
    out.seek(0)
    return out


def decode(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    im.load()
    return im


def photo(size: tuple[int, int] = (300, 200), mode: str = "RGB") -> Image.Image:
    """A small image with distinct corners: red top-left, a green strip along the bottom, blue."""
    im = Image.new("RGB", size, BLUE)
    draw = ImageDraw.Draw(im)
    draw.rectangle((0, 0, size[0] // 3, size[1] // 3), fill=RED)
    draw.rectangle((0, size[1] - 10, size[0], size[1]), fill=(0, 200, 0))
    return im.convert(mode)


def half_transparent(size: tuple[int, int] = (300, 200)) -> Image.Image:
    """Left half fully transparent, right half opaque red."""
    im = Image.new("RGBA", size, (*RED, 255))
    ImageDraw.Draw(im).rectangle((0, 0, size[0] // 2, size[1]), fill=(0, 0, 0, 0))
    return im


def close(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 24) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def pillow_thumbnail_size(size: tuple[int, int], box: int) -> tuple[int, int]:
    im = Image.new("1", size)  # mode 1 resizes with NEAREST: cheap even when large
    im.thumbnail((box, box))
    return im.size


def png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))


# Dimensions


@pytest.mark.parametrize(
    "size",
    [
        (4001, 2999),
        (1081, 1),
        (1, 1081),
        (999, 1001),
        (100, 50),
        (1080, 1080),
        (1081, 1080),
        (3, 2000),
        (2000, 3),
        (1079, 1081),
        (6000, 4000),
        (641, 480),
        (1081, 3),
        # sizes where Pillow's rounding differs from plain round():
        (7903, 3099),
        (3099, 7903),
        (6940, 4744),
        (2008, 1804),
        (7112, 137),
    ],
)
def test_thumbnail_dimensions_equal_pillow_thumbnail_for_odd_sizes(size):
    for box in (*THUMBNAIL_SIZES, 1, 7):
        assert thumbnail_dimensions(*size, box) == pillow_thumbnail_size(size, box)


@pytest.mark.parametrize("size", [(4001, 2999), (999, 1001), (2008, 1804), (1081, 1), (1, 1081)])
def test_every_thumbnail_has_the_dimensions_pillow_thumbnail_gives_the_original(size):
    fmt = "JPEG" if min(size) > 1 else "PNG"
    source = encode(Image.new("RGB", size, (90, 120, 150)), fmt)
    thumbs = make_thumbnails(source, LIMIT)
    assert [t.size for t in thumbs] == list(THUMBNAIL_SIZES)
    for thumb in thumbs:
        expected = pillow_thumbnail_size(size, thumb.size)
        assert (thumb.width, thumb.height) == expected
        assert decode(thumb.data).size == expected


def test_small_image_is_never_upscaled():
    thumbs = make_thumbnails(encode(photo((100, 50)), "PNG"), LIMIT)
    assert [(t.width, t.height) for t in thumbs] == [(64, 32), (100, 50), (100, 50), (100, 50)]


def test_thumbnails_come_back_in_the_order_of_sizes_asked_for():
    thumbs = make_thumbnails(encode(photo((2000, 1000)), "JPEG"), LIMIT, sizes=(128, 1080, 64))
    assert [(t.size, t.width) for t in thumbs] == [(128, 128), (1080, 1080), (64, 64)]


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_thumbnails_look_like_pillow_thumbnail_of_the_original(fmt):
    original = Image.radial_gradient("L").resize((2400, 1800)).convert("RGB")
    ImageDraw.Draw(original).ellipse((300, 300, 1500, 1500), fill=(200, 80, 20))
    original = original.filter(ImageFilter.GaussianBlur(2))
    source = encode(original, fmt, **({"quality": 95} if fmt == "JPEG" else {}))
    with Image.open(source) as reference:
        reference.load()
        for thumb in make_thumbnails(source, LIMIT):
            expected = reference.copy()
            expected.thumbnail((thumb.size, thumb.size))
            expected = decode(encode(expected, fmt, quality=JPEG_QUALITY).getvalue())
            diff = ImageChops.difference(decode(thumb.data).convert("RGB"), expected)
            squared = sum(n * (i % 256) ** 2 for i, n in enumerate(diff.histogram()))
            psnr = 10 * math.log10(255**2 * diff.width * diff.height * 3 / max(squared, 1))
            assert psnr > 40, thumb.size


def test_jpeg_decoder_is_asked_for_the_largest_real_thumbnail_size(monkeypatch):
    requested = []
    draft = JpegImagePlugin.JpegImageFile.draft

    def spy(self, mode, size):
        requested.append(size)
        return draft(self, mode, size)

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
    make_thumbnails(encode(photo((2400, 1800)), "JPEG"), LIMIT)
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # displayed 1800x2400: largest thumbnail is 810x1080
    make_thumbnails(encode(photo((2400, 1800)), "JPEG", exif=exif), LIMIT)
    assert requested == [(1080, 810), (1080, 810)]


# Formats and modes


def test_jpeg_stays_jpeg_with_its_colours():
    thumbs = make_thumbnails(encode(photo(), "JPEG", quality=95), LIMIT)
    for thumb in thumbs:
        out = decode(thumb.data)
        assert (out.format, out.mode) == ("JPEG", "RGB")
        assert close(out.getpixel((2, 2)), RED)
        assert close(out.getpixel((out.width - 3, out.height // 2)), BLUE)


def test_png_with_transparency_stays_png_with_alpha():
    for thumb in make_thumbnails(encode(half_transparent(), "PNG"), LIMIT):
        out = decode(thumb.data)
        assert (out.format, out.mode) == ("PNG", "RGBA")
        assert out.getpixel((0, out.height // 2))[3] == 0
        assert out.getpixel((out.width - 1, out.height // 2)) == (*RED, 255)


def test_palette_png_with_transparency_keeps_its_transparent_pixels():
    source = Image.new("P", (300, 200), 0)
    source.putpalette([0, 0, 0, *RED])
    ImageDraw.Draw(source).rectangle((151, 0, 300, 200), fill=1)
    data = encode(source, "PNG", transparency=0)
    assert Image.open(data).info["transparency"] == 0
    for thumb in make_thumbnails(data, LIMIT):
        out = decode(thumb.data).convert("RGBA")
        assert decode(thumb.data).format == "PNG"
        assert out.getpixel((0, out.height // 2))[3] == 0
        assert out.getpixel((out.width - 1, out.height // 2)) == (*RED, 255)


def test_gif_stays_gif_and_keeps_transparency():
    source = encode(half_transparent(), "GIF")
    assert Image.open(source).mode == "P"
    for thumb in make_thumbnails(source, LIMIT):
        out = decode(thumb.data)
        assert out.format == "GIF"
        rgba = out.convert("RGBA")
        assert rgba.getpixel((0, out.height // 2))[3] == 0
        assert close(rgba.getpixel((out.width - 1, out.height // 2)), (*RED, 255))


@pytest.mark.parametrize("fmt", ["BMP", "TIFF"])
def test_lossless_formats_stay_in_their_format_with_exact_colours(fmt):
    for thumb in make_thumbnails(encode(photo(), fmt), LIMIT):
        out = decode(thumb.data)
        assert (out.format, out.mode) == (fmt, "RGB")
        assert out.getpixel((0, 0)) == RED


def test_webp_with_alpha_stays_webp_with_alpha():
    for thumb in make_thumbnails(encode(half_transparent(), "WEBP"), LIMIT):
        out = decode(thumb.data)
        assert (out.format, out.mode) == ("WEBP", "RGBA")
        assert out.getpixel((0, out.height // 2))[3] < 8
        assert close(out.getpixel((out.width - 1, out.height // 2)), (*RED, 255))


def test_greyscale_jpeg_stays_greyscale():
    for thumb in make_thumbnails(encode(photo(mode="L"), "JPEG"), LIMIT):
        out = decode(thumb.data)
        assert out.mode == "L"
        assert close((out.getpixel((1, 1)),), (photo(mode="L").getpixel((1, 1)),))


def test_la_png_keeps_grey_and_alpha():
    source = half_transparent().convert("LA")
    for thumb in make_thumbnails(encode(source, "PNG"), LIMIT):
        out = decode(thumb.data)
        assert out.mode == "LA"
        assert out.getpixel((0, out.height // 2))[1] == 0
        assert out.getpixel((out.width - 1, out.height // 2)) == source.getpixel((299, 100))


def test_cmyk_jpeg_keeps_its_colours():
    source = Image.new("CMYK", (300, 200), (0, 255, 255, 0))  # red
    for thumb in make_thumbnails(encode(source, "JPEG", quality=95), LIMIT):
        out = decode(thumb.data)
        assert out.format == "JPEG"
        assert close(out.convert("RGB").getpixel((5, 5)), source.convert("RGB").getpixel((5, 5)))


@pytest.mark.parametrize("fmt", ["PNG", "TIFF"])
def test_16_bit_image_keeps_16_bit_values(fmt):
    source = Image.linear_gradient("L").resize((300, 200)).convert("I").point(lambda v: v * 257)
    source = source.convert("I;16")
    assert decode(encode(source, fmt).getvalue()).mode == "I;16"
    for thumb in make_thumbnails(encode(source, fmt), LIMIT):
        out = decode(thumb.data)
        assert (out.format, out.mode) == (fmt, "I;16")
        assert out.getpixel((0, out.height - 1)) > 60000  # beyond any 8-bit value


def test_tiff_keeps_its_lossless_compression():
    for thumb in make_thumbnails(encode(photo(), "TIFF", compression="tiff_lzw"), LIMIT):
        assert decode(thumb.data).info["compression"] == "tiff_lzw"


def test_32_bit_integer_tiff_keeps_its_values():
    source = Image.new("I", (300, 200), 100_000)
    for thumb in make_thumbnails(encode(source, "TIFF"), LIMIT):
        assert decode(thumb.data).getpixel((1, 1)) == 100_000


def test_one_bit_image_is_resampled_in_grey():
    source = Image.new("1", (300, 200), 0)
    ImageDraw.Draw(source).rectangle((150, 0, 300, 200), fill=1)
    for thumb in make_thumbnails(encode(source, "PNG"), LIMIT):
        out = decode(thumb.data)
        assert out.getpixel((0, 0)) == 0
        assert out.getpixel((out.width - 1, 0)) == 255


# Orientation and metadata


@pytest.mark.parametrize(
    ("orientation", "corner"),
    [(6, "top-right"), (8, "bottom-left"), (3, "bottom-right"), (1, "top-left")],
)
def test_exif_orientation_is_applied(orientation, corner):
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    source = encode(photo((300, 200)), "JPEG", exif=exif, quality=95)
    expected = ImageOps.exif_transpose(Image.open(source)).size
    assert expected == ((200, 300) if orientation in (6, 8) else (300, 200))
    info = inspect_image(source, LIMIT)
    assert (info.width, info.height) == expected
    for thumb in make_thumbnails(source, LIMIT):
        out = decode(thumb.data)
        assert out.size == pillow_thumbnail_size(expected, thumb.size)
        x = 2 if corner.endswith("left") else out.width - 3
        y = 2 if corner.startswith("top") else out.height - 3
        assert close(out.getpixel((x, y)), RED)
        assert "exif" not in out.info


def test_exif_gps_and_xmp_are_not_copied_but_the_colour_profile_is():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SecretCam"
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] = "N"
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] = (52.0, 22.0, 1.0)
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">SecretPlace</x:xmpmeta>'
    source = encode(photo(), "JPEG", exif=exif, icc_profile=icc, xmp=xmp, comment=b"secret")
    assert Image.open(source).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    for thumb in make_thumbnails(source, LIMIT):
        out = decode(thumb.data)
        assert not out.getexif()
        assert not {"exif", "xmp", "comment"} & out.info.keys()
        assert b"Secret" not in thumb.data and b"secret" not in thumb.data
        assert out.info.get("icc_profile") == icc


def test_png_text_and_exif_chunks_are_not_copied():
    from PIL import PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Secret Person")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SecretCam"
    source = encode(half_transparent(), "PNG", pnginfo=text, exif=exif)
    for thumb in make_thumbnails(source, LIMIT):
        assert b"Secret" not in thumb.data
        assert not decode(thumb.data).getexif()


def test_a_large_png_thumbnail_has_pillows_pixels_and_profile_in_no_more_bytes():
    """Its deflate runs on two threads (services/png_encoding.py): same pixels, valid
    checksums, and the file within 0.05% of Pillow's own (pure noise, the worst case:
    the split's extra deflate block costs more than the one IDAT chunk saves)."""
    random = Image.effect_noise((1000, 700), 40).convert("RGB")
    im = Image.merge("RGBA", (*random.split(), Image.linear_gradient("L").resize((1000, 700))))
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    (thumb,) = make_thumbnails(encode(im, "PNG", icc_profile=icc), LIMIT, sizes=(900,))
    pixels = im.convert("RGBa").resize((900, 630), Image.Resampling.BICUBIC).convert("RGBA")
    pillows = encode(pixels, "PNG", icc_profile=icc).getvalue()
    out = decode(thumb.data)  # a bad CRC or Adler-32 fails to decode
    assert out.tobytes() == decode(pillows).tobytes()
    assert out.info["icc_profile"] == icc
    assert len(pillows) * 0.99 < len(thumb.data) <= len(pillows) * 1.0005


# Identification and refusals


def test_inspect_image_identifies_format_mode_size_and_extension():
    info = inspect_image(encode(photo(mode="P"), "PNG"), LIMIT)
    assert (info.format, info.width, info.height, info.mode, info.extension) == (
        "PNG",
        300,
        200,
        "P",
        "png",
    )
    assert inspect_image(encode(photo(), "JPEG"), LIMIT).extension == "jpg"
    assert inspect_image(encode(photo(), "WEBP"), LIMIT).format == "WEBP"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"hello, this is plain text\n" * 20,
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
    ],
)
def test_inspect_image_returns_none_for_what_is_not_an_image(data):
    assert inspect_image(io.BytesIO(data), LIMIT) is None


def test_make_thumbnails_refuses_what_is_not_an_image():
    with pytest.raises(ImageError):
        make_thumbnails(io.BytesIO(b"just some text" * 10), LIMIT)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_truncated_image_is_refused_as_corrupt(fmt):
    data = encode(photo((400, 300)).effect_spread(20), fmt).getvalue()
    truncated = io.BytesIO(data[: len(data) // 2])
    with pytest.raises(ImageError, match="truncated or corrupt"):
        inspect_image(truncated, LIMIT)
    with pytest.raises(ImageError, match="truncated or corrupt"):
        make_thumbnails(truncated, LIMIT)


def test_garbage_with_a_png_signature_is_refused():
    data = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    with pytest.raises(ImageError):
        inspect_image(io.BytesIO(data), LIMIT)


def test_header_only_png_bomb_is_refused_quickly_with_its_size():
    started = time.perf_counter()
    with pytest.raises(ImageError, match="10000000000 pixels, the limit is 100000000"):
        inspect_image(io.BytesIO(png_header(100_000, 100_000)), LIMIT)
    with pytest.raises(ImageError, match="too large"):
        make_thumbnails(io.BytesIO(png_header(100_000, 100_000)), LIMIT)
    assert time.perf_counter() - started < 0.5


def test_header_only_gif_bomb_is_refused_quickly():
    screen = struct.pack("<HHBBB", 65535, 65535, 0, 0, 0)
    frame = b"," + struct.pack("<HHHHB", 0, 0, 65535, 65535, 0) + b"\x08\x01\x00\x00;"
    started = time.perf_counter()
    with pytest.raises(ImageError, match="too large"):
        inspect_image(io.BytesIO(b"GIF89a" + screen + frame), LIMIT)
    assert time.perf_counter() - started < 0.5


def test_max_pixels_is_the_limit_not_pillows_global(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    source = encode(photo((300, 200)), "PNG")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a DecompressionBombWarning would now fail the test
        assert inspect_image(source, 60_000).width == 300
        assert len(make_thumbnails(source, 60_000)) == 4
    with pytest.raises(ImageError, match="60000 pixels, the limit is 59999"):
        inspect_image(source, 59_999)


def test_image_format_pillow_knows_but_we_do_not_accept_is_refused():
    with pytest.raises(ImageError, match="not supported"):
        inspect_image(encode(photo(), "PCX"), LIMIT)
