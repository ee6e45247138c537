"""The one place API views are declared: route, authentication, permission, input, commit.

Every view is registered through ``operation``, which also records what the OpenAPI
document needs to describe it.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

import orjson
from flask import Blueprint, g, request
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError
from werkzeug.routing import IntegerConverter

from portfolio_admin.api import rate_limits
from portfolio_admin.api.caching import cached_read
from portfolio_admin.api.conditional import tagged
from portfolio_admin.auth.tokens import authorize
from portfolio_admin.json_responses import ApiError
from portfolio_admin.models.base import db
from portfolio_admin.schemas.common import (
    MAX_ID,
    NON_FIELD,
    error_messages,
    partial,
    sent_fields,
)
from portfolio_admin.services.errors import ValidationError

bp = Blueprint("api", __name__, url_prefix="/api")


def _at_most(limit: int) -> str:
    """A regex matching the decimal numbers 1 to ``limit``, without leading zeros."""
    digits = str(limit)
    shorter = rf"[1-9]\d{{0,{len(digits) - 2}}}"
    same_length = []
    for i, digit in enumerate(digits):
        low = 1 if i == 0 else 0
        if int(digit) > low:
            rest = len(digits) - i - 1
            same_length.append(rf"{digits[:i]}[{low}-{int(digit) - 1}]\d{{{rest}}}")
    same_length.append(digits)
    return "(?:" + "|".join([shorter, *same_length]) + ")"


class IdConverter(IntegerConverter):
    """``<id:name>``: a positive integer that fits a database id; others do not match (404).

    The range is in the regex, not only in the bounds: werkzeug checks the bounds after
    choosing a rule, and an out-of-range id then reads as a 405 for the path's other methods.
    """

    regex = _at_most(MAX_ID)

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=MAX_ID)


@bp.record_once
def _add_id_converter(state) -> None:
    state.app.url_map.converters["id"] = IdConverter


@dataclass
class Operation:
    """What the OpenAPI document says about one method on one path."""

    rule: str
    method: str
    view: Callable
    # ``None``: no API token; the operation checks a credential of its own (a preview's).
    permission: int | None
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    response: object = None
    status: int = 200
    multipart: bool = False
    # One item's read or write: its ETag is its body's digest (``api.conditional``).
    item: bool = False
    # Other successful answers, ``{status: (output schema, description)}``: 202 when a
    # publish is done later; 200 beside 201 when an upload reuses a stored file.
    also: dict = field(default_factory=dict)


OPERATIONS: list[Operation] = []


def read_json_object() -> dict:
    """The request body as a JSON object; an empty body is ``{}``."""
    raw = request.get_data(cache=False)
    if not raw.strip():
        return {}
    if request.mimetype != "application/json" and not request.mimetype.endswith("+json"):
        raise ApiError(415, f'Unsupported media type "{request.content_type}" in request.')
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ApiError(400, f"JSON parse error - {exc}") from exc
    if not isinstance(data, dict):
        kind = type(data).__name__.replace("NoneType", "null")
        raise ValidationError({NON_FIELD: [f"Invalid data. Expected an object, but got {kind}."]})
    return data


def validate(schema: type[BaseModel], data: dict, *, only_sent: bool) -> dict:
    """Validate ``data``; return every field (PUT, POST) or only those sent (PATCH).

    Fields added after the documented contract (``added_fields``) count only when sent."""
    try:
        model = schema.model_validate(data)
    except PydanticValidationError as exc:
        raise ValidationError(error_messages(exc)) from exc
    if only_sent:
        return sent_fields(model)
    unsent = set(getattr(schema, "added_fields", ())) - model.model_fields_set
    return {key: value for key, value in model.model_dump().items() if key not in unsent}


def query_args(schema: type[BaseModel]) -> BaseModel:
    """The query string validated by ``schema``; repeated keys become lists where declared.

    Parameters ``schema`` does not name are ignored, here and in the page links.
    """
    g.query_fields = schema.model_fields
    data = {}
    for key in request.args:
        values = request.args.getlist(key)
        annotation = schema.model_fields[key].annotation if key in schema.model_fields else None
        data[key] = values if "list" in str(annotation) else values[-1]
    try:
        return schema.model_validate(data)
    except PydanticValidationError as exc:
        raise ValidationError(error_messages(exc)) from exc


def _authorize(permission: int, *, write: bool):
    """``auth.tokens.authorize``, within the rate limits when they are on: an address that
    failed too often is refused first, a failure counts against it, a success against
    the token."""
    limits = rate_limits.current()
    if limits is None:
        return authorize(permission)
    limits.refuse_failing_address()
    try:
        access = authorize(permission)
    except ApiError as exc:
        if exc.status == 401:
            limits.count_failure()
        raise
    limits.count_call(access.token_id, write=write)
    return access


def _read(build: Callable):
    """``build()``'s response, its statements run in autocommit when the session has no
    transaction yet: reads need none of their own (PostgreSQL's READ COMMITTED gives each
    statement its own snapshot either way), and autocommit spares a BEGIN and a ROLLBACK
    round trip."""
    autocommit = not db.session().in_transaction()
    if autocommit:
        db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
    try:
        return build()
    finally:
        if autocommit:
            # Hand the autocommit connection back, failures included, so nothing later
            # in the same app context (a test's next request, a command) writes outside
            # a transaction.
            db.session.rollback()


def operation(rule: str, method: str, *, permission: int | None, **spec):
    """Register a view for ``method`` on ``rule`` (with or without its trailing slash).

    The view runs only for an authenticated caller holding ``permission``, within the
    API's rate limits (``rate_limits``); a ``None`` permission leaves checking the caller
    to the view (a read whose query carries a signed credential), its reads uncached, as
    the credential may expire within one content version. The view receives
    the validated body as ``data`` when ``body`` is given (PATCH: only the sent fields)
    and the validated query as ``query`` when ``query`` is given. A successful view's
    writes are committed once, after it returns.
    """

    def decorator(view):
        op = Operation(rule=rule, method=method, view=view, permission=permission, **spec)
        query_fields = frozenset(op.query.model_fields if op.query else ())

        @functools.wraps(view)
        def wrapped(**kwargs):
            def run():
                if op.body is not None and not op.multipart:
                    schema = partial(op.body) if method == "PATCH" else op.body
                    body = read_json_object()
                    kwargs["data"] = validate(schema, body, only_sent=method == "PATCH")
                if op.query is not None:
                    kwargs["query"] = query_args(op.query)
                return view(**kwargs)

            if method != "GET":
                if permission is not None:
                    _authorize(permission, write=True)
                response = run()
                db.session.commit()
                return tagged(response) if op.item and response.status_code != 204 else response
            if permission is None:
                return _read(run)
            access = _authorize(permission, write=False)
            # A cached body was made from a valid query, so a hit skips validation too,
            # and the session: the access check was its only statement.
            build = functools.partial(_read, run)
            response = cached_read(access.content_version, build, query_fields, by_body=op.item)
            if access.recorded_use:
                db.session.commit()
            return response

        bp.add_url_rule(rule, f"{view.__name__}", wrapped, methods=[method], strict_slashes=False)
        OPERATIONS.append(op)
        return wrapped

    return decorator
