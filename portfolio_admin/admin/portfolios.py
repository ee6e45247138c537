"""Portfolios: the list (search, filters, sorting, bulk actions, drag-and-drop order)
and the form that edits a portfolio with its links and meta entries in one save."""

from flask import flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from pydantic import ValidationError as PydanticValidationError
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portfolio_admin.admin import bp
from portfolio_admin.admin.edit_conflicts import EditConflict, conflict_rows, merged_formdata
from portfolio_admin.admin.forms import (
    ConfirmForm,
    LinkRow,
    MetaRow,
    PortfolioForm,
    ScheduleForm,
    has_errors,
)
from portfolio_admin.admin.helpers import (
    PAGE_SIZE,
    get_or_404,
    paginate,
    require,
    search_term,
    selected_ids,
    typed_number,
)
from portfolio_admin.admin.pages import confirm_delete
from portfolio_admin.admin.portfolio_form import (
    DRAFT,
    LIVE,
    PUBLISH,
    draft_initial,
    gone_rows,
    initial_data,
    save_portfolio,
    set_choices,
)
from portfolio_admin.admin.request_guard import refuse
from portfolio_admin.admin.schedule_panel import panel_context
from portfolio_admin.auth.permissions import PORTFOLIO
from portfolio_admin.i18n import local_datetime, number
from portfolio_admin.models import Employer, MediaFile, Portfolio, PortfolioTag, Tag
from portfolio_admin.models.base import db
from portfolio_admin.schemas.common import MAX_ID, first_message
from portfolio_admin.schemas.portfolios import PortfolioOrderInput
from portfolio_admin.services import (
    drafts,
    edit_presence,
    locking,
    portfolio_order,
    portfolios,
    schedules,
)
from portfolio_admin.services.portfolio_versions import current_version, revision_at
from portfolio_admin.services.search import search

ORDERINGS = {
    "order": portfolio_order.DISPLAY_ORDER,
    "title": (Portfolio.title.asc(),),
    "-title": (Portfolio.title.desc(),),
    "completed_at": (Portfolio.completed_at.asc().nulls_last(),),
    "-completed_at": (Portfolio.completed_at.desc().nulls_last(),),
    "-updated_at": (Portfolio.updated_at.desc(),),
}
BULK_ACTIONS = ("activate", "deactivate", "delete")


def _filtered(args):
    """The portfolios the list's search and filters select, in the chosen order."""
    stmt = select(Portfolio).options(
        selectinload(Portfolio.image).selectinload(MediaFile.thumbnails),
        selectinload(Portfolio.employer),
    )
    stmt = search(stmt, search_term(), Portfolio)
    if args.get("active") in ("1", "0"):
        stmt = stmt.where(Portfolio.is_active.is_(args["active"] == "1"))
    employer = typed_number(args.get("employer"), "employer")
    tag = typed_number(args.get("tag"), "tag")
    if employer is not None:
        stmt = stmt.where(Portfolio.employer_id == employer)
    if tag is not None:
        tagged = select(PortfolioTag.portfolio_id).where(PortfolioTag.tag_id == tag)
        stmt = stmt.where(Portfolio.id.in_(tagged))
    ordering = args.get("sort") if args.get("sort") in ORDERINGS else "order"
    return stmt.order_by(*ORDERINGS[ordering], Portfolio.id), ordering


@bp.get("/portfolios/")
def portfolios_list():
    """Portfolios with thumbnails; drag and drop (or move buttons) sets the display order."""
    require(PORTFOLIO.list)
    stmt, ordering = _filtered(request.args)
    page = paginate(stmt)
    filtered = any(request.args.get(name) for name in ("q", "active", "employer", "tag"))
    return render_template(
        "admin/portfolios/list.html",
        page=page,
        term=search_term(),
        ordering=ordering,
        orderings=ORDERINGS,
        employers=db.session.scalars(select(Employer).order_by(Employer.name)).all(),
        tags=db.session.scalars(select(Tag).order_by(Tag.name)).all(),
        reorderable=ordering == "order" and not filtered,
        drafted=drafts.unpublished_changes([portfolio.id for portfolio in page.items]),
        scheduled=schedules.schedules_by_portfolio([portfolio.id for portfolio in page.items]),
        form=ConfirmForm(),
    )


@bp.route("/portfolios/new", methods=["GET", "POST"])
def portfolio_create():
    """A new portfolio, with its gallery, tags, links and meta entries."""
    require(PORTFOLIO.create)
    form = PortfolioForm()
    set_choices(form)
    if "restore_draft" in request.form:
        return _render_form(form, None, unsaved=True)
    if form.validate_on_submit():
        mode = _save_mode()
        portfolio = save_portfolio(Portfolio(), form, mode=mode)
        if portfolio is not None:
            if mode == DRAFT:
                message = _("Draft “%(title)s” saved. It is not live.", title=portfolio.title)
                flash(message, "success")
                return redirect(url_for("admin.portfolio_edit", pk=portfolio.id))
            flash(_("Portfolio “%(title)s” added.", title=portfolio.title), "success")
            return _after_save(portfolio)
    return _render_form(form, None)


def _save_mode() -> str:
    """Which of the form's buttons was pressed: save live, save a draft, or publish."""
    if "save_draft" in request.form:
        return DRAFT
    return PUBLISH if "publish" in request.form else LIVE


GONE_ROWS = _l(
    "A link or meta entry this draft changes was deleted meanwhile. The form shows it as "
    "a new row: saving adds it again; tick Remove to drop it."
)
SAVED = {
    LIVE: _l("Portfolio “%(title)s” saved."),
    DRAFT: _l("Draft of “%(title)s” saved. The live portfolio has not changed."),
    PUBLISH: _l("Portfolio “%(title)s” published."),
}


@bp.route("/portfolios/<int:pk>/", methods=["GET", "POST"])
def portfolio_edit(pk: int):
    """A portfolio's page: viewing needs the retrieve code, saving the update code.

    The form carries the version it was opened at; a save over a newer one shows both
    (409) instead. A draft sent back after signing in again is shown, not saved."""
    require(PORTFOLIO.retrieve)
    portfolio = get_or_404(Portfolio, pk)
    if request.method == "GET":
        return edit_page(portfolio)
    require(PORTFOLIO.update)
    formdata = request.form
    if any(key.startswith("resolve") for key in formdata):
        formdata = merged_formdata(formdata, initial_data(portfolio))
    form = PortfolioForm(formdata=formdata)
    set_choices(form)
    version = _opened_version()
    if "restore_draft" in request.form:
        return _render_form(form, portfolio, version, unsaved=True)
    if form.validate_on_submit():
        mode = _save_mode()
        try:
            saved = save_portfolio(portfolio, form, version, mode)
        except EditConflict as conflict:
            return _render_conflict(form, portfolio, version, conflict)
        if saved is not None:
            title = form.title.data if mode == DRAFT else portfolio.title
            flash(SAVED[mode] % {"title": title}, "success")
            if mode == DRAFT:
                session["saved_form"] = request.path
                return redirect(url_for("admin.portfolio_edit", pk=portfolio.id))
            return _after_save(portfolio)
    return _render_form(form, portfolio, version)


def edit_page(portfolio: Portfolio, schedule_form: ScheduleForm | None = None):
    """The portfolio's page as last saved (its draft, if it has one); ``schedule_form``
    shows the schedule form as sent, with its errors (400)."""
    draft = drafts.get_draft(portfolio.id)
    data = initial_data(portfolio) if draft is None else draft_initial(portfolio, draft)
    if draft is not None and gone_rows(portfolio, draft):
        flash(GONE_ROWS, "warning")
    form = PortfolioForm(formdata=None, data=data)
    set_choices(form)
    return _render_form(form, portfolio, current_version(portfolio.id), schedule_form=schedule_form)


def _render_conflict(form, portfolio: Portfolio, version: int | None, conflict: EditConflict):
    """The form as sent, above it their version and yours field by field (409); the form
    now carries their version, so saving it again keeps what is chosen."""
    opened = revision_at(portfolio.id, version or 0)
    rows = conflict_rows(opened.data if opened else None, conflict.yours, conflict.revision.data)
    page = render_template(
        "admin/portfolios/form.html",
        form=form,
        failed=False,
        unsaved=True,
        portfolio=portfolio,
        draft=drafts.get_draft(portfolio.id),
        version=conflict.revision.id,
        conflict=conflict.revision,
        conflict_rows=rows,
        link_template=LinkRow(prefix="links-__prefix__-"),
        meta_template=MetaRow(prefix="meta_entries-__prefix__-"),
        **panel_context(portfolio, None),
    )
    return page, 409


def _render_form(
    form,
    portfolio: Portfolio | None,
    version: int | None = None,
    unsaved=False,
    schedule_form: ScheduleForm | None = None,
):
    """The form page; 400 when it shows errors. Blank rows are templates for new ones.
    ``unsaved``: it shows input not saved yet (the leave-the-page warning is on)."""
    failed = has_errors(form)
    schedule_failed = schedule_form is not None and has_errors(schedule_form)
    draft = drafts.get_draft(portfolio.id) if portfolio is not None else None
    page = render_template(
        "admin/portfolios/form.html",
        form=form,
        failed=failed,
        unsaved=unsaved or failed,
        restored=unsaved and not failed,
        portfolio=portfolio,
        draft=draft,
        draft_outdated=draft is not None
        and draft.base_version != current_version(draft.portfolio_id),
        version=version,
        link_template=LinkRow(prefix="links-__prefix__-"),
        meta_template=MetaRow(prefix="meta_entries-__prefix__-"),
        **panel_context(portfolio, schedule_form),
    )
    return page, 400 if failed or schedule_failed else 200


def _after_save(portfolio: Portfolio):
    session["saved_form"] = request.path  # the next page tells the browser to drop its draft
    if "continue" in request.form:
        return redirect(url_for("admin.portfolio_edit", pk=portfolio.id))
    return redirect(url_for("admin.portfolios_list"))


@bp.route("/portfolios/<int:pk>/delete", methods=["GET", "POST"])
def portfolio_delete(pk: int):
    """Delete a portfolio (with its links and meta entries) after confirmation."""
    require(PORTFOLIO.delete)
    portfolio = get_or_404(Portfolio, pk)
    return confirm_delete(
        portfolio,
        portfolios.delete_portfolio,
        title=_("Delete portfolio “%(title)s”?", title=portfolio.title),
        done=_("Portfolio “%(title)s” deleted.", title=portfolio.title),
        next_url=url_for("admin.portfolios_list"),
        cancel_url=url_for("admin.portfolio_edit", pk=pk),
        consequences=[_("Its links and meta entries are deleted too; its images stay.")],
    )


@bp.post("/portfolios/bulk")
def portfolios_bulk():
    """Activate, deactivate or (after a confirmation page) delete the ticked portfolios."""
    form = ConfirmForm()
    action = request.form.get("action")
    ids = selected_ids()
    if not form.validate_on_submit() or action not in BULK_ACTIONS or not ids:
        flash(_("Tick at least one portfolio and choose an action."), "error")
        return redirect(url_for("admin.portfolios_list"))
    chosen = db.session.scalars(
        select(Portfolio).where(Portfolio.id.in_(ids)).order_by(Portfolio.title)
    ).all()
    count = number(len(chosen))
    if action == "delete":
        require(PORTFOLIO.delete)
        if "confirmed" not in request.form:
            return render_template("admin/portfolios/bulk_delete.html", form=form, chosen=chosen)
        # Locked all at once, in the order every writer locks them; gone ones are skipped.
        for portfolio in locking.lock_portfolios(ids):
            portfolios.delete_portfolio(portfolio)
        message = ngettext(
            "%(count)s portfolio deleted.",
            "%(count)s portfolios deleted.",
            len(chosen),
            count=count,
        )
    else:
        require(PORTFOLIO.update)
        active = action == "activate"
        for portfolio in locking.lock_portfolios(ids):
            portfolios.update_portfolio(portfolio, {"is_active": active})
        if active:
            message = ngettext(
                "%(count)s portfolio activated.",
                "%(count)s portfolios activated.",
                len(chosen),
                count=count,
            )
        else:
            message = ngettext(
                "%(count)s portfolio deactivated.",
                "%(count)s portfolios deactivated.",
                len(chosen),
                count=count,
            )
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("admin.portfolios_list"))


@bp.post("/portfolios/reorder")
def portfolios_reorder():
    """Save a new display order: ``ids`` in their new sequence (JSON or form).

    The portfolios keep the order values they had between them, handed out in the new
    sequence, so portfolios on other pages keep their places.
    """
    require(PORTFOLIO.update)
    ids = _new_order() if request.is_json else selected_ids()
    ids = portfolio_order.reorder_portfolios(ids)
    db.session.commit()
    return jsonify(ids=ids, message=_("Display order saved."))


@bp.post("/portfolios/<int:pk>/move")
def portfolio_move(pk: int):
    """Move a portfolio to the ``position`` typed beside it, counted in the whole list
    (past the end: last); then the list's page it landed on."""
    require(PORTFOLIO.update)
    portfolio = get_or_404(Portfolio, pk)
    position = typed_number(request.form.get("position"), "position")
    if position is None:
        refuse("position", "This field is required.")
    title = portfolio.title
    landed = portfolio_order.move_portfolio(pk, position)
    db.session.commit()
    flash(
        _("“%(title)s” is now at position %(position)s.", title=title, position=number(landed)),
        "success",
    )
    page = (landed - 1) // PAGE_SIZE + 1
    return redirect(
        url_for("admin.portfolios_list", page=page if page > 1 else None) + f"#row-{pk}"
    )


def _new_order() -> list[int]:
    """The ids of a JSON reorder, ``{"ids": [...]}``; anything else is a 400 page."""
    body = request.get_json(silent=True)
    try:
        return PortfolioOrderInput.model_validate(body if isinstance(body, dict) else {}).ids
    except PydanticValidationError as exc:
        refuse("ids", first_message(exc))


def _opened_version() -> int | None:
    """The version the form was opened at: a revision id, or 0 before the first one."""
    sent = (request.form.get("version") or "").strip()
    return 0 if sent == "0" else typed_number(sent, "version")


@bp.post("/portfolios/<int:pk>/presence")
def portfolio_presence(pk: int):
    """Polled by an open edit form (``version``: the one it was opened at): notes that it
    is open, and says who else has it open and whether someone saved it since."""
    require(PORTFOLIO.retrieve)
    get_or_404(Portfolio, pk)
    body = request.get_json(silent=True) or {}
    version = body.get("version")
    if type(version) is not int or not 0 <= version <= MAX_ID:  # bool is no version either
        version = 0
    edit_presence.still_open(pk, current_user.id)
    others = edit_presence.others_editing(pk, current_user.id)
    saved = edit_presence.saved_since(pk, version)
    db.session.commit()
    messages = []
    if others:
        names = ", ".join(others)
        messages.append(
            ngettext(
                "%(names)s also has this portfolio open.",
                "%(names)s also have this portfolio open.",
                len(others),
                names=names,
            )
        )
    if saved is not None:
        who = saved.user.username if saved.user else _("system")
        messages.append(
            _(
                "%(user)s saved this portfolio on %(when)s. Saving yours will show both "
                "versions, to choose from.",
                user=who,
                when=local_datetime(saved.created_at),
            )
        )
    return jsonify(editing=others, saved=saved.id if saved else None, messages=messages)
