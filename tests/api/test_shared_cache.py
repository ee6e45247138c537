"""With REDIS_URL set, API reads are cached once for every instance, and still never stale."""

import redis
from sqlalchemy import event

from portfolio_admin.database import engines_of
from portfolio_admin.models.base import db
from tests.factories import make_portfolio, make_tag
from tests.socket_helpers import free_port


def _statements(app) -> list[str]:
    """The SQL statements ``app`` runs from now on."""
    statements: list[str] = []
    with app.app_context():
        for engine in engines_of(app, db.engine):
            event.listen(engine, "before_cursor_execute", lambda *args: statements.append(1))
    return statements


def test_a_read_built_on_one_instance_is_served_by_another_from_redis(
    more_instances, admin, redis_url
):
    url, prefix = redis_url
    first, second = (more_instances(REDIS_URL=url, REDIS_KEY_PREFIX=prefix) for _ in range(2))
    path = f"/api/portfolios/{make_portfolio().id}"
    built = first.test_client().get(path, headers=admin)
    statements = _statements(second)
    served = second.test_client().get(path, headers=admin)
    assert served.data == built.data
    assert served.headers["ETag"] == built.headers["ETag"]
    assert len(statements) == 1  # token, permission and version; the body came from Redis
    names = list(redis.Redis.from_url(url).scan_iter(match=f"{prefix}response:*"))
    assert len(names) == 1
    assert 0 < redis.Redis.from_url(url).ttl(names[0]) <= 3600


def test_a_write_through_one_instance_is_read_through_the_other_despite_the_shared_cache(
    more_instances, admin, redis_url
):
    url, prefix = redis_url
    first, second = (
        more_instances(REDIS_URL=url, REDIS_KEY_PREFIX=prefix).test_client() for _ in "ab"
    )
    path = f"/api/portfolios/tags/{make_tag('old').id}"
    assert second.get(path, headers=admin).json["name"] == "old"
    assert first.get(path, headers=admin).json["name"] == "old"
    first.patch(path, json={"name": "new"}, headers=admin)
    assert second.get(path, headers=admin).json["name"] == "new"


def test_a_redis_that_does_not_answer_makes_reads_slower_not_wrong(more_instances, admin, caplog):
    unreachable = more_instances(REDIS_URL=f"redis://127.0.0.1:{free_port()}/0").test_client()
    path = f"/api/portfolios/tags/{make_tag('old').id}"
    assert unreachable.get(path, headers=admin).json["name"] == "old"
    unreachable.patch(path, json={"name": "new"}, headers=admin)
    response = unreachable.get(path, headers=admin)
    assert (response.status_code, response.json["name"]) == (200, "new")
    assert "Shared response cache unavailable" in caplog.text


def test_without_redis_url_the_cache_is_this_process_only(app):
    assert app.extensions["response_cache"].shared is None
