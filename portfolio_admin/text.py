"""Text as people type it, made safe to store and to compare.

Pure functions, no app needed: control characters are refused (PostgreSQL cannot store
NUL at all, so SQLite is held to the same rule).
"""

import re

NUL_MESSAGE = "Null characters are not allowed."
CONTROL_MESSAGE = "Control characters are not allowed."

# The C0 control characters but tab, line feed and carriage return, which text areas send
# (NUL is looked for first, for its own message).
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f]")


def control_character_problem(value: str) -> str | None:
    """Why ``value`` may not be stored: it holds NUL or another control character."""
    if "\x00" in value:
        return NUL_MESSAGE
    if _CONTROL.search(value):
        return CONTROL_MESSAGE
    return None
