"""Errors an API view raises to answer ``{"detail": ...}`` with a status."""


class ApiError(Exception):
    """An error answered as ``{"detail": ...}`` with its status (and headers)."""

    def __init__(self, status: int, detail: str, headers: dict | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}


def not_found() -> ApiError:
    return ApiError(404, "Not found.")
