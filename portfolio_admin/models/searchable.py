"""Tables searched by text keep a normalised copy of that text in ``search_text``.

Each searchable model names its ``search_columns``; ``services/search.py`` fills
``search_text`` from them (through ``text.search_key``) before every flush, so a search is a
``LIKE`` over one indexed column instead of a function over every row.
"""

from typing import ClassVar

from sqlalchemy import Index, Text
from sqlalchemy.orm import Mapped, mapped_column

# Between two columns' keys: a search key never holds a line feed (runs of white space
# become one space), so no query matches across the end of one column.
SEPARATOR = "\n"


class Searchable:
    """A model whose ``search_columns`` are searched through ``search_text``."""

    search_columns: ClassVar[tuple[str, ...]] = ()

    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")


def search_index(table: str) -> Index:
    """The index of ``table``'s ``search_text``: trigrams on PostgreSQL (``pg_trgm``), so
    ``LIKE '%term%'`` can use it; a plain index elsewhere."""
    return Index(
        f"ix_{table}_search_text",
        "search_text",
        postgresql_using="gin",
        postgresql_ops={"search_text": "gin_trgm_ops"},
    )
