"""The portfolio form's save: the portfolio, its links and its meta entries in one
transaction, each part validated by its own schema and written by its own service."""

from dataclasses import dataclass
from functools import partial

from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from portfolio_admin.admin.edit_conflicts import EditConflict, yours_output
from portfolio_admin.admin.forms import form_data, is_blank, show_errors, validate
from portfolio_admin.admin.helpers import require
from portfolio_admin.auth.permissions import LINK, META, Resource
from portfolio_admin.models import (
    Employer,
    Link,
    MediaFile,
    MetaEntry,
    Portfolio,
    PortfolioDraft,
    Tag,
)
from portfolio_admin.models.base import db
from portfolio_admin.schemas.common import NON_FIELD
from portfolio_admin.schemas.links import LinkInput
from portfolio_admin.schemas.meta import MetaInput
from portfolio_admin.schemas.portfolios import PortfolioInput
from portfolio_admin.services import (
    draft_rows,
    drafts,
    links,
    locking,
    meta,
    portfolio_versions,
    portfolios,
)
from portfolio_admin.services.draft_rows import WHOLE_LIST, RowErrors
from portfolio_admin.services.errors import ValidationError

FIELDS = (
    "title",
    "slug",
    "excerpt",
    "description",
    "order",
    "is_active",
    "completed_at",
    "image",
    "employer",
)
LINK_FIELDS = ("name", "url", "image", "description")
META_FIELDS = ("key", "value_text", "value_file")
MEDIA = ("image", "value_file")  # the rows' fields naming a media file
LIVE, DRAFT, PUBLISH = "live", "draft", "publish"  # how ``save_portfolio`` saves


def set_choices(form) -> None:
    """The employers and tags to choose from."""
    employers = db.session.scalars(select(Employer).order_by(Employer.name))
    form.employer.choices = [("", _("(none)"))] + [(str(e.id), e.name) for e in employers]
    tags = db.session.scalars(select(Tag).order_by(Tag.name))
    form.tags.choices = [(str(t.id), t.name) for t in tags]


def initial_data(portfolio: Portfolio) -> dict:
    """The form's values for an existing portfolio, its links and meta entries included."""
    return {
        "title": portfolio.title,
        "slug": portfolio.slug,
        "excerpt": portfolio.excerpt,
        "description": portfolio.description,
        "order": str(portfolio.order),
        "is_active": portfolio.is_active,
        "completed_at": portfolio.completed_at.date().isoformat() if portfolio.completed_at else "",
        "image": portfolio.image_id or "",
        "images": [str(item.media_id) for item in portfolio.gallery],
        "employer": str(portfolio.employer_id or ""),
        "tags": [str(item.tag_id) for item in portfolio.tag_links],
        "links": [_link_values(link) for link in _links(portfolio)],
        "meta_entries": [_meta_values(entry) for entry in _meta(portfolio)],
    }


def _links(portfolio: Portfolio) -> list[Link]:
    stmt = select(Link).where(Link.portfolio_id == portfolio.id).order_by(Link.id)
    return list(db.session.scalars(stmt))


def _meta(portfolio: Portfolio) -> list[MetaEntry]:
    stmt = select(MetaEntry).where(MetaEntry.portfolio_id == portfolio.id).order_by(MetaEntry.id)
    return list(db.session.scalars(stmt))


def _link_values(link: Link) -> dict:
    return {
        "id": link.id,
        "name": link.name,
        "url": link.url,
        "image": link.image_id,
        "description": link.description,
    }


def _meta_values(entry: MetaEntry) -> dict:
    return {
        "id": entry.id,
        "key": entry.key,
        "value_text": entry.value_text,
        "value_file": entry.value_file_id,
    }


@dataclass
class Row:
    """One inline row as sent: its sub-form, the row it edits (if any) and its clean data."""

    form: object
    pk: int | None
    data: dict | None
    delete: bool


def _rows(field_list, schema, names) -> list[Row]:
    """The inline rows that say something: blank new rows are ignored, like Django's."""
    rows = []
    for entry in field_list:
        sub = entry.form
        pk = int(sub.id.data) if str(sub.id.data or "").isdigit() else None
        values = {name: sub[name].data for name in names}
        delete = bool(sub.delete.data)
        if pk is None and (delete or all(is_blank(value) for value in values.values())):
            continue
        data = None if delete else validate(schema, values, sub)
        rows.append(Row(sub, pk, data, delete))
    return rows


def _portfolio_values(form, portfolio: Portfolio) -> dict:
    values = form_data(form, FIELDS)
    values["images"] = [value for value in form.images.data or [] if value]
    # The token field sends the tags in the order chosen. A multi-select (no script) sends
    # its options in page order: tags kept keep their positions, new ones follow.
    chosen = [value for value in form.tags.data or [] if value]
    kept = [str(link.tag_id) for link in portfolio.tag_links] if portfolio.id else []
    if form.tags_ordered.data:
        values["tags"] = chosen
    else:
        values["tags"] = [pk for pk in kept if pk in chosen] + [
            pk for pk in chosen if pk not in kept
        ]
    # The form shows a date; an unchanged date keeps the time of day the API may have set.
    done = portfolio.completed_at
    if done is not None and values["completed_at"] == done.date().isoformat():
        values["completed_at"] = done.isoformat()
    if is_blank(values["order"]):
        values["order"] = 0
    return values


class _Writer:
    """Calls the services, collecting every error instead of stopping at the first."""

    def __init__(self, rows: dict | None = None):
        self.failed = False
        self.rows = rows or {}  # the inline rows a draft's list was made from, by its key

    def run(self, form, write, *args):
        try:
            return write(*args)
        except RowErrors as exc:
            self.failed = True
            show_errors(form, exc.fields)
            for key, by_position in exc.rows.items():
                for position, problems in by_position.items():
                    self._show_row_errors(form, self.rows.get(key, []), position, problems)
            return None
        except ValidationError as exc:
            self.failed = True
            show_errors(form, exc.errors)
            return None

    @staticmethod
    def _show_row_errors(form, rows: list, position: int, problems: dict) -> None:
        """A draft's problem beside the row it is about (above the form when it is about
        the whole list, or a row the form does not show)."""
        if position == WHOLE_LIST or position >= len(rows):
            show_errors(form, {NON_FIELD: [m for ms in problems.values() for m in ms]})
            return
        row_form = rows[position].form
        if problems.pop("id", None):
            row_form.form_errors.append(_("This row was removed meanwhile; reload the page."))
        show_errors(row_form, problems)


def _write_rows(writer, portfolio, rows, model, resource: Resource, service, current) -> None:
    """Deletions first (a key can then be reused), then changes, then additions."""
    existing = {
        row.id: row
        for row in db.session.scalars(select(model).where(model.portfolio_id == portfolio.id))
    }
    for row in rows:
        if row.pk is not None and row.pk not in existing:
            writer.failed = True
            row.form.form_errors.append(_("This row was removed meanwhile; reload the page."))
    for row in [r for r in rows if r.delete and r.pk in existing]:
        require(resource.delete)
        service.delete(existing[row.pk])
    for row in [r for r in rows if not r.delete and r.pk in existing]:
        if row.data != current(existing[row.pk]):
            require(resource.update)
            writer.run(row.form, service.update, existing[row.pk], row.data)
    for row in [r for r in rows if not r.delete and r.pk is None]:
        require(resource.create)
        writer.run(row.form, service.create, portfolio, row.data)


@dataclass
class _Service:
    create: object
    update: object
    delete: object


LINK_SERVICE = _Service(links.create_link, links.update_link, links.delete_link)
META_SERVICE = _Service(meta.create_meta, meta.update_meta, meta.delete_meta)


def _current_link(link: Link) -> dict:
    values = _link_values(link)
    values.pop("id")
    return values


def _current_meta(entry: MetaEntry) -> dict:
    values = _meta_values(entry)
    values.pop("id")
    return values


def draft_initial(portfolio: Portfolio, draft: PortfolioDraft) -> dict:
    """The form's values showing the portfolio's draft, its links and meta entries too:
    a row it removes is ticked Remove; one it changes that was deleted live meanwhile is
    shown as a new row (saving adds it again), and ``gone_rows`` tells."""
    data = drafts.validated(draft.payload)
    done = data["completed_at"]
    return initial_data(portfolio) | {
        "title": data["title"],
        "slug": data["slug"],
        "excerpt": data["excerpt"],
        "description": data["description"],
        "order": str(data["order"]),
        "is_active": data["is_active"],
        "completed_at": done.date().isoformat() if done else "",
        "image": data["image"] or "",
        "images": [str(pk) for pk in data["images"]],
        "employer": str(data["employer"] or ""),
        "tags": [str(pk) for pk in data["tags"]],
        "links": _form_rows(draft_rows.LINKS, portfolio, data),
        "meta_entries": _form_rows(draft_rows.META, portfolio, data),
    }


def _form_rows(kind, portfolio: Portfolio, data: dict) -> list[dict]:
    """The draft's rows of ``kind`` as the form's inline rows, in output order."""
    live = draft_rows.live_values(kind, portfolio.id)
    stored = data[kind.key]
    rows = draft_rows.rows(kind, portfolio.id, stored)
    removed = [pk for pk in (stored["removed"] if stored else []) if pk in live]
    shown = [row for row in rows if row["id"] is not None] + [
        {"id": pk} | live[pk] | {"delete": True} for pk in removed
    ]
    shown.sort(key=lambda row: row["id"])
    shown += [row for row in rows if row["id"] is None]
    return [row | {"id": None} if row["id"] not in live else row for row in shown]


def gone_rows(portfolio: Portfolio, draft: PortfolioDraft) -> bool:
    """Whether the draft changes a link or meta entry that was deleted live meanwhile."""
    data = drafts.validated(draft.payload)
    for kind in draft_rows.KINDS:
        live = draft_rows.live_values(kind, portfolio.id)
        changed = data[kind.key]["changed"] if data[kind.key] else []
        if any(row["id"] is not None and row["id"] not in live for row in changed):
            return True
    return False


def _draft_list(kind, portfolio: Portfolio, rows: list[Row]) -> tuple[list[dict], list[Row]]:
    """The whole list of rows the draft is to have: the form's (its Remove ticked ones
    left out), then the draft's rows the form did not send (a row the user may not
    change is disabled, so not sent; one added live meanwhile), as they are. Also the
    form's rows in the list's order, for its errors."""
    sent = [row for row in rows if not row.delete]
    mentioned = {row.pk for row in rows if row.pk is not None}
    live = draft_rows.live_values(kind, portfolio.id)
    draft = drafts.get_draft(portfolio.id)
    stored = drafts.validated(draft.payload)[kind.key] if draft else None
    unsent = [
        row
        for row in draft_rows.rows(kind, portfolio.id, stored)
        if row["id"] in live and row["id"] not in mentioned
    ]
    return [{"id": row.pk} | row.data for row in sent] + unsent, sent


def save_portfolio(
    portfolio: Portfolio, form, version: int | None = None, mode: str = LIVE
) -> Portfolio | None:
    """Save the form's portfolio, links and meta entries together, or nothing.

    Every schema's and service's message is shown beside its field; on any of them the
    transaction is rolled back and ``None`` is returned. With the ``version`` the form was
    opened at, a newer one saved meanwhile raises ``EditConflict`` and nothing is written.

    ``mode`` ``DRAFT`` keeps a live portfolio's form, links and meta entries included,
    as its draft; a new portfolio, or one not published yet, is saved as it is and stays
    unpublished. ``PUBLISH`` saves the form as the draft and publishes it, one step.
    """
    data = validate(PortfolioInput, _portfolio_values(form, portfolio), form)
    link_rows = _rows(form.links, LinkInput, LINK_FIELDS)
    meta_rows = _rows(form.meta_entries, MetaInput, META_FIELDS)
    rows_valid = all(row.delete or row.data is not None for row in link_rows + meta_rows)
    if data is None or not rows_valid:
        return None
    # The files rows point to are kept before the portfolio is locked, in the order every
    # writer takes its locks (see ``services.locking``).
    files = [row.data.get(name) for row in link_rows + meta_rows if row.data for name in MEDIA]
    locking.keep_rows(MediaFile, [pk for pk in files if pk is not None])
    # A portfolio not published yet is saved as it is, unless it has a draft row (saved
    # through the API): the form shows that draft, so that is what it saves.
    has_draft = portfolio.id is not None and drafts.get_draft(portfolio.id) is not None
    drafted = mode == PUBLISH or (mode == DRAFT and (portfolio.published or has_draft))
    if drafted and portfolio.id is not None:
        locking.lock(portfolio)
        before = drafts.get_draft(portfolio.id)
        before = before and drafts.validated(before.payload)
        link_list, link_order = _draft_list(draft_rows.LINKS, portfolio, link_rows)
        meta_list, meta_order = _draft_list(draft_rows.META, portfolio, meta_rows)
        data |= {"links": link_list, "meta": meta_list}
    if portfolio.id is not None and version is not None and mode != DRAFT:
        newer = portfolio_versions.newer_revision(portfolio, version)
        if newer is not None:
            conflict = EditConflict(newer, yours_output(portfolio, data, link_rows, meta_rows))
            db.session.rollback()
            raise conflict
    writer = _Writer()
    if portfolio.id is None:
        create = partial(portfolios.create_portfolio, published=mode != DRAFT)
        saved = writer.run(form, create, data)
    elif drafted:
        writer.rows = {"links": link_order, "meta": meta_order}
        draft = writer.run(form, drafts.save_draft, portfolio, data)
        if draft is not None:
            try:
                _require_row_permissions(before, draft)
            except HTTPException:
                db.session.rollback()  # the draft is written already: nothing of it is kept
                raise
        if mode == DRAFT or draft is None:
            return _finish(writer, draft and portfolio)
        return _finish(writer, writer.run(form, drafts.publish_draft, portfolio))
    else:
        saved = writer.run(form, portfolios.update_portfolio, portfolio, data)
    if saved is not None:
        _write_rows(writer, saved, link_rows, Link, LINK, LINK_SERVICE, _current_link)
        _write_rows(writer, saved, meta_rows, MetaEntry, META, META_SERVICE, _current_meta)
    return _finish(writer, saved)


def _require_row_permissions(before: dict | None, draft: PortfolioDraft) -> None:
    """The codes the live writes of the draft's new changes to links and meta entries
    need (``before``: the draft's data before this save)."""
    data = drafts.validated(draft.payload)
    for kind, resource in ((draft_rows.LINKS, LINK), (draft_rows.META, META)):
        previous = before[kind.key] if before else None
        for action in draft_rows.new_actions(previous, data[kind.key]):
            require(getattr(resource, action))


def _finish(writer: _Writer, saved):
    """Commit what ``writer`` wrote, or roll it all back when anything failed."""
    if writer.failed:
        db.session.rollback()
        return None
    db.session.commit()
    return saved
