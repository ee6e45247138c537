"""Setting, using and resetting a user's second factor: TOTP, recovery codes, passkeys.

Each function changes the session's objects and flushes; the request commits.
"""

from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update

from portfolio_admin.auth import two_factor
from portfolio_admin.models import Passkey, RecoveryCode, User
from portfolio_admin.models.base import db, utcnow
from portfolio_admin.services import locking
from portfolio_admin.services.errors import ValidationError


def _locked(user: User) -> User:
    """``user`` locked and reloaded, so two uses of one code take turns."""
    return locking.lock_rows(select(User).where(User.id == user.id))[0]


def has_second_factor(user: User) -> bool:
    """Whether ``user`` has set up TOTP or a passkey."""
    if user.totp_secret:
        return True
    return bool(db.session.scalar(select(func.count()).where(Passkey.user_id == user.id)))


def enable_totp(user: User, secret: str, code: str) -> list[str]:
    """Turn on TOTP with ``secret`` once ``code`` proves the app has it; returns the new
    recovery codes (shown once, stored hashed)."""
    step = two_factor.totp_step(secret, code, None)
    if step is None:
        raise ValidationError({"code": [_("This code is not right. Try the newest one.")]})
    user = _locked(user)
    user.totp_secret = secret
    user.totp_last_step = step
    user.two_factor_stamp = two_factor.new_stamp()
    return replace_recovery_codes(user)


def replace_recovery_codes(user: User) -> list[str]:
    """Ten new recovery codes for ``user``; the old ones stop working."""
    codes = two_factor.new_recovery_codes()
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.add_all(
        RecoveryCode(user_id=user.id, code_hash=two_factor.recovery_code_digest(code))
        for code in codes
    )
    db.session.flush()
    return codes


def unused_recovery_codes(user: User) -> int:
    """How many of ``user``'s recovery codes are left."""
    stmt = select(func.count()).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
    )
    return db.session.scalar(stmt) or 0


def accept_totp_code(user: User, code: str) -> bool:
    """Whether ``code`` is right for ``user`` and not used before; it is then spent."""
    user = _locked(user)
    if not user.totp_secret:
        return False
    step = two_factor.totp_step(user.totp_secret, code, user.totp_last_step)
    if step is None:
        return False
    user.totp_last_step = step
    db.session.flush()
    return True


def accept_recovery_code(user: User, code: str) -> bool:
    """Whether ``code`` is one of ``user``'s unused recovery codes; it is then spent
    (the update's row count decides, so two uses at once cannot both succeed)."""
    spent = db.session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == two_factor.recovery_code_digest(code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return spent.rowcount == 1


def accept_second_factor(user: User, code: str) -> bool:
    """A TOTP code or, failing that, a recovery code."""
    return accept_totp_code(user, code) or accept_recovery_code(user, code)


def disable_totp(user: User, code: str) -> None:
    """Turn TOTP off and drop the recovery codes; a current code (or a recovery code)
    must prove it is the owner asking."""
    if not accept_second_factor(user, code):
        raise ValidationError({"code": [_("This code is not right. Try the newest one.")]})
    _clear(user, passkeys=False)


def reset_second_factor(user: User) -> None:
    """An administrator's reset: TOTP, recovery codes and passkeys all go; the user sets
    up a second factor again at their next sign-in (if the setting requires one)."""
    _clear(_locked(user), passkeys=True)


def renew_recovery_codes(user: User, code: str) -> list[str]:
    """Ten new recovery codes (the old ones stop working), once a current code proves it
    is the owner asking."""
    if not user.totp_secret or not accept_second_factor(user, code):
        raise ValidationError({"code": [_("This code is not right. Try the newest one.")]})
    return replace_recovery_codes(user)


def _clear(user: User, *, passkeys: bool) -> None:
    user.totp_secret = None
    user.totp_last_step = None
    user.two_factor_stamp = two_factor.new_stamp()
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    if passkeys:
        db.session.execute(delete(Passkey).where(Passkey.user_id == user.id))
    db.session.flush()
