"""Schedules in the activity log: setting, changing and cancelling one (API and admin),
and the worker carrying one out or failing it, each an entry on the portfolio naming
who and how, with the moments before and after (the admin's: tests/admin/test_schedules.py)."""

from datetime import datetime

from sqlalchemy import select

from portfolio_admin.models import ActivityEntry
from portfolio_admin.models.base import db
from portfolio_admin.services import schedules
from tests.api.test_schedules import drafted, later, make_due, publish_url, zulu
from tests.factories import make_tag

URL = "/api/portfolios/"


def portfolio_entries(pk) -> list[ActivityEntry]:
    db.session.rollback()
    stmt = select(ActivityEntry).where(
        ActivityEntry.resource == "portfolio", ActivityEntry.object_id == pk
    )
    return list(db.session.scalars(stmt.order_by(ActivityEntry.id)))


def moments(change: list) -> list:
    return [None if value is None else datetime.fromisoformat(value) for value in change]


def test_scheduling_rescheduling_cancelling_and_carrying_out_are_logged(client, admin):
    pk = drafted(client, admin)
    first, second = later(), later(days=2)
    for at in (first, second):
        assert client.post(publish_url(pk), json={"at": zulu(at)}, headers=admin).status_code == 202
    assert client.delete(f"{URL}{pk}/schedule", headers=admin).status_code == 204
    client.post(f"{URL}{pk}/unpublish/", json={"at": zulu(first)}, headers=admin)
    client.post(publish_url(pk), json={"at": zulu(first)}, headers=admin)
    before = len(portfolio_entries(pk))
    make_due(pk)
    assert schedules.run_due() == 1

    entries = portfolio_entries(pk)
    scheduled, moved, cancelled, unpublish, again = entries[-6:-1]
    for entry in (scheduled, moved, cancelled, unpublish, again):
        assert (entry.action, entry.actor, entry.via) == ("update", "root", "api")
    assert moments(scheduled.changes["publish_at"]) == [None, first]
    assert moments(moved.changes["publish_at"]) == [first, second]
    assert moments(cancelled.changes["publish_at"]) == [second, None]
    assert moments(unpublish.changes["unpublish_at"]) == [None, first]
    assert list(again.changes) == ["publish_at"]

    [carried_out] = entries[before:]
    assert (carried_out.actor, carried_out.via) == ("root", "schedule")
    assert carried_out.changes["title"] == ["Launch", "Launch day"]
    assert carried_out.changes["publish_at"][1] is None
    assert "unpublish_at" not in carried_out.changes  # still to come


def test_a_schedule_the_worker_could_not_carry_out_is_logged_as_failed(client, admin):
    tag = make_tag("gone")
    pk = drafted(client, admin, tags=[tag.id])
    at = later()
    client.post(publish_url(pk), json={"at": zulu(at)}, headers=admin)
    client.delete(f"{URL}tags/{tag.id}", headers=admin)
    make_due(pk)
    due = db.session.get(schedules.PortfolioSchedule, (pk, "publish")).run_at
    assert schedules.run_due() == 1
    failed = portfolio_entries(pk)[-1]
    assert (failed.actor, failed.via) == ("root", "schedule")
    assert failed.changes == {
        "publish_at": [due.isoformat(), None],
        "publish_failed_at": [None, due.isoformat()],
    }
    client.delete(f"{URL}{pk}/schedule?action=publish", headers=admin)
    dismissed = portfolio_entries(pk)[-1]
    assert (dismissed.via, dismissed.changes) == (
        "api",
        {"publish_failed_at": [due.isoformat(), None]},
    )
