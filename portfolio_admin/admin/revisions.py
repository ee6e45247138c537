"""A portfolio's History: its revisions, two of them compared, and restoring one."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portfolio_admin.admin import bp
from portfolio_admin.admin.forms import ConfirmForm
from portfolio_admin.admin.helpers import get_or_404, paginate, require, typed_number
from portfolio_admin.admin.revision_compare import compare, summary_text
from portfolio_admin.auth.permissions import PORTFOLIO
from portfolio_admin.i18n import local_datetime
from portfolio_admin.models import Portfolio, PortfolioRevision
from portfolio_admin.models.base import db
from portfolio_admin.services import revisions
from portfolio_admin.services.errors import NotFound, ValidationError

VIA = {
    "admin": _l("admin"),
    "api": _l("API"),
    "cli": _l("command line"),
    "schedule": _l("schedule"),
}
LEFT_OUT = {
    "image": _l("cover image"),
    "gallery image": _l("gallery image"),
    "link image": _l("link image"),
    "meta file": _l("meta file"),
    "employer": _l("employer"),
    "tag": _l("tag"),
}


def _revision(pk: int, rid: int | None) -> PortfolioRevision:
    try:
        return revisions.get_revision(pk, rid or 0)
    except NotFound:
        abort(404)


def _left_out(items) -> list[str]:
    return [f"{name} ({LEFT_OUT[kind]})" for kind, name in items]


@bp.get("/portfolios/<int:pk>/history/")
def portfolio_history(pk: int):
    """The portfolio's revisions, newest first; choose two to compare, or one to restore."""
    require(PORTFOLIO.retrieve)
    portfolio = get_or_404(Portfolio, pk)
    stmt = db.select(PortfolioRevision).where(PortfolioRevision.portfolio_id == pk)
    page = paginate(stmt.order_by(PortfolioRevision.id.desc()))
    return render_template(
        "admin/revisions/list.html", portfolio=portfolio, page=page, via=VIA, summary=summary_text
    )


@bp.get("/portfolios/<int:pk>/history/compare")
def portfolio_compare(pk: int):
    """Two revisions field by field (``?a=`` the older, ``?b=`` the newer)."""
    require(PORTFOLIO.retrieve)
    portfolio = get_or_404(Portfolio, pk)
    chosen = [_revision(pk, typed_number(request.args.get(key), key)) for key in ("a", "b")]
    old, new = sorted(chosen, key=lambda revision: revision.id)
    return render_template(
        "admin/revisions/compare.html",
        portfolio=portfolio,
        old=old,
        new=new,
        rows=compare(old.data, new.data),
        via=VIA,
    )


@bp.route("/portfolios/<int:pk>/history/<int:rid>/restore", methods=["GET", "POST"])
def portfolio_restore(pk: int, rid: int):
    """Restore a revision after confirmation; the restore is itself a new revision."""
    require(PORTFOLIO.update)
    portfolio = get_or_404(Portfolio, pk)
    revision = _revision(pk, rid)
    form = ConfirmForm()
    history = url_for("admin.portfolio_history", pk=pk)
    if form.validate_on_submit():
        try:
            gone = revisions.restore_revision(portfolio, revision)
        except ValidationError as exc:
            db.session.rollback()
            for messages in exc.errors.values():
                for message in messages:
                    flash(message, "error")
            return redirect(history)
        db.session.commit()
        when = local_datetime(revision.created_at)
        flash(_("The portfolio is restored to its state of %(when)s.", when=when), "success")
        if gone.items:
            names = ", ".join(_left_out(gone.items))
            flash(_("Left out, as they were deleted since: %(names)s", names=names), "warning")
        return redirect(url_for("admin.portfolio_edit", pk=pk))
    return render_template(
        "admin/revisions/restore.html",
        form=form,
        portfolio=portfolio,
        revision=revision,
        left_out=_left_out(revisions.left_out(revision.data).items),
        cancel_url=history,
    )
