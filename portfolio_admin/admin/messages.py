"""The schemas' and services' messages, translated where the admin shows them to staff.

The services speak English, as the JSON API's public contract does; the admin translates
their messages only when it puts them on a page. Each known message (or message pattern)
is a msgid here, so extraction finds it and the catalogs translate it; an unknown message
is shown as it is.
"""

import math
import re
from decimal import Decimal

from flask_babel import gettext

from portfolio_admin.i18n import number


def N_(message: str) -> str:
    """Marks ``message`` for extraction; it is translated when shown."""
    return message


# Messages shown exactly as the services write them.
EXACT = frozenset(
    {
        N_("This field is required."),
        N_("Not a valid string."),
        N_("This field may not be blank."),
        N_("This field may not be null."),
        N_("Null characters are not allowed."),
        N_("Control characters are not allowed."),
        N_("Datetime value out of range."),
        N_("Choose a moment in the future."),
        N_("This portfolio has no draft."),
        N_("A valid integer is required."),
        N_("A valid number is required."),
        N_("Expected an object."),
        N_("Unknown field."),
        N_("Must be a valid boolean."),
        N_("Expected a list of items."),
        N_("Enter a valid URL."),
        N_("Enter a valid URL with the http or https scheme."),
        N_("Enter a valid slug consisting of letters, numbers, underscores or hyphens."),
        N_(
            "Datetime has wrong format. Use one of these formats instead: "
            "YYYY-MM-DD, YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."
        ),
        N_("The submitted file is empty."),
        N_(
            "Upload a valid image. The file you uploaded was either not an image or a "
            "corrupted image."
        ),
        N_("The image could not be processed."),
        N_("The image is truncated or corrupt."),
        N_("This kind of image is not supported."),
        N_("This image format is not supported."),
        N_("The file is not an image."),
        N_("The image is too large."),
        N_("The new file must be an image, like the one it replaces."),
        N_("The new file must be of the same kind as the one it replaces."),
        N_("The SVG is not well-formed XML."),
        N_("SVG files with a DOCTYPE or entity declarations are not accepted."),
        N_("The file is not an SVG image."),
        N_("The SVG could not be made safe."),
        N_("The SVG has no size: give it a viewBox, or a width and height in pixels."),
        N_("The SVG could not be drawn."),
        N_("The SVG takes too long to draw: simplify its filters, blurs or repeated parts."),
        N_("An image inside the SVG is unreadable or too large."),
    }
)

# Messages with values in them: each pattern's groups fill its msgid's placeholders.
PATTERNS = (
    (r"Item (?P<num>\d+): (?P<message>.+)", N_("Item %(num)s: %(message)s")),
    (
        r"Ensure this field has no more than (?P<max>\d+) characters\.",
        N_("Ensure this field has no more than %(max)s characters."),
    ),
    (
        r"Ensure this field has no more than (?P<max>\d+) elements\.",
        N_("Ensure this field has no more than %(max)s elements."),
    ),
    (
        r"Ensure this value is greater than or equal to (?P<min>-?\d+)\.",
        N_("Ensure this value is greater than or equal to %(min)s."),
    ),
    (
        r"Ensure this value is less than or equal to (?P<max>-?\d+)\.",
        N_("Ensure this value is less than or equal to %(max)s."),
    ),
    (
        r'Invalid pk "(?P<pk>.*)" - object does not exist\.',
        N_('Invalid pk "%(pk)s" - object does not exist.'),
    ),
    (
        r'Invalid pk "(?P<pk>.*)" - object is not an image\.',
        N_('Invalid pk "%(pk)s" - object is not an image.'),
    ),
    (
        r"The (?P<format>\w+) format is not supported\.",
        N_("The %(format)s format is not supported."),
    ),
    (r"The file is larger than (?P<size>[\d.]+) MB\.", N_("The file is larger than %(size)s MB.")),
    (
        r"A portfolio has at most (?P<max>\d+) links\.",
        N_("A portfolio has at most %(max)s links."),
    ),
    (
        r"A portfolio has at most (?P<max>\d+) meta entries\.",
        N_("A portfolio has at most %(max)s meta entries."),
    ),
)
_COMPILED = tuple((re.compile(pattern), msgid) for pattern, msgid in PATTERNS)

# An image's pixel count reads best in megapixels ("108 megapixels, the limit is 100"):
# the image's count rounded up and the limit's down, so one just over the limit never
# reads as equal to it. A limit under a megapixel stays in pixels.
_PIXELS = re.compile(r"The image is too large: (?P<pixels>\d+) pixels, the limit is (?P<max>\d+)\.")
TOO_MANY_PIXELS = N_("The image is too large: %(pixels)s pixels, the limit is %(max)s.")
TOO_MANY_MEGAPIXELS = N_("The image is too large: %(pixels)s megapixels, the limit is %(max)s.")


def _too_many_pixels(pixels: int, limit: int) -> str:
    if limit < 1_000_000:
        return gettext(TOO_MANY_PIXELS, pixels=number(pixels), max=number(limit))
    tenths = Decimal(100_000)
    return gettext(
        TOO_MANY_MEGAPIXELS,
        pixels=number(math.ceil(pixels / tenths) / Decimal(10), "#,##0.#"),
        max=number(math.floor(limit / tenths) / Decimal(10), "#,##0.#"),
    )


# The API keeps DRF's "employer with this name already exists."; staff read a sentence per
# resource, so English gets its article and capital and each language its own grammar.
DUPLICATES = {
    "employer": N_("An employer with this %(field)s already exists."),
    "tag": N_("A tag with this %(field)s already exists."),
    "portfolio": N_("A portfolio with this %(field)s already exists."),
    "meta entry": N_("A meta entry with this %(field)s already exists."),
    "user": N_("A user with this %(field)s already exists."),
    "role": N_("A role with this %(field)s already exists."),
}
_DUPLICATE = re.compile(r"(?P<thing>[a-z ]+) with this (?P<field>\w+) already exists\.")

# The words the services put into their messages: resources and their unique fields.
WORDS = (
    N_("employer"),
    N_("tag"),
    N_("portfolio"),
    N_("link"),
    N_("meta entry"),
    N_("media file"),
    N_("user"),
    N_("name"),
    N_("slug"),
    N_("key"),
    N_("username"),
    N_("title"),
)
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _value(name: str, value: str) -> str:
    if name == "message":
        return translate(value)
    if _NUMBER.fullmatch(value):
        return number(Decimal(value), "0.##")
    return gettext(value) if value in WORDS else value


def translate(message: str) -> str:
    """``message`` (from a schema or a service) in the page's language."""
    if message in EXACT:
        return gettext(message)
    duplicate = _DUPLICATE.fullmatch(message)
    if duplicate and duplicate["thing"] in DUPLICATES:
        return gettext(DUPLICATES[duplicate["thing"]], field=_value("field", duplicate["field"]))
    pixels = _PIXELS.fullmatch(message)
    if pixels:
        return _too_many_pixels(int(pixels["pixels"]), int(pixels["max"]))
    for pattern, msgid in _COMPILED:
        match = pattern.fullmatch(message)
        if match:
            values = {name: _value(name, value) for name, value in match.groupdict().items()}
            return gettext(msgid, **values)
    return message


def translate_all(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """Every message of a service's ``{"field": ["message", ...]}`` translated."""
    return {field: [translate(m) for m in messages] for field, messages in errors.items()}
