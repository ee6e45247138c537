"""The second sign-in step: after the right password, a code from the authenticator app,
a recovery code or a passkey; throttled like the password."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portfolio_admin.admin import bp
from portfolio_admin.admin.auth import complete_sign_in, pending_sign_in
from portfolio_admin.admin.forms import SecondFactorForm
from portfolio_admin.auth.two_factor import REMEMBER_COOKIE, REMEMBER_DAYS, remember_cookie_value
from portfolio_admin.models.base import db
from portfolio_admin.services import login_attempts, passkeys, two_factor


@bp.route("/login/second-step", methods=["GET", "POST"])
def second_step():
    """Ask for a code (or a passkey) from the user whose password was right."""
    user, note = pending_sign_in()
    if user is None:
        flash(_("Please sign in again."), "error")
        return redirect(url_for("admin.login"))
    form = SecondFactorForm()
    has_passkeys = bool(passkeys.list_passkeys(user))
    page = dict(form=form, has_totp=bool(user.totp_secret), has_passkeys=has_passkeys)
    if not form.validate_on_submit():
        return render_template("admin/two_factor/second_step.html", **page), (
            400 if form.errors else 200
        )

    address = request.remote_addr or "unknown"
    admitted = login_attempts.admit_attempt(user.username, address)
    db.session.commit()  # counted as failed until the code proves right
    if not admitted:
        form.form_errors.append(
            _("Too many failed sign-ins. Please wait a few minutes before trying again.")
        )
        return render_template("admin/two_factor/second_step.html", **page), 429
    if not two_factor.accept_second_factor(user, form.code.data or ""):
        db.session.rollback()
        form.code.errors = [_("This code is not right, or it was used already.")]
        return render_template("admin/two_factor/second_step.html", **page), 400

    response = complete_sign_in(user, bool(note.get("remember")), note.get("next"))
    if form.remember_browser.data:
        remember_browser(response, user)
    return response


def remember_browser(response, user) -> None:
    """Set the signed "remember this browser" cookie on ``response``."""
    config = current_app.config
    response.set_cookie(
        REMEMBER_COOKIE,
        remember_cookie_value(user, config["SECRET_KEY"]),
        max_age=REMEMBER_DAYS * 86400,
        path=url_for("admin.login").rsplit("/", 1)[0] + "/",
        secure=config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
