"""``/api/portfolios/{id}/draft``: a portfolio's next version, saved beside the live one.

The documented portfolio endpoints always show the live version; these show and change
the draft, in the same input and output shapes, and publish it. A portfolio created
through ``/api/portfolios/drafts/`` is not live at all until its draft is published.
"""

from sqlalchemy import select

from portfolio_admin.api.conditional import require_match
from portfolio_admin.api.portfolio_output import PORTFOLIO_OUTPUT, draft_data, portfolios_data
from portfolio_admin.api.routing import operation
from portfolio_admin.api.rows import read_rows
from portfolio_admin.auth.permissions import LINK, META, PORTFOLIO
from portfolio_admin.auth.tokens import authorize
from portfolio_admin.json_responses import ApiError, json_response, not_found
from portfolio_admin.models import Portfolio
from portfolio_admin.models.base import db, utcnow
from portfolio_admin.models.schedule import PENDING, PUBLISH, UNPUBLISH
from portfolio_admin.schemas.drafts import PortfolioDraftInput, PortfolioDraftOutput
from portfolio_admin.schemas.portfolios import PortfolioInput, PortfolioOutput
from portfolio_admin.schemas.schedules import PublishInput, ScheduledOutput
from portfolio_admin.services import draft_rows, drafts, schedules

ITEM = "/portfolios/<id:portfolio_id>/draft"
NO_DRAFT = drafts.NO_DRAFT


def portfolio_or_404(portfolio_id: int) -> Portfolio:
    """The portfolio, live or not yet published; 404 if there is none."""
    portfolio = db.session.get(Portfolio, portfolio_id)
    if portfolio is None:
        raise not_found()
    return portfolio


def draft_output(portfolio: Portfolio) -> dict:
    """The portfolio as its draft will make it, in the portfolio's output shape."""
    draft = drafts.get_draft(portfolio.id)
    try:
        data = drafts.draft_input(portfolio, draft)
    except drafts.NoDraft:
        raise ApiError(404, NO_DRAFT) from None
    rows = read_rows(select(*PORTFOLIO_OUTPUT.columns).where(Portfolio.id == portfolio.id))
    updated_at = draft.updated_at if draft is not None else rows[0].updated_at
    return draft_data(rows[0], data, updated_at)


def _draft_answer(portfolio: Portfolio) -> dict:
    """What the draft's endpoints answer: ``draft_output``, then ``publish_at`` and
    ``unpublish_at`` (the moments pending, else ``None``)."""
    found = schedules.schedules_of(portfolio.id)
    return draft_output(portfolio) | {
        f"{action}_at": row.run_at if (row := found.get(action)) and row.status == PENDING else None
        for action in (PUBLISH, UNPUBLISH)
    }


def _require_match(portfolio_id: int) -> None:
    """``If-Match`` against the draft's current ETag, the portfolio locked first."""
    require_match(
        [(Portfolio.__table__, portfolio_id)],
        lambda: json_response(_draft_answer(portfolio_or_404(portfolio_id))),
    )


def _save(portfolio_id: int, data: dict, *, partial: bool):
    _require_match(portfolio_id)
    portfolio = portfolio_or_404(portfolio_id)
    before = drafts.get_draft(portfolio_id)
    before = before and drafts.validated(before.payload)
    draft = drafts.save_draft(portfolio, data, partial=partial)
    try:
        _require_row_permissions(before, drafts.validated(draft.payload))
    except ApiError:
        db.session.rollback()  # the draft is written already: nothing of it is kept
        raise
    return json_response(_draft_answer(portfolio))


def _require_row_permissions(before: dict | None, after: dict) -> None:
    """A draft's new changes to links (or meta entries) need the codes their live writes
    need: publishing makes them."""
    for kind, resource in ((draft_rows.LINKS, LINK), (draft_rows.META, META)):
        previous = before[kind.key] if before else None
        for action in sorted(draft_rows.new_actions(previous, after[kind.key])):
            authorize(getattr(resource, action))


@operation(ITEM, "GET", permission=PORTFOLIO.retrieve, response=PortfolioDraftOutput, item=True)
def retrieve_portfolio_draft(portfolio_id: int):
    """The portfolio's draft, as the portfolio will be once it is published.

    Its links and meta entries are the draft's: the live ones when it keeps them, `id`
    null for one it adds. After the portfolio's keys come `publish_at` and
    `unpublish_at`, when they are scheduled (or null). 404 when there is no draft (a
    portfolio not yet published always has one: itself)."""
    return json_response(_draft_answer(portfolio_or_404(portfolio_id)))


@operation(
    ITEM,
    "PUT",
    permission=PORTFOLIO.update,
    body=PortfolioDraftInput,
    response=PortfolioDraftOutput,
    item=True,
)
def replace_portfolio_draft(portfolio_id: int, data: dict):
    """Save the portfolio's draft: the whole input, checked as a live write; the live
    portfolio does not change.

    `links` and `meta`, when sent, are every link and meta entry once published (an item
    with `id` is that live one, without it a new one; live ones left out are removed),
    checked as their live writes; a problem with one is `400` on the list, as
    `Item N: field: message`. Left out, the draft's stay as they are. Changing them
    needs the link (or meta) codes their live writes need."""
    return _save(portfolio_id, data, partial=False)


@operation(
    ITEM,
    "PATCH",
    permission=PORTFOLIO.update,
    body=PortfolioDraftInput,
    response=PortfolioDraftOutput,
    item=True,
)
def update_portfolio_draft(portfolio_id: int, data: dict):
    """Change the fields sent in the portfolio's draft (started from the live portfolio
    when there is none); the live portfolio does not change."""
    return _save(portfolio_id, data, partial=True)


@operation(ITEM, "DELETE", permission=PORTFOLIO.update, status=204, item=True)
def delete_portfolio_draft(portfolio_id: int):
    """Discard the portfolio's draft; the live portfolio stays as it is."""
    _require_match(portfolio_id)
    try:
        drafts.discard_draft(portfolio_or_404(portfolio_id))
    except drafts.NoDraft:
        raise ApiError(404, NO_DRAFT) from None
    return json_response(None, 204)


@operation(
    ITEM + "/publish/",
    "POST",
    permission=PORTFOLIO.update,
    body=PublishInput,
    response=PortfolioOutput,
    also={202: (ScheduledOutput, "Scheduled: published at `at`, by the worker.")},
    item=True,
)
def publish_portfolio_draft(portfolio_id: int, data: dict):
    """Publish the draft: checked again, applied as a ``PUT`` would (a new revision),
    then dropped. Answers with the live portfolio.

    All or nothing: a draft naming a tag or file deleted since, or changing a link or
    meta entry deleted since, is ``400`` on that field, and nothing changes. With ``at``
    in the future, the draft is checked now and published then by the background worker
    (``202 {"publish_at": ...}``; a later ``at`` replaces it; publishing now or
    discarding the draft cancels it); an ``at`` that is not in the future publishes now."""
    portfolio = portfolio_or_404(portfolio_id)
    at = data.get("at")
    try:
        if at is not None and at > utcnow():
            scheduled = schedules.schedule(portfolio, PUBLISH, at)
            return json_response({"publish_at": scheduled.run_at}, 202)
        drafts.publish_draft(portfolio)
    except drafts.NoDraft:
        raise ApiError(404, NO_DRAFT) from None
    rows = read_rows(select(*PORTFOLIO_OUTPUT.columns).where(Portfolio.id == portfolio_id))
    return json_response(portfolios_data(rows)[0])


@operation(
    "/portfolios/drafts/",
    "POST",
    permission=PORTFOLIO.create,
    body=PortfolioInput,
    status=201,
    response=PortfolioDraftOutput,
    item=True,
)
def create_portfolio_draft(data: dict):
    """Create a portfolio that is not live: only its draft endpoints show it until the
    draft is published. Answers with the draft."""
    portfolio = drafts.create_unpublished(data)
    return json_response(_draft_answer(portfolio), 201)
