"""Signed-in sessions (the admin UI): which user a session belongs to."""

from flask import Flask
from flask.sessions import SecureCookieSessionInterface

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


class CookieSessionsOutsideApi(SecureCookieSessionInterface):
    """The API authenticates every request with a token: it neither reads nor sets the
    signed session cookie (which also spares each API request a signature check)."""

    def open_session(self, app, request):
        if request.path.startswith("/api/"):
            return self.null_session_class()
        return super().open_session(app, request)


def register(app: Flask) -> None:
    """Tell Flask-Login how to find a session's user; keep sessions out of the API."""
    login_manager.user_loader(load_user)
    app.session_interface = CookieSessionsOutsideApi()
