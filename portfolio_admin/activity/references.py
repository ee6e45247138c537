"""Fields that hold other objects' ids, and the names those objects had.

An entry stores a reference field's change as ``[old, new, {id: name}]``, the names read
when it was recorded, so renaming or deleting the object later does not rewrite history.
"""

from collections import defaultdict

from sqlalchemy import select

from portfolio_admin.activity.tracked import BY_RESOURCE

# field -> the resource its ids point at
REFERENCES = {
    "image_id": "media",
    "images": "media",
    "value_file_id": "media",
    "employer_id": "employer",
    "tags": "tag",
    "portfolio_id": "portfolio",
    "user_id": "user",
    "roles": "role",
}


def ids_in(value) -> list[int]:
    """The ids a field's value holds: one, none or a list."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def wanted(changes: dict) -> dict[str, set[int]]:
    """``{resource: ids}`` referred to by a change's reference fields, old and new."""
    result = defaultdict(set)
    for name, change in changes.items():
        if name in REFERENCES and isinstance(change, list):
            result[REFERENCES[name]].update(ids_in(change[0]), ids_in(change[1]))
    return result


def current_names(connection, ids: dict[str, set[int]]) -> dict[str, dict[int, str]]:
    """``{resource: {id: name}}`` as stored now: one query per resource asked about."""
    names = {}
    for resource, pks in ids.items():
        if not pks:
            continue
        spec = BY_RESOURCE[resource]
        label = getattr(spec.model, spec.label)
        stmt = select(spec.model.id, label).where(spec.model.id.in_(pks))
        names[resource] = {pk: str(name) for pk, name in connection.execute(stmt)}
    return names


def with_names(changes: dict, names: dict[str, dict[int, str]]) -> dict:
    """``changes`` with the names of the ids each reference field holds appended."""
    for name, change in changes.items():
        if name in REFERENCES and isinstance(change, list):
            known = names.get(REFERENCES[name], {})
            ids = {*ids_in(change[0]), *ids_in(change[1])}
            change.append({str(pk): known[pk] for pk in sorted(ids) if pk in known})
    return changes
