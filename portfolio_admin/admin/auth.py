"""Signing in and out of the admin: the password step, then (for a user with a second
factor, in a browser not remembered) the second step in ``two_factor_sign_in``."""

import time
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portfolio_admin.admin import bp
from portfolio_admin.admin.forms import ConfirmForm, LoginForm
from portfolio_admin.auth.passwords import password_matches
from portfolio_admin.auth.permissions import may_use_admin
from portfolio_admin.auth.sessions import sign_in, sign_out
from portfolio_admin.auth.two_factor import REMEMBER_COOKIE, browser_remembered, sign_in_stamp
from portfolio_admin.models import User
from portfolio_admin.models.base import db, utcnow
from portfolio_admin.services import login_attempts
from portfolio_admin.services.two_factor import has_second_factor
from portfolio_admin.services.users import get_user_by_username

# The signed session's note that the password was right and the second step is due; no
# one is signed in until it is taken, and it lapses after this many seconds.
PENDING = "second_factor_pending"
PENDING_SECONDS = 600


def safe_next(target: str | None) -> str | None:
    """``target`` when it is a path on this site; ``None`` for anything that could leave it."""
    if not target:
        return None
    normalised = target.replace("\\", "/")
    parts = urlsplit(normalised)
    if parts.scheme or parts.netloc or not normalised.startswith("/"):
        return None
    if normalised.startswith("//") or any(ord(c) < 32 for c in target):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    """The sign-in form; repeated failures per account or address are refused for a while."""
    next_url = safe_next(request.args.get("next"))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(next_url or url_for("admin.dashboard"))
    form = LoginForm()
    if not form.validate_on_submit():
        page = render_template("admin/login.html", form=form, next_url=next_url)
        return page, 400 if form.errors else 200

    username = (form.username.data or "").strip()
    address = request.remote_addr or "unknown"
    admitted = login_attempts.admit_attempt(username, address)
    db.session.commit()  # counted as failed until the password proves right
    if not admitted:
        form.form_errors.append(
            _("Too many failed sign-ins. Please wait a few minutes before trying again.")
        )
        return render_template("admin/login.html", form=form, next_url=next_url), 429

    user = get_user_by_username(username)
    if not password_matches(user, form.password.data or "") or not may_use_admin(user):
        form.form_errors.append(
            _(
                "Please enter the username and password of an active staff account. "
                "Both fields may be case-sensitive."
            )
        )
        return render_template("admin/login.html", form=form, next_url=next_url), 200

    remember = bool(form.remember.data)
    remembered = browser_remembered(
        user, request.cookies.get(REMEMBER_COOKIE), current_app.config["SECRET_KEY"]
    )
    if has_second_factor(user) and not remembered:
        # The attempt stays counted as failed until the second step succeeds, so a
        # known password does not buy fresh guesses at the code.
        return ask_second_factor(user, remember, next_url)
    return complete_sign_in(user, remember, next_url)


def ask_second_factor(user: User, remember: bool, next_url: str | None):
    """Note in the signed session that ``user``'s password was right, and go to the
    second step."""
    session[PENDING] = {
        "user": user.id,
        "since": int(time.time()),
        "remember": remember,
        "next": next_url,
        "stamp": sign_in_stamp(user),
    }
    return redirect(url_for("admin.second_step"))


def pending_sign_in() -> tuple[User, dict] | tuple[None, None]:
    """The user whose second step is due in this browser, and the note, unless it lapsed
    or the user may no longer sign in."""
    note = session.get(PENDING)
    if not isinstance(note, dict) or time.time() - note.get("since", 0) > PENDING_SECONDS:
        session.pop(PENDING, None)
        return None, None
    user = db.session.get(User, note.get("user") or 0)
    if not may_use_admin(user) or note.get("stamp") != sign_in_stamp(user):
        return None, None  # gone, or their password or second factor changed since
    return user, note


def start_session(user: User, remember: bool, next_url: str | None) -> str:
    """Sign ``user`` in (every step they needed was right) and commit; returns where
    to go next."""
    session.pop(PENDING, None)
    login_attempts.forget_failures(user.username)
    user.last_login_at = utcnow()
    sign_in(user, remember=remember)
    db.session.commit()
    flash(_("Welcome, %(name)s.", name=user.username), "success")
    return safe_next(next_url) or url_for("admin.dashboard")


def complete_sign_in(user: User, remember: bool, next_url: str | None):
    """``start_session`` and go there."""
    return redirect(start_session(user, remember, next_url))


@bp.post("/logout")
def logout():
    """Sign out, ending the session on the server too (POST only, so a link or an image
    elsewhere cannot sign anyone out)."""
    form = ConfirmForm()
    if form.validate_on_submit():
        sign_out()
        db.session.commit()
        flash(_("You have been signed out."), "success")
    return redirect(url_for("admin.login"))
