"""Write an activity entry for every created, changed or deleted object, in the same
transaction as the change: a change that fails or is rolled back leaves no entry.

Before an object's first flush in a transaction its stored state is read; at commit it
is read again, and the difference is logged. Rows owned by another object (a portfolio's
gallery, a user's permissions) count as changes to their owner.
"""

from sqlalchemy import insert, inspect
from sqlalchemy.orm import Session

from portfolio_admin.activity.actors import current_actor
from portfolio_admin.activity.tracked import BY_MODEL, OWNED_BY, changes
from portfolio_admin.models import ActivityEntry
from portfolio_admin.models.base import listen_to_sessions

BEFORE = "activity_before"  # session.info: {(model, id): stored state before the change}
CREATED = "activity_created"  # session.info: objects added in this transaction


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
    time in this transaction, and remember the objects being created."""
    before = session.info.setdefault(BEFORE, {})
    created = session.info.setdefault(CREATED, [])
    created_keys = {(type(obj), obj.id) for obj in created}
    for model, pk, obj in _touched(session):
        if pk is None:
            if not any(obj is known for known in created):
                created.append(obj)
        elif (model, pk) not in before and (model, pk) not in created_keys:
            before[model, pk] = BY_MODEL[model].snapshot(session.connection(), pk)


def _write(session: Session) -> None:
    """Before commit: compare each noted object with its stored state and log the change."""
    session.flush()
    before = session.info.pop(BEFORE, {})
    created = session.info.pop(CREATED, [])
    states = [((type(obj), obj.id), None) for obj in created if obj.id is not None]
    states += before.items()
    if not states:
        return
    connection = session.connection()
    actor = current_actor()
    rows = []
    for (model, pk), old in states:
        spec = BY_MODEL[model]
        new = spec.snapshot(connection, pk)
        changed = changes(spec, old, new)
        if changed:
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
    if rows:
        session.execute(insert(ActivityEntry), rows)


def _forget(session: Session, *_args) -> None:
    session.info.pop(BEFORE, None)
    session.info.pop(CREATED, None)


def register() -> None:
    """Log every committed change to a tracked object."""
    listen_to_sessions(before_flush=_note, before_commit=_write, after_soft_rollback=_forget)
