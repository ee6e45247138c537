"""API token checks: who is calling the API and whether they may, in one query per request.

The token, its user, whether the user holds the operation's permission code (their own
or through a role), whether the token's scope allows it, and the content version (for
conditional and cached reads) come back in a single round trip, because every API request
pays for this before doing anything else. Nothing of it is cached between requests: a
changed role, scope, revocation or deactivation counts from the very next request.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, request
from sqlalchemy import bindparam, exists, not_, or_, select, update

from portfolio_admin.activity import Actor, act_as
from portfolio_admin.auth.permissions import may
from portfolio_admin.json_responses import ApiError
from portfolio_admin.models import (
    ApiToken,
    ApiTokenScope,
    ContentVersion,
    RolePermission,
    User,
    UserPermission,
    user_roles,
)
from portfolio_admin.models.base import db, utcnow
from portfolio_admin.models.token import token_digest

CHALLENGE = {"WWW-Authenticate": "Token"}
# Recording every use would turn each read into a write; a minute's precision is enough.
LAST_USED_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class Access:
    """An authenticated caller allowed to run the current operation."""

    token_id: int
    token_name: str
    user_id: int
    content_version: int
    recorded_use: bool


def _key_from_header() -> str:
    header = request.headers.get("Authorization", "")
    if not header:
        raise ApiError(401, "Authentication credentials were not provided.", CHALLENGE)
    parts = header.split()
    if len(parts) != 2 or parts[0].lower() != "token":
        raise ApiError(401, "Invalid token header. Expected 'Token <key>'.", CHALLENGE)
    return parts[1]


CODE = bindparam("code")
# The user holds the code: given to them, or granted by one of their roles.
HOLDS_CODE = or_(
    exists().where(UserPermission.user_id == User.id, UserPermission.code == CODE),
    exists().where(
        user_roles.c.user_id == User.id,
        RolePermission.role_id == user_roles.c.role_id,
        RolePermission.code == CODE,
    ),
)
# The token may use the code: it has no scope (all its user's codes), or the code is in it.
IN_SCOPE = or_(
    not_(exists().where(ApiTokenScope.token_id == ApiToken.id)),
    exists().where(ApiTokenScope.token_id == ApiToken.id, ApiTokenScope.code == CODE),
)

# Built once: constructing a statement costs more than running this one.
ACCESS_QUERY = (
    select(
        ApiToken.id,
        ApiToken.name,
        ApiToken.revoked_at,
        ApiToken.expires_at,
        ApiToken.last_used_at,
        User.id.label("user_id"),
        User.username,
        User.is_active,
        User.is_staff,
        User.is_admin,
        HOLDS_CODE.label("holds_code"),
        IN_SCOPE.label("in_scope"),
        select(ContentVersion.version)
        .where(ContentVersion.id == 1)
        .scalar_subquery()
        .label("content_version"),
    )
    .join(User, User.id == ApiToken.user_id)
    .where(ApiToken.digest == bindparam("digest"))
)


def authorize(permission: int) -> Access:
    """The caller's access; 401 for a missing or unusable token, 403 without permission.

    The caller becomes the activity log's and the request log's actor."""
    params = {"digest": token_digest(_key_from_header()), "code": permission}
    row = _access_row(params)
    now = utcnow()
    if row is None or not _usable(row, now):
        raise ApiError(401, "Invalid token.", CHALLENGE)
    if not (row.in_scope and may(row.is_active, row.is_staff, row.is_admin, row.holds_code)):
        raise ApiError(403, "You do not have permission to perform this action.")
    record_use = row.last_used_at is None or now - row.last_used_at > LAST_USED_PRECISION
    if record_use:
        db.session.execute(update(ApiToken).where(ApiToken.id == row.id).values(last_used_at=now))
    act_as(Actor(row.username, "api", row.user_id, row.name))
    return Access(row.id, row.name, row.user_id, row.content_version or 0, record_use)


def _access_row(params: dict):
    """``ACCESS_QUERY``'s row, as plain Core (rows, not objects: no ORM bookkeeping).

    Outside a transaction it is one round trip on the reads engine's autocommit
    connection (``database.reads_engine``); a session already in a transaction (a
    command's, a test's) is asked instead, so the check sees what it wrote."""
    # (``has``: the request makes no session of its own only to ask it.)
    if db.session.registry.has() and db.session().in_transaction():
        return db.session.connection().execute(ACCESS_QUERY, params).first()
    with current_app.extensions["reads_engine"].connect() as connection:
        return connection.execute(ACCESS_QUERY, params).first()


def _usable(row, now: datetime) -> bool:
    if row.revoked_at is not None or not row.is_active:
        return False
    return row.expires_at is None or row.expires_at > now
