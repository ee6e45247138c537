"""The links and meta entries a draft keeps: taken from whole lists, checked, applied.

A draft stores only its difference from the live rows (``schemas.drafts.RowChanges``):
the rows it adds or changes and the ids it removes. The draft's rows are the live rows
with those changes, in the order the portfolio's output will show them (by id, the added
ones last). Checks report each problem on its row: ``RowErrors`` holds them by position
in the list checked, and as the API's messages (``Item 2: image: ...``).
"""

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from portfolio_admin.models import Link, MetaEntry, Portfolio
from portfolio_admin.models.base import db
from portfolio_admin.services import links, locking, meta
from portfolio_admin.services.errors import ValidationError
from portfolio_admin.services.integrity import media_errors, unique_message
from portfolio_admin.services.portfolio_limits import MAX_LINKS, MAX_META_ENTRIES

RowErrorMap = dict[str, dict[int, dict[str, list[str]]]]  # kind -> position -> field
WHOLE_LIST = -1  # the position of a problem with the list, not one row


@dataclass(frozen=True)
class RowKind:
    """One kind of row a draft keeps, with the rules and services of its live writes."""

    key: str  # in the draft's input and output, and in error messages
    model: type
    fields: tuple[str, ...]
    media: dict[str, bool]  # media fields, and whether each must be an image
    unique: tuple[str, ...]
    limit: int
    create: Callable
    update: Callable
    gone: str  # the message for a row the draft changes that was deleted live

    def values(self, row) -> dict:
        """A live row as input."""
        return {f: getattr(row, f"{f}_id" if f in self.media else f) for f in self.fields}


LINKS = RowKind(
    "links",
    Link,
    ("name", "url", "image", "description"),
    links.MEDIA,
    (),
    MAX_LINKS,
    links.create_link,
    links.update_link,
    "This link was deleted after the draft was saved; send it without its id to add it again.",
)
META = RowKind(
    "meta",
    MetaEntry,
    ("key", "value_text", "value_file"),
    meta.MEDIA,
    meta.UNIQUE,
    MAX_META_ENTRIES,
    meta.create_meta,
    meta.update_meta,
    "This meta entry was deleted after the draft was saved; send it without its id to "
    "add it again.",
)
KINDS = (LINKS, META)


class RowErrors(ValidationError):
    """Problems with a draft's rows (and maybe its fields): ``rows`` by kind, position
    and field; ``errors`` as the API shows them."""

    def __init__(self, fields: dict[str, list[str]], rows: RowErrorMap):
        errors = dict(fields)
        for key, by_position in rows.items():
            for n, problems in sorted(by_position.items()):
                for field, messages in problems.items():
                    prefix = "" if n == WHOLE_LIST else f"Item {n + 1}: {field}: "
                    errors.setdefault(key, []).extend(prefix + m for m in messages)
        super().__init__(errors)
        self.fields = fields
        self.rows = rows


def live_values(kind: RowKind, portfolio_id: int) -> dict[int, dict]:
    """The portfolio's live rows as input, by id, in id order."""
    stmt = select(kind.model).where(kind.model.portfolio_id == portfolio_id)
    return {row.id: kind.values(row) for row in db.session.scalars(stmt.order_by(kind.model.id))}


def changes(kind: RowKind, portfolio_id: int, listed: list[dict]) -> dict:
    """The draft's changes from the whole list of rows it is to have (each with ``id``,
    none for a new one), checked: ``RowErrors`` on the list's positions."""
    live = live_values(kind, portfolio_id)
    errors = check(kind, listed, live, deleted=False)
    if errors:
        raise RowErrors({}, {kind.key: errors})
    changed = [row for row in listed if row["id"] is None or _values(kind, row) != live[row["id"]]]
    listed_ids = {row["id"] for row in listed}
    return {"changed": changed, "removed": [pk for pk in live if pk not in listed_ids]}


def rows(kind: RowKind, portfolio_id: int, stored: dict | None) -> list[dict]:
    """The draft's rows (each with ``id``) in output order: the live ones changed as the
    draft says, without those it removes, then the ones it adds. A changed row deleted
    live since stays, in its place: publishing it is refused, and nothing is lost."""
    live = live_values(kind, portfolio_id)
    if stored is None:
        return [{"id": pk} | values for pk, values in live.items()]
    changed = {row["id"]: row for row in stored["changed"] if row["id"] is not None}
    removed = set(stored["removed"])
    kept = [
        changed.get(pk, {"id": pk} | values) for pk, values in live.items() if pk not in removed
    ]
    gone = [row for pk, row in changed.items() if pk not in live]
    added = [row for row in stored["changed"] if row["id"] is None]
    return sorted(kept + gone, key=lambda row: row["id"]) + added


def check(kind: RowKind, listed: list[dict], live: dict[int, dict], *, deleted: bool) -> dict:
    """Problems with the rows a draft is to have, by position: ids not of a live row
    (``deleted``: rows deleted since the draft was saved), repeated ids or unique values,
    files that do not exist (checked for new and changed rows only), too many rows."""
    errors: dict[int, dict[str, list[str]]] = {}

    def add(n: int, field: str, message: str) -> None:
        errors.setdefault(n, {}).setdefault(field, []).append(message)

    seen_ids, seen_values = set(), {field: set() for field in kind.unique}
    for n, row in enumerate(listed):
        pk = row["id"]
        if pk is not None and pk not in live:
            add(n, "id", kind.gone if deleted else f'Invalid pk "{pk}" - object does not exist.')
        elif pk is not None and pk in seen_ids:
            add(n, "id", f'Duplicate id "{pk}".')
        seen_ids.add(pk)
        for field in kind.unique:
            if row[field] in seen_values[field]:
                add(n, field, unique_message(kind.model, field))
            seen_values[field].add(row[field])
        if pk is not None and pk in live and _values(kind, row) == live[pk]:
            continue  # unchanged: whatever it points to is the live row's business
        for field, images_only in kind.media.items():
            if row[field] is not None:
                for message in media_errors([row[field]], images_only=images_only):
                    add(n, field, message)
    if len(listed) > kind.limit:
        noun = "links" if kind is LINKS else "meta entries"
        add(WHOLE_LIST, kind.key, f"A portfolio has at most {kind.limit} {noun}.")
    return errors


def check_stored(kind: RowKind, portfolio_id: int, stored: dict | None) -> dict:
    """Problems publishing the stored changes would meet now, by position in ``rows``."""
    if stored is None:
        return {}
    live = live_values(kind, portfolio_id)
    return check(kind, rows(kind, portfolio_id, stored), live, deleted=True)


def apply(kind: RowKind, portfolio: Portfolio, stored: dict) -> None:
    """Make the live rows what the draft says, through the live write's services; the
    portfolio is locked already. Removed rows go first, so their unique values are free."""
    stmt = select(kind.model).where(kind.model.portfolio_id == portfolio.id)
    live = {row.id: row for row in locking.lock_rows(stmt)}
    order = rows(kind, portfolio.id, stored)
    for pk in stored["removed"]:
        if pk in live:
            db.session.delete(live.pop(pk))
    db.session.flush()
    updates = [row for row in stored["changed"] if row["id"] is not None]
    for row in _in_turn(kind, updates, live):
        _write(kind, order, row, kind.update, live[row["id"]])
    for row in stored["changed"]:
        if row["id"] is None:
            _write(kind, order, row, kind.create, portfolio)


def _write(kind: RowKind, order: list[dict], row: dict, write: Callable, target) -> None:
    """``write`` the row; a rule it breaks (a value taken meanwhile) is reported on it."""
    try:
        write(target, _values(kind, row))
    except ValidationError as exc:
        position = next(n for n, listed in enumerate(order) if listed is row)
        raise RowErrors({}, {kind.key: {position: exc.errors}}) from exc


def _in_turn(kind: RowKind, updates: list[dict], live: dict) -> list[dict]:
    """The updates in an order in which each unique value is free when it is taken (a
    meta entry's key passed on from one entry to another)."""
    if not kind.unique:
        return updates
    held = {getattr(row, field): pk for pk, row in live.items() for field in kind.unique}
    pending, ordered = list(updates), []
    while pending:
        ready = [
            row
            for row in pending
            if all(held.get(row[f]) in (None, row["id"]) for f in kind.unique)
        ] or pending[:1]  # a swap: the update then reports the value taken
        for row in ready:
            pending.remove(row)
            for field in kind.unique:
                held.pop(getattr(live[row["id"]], field), None)
                held[row[field]] = row["id"]
        ordered += ready
    return ordered


def _values(kind: RowKind, row: dict) -> dict:
    return {field: row[field] for field in kind.fields}


def new_actions(before: dict | None, after: dict | None) -> set[str]:
    """What ``after`` (a draft's changes) does that ``before`` did not: ``create``,
    ``update``, ``delete``, the live writes publishing will make for it, whose
    permissions its saver needs (changes already in the draft were someone's before)."""
    before = before or {"changed": [], "removed": []}
    after = after or {"changed": [], "removed": []}
    actions = set()
    for row in after["changed"]:
        if row not in before["changed"]:
            actions.add("create" if row["id"] is None else "update")
    if set(after["removed"]) - set(before["removed"]):
        actions.add("delete")
    return actions
