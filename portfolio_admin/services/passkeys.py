"""A user's passkeys: added (named), used, removed."""

from flask_babel import gettext as _
from sqlalchemy import select

from portfolio_admin.auth.passkeys import NewCredential
from portfolio_admin.models import Passkey, User
from portfolio_admin.models.base import db, utcnow
from portfolio_admin.services.errors import NotFound, ValidationError
from portfolio_admin.text import control_character_problem

NAME_MAX_LENGTH = 100


def list_passkeys(user: User) -> list[Passkey]:
    """``user``'s passkeys, oldest first."""
    stmt = select(Passkey).where(Passkey.user_id == user.id).order_by(Passkey.id)
    return list(db.session.scalars(stmt))


def find_passkey(credential_id: str) -> Passkey | None:
    """The passkey with this credential id, whoever it belongs to."""
    return db.session.scalar(select(Passkey).where(Passkey.credential_id == credential_id))


def add_passkey(user: User, name: str, credential: NewCredential) -> Passkey:
    """Keep a verified passkey of ``user`` under ``name``."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [_("Give the passkey a name.")]})
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError({"name": [_("Use at most %(num)d characters.", num=NAME_MAX_LENGTH)]})
    if problem := control_character_problem(name):
        raise ValidationError({"name": [problem]})
    if find_passkey(credential.credential_id) is not None:
        raise ValidationError({"credential": [_("This passkey is added already.")]})
    passkey = Passkey(
        user_id=user.id,
        name=name,
        credential_id=credential.credential_id,
        public_key=credential.public_key,
        sign_count=credential.sign_count,
    )
    db.session.add(passkey)
    db.session.flush()
    return passkey


def record_use(passkey: Passkey, sign_count: int) -> None:
    """Note a sign-in with ``passkey`` and its authenticator's new signature count."""
    passkey.sign_count = sign_count
    passkey.last_used_at = utcnow()
    db.session.flush()


def remove_passkey(user: User, pk: int) -> Passkey:
    """Remove ``user``'s passkey ``pk`` (another user's is not found)."""
    passkey = db.session.get(Passkey, pk)
    if passkey is None or passkey.user_id != user.id:
        raise NotFound()
    db.session.delete(passkey)
    db.session.flush()
    return passkey
