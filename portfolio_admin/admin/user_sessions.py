"""Where one is signed in: each user ends their own sessions from My account, and
administrators end all of a user's from the user's page."""

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from ua_parser import parse as parse_user_agent

from portfolio_admin.admin import bp
from portfolio_admin.admin.forms import ConfirmForm
from portfolio_admin.admin.helpers import get_or_404, require_admin
from portfolio_admin.auth import session_rows, sessions
from portfolio_admin.i18n import number
from portfolio_admin.models import User
from portfolio_admin.models.base import db


@bp.app_template_filter()
def browser_summary(user_agent: str) -> str:
    """A ``User-Agent`` as a person reads it: ``Firefox 128 on Windows 10``."""
    parsed = parse_user_agent(user_agent or "")
    browser = _named(parsed.user_agent)
    system = _named(parsed.os)
    if browser and system:
        return _("%(browser)s on %(system)s", browser=browser, system=system)
    return browser or system or _("Unknown browser")


def _named(part) -> str:
    """``Firefox 128`` from a parsed browser or system; ``""`` when unknown."""
    if part is None or part.family == "Other":
        return ""
    return f"{part.family} {part.major}" if part.major else part.family


@bp.post("/account/sessions/<int:pk>/end")
def account_session_end(pk: int):
    """Sign one of my browsers out (this one: the same as signing out)."""
    row = session_rows.find_session(pk, owner=current_user)
    if row is None:
        abort(404)
    if ConfirmForm().validate_on_submit():
        if row.id == sessions.current_session_id():
            sessions.sign_out()
            db.session.commit()
            flash(_("You have been signed out."), "success")
            return redirect(url_for("admin.login"))
        session_rows.end_session(row.id)
        db.session.commit()
        flash(_("That session has been signed out."), "success")
    return redirect(url_for("admin.account", _anchor="sessions-heading"))


@bp.post("/account/sessions/end-others")
def account_sessions_end_others():
    """Sign out every browser of mine but this one."""
    if ConfirmForm().validate_on_submit():
        ended = session_rows.end_sessions(current_user, keep=sessions.current_session_id())
        db.session.commit()
        message = ngettext(
            "%(count)s other session signed out.",
            "%(count)s other sessions signed out.",
            ended,
            count=number(ended),
        )
        flash(message, "success")
    return redirect(url_for("admin.account", _anchor="sessions-heading"))


@bp.post("/users/<int:pk>/sessions/end")
def user_sessions_end(pk: int):
    """An administrator signs a user out everywhere (themselves included, if it is them)."""
    require_admin()
    user = get_or_404(User, pk)
    if ConfirmForm().validate_on_submit():
        ended = session_rows.end_sessions(user)
        db.session.commit()
        message = ngettext(
            "“%(name)s” was signed out of %(count)s session.",
            "“%(name)s” was signed out of %(count)s sessions.",
            ended,
            name=user.username,
            count=number(ended),
        )
        flash(message, "success")
    return redirect(url_for("admin.user_edit", pk=pk, _anchor="sessions-heading"))
