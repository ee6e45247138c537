"""API tokens: create (the key is returned once), list, find, revoke.

Checking a key on each request is ``auth.tokens``'s job (one query with the permission).
"""

import unicodedata
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portfolio_admin.models import ApiToken, User
from portfolio_admin.models.base import db, utcnow
from portfolio_admin.models.token import generate_key, token_digest
from portfolio_admin.schemas.common import MAX_ID
from portfolio_admin.services.errors import NotFound, ValidationError

NAME_MAX_LENGTH = 100


def create_token(
    user: User, name: str = "default", expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """A new token for ``user`` and its key. Only the digest is stored."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": [_("This field may not be blank.")]})
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError({"name": [_("Use at most %(num)d characters.", num=NAME_MAX_LENGTH)]})
    if any(unicodedata.category(char) == "Cc" for char in name):
        raise ValidationError({"name": [_("Remove the control characters.")]})
    key = generate_key()
    token = ApiToken(
        user=user, name=name, digest=token_digest(key), hint=key[:7], expires_at=expires_at
    )
    db.session.add(token)
    db.session.flush()
    return token, key


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
