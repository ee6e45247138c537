"""Image files made in memory for upload tests."""

import io
import struct
import zlib

from PIL import Image


def image_bytes(fmt="PNG", size=(300, 200), mode="RGB", colour=None, **save) -> bytes:
    """An encoded image of ``size`` in ``mode``, with a little detail so encoders work."""
    image = Image.new(mode, size, colour if colour is not None else _default(mode))
    if mode in {"RGB", "RGBA", "L", "LA", "P", "CMYK"}:
        image.paste(_default(mode, dark=True), (0, 0, size[0] // 2, size[1] // 2))
    buffer = io.BytesIO()
    image.save(buffer, fmt, **save)
    return buffer.getvalue()


def _default(mode, dark=False):
    return {
        "RGB": (20, 30, 40) if dark else (200, 120, 40),
        "RGBA": (20, 30, 40, 255) if dark else (200, 120, 40, 90),
        "L": 20 if dark else 200,
        "LA": (20, 255) if dark else (200, 80),
        "P": 3 if dark else 7,
        "CMYK": (200, 10, 10, 0) if dark else (10, 200, 10, 0),
        "I;16": 1000,
        "1": 1,
    }[mode]


def jpeg_with_exif(size=(300, 200), orientation=6, gps=True) -> bytes:
    """A JPEG whose EXIF says to rotate it (6: 90 degrees clockwise) and where it was taken."""
    image = Image.new("RGB", size, (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, size[0] // 4, size[1] // 4))  # red top-left corner
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "TestCam"
    if gps:
        exif[0x8825] = {1: "N", 2: (35.0, 41.0, 22.0), 3: "E", 4: (51.0, 23.0, 24.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=95)
    return buffer.getvalue()


def png_bomb(width=100_000, height=100_000) -> bytes:
    """A tiny PNG whose header claims a huge image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
