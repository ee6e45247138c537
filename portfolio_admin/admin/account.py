"""The signed-in user's own account: what they may do, and changing their password."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from portfolio_admin.admin import bp
from portfolio_admin.admin.forms import ChangePasswordForm
from portfolio_admin.admin.helpers import write_form
from portfolio_admin.models import User
from portfolio_admin.services import users


def keep_signed_in(user: User) -> None:
    """After ``user``'s password changed, keep this browser signed in if it is theirs.

    A new password ends every session of the user (the session id carries their
    ``auth_stamp``); the one that changed it renews its id instead.
    """
    if current_user.is_authenticated and current_user.id == user.id:
        cookie = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
        login_user(user, remember=cookie in request.cookies)


@bp.get("/account/")
def account():
    """My account: role, permission codes, last sign-in, links to password and tokens."""
    return _account_page(ChangePasswordForm())


@bp.post("/account/password")
def account_password():
    """Change one's own password: the current one must be right and the new one strong."""
    form = ChangePasswordForm()
    user = current_user._get_current_object()
    if form.validate_on_submit() and write_form(
        form,
        lambda: users.change_own_password(
            user, form.current_password.data or "", form.password.data or ""
        ),
    ):
        keep_signed_in(user)
        flash(_("Your password has been changed. Other sessions have been signed out."), "success")
        return redirect(url_for("admin.account"))
    return _account_page(form), 400


def _account_page(form):
    return render_template("admin/account/index.html", form=form)
