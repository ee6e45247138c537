"""The admin's start page: counts, recently edited portfolios, quick actions."""

from flask import redirect, render_template, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portfolio_admin.admin import bp
from portfolio_admin.admin.layout import NAVIGATION, can
from portfolio_admin.auth.permissions import PORTFOLIO
from portfolio_admin.models import Employer, MediaFile, Portfolio, Tag
from portfolio_admin.models.base import db

RECENT = 6
COUNTED = {
    "admin.portfolios_list": Portfolio,
    "admin.employers_list": Employer,
    "admin.tags_list": Tag,
    "admin.media_list": MediaFile,
}


@bp.get("/")
def dashboard():
    """How many of each thing there are (of what the user may list) and what changed last."""
    counts = [
        (endpoint, label, db.session.scalar(select(func.count()).select_from(COUNTED[endpoint])))
        for endpoint, label, resource in NAVIGATION
        if endpoint in COUNTED and can(resource.list)
    ]
    recent = []
    if can(PORTFOLIO.list):
        recent = db.session.scalars(
            select(Portfolio)
            .options(selectinload(Portfolio.image).selectinload(MediaFile.thumbnails))
            .order_by(Portfolio.updated_at.desc(), Portfolio.id.desc())
            .limit(RECENT)
        ).all()
    return render_template("admin/dashboard.html", counts=counts, recent=recent)


def site_root():
    """``/`` leads to the admin."""
    return redirect(url_for("admin.dashboard"))


@bp.record_once
def _add_site_root(state) -> None:
    state.app.add_url_rule("/", "site_root", site_root)
