"""Create and change staff accounts, keeping at least one active admin."""

import re

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from portfolio_admin.auth.passwords import password_matches, password_problems, store_password
from portfolio_admin.auth.session_rows import end_sessions
from portfolio_admin.models import User
from portfolio_admin.models.base import db
from portfolio_admin.schemas.common import NON_FIELD
from portfolio_admin.services import locking
from portfolio_admin.services.errors import NotFound, ValidationError
from portfolio_admin.services.integrity import assign
from portfolio_admin.services.roles import keep_roles

USERNAME_MAX_LENGTH = 150
# Letters of any script and digits, as Django allows: no spaces or control characters.
USERNAME_PATTERN = re.compile(r"[\w.@+-]+")


def get_user_by_username(username: str) -> User | None:
    """The user with this username, if any."""
    return db.session.scalar(select(User).where(User.username == username))


def _username_problems(username: str) -> list[str]:
    if not username.strip():
        return [_("This field may not be blank.")]
    if len(username) > USERNAME_MAX_LENGTH:
        return [_("Use at most %(num)d characters.", num=USERNAME_MAX_LENGTH)]
    if not USERNAME_PATTERN.fullmatch(username):
        return [_("Use only letters, digits and the characters @ . + - _")]
    return []


def create_user(
    username: str,
    password: str,
    *,
    is_staff: bool = False,
    is_admin: bool = False,
    permissions=(),
    roles=(),
) -> User:
    """A new active user with a strong enough hashed password, the given codes and the
    roles with the given ids."""
    username = username.strip()
    errors = {
        field: problems
        for field, problems in (
            ("username", _username_problems(username)),
            ("password", password_problems(password, username)),
        )
        if problems
    }
    if errors:
        raise ValidationError(errors)
    user = User(is_active=True, roles=keep_roles(roles))
    store_password(user, password)
    user.set_permissions(permissions)
    return assign(
        user,
        {"username": username, "is_staff": is_staff or is_admin, "is_admin": is_admin},
        unique=("username",),
    )


def update_user(user: User, data: dict, *, by: User | None = None) -> User:
    """Change ``username``, ``is_staff``, ``is_admin``, ``permissions`` (codes) and
    ``roles`` (ids).

    Nobody removes their own admin rights (``by`` is who asks), and the last active
    admin stays one, so the admin can never lock everyone out.
    """
    data = dict(data)
    role_ids = data.pop("roles", None)
    roles = keep_roles(role_ids) if role_ids is not None else None
    _lock_with_admins(user)
    codes = data.pop("permissions", None)
    errors = {}
    if "username" in data:
        data["username"] = data["username"].strip()
        if problems := _username_problems(data["username"]):
            errors["username"] = problems
    demoted = user.is_admin and not data.get("is_admin", True)
    if demoted and (problem := _lockout_problem(user, by)):
        errors["is_admin"] = [problem]
    if errors:
        raise ValidationError(errors)
    if data.get("is_admin"):
        data["is_staff"] = True
    assign(user, data, unique=("username",))
    if codes is not None:
        user.set_permissions(codes)
    if roles is not None:
        user.roles = roles
    db.session.flush()
    return user


def _lock_with_admins(user: User) -> None:
    """Lock ``user`` and every active admin (as committed last), so the last-admin rule is
    checked on what is stored and stays true until this transaction commits: two admins
    demoting each other at once take turns, and the second finds the last admin."""
    active_admin = User.is_admin.is_(True) & User.is_active.is_(True)
    locked = locking.lock_rows(select(User).where(or_(active_admin, User.id == user.id)))
    if user not in locked:
        raise NotFound()


def _lockout_problem(user: User, by: User | None) -> str | None:
    """Why ``user`` may not lose admin rights or be deactivated, if they may not."""
    if by is not None and by.id == user.id:
        return _("You cannot remove your own access; ask another administrator.")
    if user.is_admin and user.is_active and _other_active_admins(user) == 0:
        return _("This is the last active administrator; make someone else one first.")
    return None


def _other_active_admins(user: User) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.is_admin.is_(True), User.is_active.is_(True), User.id != user.id)
    )


def set_password(user: User, password: str, *, keep_session: int | None = None) -> None:
    """Store a new password after checking its strength; the user's sessions end, but
    for ``keep_session`` (the one changing it)."""
    if problems := password_problems(password, user.username):
        raise ValidationError({"password": problems})
    store_password(user, password)
    end_sessions(user, keep=keep_session)
    db.session.flush()


def change_own_password(
    user: User, current_password: str, new_password: str, *, keep_session: int | None = None
) -> None:
    """A user's own change: the current password must be right and the new one strong.
    Their other sessions end (all but ``keep_session``)."""
    errors = {}
    if not password_matches(user, current_password or ""):
        errors["current_password"] = [_("This is not your current password.")]
    if problems := password_problems(new_password, user.username):
        errors["password"] = problems
    if errors:
        raise ValidationError(errors)
    store_password(user, new_password)
    end_sessions(user, keep=keep_session)
    db.session.flush()


def set_active(user: User, active: bool, *, by: User | None = None) -> None:
    """Activate or deactivate a user; deactivation ends their sessions and stops their
    tokens at once. Nobody deactivates themselves or the last active admin."""
    _lock_with_admins(user)
    if not active and (problem := _lockout_problem(user, by)):
        raise ValidationError({NON_FIELD: [problem]})
    user.is_active = active
    if not active:
        end_sessions(user)
    db.session.flush()
