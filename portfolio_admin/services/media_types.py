"""What kind of file an upload is, and a safe name to store it under."""

import re
import unicodedata
from pathlib import PurePosixPath
from typing import BinaryIO

from portfolio_admin.text import normalise_name

IMAGE_EXTENSIONS = {
    "jpg", "jpeg", "jpe", "png", "gif", "bmp", "webp", "tif", "tiff", "ico", "heic", "avif",
}  # fmt: skip
EXTENSION_TYPES = {
    "video": {"mp4", "m4v", "mov", "webm", "mkv", "avi", "wmv", "mpeg", "mpg", "3gp"},
    "audio": {"mp3", "wav", "ogg", "oga", "m4a", "flac", "aac", "opus", "weba"},
    "document": {
        "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf",
        "txt", "csv", "md", "epub",
    },
}  # fmt: skip

# Leading bytes of common non-image formats; a name alone never makes a file an image.
SIGNATURES = [
    (0, b"%PDF-", "document"),
    (0, b"ID3", "audio"),
    (0, b"fLaC", "audio"),
    (0, b"OggS", "audio"),
    (0, b"\x1a\x45\xdf\xa3", "video"),
    (4, b"ftypM4A", "audio"),
    (4, b"ftyp", "video"),
    (8, b"WAVE", "audio"),
    (8, b"AVI ", "video"),
]

# Bidirectional overrides can make "gpj.exe" display as "exe.jpg"; ZWNJ (U+200C),
# which Persian words need, is kept.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069/\\:*?\"<>|]")
_SPACES = re.compile(r"\s+")
MAX_STEM = 100


def extension_of(filename: str) -> str:
    """The lower-case extension of a client's file name, without the dot."""
    return PurePosixPath(filename.replace("\\", "/")).suffix.lstrip(".").lower()


def claims_image(filename: str, content_type: str | None) -> bool:
    """Whether the client says this is an image, by name or content type."""
    return extension_of(filename) in IMAGE_EXTENSIONS or (content_type or "").startswith("image/")


def sniff_type(stream: BinaryIO, filename: str) -> str:
    """``video``, ``audio``, ``document`` or ``file`` for a file that is not an image."""
    head = stream.read(16)
    stream.seek(0)
    for offset, magic, kind in SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            return kind
    extension = extension_of(filename)
    for kind, extensions in EXTENSION_TYPES.items():
        if extension in extensions:
            return kind
    return "file"


def display_name(filename: str) -> str:
    """The default ``name``: the client's file name without folders or extension,
    normalised as every name is."""
    base = PurePosixPath(filename.replace("\\", "/")).name
    stem = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
    return normalise_name(_UNSAFE.sub("", stem))[:255] or "file"


def safe_stem(filename: str) -> str:
    """A file-system-safe stem that keeps Persian and other letters: ``گزارش سال.pdf`` ->
    ``گزارش_سال``."""
    stem = unicodedata.normalize("NFC", display_name(filename))
    stem = _SPACES.sub("_", _UNSAFE.sub("", stem)).strip("._-")
    return stem[:MAX_STEM] or "file"


def safe_extension(filename: str) -> str:
    """The client's extension when it is short and plain, else none."""
    extension = extension_of(filename)
    return extension if re.fullmatch(r"[a-z0-9]{1,10}", extension) else ""
