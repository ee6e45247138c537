"""A portfolio's working draft: saved beside the live version, published or discarded.

A draft is the portfolio's input (``schemas.portfolios.PortfolioInput``) as it will be
once published, with the changes it makes to the portfolio's links and meta entries
(``services.draft_rows``). Saving it runs every check the live writes run, and writes
nothing the API shows; publishing checks it all again (a tag or file may have been deleted
since) and applies it through the live writes' services in one transaction, so it is one
revision like any other write.

Each of these locks the portfolio's row first (``services.locking``), so saves, publishes,
discards and deletes of one portfolio take turns: a second publish finds no draft left.
A portfolio not yet published (``published`` false) is in the API only through its draft
endpoints; until it has a draft row, its draft is what it holds.
"""

from pydantic import ValidationError as PydanticValidationError
from sqlalchemy import select

from portfolio_admin.activity.actors import current_actor
from portfolio_admin.models import MediaFile, Portfolio, PortfolioDraft
from portfolio_admin.models.base import db, utcnow
from portfolio_admin.models.schedule import PUBLISH, PortfolioSchedule
from portfolio_admin.schemas.common import error_messages
from portfolio_admin.schemas.drafts import StoredDraft
from portfolio_admin.services import draft_rows, locking, portfolios
from portfolio_admin.services.draft_rows import KINDS, RowErrors
from portfolio_admin.services.errors import NotFound, ValidationError
from portfolio_admin.services.media_usage import draft_media
from portfolio_admin.services.portfolio_versions import current_version

NO_DRAFT = "This portfolio has no draft."
ROW_KEYS = tuple(kind.key for kind in KINDS)


class NoDraft(NotFound):
    """The portfolio has no draft (and is live, so it is no draft itself)."""


def get_draft(portfolio_id: int) -> PortfolioDraft | None:
    """The portfolio's draft row as last committed, or ``None``."""
    stmt = select(PortfolioDraft).where(PortfolioDraft.portfolio_id == portfolio_id)
    return db.session.scalar(stmt.execution_options(populate_existing=True))


def validated(payload: dict) -> dict:
    """A stored draft read back as validated input (datetimes as datetimes), with
    ``links`` and ``meta``: its changes to them, or ``None`` (it keeps the live ones); a
    draft the rules no longer accept is a ``ValidationError`` naming its fields."""
    try:
        return StoredDraft.model_validate(payload).model_dump()
    except PydanticValidationError as exc:
        raise ValidationError(error_messages(exc)) from exc


def draft_input(portfolio: Portfolio, draft: PortfolioDraft | None) -> dict:
    """The draft's input; for a portfolio not published and without a draft row, its own."""
    if draft is not None:
        return validated(draft.payload)
    if not portfolio.published:
        return portfolios.portfolio_input(portfolio) | {kind.key: None for kind in KINDS}
    raise NoDraft()


def draft_fields(data: dict) -> dict:
    """The portfolio's own fields of a draft's input (no links or meta entries)."""
    return {key: value for key, value in data.items() if key not in ROW_KEYS}


def save_draft(portfolio: Portfolio, data: dict, *, partial: bool = False) -> PortfolioDraft:
    """Store ``data`` (validated input; with ``partial``, only the fields to change) as
    the portfolio's draft after the checks the live writes make; the live data is
    untouched. ``links`` and ``meta`` in ``data`` are whole lists of rows (see
    ``schemas.drafts``); left out, the draft's changes to them stay as they are.
    ``RowErrors`` names every problem, the rows' by their position in those lists."""
    _keep_media({data.get("image"), *data.get("images", [])} | _row_media(data))
    locking.lock(portfolio)
    draft = get_draft(portfolio.id)
    stored = validated(draft.payload) if draft else None
    fields = draft_fields(data)
    if partial:
        base = draft_fields(stored) if stored else portfolios.portfolio_input(portfolio)
        fields = draft_fields(validated(base | fields))
    field_errors, row_errors, changes = {}, {}, {}
    try:
        portfolios.check_portfolio(portfolio, fields)
    except ValidationError as exc:
        field_errors = exc.errors
    for kind in KINDS:
        if kind.key not in data:
            changes[kind.key] = stored[kind.key] if stored else None
            continue
        try:
            changes[kind.key] = draft_rows.changes(kind, portfolio.id, data[kind.key])
        except RowErrors as exc:
            row_errors |= exc.rows
    if field_errors or row_errors:
        raise RowErrors(field_errors, row_errors)
    if draft is None:
        draft = PortfolioDraft(
            portfolio_id=portfolio.id, base_version=current_version(portfolio.id)
        )
        db.session.add(draft)
    draft.payload = StoredDraft.model_validate(fields | changes).model_dump(mode="json")
    draft.updated_by_id = current_actor().user_id
    draft.updated_at = utcnow()
    db.session.flush()
    return draft


def create_unpublished(data: dict) -> Portfolio:
    """A new portfolio from validated input that is not live until it is published."""
    return portfolios.create_portfolio(data, published=False)


def _check(portfolio: Portfolio, data: dict) -> None:
    """Every check publishing ``data`` makes, writing nothing: ``RowErrors`` with all."""
    field_errors, row_errors = {}, {}
    try:
        portfolios.check_portfolio(portfolio, draft_fields(data))
    except ValidationError as exc:
        field_errors = exc.errors
    for kind in KINDS:
        if problems := draft_rows.check_stored(kind, portfolio.id, data[kind.key]):
            row_errors[kind.key] = problems
    if field_errors or row_errors:
        raise RowErrors(field_errors, row_errors)


def check_publishable(portfolio: Portfolio) -> None:
    """Every check publishing would make now, writing nothing: ``NoDraft``, or a
    ``ValidationError`` naming the fields (a tag deleted since the draft was saved, a
    link's image, a link deleted live that the draft changes)."""
    _check(portfolio, draft_input(portfolio, get_draft(portfolio.id)))


def publish_draft(portfolio: Portfolio) -> Portfolio:
    """Make the draft live, all or nothing: checked again, applied as a ``PUT`` and the
    live writes of its links and meta entries would (one new revision), then dropped with
    its scheduled publishing; the portfolio is published from then on."""
    unlocked = get_draft(portfolio.id)
    _keep_media(draft_media(unlocked.payload) if unlocked else set())
    locking.lock(portfolio)
    draft = get_draft(portfolio.id)
    if draft is None and portfolio.published:
        raise NoDraft()
    if draft is not None:
        data = validated(draft.payload)
        _check(portfolio, data)
        portfolios.update_portfolio(portfolio, draft_fields(data))
        for kind in KINDS:
            if data[kind.key] is not None:
                draft_rows.apply(kind, portfolio, data[kind.key])
        db.session.delete(draft)
    portfolio.published = True
    _drop_publish_schedule(portfolio.id)
    db.session.flush()
    return portfolio


def discard_draft(portfolio: Portfolio) -> None:
    """Drop the portfolio's draft, and its scheduled publishing; ``NoDraft`` when there
    is none."""
    locking.lock(portfolio)
    draft = get_draft(portfolio.id)
    if draft is None:
        raise NoDraft()
    db.session.delete(draft)
    _drop_publish_schedule(portfolio.id)
    db.session.flush()


def _keep_media(ids: set) -> None:
    """Keep the files a draft names before its portfolio is locked, in the order every
    writer takes its locks (``services.locking``), so a file's delete, which locks the
    file and then the portfolios using it, never waits in a circle with this."""
    locking.keep_rows(MediaFile, {pk for pk in ids if isinstance(pk, int)})


def _row_media(data: dict) -> set:
    """The media ids in the ``links`` and ``meta`` lists of a draft's input."""
    return {
        row.get(field) for kind in KINDS for row in data.get(kind.key) or [] for field in kind.media
    }


def _drop_publish_schedule(portfolio_id: int) -> None:
    """A schedule to publish a draft that is gone would publish whatever is drafted next.
    Deleted through the session, so the activity log sees it go."""
    schedule = db.session.get(PortfolioSchedule, (portfolio_id, PUBLISH))
    if schedule is not None:
        db.session.delete(schedule)


def unpublished_changes(ids: list[int]) -> set[int]:
    """Which of these portfolios have a draft."""
    stmt = select(PortfolioDraft.portfolio_id).where(PortfolioDraft.portfolio_id.in_(ids))
    return set(db.session.scalars(stmt))
