"""Publishing a draft later: ``POST /api/portfolios/{id}/draft/publish/`` with ``at``
schedules it (202), and ``schedules.run_due`` (the worker's job) carries each schedule out
once when it is due, or marks it failed with the reason when the draft no longer passes
its checks."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, text, update

from portfolio_admin.models import (
    Portfolio,
    PortfolioDraft,
    PortfolioRevision,
    PortfolioSchedule,
    User,
)
from portfolio_admin.models.base import db, utcnow
from portfolio_admin.models.schedule import FAILED, PUBLISH, UNPUBLISH
from portfolio_admin.services import schedules
from tests.conftest import ON_POSTGRES
from tests.factories import make_portfolio, make_tag, staff_with

URL = "/api/portfolios/"


def publish_url(pk):
    return f"{URL}{pk}/draft/publish/"


def drafted(client, admin, title="Launch", **changes):
    """A live portfolio titled ``title`` with a draft titled "<title> day"."""
    portfolio = make_portfolio(title)
    body = {"title": f"{title} day"} | changes
    assert client.patch(f"{URL}{portfolio.id}/draft/", json=body, headers=admin).status_code == 200
    return portfolio.id


def later(**delta):
    return (utcnow() + timedelta(**(delta or {"hours": 1}))).replace(microsecond=0)


def zulu(moment) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def make_due(pk, action=PUBLISH):
    """Move a schedule's moment into the past: it came while no worker ran."""
    stmt = update(PortfolioSchedule).where(
        PortfolioSchedule.portfolio_id == pk, PortfolioSchedule.action == action
    )
    db.session.execute(stmt.values(run_at=utcnow() - timedelta(minutes=5)))
    db.session.commit()


def schedule_rows():
    db.session.rollback()
    return db.session.scalars(select(PortfolioSchedule)).all()


def schedule_revisions(pk):
    stmt = select(PortfolioRevision).where(
        PortfolioRevision.portfolio_id == pk, PortfolioRevision.via == "schedule"
    )
    return db.session.scalars(stmt).all()


def live_title(client, admin, pk):
    return client.get(f"{URL}{pk}", headers=admin).json["title"]


def test_publishing_at_a_later_moment_answers_202_and_changes_nothing_yet(client, admin):
    pk = drafted(client, admin)
    at = later()
    response = client.post(publish_url(pk), json={"at": at.isoformat()}, headers=admin)
    assert response.status_code == 202, response.json
    assert response.json == {"publish_at": zulu(at)}
    assert live_title(client, admin, pk) == "Launch"
    assert client.get(f"{URL}{pk}/draft/", headers=admin).json["title"] == "Launch day"
    assert schedules.run_due() == 0  # not due yet
    assert live_title(client, admin, pk) == "Launch"

    # Asking again replaces the moment: one schedule per portfolio.
    replaced = later(days=2)
    again = client.post(publish_url(pk), json={"at": zulu(replaced)}, headers=admin)
    assert again.status_code == 202
    assert [row.run_at for row in schedule_rows()] == [replaced]


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("2099-03-01T12:00:00+03:30", "2099-03-01T08:30:00Z"),
        ("2099-03-01T12:00:00", "2099-03-01T12:00:00Z"),  # without an offset: UTC
        ("2099-03-01", "2099-03-01T00:00:00Z"),  # a bare date: midnight UTC
        ("9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"),  # the last moment there is
    ],
)
def test_at_is_read_in_utc_up_to_the_last_moment_a_datetime_holds(client, admin, sent, stored):
    pk = drafted(client, admin)
    response = client.post(publish_url(pk), json={"at": sent}, headers=admin)
    assert response.status_code == 202, response.json
    assert response.json == {"publish_at": stored}
    assert schedules.run_due() == 0


@pytest.mark.parametrize(
    "at",
    [
        "9999-12-31T23:00:00-05:00",  # year 10000 in UTC
        "10000-01-01T00:00:00Z",
        "tomorrow",
        "1767225600",  # digits are no datetime
        1767225600,
        True,
        [],
    ],
)
def test_an_at_that_is_no_datetime_this_api_holds_is_400_on_at_and_does_nothing(client, admin, at):
    pk = drafted(client, admin)
    response = client.post(publish_url(pk), json={"at": at}, headers=admin)
    assert response.status_code == 400
    assert list(response.json) == ["at"]
    assert schedule_rows() == []
    assert live_title(client, admin, pk) == "Launch"


@pytest.mark.parametrize("at", ["past", "null"])
def test_an_at_not_in_the_future_publishes_now(client, admin, at):
    # A script that says "publish at 9:00" at 9:00:01 (or a clock a little ahead of ours)
    # means now, as WordPress and the others take it; 202 would promise a later that
    # never comes. ``null`` is no time at all: now.
    pk = drafted(client, admin)
    sent = zulu(utcnow() - timedelta(seconds=1)) if at == "past" else None
    response = client.post(publish_url(pk), json={"at": sent}, headers=admin)
    assert response.status_code == 200, response.json
    assert response.json["title"] == "Launch day"
    assert live_title(client, admin, pk) == "Launch day"
    assert schedule_rows() == []


def test_publishing_later_checks_the_draft_now(client, admin):
    live = make_portfolio("Live")
    no_draft = client.post(publish_url(live.id), json={"at": zulu(later())}, headers=admin)
    assert no_draft.status_code == 404
    assert no_draft.json == {"detail": "This portfolio has no draft."}

    tag = make_tag("gone")
    pk = drafted(client, admin, tags=[tag.id])
    assert client.delete(f"{URL}tags/{tag.id}", headers=admin).status_code == 204
    response = client.post(publish_url(pk), json={"at": zulu(later())}, headers=admin)
    assert response.status_code == 400
    assert response.json == {"tags": [f'Invalid pk "{tag.id}" - object does not exist.']}
    assert schedule_rows() == []


def test_publishing_now_or_discarding_the_draft_cancels_its_schedule(client, admin):
    first, second = drafted(client, admin, "One"), drafted(client, admin, "Two")
    for pk in (first, second):
        client.post(publish_url(pk), json={"at": zulu(later())}, headers=admin)
    assert client.post(publish_url(first), headers=admin).status_code == 200
    assert client.delete(f"{URL}{second}/draft/", headers=admin).status_code == 204
    assert schedule_rows() == []


def test_a_due_schedule_publishes_the_draft_once_as_a_revision_of_whoever_scheduled_it(
    client, admin
):
    pk = drafted(client, admin)
    client.post(publish_url(pk), json={"at": zulu(later())}, headers=admin)
    # The draft saved after scheduling is the one published.
    client.patch(f"{URL}{pk}/draft/", json={"excerpt": "the big day"}, headers=admin)
    make_due(pk)
    assert schedules.run_due() == 1
    live = client.get(f"{URL}{pk}", headers=admin).json
    assert (live["title"], live["excerpt"]) == ("Launch day", "the big day")
    assert db.session.get(PortfolioDraft, pk) is None
    assert schedule_rows() == []
    [revision] = schedule_revisions(pk)
    assert revision.user_id == db.session.scalar(select(User.id).where(User.username == "root"))
    listed = client.get(f"{URL}{pk}/revisions/", headers=admin).json["results"][0]
    assert (listed["user"], listed["via"]) == ("root", "schedule")

    assert schedules.run_due() == 0
    assert len(schedule_revisions(pk)) == 1


def test_a_draft_that_fails_its_checks_when_due_is_marked_failed_not_retried(client, admin):
    tag = make_tag("gone")
    pk = drafted(client, admin, tags=[tag.id])
    client.post(publish_url(pk), json={"at": zulu(later())}, headers=admin)
    assert client.delete(f"{URL}tags/{tag.id}", headers=admin).status_code == 204
    make_due(pk)
    assert schedules.run_due() == 1
    [row] = schedule_rows()
    assert row.status == FAILED
    assert row.errors == {"tags": [f'Invalid pk "{tag.id}" - object does not exist.']}
    assert row.failed_at is not None
    assert live_title(client, admin, pk) == "Launch"
    assert db.session.get(PortfolioDraft, pk) is not None
    assert schedules.run_due() == 0
    assert schedule_rows()[0].failed_at == row.failed_at


def test_a_due_unpublish_makes_the_portfolio_inactive(client, admin):
    portfolio = make_portfolio("Season")
    schedules.schedule(portfolio, UNPUBLISH, later())
    db.session.commit()
    make_due(portfolio.id, UNPUBLISH)
    assert schedules.run_due() == 1
    assert client.get(f"{URL}{portfolio.id}", headers=admin).json["is_active"] is False
    assert len(schedule_revisions(portfolio.id)) == 1
    assert schedule_rows() == []


@pytest.mark.skipif(not ON_POSTGRES, reason="row locks: SQLite has one writer at a time")
def test_a_schedule_whose_portfolio_another_transaction_holds_is_left_not_waited_for(client, admin):
    pk = drafted(client, admin)
    client.post(publish_url(pk), json={"at": zulu(later())}, headers=admin)
    make_due(pk)
    with db.engine.connect() as other:  # another worker (or an editor's save) holds it
        other.execute(text("SELECT id FROM portfolios WHERE id = :pk FOR UPDATE"), {"pk": pk})
        assert schedules.run_due() == 0
        other.rollback()
    assert schedules.run_due() == 1
    assert len(schedule_revisions(pk)) == 1


def test_two_workers_at_once_carry_out_each_schedule_exactly_once(client, admin, more_instances):
    ids = [drafted(client, admin, f"Site {n}") for n in range(12)]
    for pk in ids:
        client.post(publish_url(pk), json={"at": zulu(later())}, headers=admin)
    db.session.execute(update(PortfolioSchedule).values(run_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    # Two apps: two engines, so two workers on connections of their own.
    workers = [more_instances(), more_instances()]
    start = threading.Barrier(len(workers))
    handled = []

    def work(app):
        with app.app_context():
            start.wait()
            while done := schedules.run_due(limit=3):
                handled.append(done)

    threads = [threading.Thread(target=work, args=(app,)) for app in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sum(handled) == len(ids)
    for pk in ids:
        assert len(schedule_revisions(pk)) == 1
        assert db.session.get(Portfolio, pk).title.endswith(" day")
    assert schedule_rows() == []


def schedule_url(pk):
    return f"{URL}{pk}/schedule"


def unpublish_url(pk):
    return f"{URL}{pk}/unpublish/"


def test_the_draft_shows_when_it_is_scheduled_after_the_documented_keys(client, admin):
    pk = drafted(client, admin)
    draft = client.get(f"{URL}{pk}/draft/", headers=admin).json
    assert list(draft)[-2:] == ["publish_at", "unpublish_at"]
    assert (draft["publish_at"], draft["unpublish_at"]) == (None, None)
    assert list(draft)[:-2] == list(client.get(f"{URL}{pk}", headers=admin).json)

    publish, unpublish = later(), later(days=3)
    client.post(publish_url(pk), json={"at": zulu(publish)}, headers=admin)
    assert (
        client.post(unpublish_url(pk), json={"at": zulu(unpublish)}, headers=admin).status_code
        == 202
    )
    draft = client.get(f"{URL}{pk}/draft/", headers=admin).json  # a cached read sees it
    assert (draft["publish_at"], draft["unpublish_at"]) == (zulu(publish), zulu(unpublish))

    assert client.delete(f"{schedule_url(pk)}?action=unpublish", headers=admin).status_code == 204
    draft = client.get(f"{URL}{pk}/draft/", headers=admin).json
    assert (draft["publish_at"], draft["unpublish_at"]) == (zulu(publish), None)
    assert "publish_at" not in client.get(f"{URL}{pk}", headers=admin).json  # live: as documented


def test_unpublishing_later_answers_202_and_the_worker_makes_the_portfolio_inactive(client, admin):
    portfolio = make_portfolio("Season")
    at = later()
    response = client.post(unpublish_url(portfolio.id), json={"at": zulu(at)}, headers=admin)
    assert response.status_code == 202, response.json
    assert response.json == {"unpublish_at": zulu(at)}
    assert client.get(f"{URL}{portfolio.id}", headers=admin).json["is_active"] is True
    shown = client.get(schedule_url(portfolio.id), headers=admin).json
    assert shown["publish"] is None
    assert shown["unpublish"] == {
        "at": zulu(at),
        "status": "pending",
        "errors": None,
        "failed_at": None,
        "created_by": "root",
        "created_at": shown["unpublish"]["created_at"],
    }
    make_due(portfolio.id, UNPUBLISH)
    assert schedules.run_due() == 1
    assert client.get(f"{URL}{portfolio.id}", headers=admin).json["is_active"] is False
    assert client.get(schedule_url(portfolio.id), headers=admin).json == {
        "publish": None,
        "unpublish": None,
    }
    assert [r.via for r in schedule_revisions(portfolio.id)] == ["schedule"]


@pytest.mark.parametrize("at", ["past", "null", "absent"])
def test_an_unpublish_at_not_in_the_future_unpublishes_now_and_drops_its_schedule(
    client, admin, at
):
    portfolio = make_portfolio("Season")
    client.post(unpublish_url(portfolio.id), json={"at": zulu(later())}, headers=admin)
    body = {
        "past": {"at": zulu(utcnow() - timedelta(seconds=1))},
        "null": {"at": None},
        "absent": {},
    }[at]
    response = client.post(unpublish_url(portfolio.id), json=body, headers=admin)
    assert response.status_code == 200, response.json
    assert response.json["is_active"] is False
    assert list(response.json) == list(client.get(f"{URL}{portfolio.id}", headers=admin).json)
    assert schedule_rows() == []


@pytest.mark.parametrize(
    "at",
    [
        "9999-12-31T23:00:00-05:00",
        "10000-01-01T00:00:00Z",
        "tomorrow",
        "2026-13-45T10:00:00",
        "1767225600",
        1767225600,
        True,
        False,
        {},
    ],
)
def test_an_unpublish_at_that_is_no_datetime_is_400_on_at_and_does_nothing(client, admin, at):
    portfolio = make_portfolio("Season")
    response = client.post(unpublish_url(portfolio.id), json={"at": at}, headers=admin)
    assert response.status_code == 400
    assert list(response.json) == ["at"]
    assert schedule_rows() == []
    assert client.get(f"{URL}{portfolio.id}", headers=admin).json["is_active"] is True


def test_unpublishing_at_the_last_moment_a_datetime_holds_is_scheduled(client, admin):
    portfolio = make_portfolio("Season")
    body = {"at": "9999-12-31T23:59:59Z"}
    response = client.post(unpublish_url(portfolio.id), json=body, headers=admin)
    assert response.status_code == 202
    assert response.json == {"unpublish_at": "9999-12-31T23:59:59Z"}
    draft = client.get(f"{URL}{portfolio.id}/draft/", headers=admin)
    assert draft.status_code == 404  # no draft: its schedule is read here
    assert client.get(schedule_url(portfolio.id), headers=admin).json["unpublish"]["at"] == (
        "9999-12-31T23:59:59Z"
    )


def test_cancelling_one_or_both_and_nothing_to_cancel_is_404(client, admin):
    pk = drafted(client, admin)
    client.post(publish_url(pk), json={"at": zulu(later())}, headers=admin)
    client.post(unpublish_url(pk), json={"at": zulu(later(days=1))}, headers=admin)
    wrong = client.delete(f"{schedule_url(pk)}?action=later", headers=admin)
    assert wrong.status_code == 400 and list(wrong.json) == ["action"]
    assert client.delete(f"{schedule_url(pk)}?action=publish", headers=admin).status_code == 204
    assert [row.action for row in schedule_rows()] == [UNPUBLISH]
    again = client.delete(f"{schedule_url(pk)}?action=publish", headers=admin)
    assert again.status_code == 404
    assert again.json == {"detail": "Nothing is scheduled."}
    assert client.delete(schedule_url(pk), headers=admin).status_code == 204
    assert schedule_rows() == []
    assert client.delete(schedule_url(pk), headers=admin).status_code == 404
    assert client.get(schedule_url(999999), headers=admin).status_code == 404


def test_a_failed_schedule_is_shown_with_why_until_cancelled(client, admin):
    tag = make_tag("gone")
    pk = drafted(client, admin, tags=[tag.id])
    client.post(publish_url(pk), json={"at": zulu(later())}, headers=admin)
    client.delete(f"{URL}tags/{tag.id}", headers=admin)
    make_due(pk)
    assert schedules.run_due() == 1
    shown = client.get(schedule_url(pk), headers=admin).json["publish"]
    assert shown["status"] == "failed"
    assert shown["errors"] == {"tags": [f'Invalid pk "{tag.id}" - object does not exist.']}
    assert shown["failed_at"] is not None
    assert client.get(f"{URL}{pk}/draft/", headers=admin).json["publish_at"] is None
    assert client.delete(f"{schedule_url(pk)}?action=publish", headers=admin).status_code == 204
    assert schedule_rows() == []


def test_reading_the_schedule_needs_4202_and_changing_it_4203(client):
    portfolio = make_portfolio("Season")
    reader = staff_with(4202, username="reader")
    writer = staff_with(4203, username="writer")
    body = {"at": zulu(later())}
    assert client.post(unpublish_url(portfolio.id), json=body, headers=reader).status_code == 403
    assert client.post(unpublish_url(portfolio.id), json=body, headers=writer).status_code == 202
    assert client.get(schedule_url(portfolio.id), headers=writer).status_code == 403
    assert client.get(schedule_url(portfolio.id), headers=reader).status_code == 200
    assert client.delete(schedule_url(portfolio.id), headers=reader).status_code == 403
    assert client.delete(schedule_url(portfolio.id), headers=writer).status_code == 204


def test_if_match_on_cancelling_refuses_a_stale_view_of_the_schedule(client, admin):
    portfolio = make_portfolio("Season")
    client.post(unpublish_url(portfolio.id), json={"at": zulu(later())}, headers=admin)
    seen = client.get(schedule_url(portfolio.id), headers=admin).headers["ETag"]
    client.post(unpublish_url(portfolio.id), json={"at": zulu(later(days=2))}, headers=admin)
    stale = client.delete(schedule_url(portfolio.id), headers=admin | {"If-Match": seen})
    assert stale.status_code == 412
    assert len(schedule_rows()) == 1
    current = client.get(schedule_url(portfolio.id), headers=admin).headers["ETag"]
    fresh = client.delete(schedule_url(portfolio.id), headers=admin | {"If-Match": current})
    assert fresh.status_code == 204
    assert schedule_rows() == []
