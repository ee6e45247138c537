"""A portfolio's draft in the admin: discarding it, and previewing it as the public site
will show it (``PREVIEW_URL``, or the admin's own preview page)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from portfolio_admin.admin import bp
from portfolio_admin.admin.forms import ConfirmForm
from portfolio_admin.admin.helpers import get_or_404, require
from portfolio_admin.auth.permissions import PORTFOLIO
from portfolio_admin.models import Portfolio
from portfolio_admin.models.base import db
from portfolio_admin.services import drafts, previews


@bp.post("/portfolios/<int:pk>/draft/discard")
def portfolio_draft_discard(pk: int):
    """Drop the portfolio's draft; the live portfolio stays as it is."""
    require(PORTFOLIO.update)
    portfolio = get_or_404(Portfolio, pk)
    if ConfirmForm().validate_on_submit():
        try:
            drafts.discard_draft(portfolio)
        except drafts.NoDraft:
            flash(_("This portfolio has no draft."), "error")
        else:
            db.session.commit()
            flash(_("Draft discarded. The form shows the live portfolio."), "success")
    return redirect(url_for("admin.portfolio_edit", pk=pk))


@bp.get("/portfolios/<int:pk>/preview")
def portfolio_preview(pk: int):
    """The portfolio's draft (or, without one, the live portfolio) as the public site
    will show it: at ``PREVIEW_URL`` with a short-lived token, or on a page of our own."""
    require(PORTFOLIO.retrieve)
    portfolio = get_or_404(Portfolio, pk)
    url = previews.preview_url(portfolio)
    if url is not None:
        return redirect(url)
    data = previews.preview_output(portfolio)
    return render_template("admin/portfolios/preview.html", item=data, portfolio=portfolio)
