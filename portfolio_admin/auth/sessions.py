"""Signed-in sessions (the admin UI): which server-side session, and so which user, a
browser's cookies name.

Flask-Login keeps the session's random key (not the user's id) in the signed session
cookie and, with "Keep me signed in", in the remember cookie. Each request finds the key's
row, so deleting the row (signing out, a new password, a deactivation) ends the session
however many copies of the cookies exist.
"""

from dataclasses import dataclass

from flask import Flask, g, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from portfolio_admin.auth import session_rows
from portfolio_admin.extensions import login_manager
from portfolio_admin.models import User, UserSession
from portfolio_admin.models.base import db, utcnow
from portfolio_admin.models.token import token_digest


@dataclass(frozen=True)
class CurrentSession:
    """The session this request was signed in with (``g.user_session``)."""

    id: int
    remember: bool


def load_user(key: str) -> User | None:
    """The active user of the unexpired session ``key`` names; its use is noted at most
    once a minute."""
    g.pop("user_session", None)
    stmt = (
        select(UserSession, User)
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.digest == token_digest(key))
    )
    found = db.session.execute(stmt).first()
    now = utcnow()
    if found is None:
        return None
    row, user = found
    if row.expires_at <= now or not user.is_active:
        return None
    g.user_session = CurrentSession(row.id, row.remember)
    if now - row.last_seen_at > session_rows.LAST_SEEN_PRECISION:
        session_rows.record_use(row.id, row.remember, now)
    return user


def current_session_id() -> int | None:
    """The id of the session this browser is signed in with, if it is signed in."""
    if not current_user.is_authenticated:
        return None
    current = g.get("user_session")
    return current.id if current else None


def own_session(user: User) -> int | None:
    """This browser's session when it is signed in as ``user``, else ``None``."""
    if current_user.is_authenticated and current_user.id == user.id:
        return current_session_id()
    return None


def _hand_key_to_browser(user: User, key: str, remember: bool) -> None:
    login_user(user, remember=remember)
    # Flask-Login hands this value to the user loader and writes it in the remember
    # cookie; it is the session's key rather than the user's id.
    session["_user_id"] = key


def sign_in(user: User, remember: bool) -> None:
    """Start a session of ``user`` in this browser and set its cookies (the caller
    commits). The browser's earlier session ends, and expired ones, anyone's, are
    forgotten on the way."""
    session_rows.delete_expired()
    if (replaced := current_session_id()) is not None:
        session_rows.end_session(replaced)
    row, key = session_rows.start_session(
        user,
        remember=remember,
        user_agent=request.user_agent.string,
        address=request.remote_addr or "",
    )
    _hand_key_to_browser(user, key, remember)
    g.user_session = CurrentSession(row.id, remember)


def renew_key() -> None:
    """Give this browser's session a new key and cookies, so copies of the old ones stop
    working (after a password change that kept this session)."""
    current = g.get("user_session")
    row = db.session.get(UserSession, current.id) if current else None
    if row is not None:
        user = current_user._get_current_object()
        _hand_key_to_browser(user, session_rows.renew_key(row), row.remember)


def sign_out() -> None:
    """End this browser's session: its row is deleted and its cookies cleared (the
    caller commits)."""
    session_id = current_session_id()
    if session_id is not None:
        session_rows.end_session(session_id)
    logout_user()
    g.pop("user_session", None)


class CookieSessionsOutsideApi(SecureCookieSessionInterface):
    """The API authenticates every request with a token: it neither reads nor sets the
    signed session cookie (which also spares each API request a signature check)."""

    def open_session(self, app, request):
        if request.path.startswith("/api/"):
            return self.null_session_class()
        if not request.environ.get("HTTP_COOKIE"):  # a new, empty session: nothing to read
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app, session, response):
        """Flask's, without working out the cookie's settings for a session that sets
        and clears no cookie (health checks, most pages for anonymous browsers)."""
        if not session and not session.modified:
            if session.accessed:
                response.vary.add("Cookie")
            return
        super().save_session(app, session, response)

    def get_signing_serializer(self, app):
        """Flask's serializer, made once per set of keys instead of on every request
        (making it was a sixth of what a health check cost)."""
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        cached = app.extensions.get("session_serializer")
        if cached is None or cached[0] != keys:
            cached = app.extensions["session_serializer"] = (
                keys, super().get_signing_serializer(app)
            )  # fmt: skip
        return cached[1]


def register(app: Flask) -> None:
    """Tell Flask-Login how to find a session's user; keep sessions out of the API."""
    login_manager.user_loader(load_user)
    app.session_interface = CookieSessionsOutsideApi()
