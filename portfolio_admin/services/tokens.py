"""API tokens: create (the key is returned once), list, find, revoke.

A token may be limited to some of its user's codes (its scope) and may expire. Checking a
key on each request is ``auth.tokens``'s job (one query with the permission and scope).
"""

import unicodedata
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portfolio_admin.auth.permissions import ALL_CODES
from portfolio_admin.models import ApiToken, ApiTokenScope, User
from portfolio_admin.models.base import db, utcnow
from portfolio_admin.models.token import generate_key, token_digest
from portfolio_admin.schemas.common import MAX_ID
from portfolio_admin.services.errors import NotFound, ValidationError

NAME_MAX_LENGTH = 100


def create_token(
    user: User,
    name: str = "default",
    expires_at: datetime | None = None,
    scope=None,
) -> tuple[ApiToken, str]:
    """A new token for ``user`` and its key. Only the digest is stored.

    ``scope`` (codes) limits it to some of the codes ``user`` holds now; ``None`` or empty
    means all of them, whatever they become. ``expires_at`` must be in the future."""
    name = name.strip()
    errors = {}
    if not name:
        errors["name"] = [_("This field may not be blank.")]
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = [_("Use at most %(num)d characters.", num=NAME_MAX_LENGTH)]
    elif any(unicodedata.category(char) == "Cc" for char in name):
        errors["name"] = [_("Remove the control characters.")]
    if expires_at is not None and expires_at <= utcnow():
        errors["expires_at"] = [_("Choose a moment in the future.")]
    if problem := scope_problem(user, scope or ()):
        errors["scope"] = [problem]
    if errors:
        raise ValidationError(errors)
    key = generate_key()
    token = ApiToken(
        user=user,
        name=name,
        digest=token_digest(key),
        hint=key[:7],
        expires_at=expires_at,
        scope_rows=[ApiTokenScope(code=code) for code in sorted(set(scope or ()))],
    )
    db.session.add(token)
    db.session.flush()
    return token, key


def scope_problem(user: User, scope) -> str | None:
    """Why ``scope`` can't limit a token of ``user``, if it can't: each code must be one
    the user holds now (an administrator holds every code)."""
    for code in sorted(set(scope)):
        if code not in ALL_CODES:
            return _("Unknown permission code %(code)s.", code=code)
        if not user.is_admin and code not in user.permissions:
            return _("The user does not hold permission %(code)s.", code=code)
    return None


def list_tokens(user: User | None = None) -> list[ApiToken]:
    """The user's tokens (everyone's when ``user`` is ``None``), newest first, revoked
    ones included."""
    stmt = select(ApiToken).options(joinedload(ApiToken.user)).order_by(ApiToken.id.desc())
    if user is not None:
        stmt = stmt.where(ApiToken.user_id == user.id)
    return list(db.session.scalars(stmt))


def get_token(token_id: int, owner: User | None = None) -> ApiToken:
    """The token ``token_id``, which must belong to ``owner`` when one is given.

    Someone else's token is ``NotFound`` too, so ids do not reveal other users' tokens.
    """
    token = db.session.get(ApiToken, token_id) if 0 < token_id <= MAX_ID else None
    if token is None or (owner is not None and token.user_id != owner.id):
        raise NotFound
    return token


def revoke_token(token: ApiToken) -> None:
    """Stop a token from working; it stays listed as revoked."""
    if token.revoked_at is None:
        token.revoked_at = utcnow()
    db.session.flush()
