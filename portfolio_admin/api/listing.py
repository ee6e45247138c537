"""Ordering and pagination of API lists, in the contract's envelope."""

from urllib.parse import urlencode

from flask import g, request
from sqlalchemy import Select, func, select

from portfolio_admin.api.rows import read_rows, read_value
from portfolio_admin.json_responses import ApiError
from portfolio_admin.services.errors import ValidationError


def order(stmt: Select, ordering: str | None, allowed: dict, default: list) -> Select:
    """Sort by ``?ordering=a,-b`` (names from ``allowed``), else by ``default``; id breaks ties."""
    clauses = []
    for name in (ordering or "").split(","):
        name = name.strip()
        if not name:
            continue
        column = allowed.get(name.removeprefix("-"))
        if column is None:
            choices = ", ".join(sorted(allowed))
            raise ValidationError(
                {"ordering": [f'Unknown field "{name}". Choose from: {choices}.']}
            )
        clauses.append(column.desc() if name.startswith("-") else column.asc())
    return stmt.order_by(*(clauses or default), allowed["id"].asc())


def paginate(stmt: Select, page: int, page_size: int):
    """The total count and the rows of one page; a page past the end is 404."""
    count = read_value(select(func.count()).select_from(stmt.order_by(None).subquery()))
    if page > 1 and (page - 1) * page_size >= count:
        raise ApiError(404, "Invalid page.")
    rows = read_rows(stmt.limit(page_size).offset((page - 1) * page_size))
    return count, rows


def envelope(count: int, page: int, page_size: int, results: list) -> dict:
    """``{"count", "next", "previous", "results"}`` with absolute neighbour URLs."""
    last_page = max(1, -(-count // page_size))
    return {
        "count": count,
        "next": _page_url(page + 1) if page < last_page else None,
        "previous": _page_url(page - 1) if page > 1 else None,
        "results": results,
    }


def _page_url(page: int) -> str:
    known = g.get("query_fields", ())  # what the query schema names (routing.query_args)
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "page" and k in known]
    if page > 1:
        args.append(("page", str(page)))
    base = request.base_url
    return f"{base}?{urlencode(args)}" if args else base
