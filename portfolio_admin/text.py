"""Text as people type it, made safe to store and to compare.

Pure functions, no app needed: control characters are refused (PostgreSQL cannot store
NUL at all, so SQLite is held to the same rule), and names are normalised so that two
names that look the same are the same string: one Unicode form (NFC), no invisible
characters at the ends, and the Persian letters where Arabic ones look alike.
"""

import re
import unicodedata

NUL_MESSAGE = "Null characters are not allowed."
CONTROL_MESSAGE = "Control characters are not allowed."

# The C0 control characters but tab, line feed and carriage return, which text areas send
# (NUL is looked for first, for its own message).
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f]")

# Characters that draw nothing although they are neither spaces nor format characters
# (Hangul fillers, the braille blank): names made of them look empty.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")

# Arabic letters whose Persian counterparts look the same in most fonts.
_PERSIAN_LETTERS = str.maketrans({"\u064a": "\u06cc", "\u0643": "\u06a9"})  # ي ك -> ی ک


def control_character_problem(value: str) -> str | None:
    """Why ``value`` may not be stored: it holds NUL or another control character."""
    if "\x00" in value:
        return NUL_MESSAGE
    if _CONTROL.search(value):
        return CONTROL_MESSAGE
    return None


def is_invisible(char: str) -> bool:
    """Whether ``char`` draws nothing: a space, a zero-width or bidi control, a filler."""
    return char.isspace() or unicodedata.category(char) == "Cf" or char in _BLANK_LETTERS


def is_visible(char: str) -> bool:
    """Whether ``char`` draws something on its own: a letter, digit, punctuation, symbol."""
    return unicodedata.category(char)[0] in "LNPS" and char not in _BLANK_LETTERS


def strip_invisible(value: str) -> str:
    """``value`` without spaces and invisible characters at either end.

    Only the ends: inside a word a zero-width non-joiner is part of Persian spelling.
    """
    start, end = 0, len(value)
    while start < end and is_invisible(value[start]):
        start += 1
    while end > start and is_invisible(value[end - 1]):
        end -= 1
    return value[start:end]


def persian_letters(value: str) -> str:
    """``value`` with Arabic yeh and kaf written as the Persian letters (ی, ک)."""
    return value.translate(_PERSIAN_LETTERS)


def normalise(value: str) -> str:
    """``value`` in Unicode's composed form (NFC): ``e`` + combining acute becomes ``é``."""
    return unicodedata.normalize("NFC", value)


def normalise_name(value: str) -> str:
    """A name as it is stored and compared: NFC, invisible ends removed, Persian letters.

    A name with nothing visible in it (only a zero-width space, say) becomes ``""``,
    so it is refused as blank.
    """
    name = persian_letters(strip_invisible(normalise(value)))
    return name if any(is_visible(char) for char in name) else ""


# Letters folded for searching, after compatibility decomposition has split off hamza and
# madda (أ إ آ -> ا, ؤ -> و, ئ -> ي, ۀ -> ە): the Arabic forms a keyboard may type become
# the Persian ones, teh marbuta and heh goal become heh, and every digit becomes ASCII.
_SEARCH_LETTERS = str.maketrans(
    {
        "\u064a": "\u06cc",  # ي Arabic yeh -> ی
        "\u0649": "\u06cc",  # ى alef maksura -> ی
        "\u0643": "\u06a9",  # ك Arabic kaf -> ک
        "\u0629": "\u0647",  # ة teh marbuta -> ه
        "\u06d5": "\u0647",  # ە ae (what ۀ decomposes to) -> ه
        "\u06c1": "\u0647",  # ہ heh goal -> ه
        "\u0640": None,  # tatweel: stretches a word, means nothing
        **{chr(0x0660 + n): str(n) for n in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + n): str(n) for n in range(10)},  # Persian digits
    }
)
_SPACES = re.compile(r"\s+")


def search_key(value: str | None) -> str:
    """``value`` as searches compare it, the same for the stored text and the query.

    Compatibility forms are unfolded (NFKD: ligatures, presentation forms, full-width
    letters), Latin case is folded and accents dropped (``É`` matches ``é`` and ``e``),
    Arabic harakat and other combining marks dropped, format characters (ZWNJ, ZWJ,
    direction marks) and tatweel removed, Arabic letter forms made Persian, hamza and
    madda seats folded to the bare letter (``آ`` matches ``ا``), digits made ASCII, and
    runs of spaces made one space.
    """
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", value).casefold())
    kept = "".join(
        char for char in decomposed if unicodedata.category(char) not in ("Mn", "Me", "Cf")
    )
    return _SPACES.sub(" ", kept.translate(_SEARCH_LETTERS)).strip()


_NOT_SLUG = re.compile(r"[^\w\s-]+")
_SLUG_GAPS = re.compile(r"[\s_-]+")
SLUG_LENGTH = 255


def slugify(value: str) -> str:
    """A slug suggested from a title: lower case, letters of every script kept whole.

    Joiners (ZWNJ, ZWJ) and tatweel are removed, not turned into hyphens, so «وب‌سایت»
    stays one word («وبسایت»); harakat are dropped, Arabic yeh and kaf become Persian;
    punctuation goes, and each run of spaces, hyphens and underscores becomes one hyphen.
    """
    text = persian_letters(normalise(value)).lower()
    text = "".join(
        char
        for char in text
        if unicodedata.category(char) not in ("Mn", "Me", "Cf") and char != "\u0640"
    )
    text = _SLUG_GAPS.sub("-", _NOT_SLUG.sub("", text)).strip("-")
    return text[:SLUG_LENGTH].rstrip("-")
