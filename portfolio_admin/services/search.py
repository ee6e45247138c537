"""Searching a list by its text, the same for the API, the admin and every database.

A searchable model (``models/searchable.py``) keeps ``search_text``: its
``search_columns`` passed through ``text.search_key``. It is filled before every flush,
whoever writes (API, admin, CLI, a restored revision), and the query is passed through
the same function, so a search is a case-sensitive ``LIKE`` over one indexed column.
"""

from sqlalchemy import Select, inspect, select, update
from sqlalchemy.orm import Session

from portfolio_admin.models.base import db, listen_to_sessions
from portfolio_admin.models.searchable import SEPARATOR, Searchable
from portfolio_admin.services.content_changes import note_change
from portfolio_admin.text import search_key

REINDEX_BATCH = 500


def search(stmt: Select, term: str | None, model: type[Searchable]) -> Select:
    """Rows of ``stmt`` whose ``model`` text contains ``term``, both normalised alike.

    ``%``, ``_`` and ``\\`` in the term match themselves, not any text. A term with
    nothing left after normalising (blank, only marks) keeps every row.
    """
    key = search_key(term)
    if not key:
        return stmt
    escaped = key.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
    return stmt.where(model.search_text.like(f"%{escaped}%", escape="\\"))


def search_text_of(values) -> str:
    """The ``search_text`` of a row whose searched columns hold ``values``."""
    return SEPARATOR.join(search_key(value) for value in values)


def _text_of(obj: Searchable) -> str:
    return search_text_of(getattr(obj, name) for name in obj.search_columns)


def _fill(session: Session, _context, _instances) -> None:
    """Before a flush: new searchable rows, and those whose searched columns changed,
    get their ``search_text``."""
    for obj in (*session.new, *session.dirty):
        if not isinstance(obj, Searchable):
            continue
        state = inspect(obj)
        if state.pending or any(
            state.attrs[name].history.has_changes() for name in obj.search_columns
        ):
            text = _text_of(obj)
            if obj.search_text != text:
                obj.search_text = text


def searchable_models() -> list[type[Searchable]]:
    """Every mapped model that is searchable."""
    return [
        mapper.class_
        for mapper in db.Model.registry.mappers
        if issubclass(mapper.class_, Searchable)
    ]


def reindex() -> int:
    """Fill every row's ``search_text`` again (after ``search_key`` changed, say); the
    rows' ``updated_at`` are kept. Returns how many rows changed."""
    changed = 0
    for model in searchable_models():
        columns = [getattr(model, name) for name in model.search_columns]
        last_id = 0
        while True:
            rows = db.session.execute(
                select(model.id, model.search_text, *columns)
                .where(model.id > last_id)
                .order_by(model.id)
                .limit(REINDEX_BATCH)
            ).all()
            if not rows:
                break
            last_id = rows[-1][0]
            for pk, stored, *values in rows:
                text = search_text_of(values)
                if text != stored:
                    db.session.execute(
                        update(model)
                        .where(model.id == pk)
                        .values(search_text=text, updated_at=model.updated_at)
                        .execution_options(synchronize_session=False)
                    )
                    changed += 1
    if changed:
        note_change(db.session)  # cached search results may differ now
    db.session.commit()
    return changed


def register() -> None:
    """Keep ``search_text`` filled on every session's writes."""
    listen_to_sessions(before_flush=_fill)
