"""Signed-in sessions (the admin UI): which user a session belongs to."""

from flask import Flask

from portfolio_admin.extensions import login_manager
from portfolio_admin.models import User
from portfolio_admin.models.base import db


def load_user(session_id: str) -> User | None:
    """The active user a session id names, if its stamp still matches.

    The stamp changes with the password and on deactivation, ending older sessions.
    """
    user_id, _, stamp = session_id.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active or user.auth_stamp != stamp:
        return None
    return user


def register(app: Flask) -> None:
    """Tell Flask-Login how to find a session's user."""
    login_manager.user_loader(load_user)
