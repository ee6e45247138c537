"""API tokens: create (the key is returned once), list, revoke.

Checking a key on each request is ``api.access``'s job (one query with the permission).
"""

from datetime import timedelta

from sqlalchemy import select

from portfolio_admin.models import ApiToken, User
from portfolio_admin.models.base import db, utcnow
from portfolio_admin.models.token import generate_key, token_digest

# Recording every use would turn each read into a write; a minute's precision is enough.
LAST_USED_PRECISION = timedelta(minutes=1)


def create_token(user: User, name: str = "default") -> tuple[ApiToken, str]:
    """A new token for ``user`` and its key. Only the digest is stored."""
    key = generate_key()
    token = ApiToken(user=user, name=name, digest=token_digest(key), hint=key[:7])
    db.session.add(token)
    db.session.flush()
    return token, key


def list_tokens(user: User) -> list[ApiToken]:
    """The user's tokens, newest first, revoked ones included."""
    return list(
        db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
        )
    )


def revoke_token(token: ApiToken) -> None:
    """Stop a token from working; it stays listed as revoked."""
    if token.revoked_at is None:
        token.revoked_at = utcnow()
    db.session.flush()
