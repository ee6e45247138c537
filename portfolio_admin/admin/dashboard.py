"""The admin's start page: counts, what changed lately, drafts waiting to be published,
and what needs attention (portfolios without a cover, images without alt text), each part
shown only to users who may open what it links to."""

from dataclasses import dataclass

from flask import redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, or_, select, true
from sqlalchemy.orm import selectinload

from portfolio_admin.activity.queries import NEWEST_FIRST
from portfolio_admin.admin import bp
from portfolio_admin.admin.layout import NAVIGATION, can
from portfolio_admin.auth.permissions import EMPLOYER, LINK, MEDIA, META, PORTFOLIO, TAG
from portfolio_admin.models import (
    ActivityEntry,
    Employer,
    MediaFile,
    Portfolio,
    PortfolioDraft,
    PortfolioSchedule,
    Tag,
)
from portfolio_admin.models.base import db

RECENT = 8
ATTENTION = 5  # rows listed per kind of problem; the count says how many there are
COUNTED = {
    "admin.portfolios_list": Portfolio,
    "admin.employers_list": Employer,
    "admin.tags_list": Tag,
    "admin.media_list": MediaFile,
}
# Whose activity a user sees: entries about what they may list (admins: everything).
ACTIVITY_RESOURCES = {
    "portfolio": PORTFOLIO,
    "employer": EMPLOYER,
    "tag": TAG,
    "media": MEDIA,
    "link": LINK,
    "meta": META,
}
# Where an entry links: its object's page, or (links, meta entries) its portfolio's.
OBJECT_PAGES = {
    "portfolio": ("admin.portfolio_edit", Portfolio, PORTFOLIO),
    "employer": ("admin.employer_edit", Employer, EMPLOYER),
    "tag": ("admin.tag_edit", Tag, TAG),
    "media": ("admin.media_detail", MediaFile, MEDIA),
}


@dataclass
class Attention:
    """One kind of problem: how many rows have it, the first few, and how to fix them."""

    count: int
    items: list


@bp.get("/")
def dashboard():
    """Counts of what the user may list, recent activity, drafts, and what needs fixing."""
    counts = [
        (endpoint, label, db.session.scalar(select(func.count()).select_from(COUNTED[endpoint])))
        for endpoint, label, resource in NAVIGATION
        if endpoint in COUNTED and can(resource.list)
    ]
    portfolios = can(PORTFOLIO.list)
    return render_template(
        "admin/dashboard.html",
        counts=counts,
        activity=_activity(),
        drafted=_drafted() if portfolios else [],
        scheduled=_scheduled() if portfolios else [],
        without_cover=_without_cover() if portfolios else None,
        without_alt=_without_alt() if can(MEDIA.list) else None,
    )


def _activity() -> list[tuple[ActivityEntry, str | None]]:
    """The latest entries the user may see, each with the page of its object (if that
    still exists and the user may open it)."""
    if current_user.is_admin:
        clause = true()
    else:
        allowed = [name for name, resource in ACTIVITY_RESOURCES.items() if can(resource.list)]
        if not allowed:
            return []
        clause = ActivityEntry.resource.in_(allowed)
    stmt = select(ActivityEntry).where(clause).order_by(*NEWEST_FIRST).limit(RECENT)
    entries = list(db.session.scalars(stmt))
    return [(entry, url) for entry, url in zip(entries, _pages(entries), strict=True)]


def _pages(entries: list[ActivityEntry]) -> list[str | None]:
    """Each entry's object page: one query per kind of object the entries name."""
    targets = []
    for entry in entries:
        if entry.resource in ("link", "meta"):
            targets.append(("portfolio", entry.parent_id))
        elif entry.resource in OBJECT_PAGES and entry.action != "delete":
            targets.append((entry.resource, entry.object_id))
        else:
            targets.append((None, None))
    existing = {}
    for resource, (_endpoint, model, _codes) in OBJECT_PAGES.items():
        ids = {pk for kind, pk in targets if kind == resource and pk is not None}
        if ids and can(OBJECT_PAGES[resource][2].retrieve):
            found = db.session.scalars(select(model.id).where(model.id.in_(ids)))
            existing[resource] = set(found)
    return [
        url_for(OBJECT_PAGES[kind][0], pk=pk) if pk in existing.get(kind, ()) else None
        for kind, pk in targets
    ]


def _scheduled() -> list[tuple[PortfolioSchedule, str]]:
    """Publish and unpublish schedules with their portfolio's title, the soonest first
    (failed ones too: they wait for someone to look)."""
    stmt = (
        select(PortfolioSchedule, Portfolio.title)
        .join(Portfolio, Portfolio.id == PortfolioSchedule.portfolio_id)
        .order_by(PortfolioSchedule.run_at, PortfolioSchedule.portfolio_id)
        .limit(RECENT)
    )
    return [(schedule, title) for schedule, title in db.session.execute(stmt)]


def _drafted() -> list[tuple[Portfolio, PortfolioDraft | None]]:
    """Portfolios with changes not live yet: a saved draft, or never published; the
    latest first."""
    stmt = (
        select(Portfolio, PortfolioDraft)
        .outerjoin(PortfolioDraft, PortfolioDraft.portfolio_id == Portfolio.id)
        .options(selectinload(PortfolioDraft.updated_by))
        .where(or_(PortfolioDraft.portfolio_id.is_not(None), Portfolio.published.is_(False)))
        .order_by(
            func.coalesce(PortfolioDraft.updated_at, Portfolio.updated_at).desc(), Portfolio.id
        )
    )
    return [tuple(row) for row in db.session.execute(stmt)]


def _without_cover() -> Attention:
    """Portfolios without a cover image, the latest edited first."""
    clause = Portfolio.image_id.is_(None)
    stmt = select(Portfolio).where(clause).order_by(Portfolio.updated_at.desc(), Portfolio.id)
    return Attention(_count(Portfolio, clause), list(db.session.scalars(stmt.limit(ATTENTION))))


def _without_alt() -> Attention:
    """Images without alt text, the newest first."""
    clause = (MediaFile.type == "image") & (MediaFile.alt == "")
    stmt = (
        select(MediaFile)
        .options(selectinload(MediaFile.thumbnails))
        .where(clause)
        .order_by(MediaFile.created_at.desc(), MediaFile.id.desc())
    )
    return Attention(_count(MediaFile, clause), list(db.session.scalars(stmt.limit(ATTENTION))))


def _count(model, clause) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(clause))


def site_root():
    """``/`` leads to the admin."""
    return redirect(url_for("admin.dashboard"))


@bp.record_once
def _add_site_root(state) -> None:
    state.app.add_url_rule("/", "site_root", site_root)
