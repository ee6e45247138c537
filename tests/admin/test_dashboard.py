"""The dashboard: recent activity, drafts, what needs attention (with links to fix it),
and no heading without something under it."""

import re
from datetime import timedelta

from portfolio_admin.auth.permissions import MEDIA, PORTFOLIO
from portfolio_admin.models.base import db, utcnow
from portfolio_admin.services import drafts, portfolios, schedules
from tests.admin.conftest import signed_in_staff
from tests.factories import make_image, make_portfolio, make_user

PERSIAN = {"Accept-Language": "fa-IR,fa;q=0.9"}


def section(page: str, marker: str) -> str:
    """The ``<section>`` holding ``marker`` (a data- attribute)."""
    match = re.search(rf"<section[^>]*{marker}.*?</section>", page, re.S)
    assert match, f"no section {marker}"
    return match.group(0)


def test_what_needs_attention_is_counted_and_linked_to_its_fix(client, boss):
    cover = make_image("cover")
    cover.alt = "A cover"
    db.session.commit()
    covered = make_portfolio("Covered", image=cover.id)
    bare = make_portfolio("Bare")
    no_alt = make_image("no-alt")
    page = client.get("/admin/").text
    attention = section(page, "data-attention")
    assert "1 portfolio without a cover image" in attention
    assert f'href="/admin/portfolios/{bare.id}/">Bare</a>' in attention
    assert "Covered" not in attention and covered.id
    assert "1 image without alt text" in attention
    assert f'href="/admin/media/{no_alt.id}/#alt">no-alt</a>' in attention


def test_many_problems_show_a_few_and_say_how_many_more(client, boss):
    for n in range(7):
        make_portfolio(f"P{n}")
    attention = section(client.get("/admin/").text, "data-attention")
    assert "7 portfolios without a cover image" in attention and "And 2 more." in attention


def test_nothing_to_fix_says_so(client, boss):
    page = client.get("/admin/").text
    assert "every portfolio has a cover" in section(page, "data-attention")


def test_drafts_list_unpublished_changes_and_portfolios_never_published(client, boss):
    live = make_portfolio("Live")
    drafted = make_portfolio("Drafted")
    drafts.save_draft(drafted, portfolios.portfolio_input(drafted) | {"excerpt": "new"})
    hidden = drafts.create_unpublished({"title": "Hidden", "slug": "hidden", "excerpt": "x"})
    db.session.commit()
    listed = section(client.get("/admin/").text, "data-drafts")
    assert f'/admin/portfolios/{drafted.id}/">Drafted</a>' in listed and "draft saved" in listed
    assert f'/admin/portfolios/{hidden.id}/">Hidden</a>' in listed and "Not live" in listed
    assert "Live" not in listed and live.id


def test_scheduled_publishing_and_unpublishing_are_listed_soonest_first(client, boss):
    launch, retire = make_portfolio("Launch"), make_portfolio("Retire")
    drafts.save_draft(launch, portfolios.portfolio_input(launch) | {"excerpt": "new"})
    schedules.schedule(retire, "unpublish", utcnow() + timedelta(days=2))
    schedules.schedule(launch, "publish", utcnow() + timedelta(days=1))
    db.session.commit()
    listed = section(client.get("/admin/").text, "data-scheduled-list")
    assert listed.index(">Launch</a>") < listed.index(">Retire</a>")
    assert "Publishes on" in listed and "Unpublishes on" in listed


def test_recent_activity_names_who_did_what_and_links_to_it(client, boss):
    client.post("/admin/tags/new", data={"name": "branding"})
    activity = section(client.get("/admin/").text, "data-recent-activity")
    assert "<bdi>boss</bdi>: created tag" in activity and ">branding</bdi></a>" in activity
    assert 'href="/admin/activity/"' in activity


def test_staff_see_only_what_they_may_open_and_no_empty_headings(client):
    make_portfolio("Bare")
    make_image("no-alt")
    user = make_user("admin2", is_admin=True)
    assert user.id
    signed_in_staff(client, PORTFOLIO.list)
    page = client.get("/admin/").text
    assert "Quick actions" not in page  # may create nothing
    attention = section(page, "data-attention")
    assert "Bare" in attention and "/admin/portfolios/" not in attention  # no retrieve code
    assert "alt text" not in attention  # no media codes
    assert "All activity" not in page


def test_a_user_who_may_see_nothing_gets_no_sections(client):
    signed_in_staff(client, MEDIA.create)
    page = client.get("/admin/").text
    for heading in ("Needs attention", "Drafts", "Recent activity"):
        assert heading not in page
    assert "Quick actions" in page  # one thing to do: upload


def test_the_dashboard_in_persian_writes_counts_in_persian_digits(client, boss):
    for n in range(12):
        make_portfolio(f"P{n}")
    page = client.get("/admin/", headers=PERSIAN).text
    attention = section(page, "data-attention")
    heading = re.search(r"<h3[^>]*>(.*?)</h3>", attention).group(1)
    assert heading.startswith("۱۲ ") and "12" not in heading
