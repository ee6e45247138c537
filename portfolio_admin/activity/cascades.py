"""Rows the database changes by itself when a tracked object is deleted.

``ON DELETE SET NULL`` and ``ON DELETE CASCADE`` run in the database, so the session never
sees a portfolio losing its deleted cover or a link going with its portfolio. The rules
are read from the tables' foreign keys, so a new one is covered without a change here;
before the delete is flushed, one query per rule finds the rows it will change.
"""

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Column, select

from portfolio_admin.activity.tracked import BY_MODEL, OWNED_BY


@dataclass(frozen=True)
class Cascade:
    """Deleting a ``target`` changes the rows whose ``column`` points at it: each is a
    change to the tracked ``owner`` named by ``owner_id`` (the row itself, or the object
    that owns it, e.g. the portfolio of a gallery entry)."""

    target: type
    column: Column
    owner: type
    owner_id: Column
    rule: str  # "SET NULL" or "CASCADE"


def _rules() -> tuple[Cascade, ...]:
    by_table = {model.__table__: model for model in BY_MODEL}
    rules = []
    for model in (*BY_MODEL, *OWNED_BY):
        table = model.__table__
        if model in OWNED_BY:
            owner, owner_column = OWNED_BY[model]
            owner_id = table.c[owner_column]
        else:
            owner, owner_id = model, table.c.id
        for key in table.foreign_keys:
            rule = (key.ondelete or "").upper()
            target = by_table.get(key.column.table)
            if rule not in ("SET NULL", "CASCADE") or target is None:
                continue
            if key.parent is owner_id and target is owner:
                continue  # a row owned by the deleted object goes with it, unlogged
            if rule == "SET NULL" and not _compared(model, key.parent):
                continue  # a column the log does not compare
            rules.append(Cascade(target, key.parent, owner, owner_id, rule))
    return tuple(rules)


def _compared(model: type, column: Column) -> bool:
    """Whether the log compares ``column`` of ``model``: a field of its own, or of the
    object that owns its rows (a gallery's image ids, a schedule's moment)."""
    if model in BY_MODEL:
        return column.name in BY_MODEL[model].fields
    owner = BY_MODEL[OWNED_BY[model][0]]
    kept = [spec.column for spec in owner.lists.values()]
    kept += [c for child in owner.children for c in (child.value, *child.keys)]
    return any(attr.class_ is model and attr.key == column.name for attr in kept)


CASCADES = _rules()


def affected(connection, deleted: dict[type, set[int]]) -> dict[tuple[type, int], list]:
    """``{(model, id): [(deleted model, deleted id), ...]}``: the tracked objects the
    database will change when the ``deleted`` objects (``{model: ids}``) go, and why.
    Objects deleted themselves are left out: their own entry says so."""
    found = defaultdict(list)
    for rule in CASCADES:
        ids = deleted.get(rule.target)
        if not ids:
            continue
        stmt = select(rule.owner_id, rule.column).where(rule.column.in_(ids)).distinct()
        for owner_pk, target_pk in connection.execute(stmt):
            cause = (rule.target, target_pk)
            key = (rule.owner, owner_pk)
            if owner_pk not in deleted.get(rule.owner, ()) and cause not in found[key]:
                found[key].append(cause)
    return dict(found)
