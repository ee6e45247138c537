"""Write an activity entry for every created, changed or deleted object, in the same
transaction as the change: a change that fails or is rolled back leaves no entry.

Before an object's first flush in a transaction its stored state is read; at commit it
is read again, and the difference is logged. Rows owned by another object (a portfolio's
gallery, a user's permissions) count as changes to their owner.
"""

from collections import defaultdict

from sqlalchemy import insert, inspect
from sqlalchemy.orm import Session

from portfolio_admin.activity import cascades, references
from portfolio_admin.activity.actors import current_actor
from portfolio_admin.activity.tracked import BY_MODEL, BY_RESOURCE, OWNED_BY, changes
from portfolio_admin.models import ActivityEntry
from portfolio_admin.models.base import listen_to_sessions

BEFORE = "activity_before"  # session.info: {(model, id): stored state before the change}
CREATED = "activity_created"  # session.info: objects added in this transaction
CAUSES = "activity_causes"  # session.info: {(model, id): [(model, id) deleted]}
CAUSE = "_cause"  # in an entry's changes: the deleted objects the database changed it for


def _touched(session: Session):
    """``(model, id, obj)`` for each tracked object in this flush. ``id`` is ``None`` for a
    new object; ``obj`` is ``None`` for an owner reached through a row it owns."""
    for obj in (*session.new, *session.dirty, *session.deleted):
        model = type(obj)
        if model in OWNED_BY:
            owner, column = OWNED_BY[model]
            if getattr(obj, column) is not None:
                yield owner, getattr(obj, column), None
        elif model in BY_MODEL:
            identity = inspect(obj).identity
            yield model, identity[0] if identity else None, obj


def _note(session: Session, _context, _instances) -> None:
    """Before a flush: keep the stored state of each object about to change for the first
    time in this transaction, including the rows the database will change because of a
    delete, and remember the objects being created."""
    before = session.info.setdefault(BEFORE, {})
    created = session.info.setdefault(CREATED, [])
    created_keys = {(type(obj), obj.id) for obj in created}
    unseen = defaultdict(set)
    for model, pk, obj in _touched(session):
        if pk is None:
            if not any(obj is known for known in created):
                created.append(obj)
        elif (model, pk) not in before and (model, pk) not in created_keys:
            unseen[model].add(pk)
    deleted = defaultdict(set)
    for obj in session.deleted:
        identity = inspect(obj).identity
        if type(obj) in BY_MODEL and identity:
            deleted[type(obj)].add(identity[0])
    connection = session.connection()
    _snapshot(connection, unseen, before)
    if not deleted:
        return
    causes = session.info.setdefault(CAUSES, {})
    unseen = defaultdict(set)
    for (model, pk), why in cascades.affected(connection, deleted).items():
        causes.setdefault((model, pk), []).extend(why)
        if (model, pk) not in before and (model, pk) not in created_keys:
            unseen[model].add(pk)
    _snapshot(connection, unseen, before)


def _snapshot(connection, pks: dict[type, set[int]], into: dict) -> None:
    """Store the state of the objects ``{model: ids}`` in ``into``, one batch per model."""
    for model, ids in pks.items():
        found = BY_MODEL[model].snapshots(connection, ids)
        for pk in ids:
            into[model, pk] = found.get(pk)


def _write(session: Session) -> None:
    """Before commit: compare each noted object with its stored state and log the change."""
    session.flush()
    before = session.info.pop(BEFORE, {})
    created = session.info.pop(CREATED, [])
    causes = session.info.pop(CAUSES, {})
    keys = [(type(obj), obj.id) for obj in created if obj.id is not None]
    keys += before
    if not keys:
        return
    connection = session.connection()
    after = {}
    by_model = defaultdict(set)
    for model, pk in keys:
        by_model[model].add(pk)
    _snapshot(connection, by_model, after)
    found = []
    for model, pk in keys:
        spec, old, new = BY_MODEL[model], before.get((model, pk)), after[model, pk]
        changed = changes(spec, old, new)
        if changed:
            found.append((spec, pk, old, new, changed))
    if not found:
        return
    names = _names(connection, [changed for *_, changed in found], before)
    actor = current_actor()
    rows = []
    for spec, pk, old, new, changed in found:
        references.with_names(changed, names)
        if (spec.model, pk) in causes:
            changed[CAUSE] = [_cause(model, id_, before) for model, id_ in causes[spec.model, pk]]
        state = new or old
        rows.append(
            {
                "user_id": actor.user_id,
                "actor": actor.name,
                "via": actor.via,
                "token_name": actor.token_name,
                "action": "create" if old is None else "delete" if new is None else "update",
                "resource": spec.resource,
                "object_id": pk,
                "parent_id": state[spec.parent[1]] if spec.parent else None,
                "object_label": str(state[spec.label])[:255],
                "changes": changed,
            }
        )
    session.execute(insert(ActivityEntry), rows)


def _names(connection, all_changes: list[dict], before: dict) -> dict[str, dict[int, str]]:
    """The names of the objects the changes refer to: as stored now, or, for objects
    deleted in this transaction, as they were before."""
    wanted = defaultdict(set)
    for changed in all_changes:
        for resource, ids in references.wanted(changed).items():
            wanted[resource] |= ids
    names = references.current_names(connection, wanted)
    for resource, ids in wanted.items():
        spec = BY_RESOURCE[resource]
        for pk in ids - names.setdefault(resource, {}).keys():
            state = before.get((spec.model, pk))
            if state is not None:
                names[resource][pk] = str(state[spec.label])
    return names


def _cause(model: type, pk: int, before: dict) -> dict:
    """The deleted object an entry's change was made for, named as it was."""
    spec = BY_MODEL[model]
    state = before.get((model, pk)) or {}
    return {"resource": spec.resource, "id": pk, "name": str(state.get(spec.label, ""))}


def _forget(session: Session, *_args) -> None:
    session.info.pop(BEFORE, None)
    session.info.pop(CREATED, None)
    session.info.pop(CAUSES, None)


def register() -> None:
    """Log every committed change to a tracked object."""
    listen_to_sessions(before_flush=_note, before_commit=_write, after_soft_rollback=_forget)
