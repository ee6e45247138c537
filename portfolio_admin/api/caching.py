"""Conditional GET and a cache of serialised API reads that is never stale.

Every read checks the content version (one small query). The ETag is derived from it,
so a matching ``If-None-Match`` is answered 304 without building anything; otherwise
the body is served from the cache when it was made at the current version.

The cache is this process's memory, backed, when ``REDIS_URL`` is set, by Redis that
every instance shares, so a body is built once per version for the whole fleet. An
entry's key holds its version and never changes meaning, so the two layers cannot
disagree and neither needs invalidating: old versions simply stop being asked for.

The local cache is bounded by bytes (``CACHE_MAX_BYTES``), not entries: one list page of
large portfolios can weigh megabytes. Query parameters an endpoint does not know are
left out of the key, so they cannot make a read new to the cache.
"""

import contextlib
import hashlib
import logging
import threading
from collections.abc import Collection
from urllib.parse import unquote_plus

import redis
from cachetools import LRUCache
from flask import current_app, request

from portfolio_admin.api.conditional import body_etag

SHARED_TTL_SECONDS = 3600
# What an entry costs beyond its body and key: the tuple, the bytes object, the LRU links.
ENTRY_OVERHEAD = 200
JSON = "application/json; charset=utf-8"
log = logging.getLogger(__name__)


class SharedCache:
    """Bodies in Redis, shared by every instance; each expires after a while, and a Redis
    that does not answer is a miss (the read is built), never an error."""

    def __init__(self, client: redis.Redis, prefix: str, ttl: int = SHARED_TTL_SECONDS):
        self.client = client
        self.prefix = f"{prefix}response:"
        self.ttl = ttl

    def _name(self, key: tuple) -> str:
        version, request_key = key
        digest = hashlib.blake2b(request_key.encode(), digest_size=16).hexdigest()
        return f"{self.prefix}{version}:{digest}"

    def get(self, key: tuple) -> bytes | None:
        try:
            return self.client.get(self._name(key))
        except redis.RedisError as exc:
            log.warning("Shared response cache unavailable: %s", exc)
            return None

    def put(self, key: tuple, body: bytes) -> None:
        try:
            self.client.set(self._name(key), body, ex=self.ttl)
        except redis.RedisError as exc:
            log.warning("Shared response cache unavailable: %s", exc)

    def clear(self) -> None:
        """Forget every shared body (after a database restore: versions may repeat)."""
        for name in self.client.scan_iter(match=f"{self.prefix}*", count=1000):
            self.client.delete(name)


class ResponseCache:
    """A thread-safe LRU map from (version, request key) to response body and the body's
    ETag, holding at most ``max_bytes``, in front of an optional ``SharedCache``."""

    def __init__(self, max_bytes: int, shared: SharedCache | None = None):
        self.shared = shared
        # Values are (body, its ETag, length of the request key): the key weighs too.
        self._entries = LRUCache(max_bytes, getsizeof=lambda v: len(v[0]) + v[2] + ENTRY_OVERHEAD)
        self._lock = threading.Lock()

    @property
    def size_bytes(self) -> int:
        """What the entries held here weigh: bodies, keys and a fixed allowance each."""
        return self._entries.currsize

    def get(self, key: tuple) -> tuple[bytes, str] | None:
        """The body kept for ``key`` and its ETag (``body_etag``), or ``None``."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                return entry[0], entry[1]
        if self.shared is None:
            return None
        body = self.shared.get(key)
        if body is None:
            return None
        return self._put_local(key, body)

    def put(self, key: tuple, body: bytes) -> tuple[bytes, str]:
        """Keep ``body`` for ``key``; returns it with its ETag."""
        entry = self._put_local(key, body)
        if self.shared is not None:
            self.shared.put(key, body)
        return entry

    def clear(self) -> None:
        """Forget every body, here and in the shared cache."""
        with self._lock:
            self._entries.clear()
        if self.shared is not None:
            self.shared.clear()

    def _put_local(self, key: tuple, body: bytes) -> tuple[bytes, str]:
        # The digest once per entry, not once per hit (a page of 20 is about 100 KB).
        etag = body_etag(body)
        # A body larger than the whole cache (ValueError) is served, never kept.
        with self._lock, contextlib.suppress(ValueError):
            self._entries[key] = (body, etag, len(key[1]))
        return body, etag


def known_query(query: str, fields: Collection[str]) -> str:
    """``query`` without the parameters not named in ``fields``, in the order sent."""
    if not query:
        return ""
    return "&".join(
        part for part in query.split("&") if unquote_plus(part.partition("=")[0]) in fields
    )


def _request_key(query_fields: Collection[str]) -> str:
    """What a read's output depends on: scheme and host (file URLs are absolute), path and
    the query parameters the endpoint knows. Read from the WSGI environ: ``request.url``
    costs more than a cache hit."""
    environ = request.environ
    return (
        f"{environ['wsgi.url_scheme']}://{environ.get('HTTP_HOST', '')}"
        f"{environ.get('SCRIPT_NAME', '')}{environ.get('PATH_INFO', '')}"
        f"?{known_query(environ.get('QUERY_STRING', ''), query_fields)}"
    )


def _etag(version: int, key: str) -> str:
    """The (unquoted) entity tag of the output for ``key`` at ``version``."""
    digest = hashlib.blake2b(key.encode(), digest_size=8).hexdigest()
    return f"{version}-{digest}"


def cached_read(version: int, build, query_fields: Collection[str] = (), *, by_body=False):
    """Answer a GET at content ``version``: 304 on a matching ETag, the cached body, or
    ``build()`` (then cached). Only successful reads get an ETag or a cache entry.
    ``query_fields`` names the query parameters the output may depend on.

    The ETag follows the version, so a 304 needs no body; ``by_body`` (one item) makes it
    its body's digest instead, which changes only when that item's output does."""
    key = _request_key(query_fields)
    etag = None if by_body else _etag(version, key)
    if etag is not None and request.if_none_match.contains(etag):
        return _not_modified(etag)
    cache: ResponseCache | None = current_app.extensions.get("response_cache")
    entry = cache.get((version, key)) if cache is not None else None
    if entry is not None:
        response = current_app.response_class(entry[0], content_type=JSON)
    else:
        response = build()
        if response.status_code != 200:
            return response
        if cache is not None:
            entry = cache.put((version, key), response.get_data())
    if etag is None:
        etag = entry[1] if entry is not None else body_etag(response.get_data())
        if request.if_none_match.contains(etag):
            return _not_modified(etag)
    response.set_etag(etag)
    return response


def _not_modified(etag: str):
    response = current_app.response_class(status=304)
    response.set_etag(etag)
    return response


def connect_redis(url: str) -> redis.Redis:
    """A Redis client that gives up quickly: the cache must not hold up a read."""
    return redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)


def register(app) -> None:
    """Give ``app`` its response cache when ``RESPONSE_CACHE`` is on, shared through
    Redis when ``REDIS_URL`` is set."""
    if not app.config["RESPONSE_CACHE"]:
        return
    shared = None
    if app.config["REDIS_URL"]:
        shared = SharedCache(connect_redis(app.config["REDIS_URL"]), app.config["REDIS_KEY_PREFIX"])
    app.extensions["response_cache"] = ResponseCache(app.config["CACHE_MAX_BYTES"], shared)
