"""Conditional GET and a cache of serialised API reads that is never stale.

Every read checks the content version (one small query). The ETag is derived from it,
so a matching ``If-None-Match`` is answered 304 without building anything; otherwise
the body is served from the cache when it was made at the current version.

The cache is this process's memory, backed, when ``REDIS_URL`` is set, by Redis that
every instance shares, so a body is built once per version for the whole fleet. An
entry's key holds its version and never changes meaning, so the two layers cannot
disagree and neither needs invalidating: old versions simply stop being asked for.
"""

import hashlib
import logging
import threading
from collections import OrderedDict

import redis
from flask import current_app, request

from portfolio_admin.api.conditional import body_etag

MAX_ENTRIES = 2048
SHARED_TTL_SECONDS = 3600
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
    """A bounded, thread-safe LRU map from (version, request key) to response body, in
    front of an optional ``SharedCache``."""

    def __init__(self, max_entries: int = MAX_ENTRIES, shared: SharedCache | None = None):
        self.max_entries = max_entries
        self.shared = shared
        self._entries: OrderedDict[tuple, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> bytes | None:
        with self._lock:
            body = self._entries.get(key)
            if body is not None:
                self._entries.move_to_end(key)
                return body
        if self.shared is None:
            return None
        body = self.shared.get(key)
        if body is not None:
            self._put_local(key, body)
        return body

    def put(self, key: tuple, body: bytes) -> None:
        self._put_local(key, body)
        if self.shared is not None:
            self.shared.put(key, body)

    def clear(self) -> None:
        """Forget every body, here and in the shared cache."""
        with self._lock:
            self._entries.clear()
        if self.shared is not None:
            self.shared.clear()

    def _put_local(self, key: tuple, body: bytes) -> None:
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


def cached_read(version: int, build, *, by_body: bool = False):
    """Answer a GET at content ``version``: 304 on a matching ETag, the cached body, or
    ``build()`` (then cached). Only successful reads get an ETag or a cache entry.

    The ETag follows the version, so a 304 needs no body; ``by_body`` (one item) makes it
    its body's digest instead, which changes only when that item's output does."""
    key = _request_key()
    etag = None if by_body else _etag(version, key)
    if etag is not None and request.if_none_match.contains(etag):
        return _not_modified(etag)
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
    if etag is None:
        etag = body_etag(response.get_data())
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
    app.extensions["response_cache"] = ResponseCache(shared=shared)
