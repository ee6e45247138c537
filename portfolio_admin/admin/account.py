"""The signed-in user's own account: what they may do, their password and their sessions."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portfolio_admin.admin import bp
from portfolio_admin.admin.forms import ChangePasswordForm
from portfolio_admin.admin.helpers import write_form
from portfolio_admin.auth import session_rows, sessions
from portfolio_admin.services import users


@bp.get("/account/")
def account():
    """My account: role, permission codes, last sign-in, password, and where I am signed in."""
    return _account_page(ChangePasswordForm())


@bp.post("/account/password")
def account_password():
    """Change one's own password: the current one must be right and the new one strong.
    The other sessions end; this one goes on with a new key."""
    form = ChangePasswordForm()
    user = current_user._get_current_object()

    def change():
        users.change_own_password(
            user,
            form.current_password.data or "",
            form.password.data or "",
            keep_session=sessions.current_session_id(),
        )
        sessions.renew_key()

    if form.validate_on_submit() and write_form(form, change):
        flash(_("Your password has been changed. Other sessions have been signed out."), "success")
        return redirect(url_for("admin.account"))
    return _account_page(form), 400


def _account_page(form):
    return render_template(
        "admin/account/index.html",
        form=form,
        sessions=session_rows.list_sessions(current_user),
        current_session=sessions.current_session_id(),
    )
