"""Create and change staff accounts."""

from flask import current_app
from sqlalchemy import select

from portfolio_admin.models import User
from portfolio_admin.models.base import db
from portfolio_admin.models.user import new_auth_stamp
from portfolio_admin.services.errors import ValidationError
from portfolio_admin.services.fields import assign


def get_user_by_username(username: str) -> User | None:
    """The user with this username, if any."""
    return db.session.scalar(select(User).where(User.username == username))


def create_user(
    username: str,
    password: str,
    *,
    is_staff: bool = False,
    is_admin: bool = False,
    permissions=(),
) -> User:
    """A new active user with a hashed password and the given permission codes."""
    if not password:
        raise ValidationError({"password": ["This field may not be blank."]})
    user = User(is_active=True)
    set_password(user, password)
    user.set_permissions(permissions)
    return assign(
        user,
        {"username": username, "is_staff": is_staff or is_admin, "is_admin": is_admin},
        unique=("username",),
    )


def set_password(user: User, password: str) -> None:
    """Hash and store a new password; the user's existing sessions end."""
    user.set_password(password, current_app.config["PASSWORD_HASH_METHOD"])


def set_active(user: User, active: bool) -> None:
    """Activate or deactivate a user; deactivation ends their sessions at once."""
    user.is_active = active
    if not active:
        user.auth_stamp = new_auth_stamp()
    db.session.flush()
