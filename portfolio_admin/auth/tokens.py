"""API token checks: who is calling the API and whether they may, in one query per request.

The token, its user, whether the user holds the operation's permission code, and the
content version (for conditional and cached reads) come back in a single round trip,
because every API request pays for this before doing anything else.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import request
from sqlalchemy import bindparam, exists, select, update

from portfolio_admin.activity import Actor, act_as
from portfolio_admin.auth.permissions import may
from portfolio_admin.json_responses import ApiError
from portfolio_admin.models import ApiToken, ContentVersion, User, UserPermission
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
        exists()
        .where(UserPermission.user_id == User.id, UserPermission.code == bindparam("code"))
        .label("holds_code"),
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
    # Plain Core execution: these are rows, not objects, so skip the ORM's bookkeeping.
    row = db.session.connection().execute(ACCESS_QUERY, params).first()
    now = utcnow()
    if row is None or not _usable(row, now):
        raise ApiError(401, "Invalid token.", CHALLENGE)
    if not may(row.is_active, row.is_staff, row.is_admin, row.holds_code):
        raise ApiError(403, "You do not have permission to perform this action.")
    record_use = row.last_used_at is None or now - row.last_used_at > LAST_USED_PRECISION
    if record_use:
        db.session.execute(update(ApiToken).where(ApiToken.id == row.id).values(last_used_at=now))
    act_as(Actor(row.username, "api", row.user_id, row.name))
    return Access(row.id, row.name, row.user_id, row.content_version or 0, record_use)


def _usable(row, now: datetime) -> bool:
    if row.revoked_at is not None or not row.is_active:
        return False
    return row.expires_at is None or row.expires_at > now
