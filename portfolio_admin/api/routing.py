"""The one place API views are declared: route, authentication, permission, input, commit.

Every view is registered through ``operation``, which also records what the OpenAPI
document needs to describe it.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

import orjson
from flask import Blueprint, current_app, g, request
from pydantic import BaseModel
from werkzeug.routing import IntegerConverter
from pydantic import ValidationError as PydanticValidationError

from portfolio_admin.models.base import db
from portfolio_admin.schemas.common import NON_FIELD, error_messages, partial, sent_fields
from portfolio_admin.services import tokens
from portfolio_admin.services.errors import ValidationError

bp = Blueprint("api", __name__, url_prefix="/api")


class IdConverter(IntegerConverter):
    """``<id:name>``: a positive integer that fits a database id; larger ones do not match."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=2**63 - 1)


@bp.record_once
def _add_id_converter(state) -> None:
    state.app.url_map.converters["id"] = IdConverter


class ApiError(Exception):
    """An error answered as ``{"detail": ...}`` with its status (and headers)."""

    def __init__(self, status: int, detail: str, headers: dict | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}


def not_found() -> ApiError:
    return ApiError(404, "Not found.")


@dataclass
class Operation:
    """What the OpenAPI document says about one method on one path."""

    rule: str
    method: str
    view: Callable
    permission: int | None
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    response: object = None
    status: int = 200
    multipart: bool = False
    resource: object = None
    extra: dict = field(default_factory=dict)


OPERATIONS: list[Operation] = []


def json_response(data, status: int = 200, headers: dict | None = None):
    """``data`` as UTF-8 JSON, keys in insertion order, datetimes as ``...Z``."""
    body = b"" if data is None else orjson.dumps(data, option=orjson.OPT_UTC_Z)
    response = current_app.response_class(body, status=status, headers=headers)
    if data is not None:
        response.content_type = "application/json; charset=utf-8"
    return response


def authenticate_request():
    """The caller's token from ``Authorization: Token <key>``; 401 when absent or unusable."""
    header = request.headers.get("Authorization", "")
    challenge = {"WWW-Authenticate": "Token"}
    if not header:
        raise ApiError(401, "Authentication credentials were not provided.", challenge)
    parts = header.split()
    if len(parts) != 2 or parts[0].lower() != "token":
        raise ApiError(401, "Invalid token header. Expected 'Token <key>'.", challenge)
    token = tokens.authenticate(parts[1])
    if token is None:
        raise ApiError(401, "Invalid token.", challenge)
    return token


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
    """Validate ``data``; return every field (PUT, POST) or only those sent (PATCH)."""
    try:
        model = schema.model_validate(data)
    except PydanticValidationError as exc:
        raise ValidationError(error_messages(exc)) from exc
    return sent_fields(model) if only_sent else model.model_dump()


def query_args(schema: type[BaseModel]) -> BaseModel:
    """The query string validated by ``schema``; repeated keys become lists where declared."""
    data = {}
    for key in request.args:
        values = request.args.getlist(key)
        annotation = schema.model_fields[key].annotation if key in schema.model_fields else None
        data[key] = values if "list" in str(annotation) else values[-1]
    try:
        return schema.model_validate(data)
    except PydanticValidationError as exc:
        raise ValidationError(error_messages(exc)) from exc


def operation(rule: str, method: str, *, permission: int | None, **spec):
    """Register a view for ``method`` on ``rule`` (with or without its trailing slash).

    The view runs only for an authenticated caller holding ``permission``; it receives
    the validated body as ``data`` when ``body`` is given (PATCH: only the sent fields)
    and the validated query as ``query`` when ``query`` is given. A successful view's
    writes are committed once, after it returns.
    """

    def decorator(view):
        op = Operation(rule=rule, method=method, view=view, permission=permission, **spec)

        @functools.wraps(view)
        def wrapped(**kwargs):
            token = authenticate_request()
            g.api_token = token
            if permission is not None and not token.user.has_permission(permission):
                raise ApiError(403, "You do not have permission to perform this action.")
            if op.body is not None and not op.multipart:
                schema = partial(op.body) if method == "PATCH" else op.body
                kwargs["data"] = validate(schema, read_json_object(), only_sent=method == "PATCH")
            if op.query is not None:
                kwargs["query"] = query_args(op.query)
            response = view(**kwargs)
            db.session.commit()
            return response

        bp.add_url_rule(rule, f"{view.__name__}", wrapped, methods=[method], strict_slashes=False)
        OPERATIONS.append(op)
        return wrapped

    return decorator
