"""What the activity log watches: each resource's fields, ordered lists and label.

A snapshot is read from the database, so it is the same whichever way the object was
changed; comparing the snapshot from before the first flush with the one at commit gives
the changes, however many flushes a service needed on the way.
"""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from portfolio_admin.models import (
    ApiToken,
    ApiTokenScope,
    Employer,
    GalleryImage,
    Link,
    MediaFile,
    MetaEntry,
    Portfolio,
    PortfolioSchedule,
    PortfolioTag,
    Role,
    RolePermission,
    Tag,
    User,
    UserPermission,
    UserRole,
)
from portfolio_admin.models.schedule import FAILED, PENDING, PUBLISH, UNPUBLISH

HIDDEN = "hidden"  # a secret field that changed: its values are not logged


@dataclass(frozen=True)
class ListField:
    """An ordered (or sorted) list of ids kept in a child table."""

    column: object  # the id column listed, e.g. GalleryImage.media_id
    parent: object  # the child's column naming the owner, e.g. GalleryImage.portfolio_id
    order: object  # what orders the list


@dataclass(frozen=True)
class ChildValues:
    """Fields kept in a child table, one row each: the row whose ``keys`` columns hold a
    key of ``fields`` fills that field with its ``value`` (e.g. a portfolio's pending
    publish schedule fills ``publish_at`` with its moment); no row: ``None``."""

    parent: object  # the child's column naming the owner
    keys: tuple  # the columns telling which field a row fills
    value: object
    fields: dict[tuple, str]


@dataclass(frozen=True)
class Tracked:
    """One resource in the log: its model, the columns compared, and how it is named."""

    resource: str
    model: type
    fields: tuple[str, ...]
    label: str
    lists: dict[str, ListField] = field(default_factory=dict)
    children: tuple[ChildValues, ...] = ()
    hidden: tuple[str, ...] = ()  # compared, logged as changed without values
    parent: tuple[str, str] | None = None  # (resource, field): the object it is shown with

    def snapshot(self, connection, pk: int) -> dict | None:
        """The object's logged fields as stored now, or ``None`` when it does not exist."""
        return self.snapshots(connection, [pk]).get(pk)

    def snapshots(self, connection, pks) -> dict[int, dict]:
        """``{id: snapshot}`` of the objects among ``pks`` that exist: one query, and one
        more per list."""
        pks = list(pks)
        if not pks:
            return {}
        columns = [getattr(self.model, name) for name in (*self.fields, *self.hidden)]
        stmt = select(self.model.id, *columns).where(self.model.id.in_(pks))
        found = {}
        for row in connection.execute(stmt):
            data = dict(row._mapping)
            found[data.pop("id")] = {name: _plain(value) for name, value in data.items()}
        for name, spec in self.lists.items():
            for data in found.values():
                data[name] = []
            stmt = (
                select(spec.parent, spec.column)
                .where(spec.parent.in_(found))
                .order_by(spec.parent, spec.order)
            )
            for owner, value in connection.execute(stmt) if found else ():
                found[owner][name].append(value)
        for spec in self.children:
            for data in found.values():
                data.update(dict.fromkeys(spec.fields.values()))
            stmt = select(spec.parent, spec.value, *spec.keys).where(spec.parent.in_(found))
            for owner, value, *keys in connection.execute(stmt) if found else ():
                if name := spec.fields.get(tuple(keys)):
                    found[owner][name] = _plain(value)
        return found

    @property
    def child_fields(self) -> tuple[str, ...]:
        return tuple(name for spec in self.children for name in spec.fields.values())


def _plain(value):
    """A value the JSON column can hold."""
    return value.isoformat() if isinstance(value, datetime) else value


TRACKED = (
    Tracked(
        "portfolio",
        Portfolio,
        fields=(
            "title",
            "slug",
            "excerpt",
            "description",
            "image_id",
            "order",
            "employer_id",
            "is_active",
            "completed_at",
        ),  # fmt: skip
        label="title",
        lists={
            "images": ListField(
                GalleryImage.media_id, GalleryImage.portfolio_id, GalleryImage.position
            ),
            "tags": ListField(
                PortfolioTag.tag_id, PortfolioTag.portfolio_id, PortfolioTag.position
            ),
        },
        # Scheduled publishing and unpublishing: set, changed, cancelled, carried out
        # (gone with the change it made) or failed, by whom and how.
        children=(
            ChildValues(
                PortfolioSchedule.portfolio_id,
                keys=(PortfolioSchedule.action, PortfolioSchedule.status),
                value=PortfolioSchedule.run_at,
                fields={
                    (PUBLISH, PENDING): "publish_at",
                    (UNPUBLISH, PENDING): "unpublish_at",
                    (PUBLISH, FAILED): "publish_failed_at",
                    (UNPUBLISH, FAILED): "unpublish_failed_at",
                },
            ),
        ),
    ),
    Tracked("employer", Employer, fields=("name", "image_id", "description"), label="name"),
    Tracked("tag", Tag, fields=("name", "image_id"), label="name"),
    Tracked(
        "link",
        Link,
        fields=("portfolio_id", "name", "url", "image_id", "description"),
        label="name",
        parent=("portfolio", "portfolio_id"),
    ),
    Tracked(
        "meta",
        MetaEntry,
        fields=("portfolio_id", "key", "value_text", "value_file_id"),
        label="key",
        parent=("portfolio", "portfolio_id"),
    ),
    Tracked("media", MediaFile, fields=("name", "type", "path", "size"), label="name"),
    Tracked(
        "user",
        User,
        fields=("username", "is_active", "is_staff", "is_admin", "language"),
        label="username",
        lists={
            "permissions": ListField(
                UserPermission.code, UserPermission.user_id, UserPermission.code
            ),
            "roles": ListField(UserRole.role_id, UserRole.user_id, UserRole.role_id),
        },
        hidden=("password_hash", "two_factor_stamp"),
    ),
    Tracked(
        "role",
        Role,
        fields=("name",),
        label="name",
        lists={
            "permissions": ListField(
                RolePermission.code, RolePermission.role_id, RolePermission.code
            )
        },
    ),
    Tracked(
        "token",
        ApiToken,
        fields=("user_id", "name", "expires_at", "revoked_at"),
        label="name",
        lists={"scope": ListField(ApiTokenScope.code, ApiTokenScope.token_id, ApiTokenScope.code)},
        parent=("user", "user_id"),
    ),
)
BY_MODEL = {spec.model: spec for spec in TRACKED}
BY_RESOURCE = {spec.resource: spec for spec in TRACKED}
CHILDREN = {
    parent: tuple(spec.resource for spec in TRACKED if spec.parent and spec.parent[0] == parent)
    for parent in BY_RESOURCE
}

# Rows that belong to another tracked object: a change to them is a change to their owner.
OWNED_BY = {
    GalleryImage: (Portfolio, "portfolio_id"),
    PortfolioTag: (Portfolio, "portfolio_id"),
    PortfolioSchedule: (Portfolio, "portfolio_id"),
    UserPermission: (User, "user_id"),
    UserRole: (User, "user_id"),
    RolePermission: (Role, "role_id"),
    ApiTokenScope: (ApiToken, "token_id"),
}


def changes(spec: Tracked, before: dict | None, after: dict | None) -> dict:
    """``{field: [old, new]}`` for each field that differs (hidden ones: ``HIDDEN``)."""
    old, new = before or {}, after or {}
    result = {}
    for name in spec.fields:
        if old.get(name) != new.get(name):
            result[name] = [old.get(name), new.get(name)]
    for name in spec.lists:
        if old.get(name, []) != new.get(name, []):
            result[name] = [old.get(name, []), new.get(name, [])]
    for name in spec.child_fields:
        if old.get(name) != new.get(name):
            result[name] = [old.get(name), new.get(name)]
    for name in spec.hidden:
        if before is not None and after is not None and old.get(name) != new.get(name):
            result[name.removesuffix("_hash")] = HIDDEN
    return result
