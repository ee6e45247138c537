"""Small pieces every admin view uses: permission checks, lookups, paging, searching."""

from flask import abort, request
from flask_login import current_user
from sqlalchemy import or_

from portfolio_admin.admin.forms import form_data, show_errors, validate
from portfolio_admin.i18n import ascii_digits
from portfolio_admin.models.base import db
from portfolio_admin.schemas.common import MAX_ID
from portfolio_admin.services.errors import ValidationError

PAGE_SIZE = 20


def require(code: int) -> None:
    """Stop with a 403 page unless the signed-in user holds ``code``."""
    if not current_user.has_permission(code):
        abort(403)


def require_admin() -> None:
    """Stop with a 403 page unless the signed-in user is an administrator."""
    if not current_user.is_admin:
        abort(403)


def get_or_404(model, pk: int):
    """The row with primary key ``pk``, or a 404 page (also for ids no row can have)."""
    obj = db.session.get(model, pk) if 0 < pk <= MAX_ID else None
    if obj is None:
        abort(404)
    return obj


def typed_number(value: str | None) -> int | None:
    """A whole number as someone typed it, Persian or Arabic-Indic digits included;
    ``None`` for anything else."""
    value = ascii_digits((value or "").strip())
    return int(value) if value.isascii() and value.isdigit() else None


def page_number() -> int:
    """The ``page`` query argument, from 1."""
    return max(typed_number(request.args.get("page")) or 1, 1)


def paginate(stmt, per_page: int = PAGE_SIZE):
    """One page of ``stmt``'s rows (Flask-SQLAlchemy's pagination: items, pages, ...)."""
    return db.paginate(stmt, page=page_number(), per_page=per_page, error_out=False)


def search_term() -> str:
    """The ``q`` query argument, trimmed (``request_guard`` refused control characters)."""
    return (request.args.get("q") or "").strip()[:255]


def matching(stmt, term: str, *columns):
    """``stmt`` narrowed to rows where any of ``columns`` contains ``term`` (any case)."""
    if not term:
        return stmt
    pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return stmt.where(or_(*(column.ilike(pattern, escape="\\") for column in columns)))


def selected_ids() -> list[int]:
    """The ``ids`` a form or query sent, as integers (others ignored), without repeats."""
    ids = []
    for value in request.values.getlist("ids"):
        number = typed_number(value)
        if number is not None and number not in ids:
            ids.append(number)
    return ids


def save_form(form, schema, names, write) -> bool:
    """Validate ``form`` with ``schema``, ``write`` the clean data and commit once.

    On a schema's or a service's errors nothing is saved, the messages are put beside
    their fields and ``False`` is returned.
    """
    data = validate(schema, form_data(form, names), form)
    return data is not None and write_form(form, lambda: write(data))


def write_form(form, write) -> bool:
    """``write()`` and commit once; on a service's errors nothing is saved, the
    messages are put beside their fields and ``False`` is returned."""
    try:
        write()
    except ValidationError as exc:
        db.session.rollback()
        show_errors(form, exc.errors)
        return False
    db.session.commit()
    return True
