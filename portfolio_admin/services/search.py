"""Searching a list by what its text columns contain, the same for the API and the admin."""

from sqlalchemy import Select, or_


def search(stmt: Select, term: str | None, columns) -> Select:
    """Rows of ``stmt`` where any of ``columns`` contains ``term``, ignoring case.

    ``%``, ``_`` and ``\\`` in the term match themselves, not any text.
    """
    if not term or not term.strip():
        return stmt
    escaped = term.strip().replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
    pattern = f"%{escaped}%"
    return stmt.where(or_(*(column.ilike(pattern, escape="\\") for column in columns)))
