"""Conditional GET and a cache of serialised API reads that is never stale.

Every read checks the content version (one small query). The ETag is derived from it,
so a matching ``If-None-Match`` is answered 304 without building anything; otherwise
the body is served from this process's cache when it was made at the current version.
"""

import hashlib
import threading
from collections import OrderedDict

from flask import current_app, request

MAX_ENTRIES = 2048
JSON = "application/json; charset=utf-8"


class ResponseCache:
    """A bounded, thread-safe LRU map from request key to response body."""

    def __init__(self, max_entries: int = MAX_ENTRIES):
        self.max_entries = max_entries
        self._entries: OrderedDict[tuple, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> bytes | None:
        with self._lock:
            body = self._entries.get(key)
            if body is not None:
                self._entries.move_to_end(key)
            return body

    def put(self, key: tuple, body: bytes) -> None:
        with self._lock:
            self._entries[key] = body
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)


def _request_key() -> str:
    """What a read's output depends on: scheme and host (file URLs are absolute), path and
    query. Read from the WSGI environ: ``request.url`` costs more than a cache hit."""
    environ = request.environ
    return (
        f"{environ['wsgi.url_scheme']}://{environ.get('HTTP_HOST', '')}"
        f"{environ.get('SCRIPT_NAME', '')}{environ.get('PATH_INFO', '')}"
        f"?{environ.get('QUERY_STRING', '')}"
    )


def _etag(version: int, key: str) -> str:
    """The (unquoted) entity tag of the output for ``key`` at ``version``."""
    digest = hashlib.blake2b(key.encode(), digest_size=8).hexdigest()
    return f"{version}-{digest}"


def cached_read(version: int, build):
    """Answer a GET at content ``version``: 304 on a matching ETag, the cached body, or
    ``build()`` (then cached). Only successful reads get an ETag or a cache entry."""
    key = _request_key()
    etag = _etag(version, key)
    if request.if_none_match.contains(etag):
        response = current_app.response_class(status=304)
        response.set_etag(etag)
        return response
    cache: ResponseCache | None = current_app.extensions.get("response_cache")
    body = cache.get((version, key)) if cache is not None else None
    if body is not None:
        response = current_app.response_class(body, content_type=JSON)
    else:
        response = build()
        if response.status_code != 200:
            return response
        if cache is not None:
            cache.put((version, key), response.get_data())
    response.set_etag(etag)
    return response


def register(app) -> None:
    """Give ``app`` its response cache when ``RESPONSE_CACHE`` is on."""
    if app.config["RESPONSE_CACHE"]:
        app.extensions["response_cache"] = ResponseCache()
