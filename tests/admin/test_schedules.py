"""Scheduling on a portfolio's page: "Publish at" and "Unpublish at" typed in the staff's
time zone, what is scheduled (or failed, and why) shown on the page and in the list in
both languages, mistakes named beside their fields, and cancelling."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from portfolio_admin.models import PortfolioSchedule
from portfolio_admin.models.base import db, utcnow
from portfolio_admin.services import schedules, tags
from tests.activity.test_schedules import portfolio_entries
from tests.admin.test_portfolios import form
from tests.api.test_schedules import make_due
from tests.factories import make_portfolio, make_tag

PERSIAN = {"Accept-Language": "fa-IR,fa;q=0.9"}


@pytest.fixture
def storage_config():
    """The settings the test's app is made with: ``TIMEZONE`` is read when it is made."""
    return {"BABEL_DEFAULT_TIMEZONE": "Asia/Tehran"}


def edit_url(pk):
    return f"/admin/portfolios/{pk}/"


def schedule_url(pk):
    return f"/admin/portfolios/{pk}/schedule"


def with_draft(client, title="Site", **fields):
    portfolio = make_portfolio(title, slug=title.lower())
    data = form(title=f"{title} 2", slug=title.lower(), save_draft="1") | fields
    assert client.post(edit_url(portfolio.id), data=data).status_code == 302
    return portfolio.id


def rows():
    db.session.rollback()
    stmt = select(PortfolioSchedule).order_by(PortfolioSchedule.action)
    return db.session.scalars(stmt).all()


def moment(**fields):
    blank = {"publish_on": "", "publish_time": "", "unpublish_on": "", "unpublish_time": ""}
    return blank | fields


def test_publish_and_unpublish_are_scheduled_in_the_staff_time_zone(client, boss):
    pk = with_draft(client)
    sent = moment(
        publish_on="2099-01-01",
        publish_time="09:30",
        unpublish_on="2099-03-21",
        unpublish_time="00:00",
    )
    response = client.post(schedule_url(pk), data=sent)
    assert response.status_code == 302, response.text
    assert [(row.action, row.run_at) for row in rows()] == [
        ("publish", datetime(2099, 1, 1, 6, 0, tzinfo=UTC)),
        ("unpublish", datetime(2099, 3, 20, 20, 30, tzinfo=UTC)),
    ]
    page = client.get(edit_url(pk)).text
    assert "Scheduled to publish on 1 Jan 2099, 09:30." in page
    assert "Scheduled to unpublish (make inactive) on 21 Mar 2099, 00:00." in page
    listing = client.get("/admin/portfolios/").text
    assert 'data-scheduled="publish"' in listing and "Publishes on 1 Jan 2099, 09:30" in listing
    assert 'data-scheduled="unpublish"' in listing

    persian = client.get(edit_url(pk), headers=PERSIAN).text
    assert "انتشار در ۱۲ دی ۱۴۷۷" in persian  # the Solar Hijri day, Persian digits
    assert "۰۹:۳۰" in persian


@pytest.mark.parametrize(
    ("sent", "field", "message"),
    [
        (moment(publish_on="2020-01-01", publish_time="10:00"), "publish_on", "future"),
        (moment(publish_on="2099-01-01"), "publish_time", "This field is required."),
        (moment(unpublish_time="10:00"), "unpublish_on", "This field is required."),
        (moment(), "publish_on", "Choose a date and a time."),
        (moment(publish_on="2099-02-30", publish_time="10:00"), "publish_on", "date"),
        (moment(publish_on="2099-01-01", publish_time="25:00"), "publish_time", "time"),
        # The last day there is, late in a zone behind UTC: no datetime holds it in UTC.
        (moment(unpublish_on="9999-12-31", unpublish_time="23:00"), "unpublish_on", "range"),
    ],
)
def test_a_mistake_is_named_beside_its_field_and_nothing_is_scheduled(
    app, client, boss, sent, field, message
):
    # Typed moments are read in the zone of the moment (shown ones in that of the start).
    app.config["BABEL_DEFAULT_TIMEZONE"] = "America/Los_Angeles"
    pk = with_draft(client)
    response = client.post(schedule_url(pk), data=sent)
    assert response.status_code == 400
    errors = response.text.split(f'id="{field}-errors"', 1)[1].split("</ul>", 1)[0]
    assert message in errors
    assert '<details class="schedule-form" open>' in response.text
    assert rows() == []


def test_publish_at_is_offered_only_when_there_is_a_draft(client, boss):
    portfolio = make_portfolio("Live", slug="live")
    page = client.get(edit_url(portfolio.id)).text
    assert 'id="publish_on"' not in page and 'id="unpublish_on"' in page
    assert "save them as a draft first" in page
    sent = moment(publish_on="2099-01-01", publish_time="10:00")
    assert client.post(schedule_url(portfolio.id), data=sent).status_code == 400
    assert rows() == []


def test_a_schedule_is_cancelled_and_a_new_time_replaces_the_old(client, boss):
    pk = with_draft(client)
    client.post(schedule_url(pk), data=moment(publish_on="2099-01-01", publish_time="10:00"))
    client.post(schedule_url(pk), data=moment(publish_on="2099-01-02", publish_time="11:00"))
    assert [row.run_at for row in rows()] == [datetime(2099, 1, 2, 7, 30, tzinfo=UTC)]
    response = client.post(f"{schedule_url(pk)}/publish/cancel")
    assert response.status_code == 302
    assert rows() == []
    page = client.get(edit_url(pk)).text
    assert "Scheduled publishing cancelled." in page
    assert "data-schedule=" not in page
    again = client.post(f"{schedule_url(pk)}/publish/cancel")
    assert "Nothing is scheduled." in client.get(again.location).text


def test_a_failed_schedule_says_why_in_both_languages_until_dismissed(client, boss):
    tag = make_tag("gone")
    pk = with_draft(client, tags=[str(tag.id)])
    client.post(schedule_url(pk), data=moment(publish_on="2099-01-01", publish_time="10:00"))
    tags.delete_tag(tag)
    db.session.commit()
    make_due(pk)
    assert schedules.run_due() == 1
    page = client.get(edit_url(pk)).text
    assert 'data-schedule-status="failed"' in page
    assert "failed: the draft did not pass its checks then." in page
    assert f"Tags: Invalid pk &#34;{tag.id}&#34; - object does not exist." in page
    persian = client.get(edit_url(pk), headers=PERSIAN).text
    assert "برچسب" in persian and "Invalid pk" not in persian
    assert 'data-schedule-failed="publish"' in client.get("/admin/portfolios/").text

    client.post(f"{schedule_url(pk)}/publish/cancel")
    assert rows() == []


def test_scheduling_needs_the_update_code(client, boss):
    from tests.admin.conftest import signed_in_staff

    pk = with_draft(client)
    client.post("/admin/logout")
    signed_in_staff(client, 4200, 4202)
    later = (utcnow() + timedelta(days=1)).date().isoformat()
    sent = moment(publish_on=later, publish_time="10:00")
    assert client.post(schedule_url(pk), data=sent).status_code == 403
    assert (
        'action="/admin/portfolios/' + str(pk) + '/schedule"' not in client.get(edit_url(pk)).text
    )
    assert rows() == []


def test_the_admin_logs_its_schedules_and_shows_them_in_both_languages(client, boss):
    portfolio = make_portfolio("Season", slug="season")
    form = moment(unpublish_on="2099-01-02", unpublish_time="09:30")
    page = f"/admin/portfolios/{portfolio.id}/"
    response = client.post(f"{page}schedule", data=form)
    assert response.status_code == 302, response.text
    assert client.post(f"{page}schedule/unpublish/cancel").status_code == 302
    set_, cancelled = portfolio_entries(portfolio.id)[-2:]
    assert (set_.actor, set_.via) == (cancelled.actor, cancelled.via) == ("boss", "ui")
    assert set_.changes == {"unpublish_at": [None, "2099-01-02T06:00:00+00:00"]}
    assert cancelled.changes == {"unpublish_at": ["2099-01-02T06:00:00+00:00", None]}

    english = client.get(page).text  # the page's history
    assert english.count("<dt>Unpublish at</dt>") == 2
    assert "2 Jan 2099, 09:30" in english.split('id="history-title"')[1]
    persian = client.get(page, headers=PERSIAN).text.split('id="history-title"')[1]
    assert persian.count("<dt>زمان لغو انتشار</dt>") == 2 and "۰۹:۳۰" in persian
