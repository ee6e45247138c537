"""JSON answers shared by the API, the token check and the error handlers."""

import orjson
from flask import current_app


class ApiError(Exception):
    """An error answered as ``{"detail": ...}`` with its status (and headers)."""

    def __init__(self, status: int, detail: str, headers: dict | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}


def not_found() -> ApiError:
    return ApiError(404, "Not found.")


def json_response(data, status: int = 200, headers: dict | None = None):
    """``data`` as UTF-8 JSON, keys in insertion order, datetimes as ``...Z``."""
    body = b"" if data is None else orjson.dumps(data, option=orjson.OPT_UTC_Z)
    response = current_app.response_class(body, status=status, headers=headers)
    if data is not None:
        response.content_type = "application/json; charset=utf-8"
    return response
