"""Signing in and out of the admin."""

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.security import check_password_hash, generate_password_hash

from portfolio_admin.admin import bp
from portfolio_admin.admin.forms import ConfirmForm, LoginForm
from portfolio_admin.models.base import db, utcnow
from portfolio_admin.services import login_attempts
from portfolio_admin.services.users import get_user_by_username

# Checked against when the username is unknown, so a wrong name takes as long as a
# wrong password and does not reveal which accounts exist.
_decoy_hashes: dict[str, str] = {}


def _password_matches(user, password: str) -> bool:
    if user is not None:
        return user.check_password(password)
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in _decoy_hashes:
        _decoy_hashes[method] = generate_password_hash("decoy", method=method)
    check_password_hash(_decoy_hashes[method], password)
    return False


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


def _may_sign_in(user) -> bool:
    return user is not None and user.is_active and (user.is_staff or user.is_admin)


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
    if login_attempts.is_throttled(username, address):
        form.form_errors.append(
            _("Too many failed sign-ins. Please wait a few minutes before trying again.")
        )
        return render_template("admin/login.html", form=form, next_url=next_url), 429

    user = get_user_by_username(username)
    if not _password_matches(user, form.password.data or "") or not _may_sign_in(user):
        login_attempts.record_failure(username, address)
        db.session.commit()
        form.form_errors.append(
            _(
                "Please enter the username and password of an active staff account. "
                "Both fields may be case-sensitive."
            )
        )
        return render_template("admin/login.html", form=form, next_url=next_url), 200

    login_attempts.forget_failures(username)
    user.last_login_at = utcnow()
    db.session.commit()
    login_user(user, remember=bool(form.remember.data))
    flash(_("Welcome, %(name)s.", name=user.username), "success")
    return redirect(next_url or url_for("admin.dashboard"))


@bp.post("/logout")
def logout():
    """Sign out (POST only, so a link or an image elsewhere cannot sign anyone out)."""
    form = ConfirmForm()
    if form.validate_on_submit():
        logout_user()
        flash(_("You have been signed out."), "success")
    return redirect(url_for("admin.login"))
