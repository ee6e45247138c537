"""Integrity checks every service shares: unique fields and references to other rows.

Each service lists its unique fields and its references; ``assign`` checks them all,
reports every broken rule at once, and only then writes.
"""

import re
from collections.abc import Iterable

from sqlalchemy import PrimaryKeyConstraint, UniqueConstraint, exists, inspect, select
from sqlalchemy.exc import IntegrityError

from portfolio_admin.models import MediaFile
from portfolio_admin.models.base import db
from portfolio_admin.services import locking
from portfolio_admin.services.errors import ValidationError


def does_not_exist(pk) -> str:
    return f'Invalid pk "{pk}" - object does not exist.'


def label(model) -> str:
    """``MetaEntry`` -> ``meta entry``, for messages."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", model.__name__).lower()


def unique_message(model, field: str) -> str:
    return f"{label(model)} with this {field} already exists."


def find_duplicates(obj, data: dict, unique: Iterable[str], scope: dict | None = None) -> dict:
    """Errors for each unique field in ``data`` whose value another row already has."""
    model = type(obj)
    errors = {}
    for field in unique:
        if field not in data:
            continue
        clause = getattr(model, field) == data[field]
        for column, value in (scope or {}).items():
            clause &= getattr(model, column) == value
        if obj.id is not None:
            clause &= model.id != obj.id
        if db.session.scalar(select(exists().where(clause))):
            errors[field] = [unique_message(model, field)]
    return errors


def media_errors(ids: list[int], *, images_only: bool) -> list[str]:
    """Messages for the ``ids`` that name no media file, or no image where one is needed;
    the files found are kept until the transaction ends."""
    stmt = select(MediaFile.id, MediaFile.type).where(MediaFile.id.in_(set(ids)))
    stmt = locking.keep(stmt.order_by(MediaFile.id))
    kinds = {row.id: row.type for row in db.session.execute(stmt)}
    messages = []
    for pk in ids:
        if pk not in kinds:
            messages.append(does_not_exist(pk))
        elif images_only and kinds[pk] != "image":
            messages.append(f'Invalid pk "{pk}" - object is not an image.')
    return messages


def check_media_references(data: dict, fields: dict[str, bool]) -> dict:
    """Errors for media ids in ``data`` that do not exist (or are not images where required).

    ``fields`` maps each media field to whether it must be an image; ``None`` clears it.
    """
    errors = {}
    for field, images_only in fields.items():
        value = data.get(field)
        if value is None:
            continue
        messages = media_errors([value], images_only=images_only)
        if messages:
            errors[field] = messages
    return errors


def check_references(data: dict, models: dict[str, type]) -> dict:
    """Errors for ids in ``data`` naming rows that do not exist (``None`` clears a field);
    the rows found are kept until the transaction ends."""
    errors = {}
    for field, model in models.items():
        value = data.get(field)
        stmt = select(model.id).where(model.id == value)
        if value is not None and db.session.scalar(locking.keep(stmt)) is None:
            errors[field] = [does_not_exist(value)]
    return errors


def check(
    obj,
    data: dict,
    *,
    unique=(),
    media: dict[str, bool] | None = None,
    references: dict[str, type] | None = None,
    scope: dict | None = None,
    errors: dict | None = None,
) -> None:
    """The checks of ``assign`` without the write: ``ValidationError`` with every broken
    rule. The rows ``data`` points to are kept until the transaction ends."""
    locking.begin_writing()
    errors = (
        (errors or {})
        | find_duplicates(obj, data, unique, scope)
        | check_media_references(data, media or {})
        | check_references(data, references or {})
    )
    if errors:
        raise ValidationError(errors)


def assign(
    obj,
    data: dict,
    *,
    unique=(),
    media: dict[str, bool] | None = None,
    references: dict[str, type] | None = None,
    scope: dict | None = None,
    errors: dict | None = None,
    parent=None,
):
    """Check ``data`` against the database, then set it on ``obj`` and flush.

    Media and other references are given by id and stored in ``<field>_id``; ``errors``
    are problems the caller found already. Raises ``ValidationError`` with every broken
    rule; nothing is written then. Before writing, ``parent`` (a link's portfolio) and
    then ``obj`` are locked (see ``locking``): ``NotFound`` if either is gone meanwhile.
    """
    check(obj, data, unique=unique, media=media, references=references, scope=scope, errors=errors)
    media = media or {}
    references = references or {}
    if parent is not None:
        locking.lock(parent)
    if inspect(obj).persistent:
        locking.lock(obj)
    for field, value in data.items():
        by_id = field in media or field in references
        setattr(obj, f"{field}_id" if by_id else field, value)
    db.session.add(obj)
    flush(type(obj))
    return obj


_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: ([\w.]+(?:, [\w.]+)*)")


def flush(model) -> None:
    """Flush, turning a uniqueness race lost to another request into a field error."""
    try:
        db.session.flush()
    except IntegrityError as exc:
        field = _violated_unique_field(exc)
        db.session.rollback()
        if field is None:
            raise
        raise ValidationError({field: [unique_message(model, field)]}) from exc


def _violated_unique_field(exc: IntegrityError) -> str | None:
    """The (last) column of the unique constraint ``exc`` reports, on SQLite or PostgreSQL."""
    constraint = getattr(getattr(exc.orig, "diag", None), "constraint_name", None)
    if constraint:
        for table in db.metadata.tables.values():
            for candidate in table.constraints:
                # A foreign key's failure (a row deleted meanwhile) is no duplicate.
                unique = isinstance(candidate, UniqueConstraint | PrimaryKeyConstraint)
                if candidate.name == constraint and unique:
                    return list(candidate.columns)[-1].name
        return None
    match = _SQLITE_UNIQUE.search(str(exc.orig))
    return match.group(1).split(", ")[-1].split(".")[-1] if match else None
