"""Edit conflicts on the portfolio form: a save over a newer version shows both versions
(409) and changes nothing; the choices sent back are applied; who else has it open."""

import re
import threading
import time

from portfolio_admin.models import Link, Portfolio
from portfolio_admin.models.base import db
from portfolio_admin.services import links, portfolio_versions, portfolios
from tests.admin.conftest import login
from tests.admin.test_portfolios import form
from tests.factories import make_portfolio, make_user


def opened_version(client, pk: int) -> str:
    """The version the edit form carries when opened now."""
    page = client.get(f"/admin/portfolios/{pk}/").text
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def someone_else_saves(portfolio: Portfolio, **fields) -> None:
    portfolios.update_portfolio(portfolio, fields)
    db.session.commit()


def stored(pk: int) -> Portfolio:
    db.session.rollback()
    db.session.expire_all()
    return db.session.get(Portfolio, pk)


def chosen(page: str, field: str) -> str:
    """Which side the conflict page presets for ``field``."""
    row = re.search(rf'<tr data-field="{field}">(.*?)</tr>', page, re.S).group(1)
    return re.search(r'value="(\w+)" checked', row).group(1)


def test_save_over_a_newer_version_shows_both_and_changes_nothing(client, boss):
    portfolio = make_portfolio("Site", slug="site", description="old words")
    version = opened_version(client, portfolio.id)
    someone_else_saves(portfolio, title="Their title")

    data = form(title="My title", description="my long typed text", version=version)
    response = client.post(f"/admin/portfolios/{portfolio.id}/", data=data)

    assert response.status_code == 409
    page = response.text
    assert "Someone else saved this portfolio" in page
    title_row = re.search(r'<tr data-field="title">(.*?)</tr>', page, re.S).group(1)
    assert "Their title" in title_row and "My title" in title_row
    assert "my long typed text" in page  # still in the form, nothing lost
    assert 'value="My title"' in page  # the form keeps what was typed
    fresh = stored(portfolio.id)
    assert fresh.title == "Their title" and fresh.description == "old words"
    new_version = re.search(r'name="version" value="(\d+)"', page).group(1)
    assert int(new_version) == portfolio_versions.current_version(portfolio.id) > int(version)


def test_fields_one_side_changed_are_preset_to_that_side_and_choices_are_applied(client, boss):
    portfolio = make_portfolio("Site", slug="site", excerpt="base excerpt", description="base")
    version = opened_version(client, portfolio.id)
    someone_else_saves(portfolio, title="Their title", description="their text")

    mine = form(excerpt="my excerpt", description="my text", version=version)
    page = client.post(f"/admin/portfolios/{portfolio.id}/", data=mine).text
    assert chosen(page, "title") == "theirs"  # only they changed it
    assert chosen(page, "excerpt") == "mine"  # only I changed it
    assert chosen(page, "description") == "mine"  # both: mine, flagged
    assert "changed by both" in re.search(r'data-field="description">(.*?)</tr>', page, re.S)[1]
    new_version = re.search(r'name="version" value="(\d+)"', page).group(1)

    choices = {
        "resolve-title": "theirs",
        "resolve-excerpt": "mine",
        "resolve-description": "theirs",
    }
    response = client.post(
        f"/admin/portfolios/{portfolio.id}/", data=mine | choices | {"version": new_version}
    )
    assert response.status_code == 302, response.text
    fresh = stored(portfolio.id)
    assert (fresh.title, fresh.excerpt, fresh.description) == (
        "Their title",
        "my excerpt",
        "their text",
    )


def test_take_all_theirs_keeps_their_links_and_drops_my_row_edits(client, boss):
    portfolio = make_portfolio("Site", slug="site")
    link = links.create_link(portfolio, {"name": "Demo", "url": "https://a.example"})
    db.session.commit()
    version = opened_version(client, portfolio.id)
    links.update_link(link, {"name": "Their demo"})
    db.session.commit()

    mine = form(version=version, title="My title") | {
        "links-0-id": str(link.id),
        "links-0-name": "My demo",
        "links-0-url": "https://a.example",
    }
    page = client.post(f"/admin/portfolios/{portfolio.id}/", data=mine)
    assert page.status_code == 409
    links_row = re.search(r'<tr data-field="links">(.*?)</tr>', page.text, re.S).group(1)
    assert "Their demo" in links_row and "My demo" in links_row
    new_version = re.search(r'name="version" value="(\d+)"', page.text).group(1)

    again = mine | {"version": new_version, "resolve_all": "theirs"}
    assert client.post(f"/admin/portfolios/{portfolio.id}/", data=again).status_code == 302
    fresh = stored(portfolio.id)
    assert fresh.title == "Site"
    assert [k.name for k in db.session.query(Link).filter_by(portfolio_id=portfolio.id)] == [
        "Their demo"
    ]


def test_my_row_deleted_meanwhile_is_saved_as_a_new_row_when_kept(client, boss):
    portfolio = make_portfolio("Site", slug="site")
    link = links.create_link(portfolio, {"name": "Demo", "url": "https://a.example"})
    db.session.commit()
    version = opened_version(client, portfolio.id)
    links.delete_link(link)
    db.session.commit()

    mine = form(version=version) | {
        "links-0-id": str(link.id),
        "links-0-name": "My typed demo",
        "links-0-url": "https://a.example",
    }
    page = client.post(f"/admin/portfolios/{portfolio.id}/", data=mine)
    assert page.status_code == 409 and chosen(page.text, "links") == "mine"
    new_version = re.search(r'name="version" value="(\d+)"', page.text).group(1)
    again = mine | {"version": new_version, "resolve-links": "mine"}
    assert client.post(f"/admin/portfolios/{portfolio.id}/", data=again).status_code == 302
    names = [k.name for k in db.session.query(Link).filter_by(portfolio_id=portfolio.id)]
    assert names == ["My typed demo"]


def test_save_at_the_current_version_saves(client, boss):
    portfolio = make_portfolio("Site", slug="site")
    version = opened_version(client, portfolio.id)
    response = client.post(f"/admin/portfolios/{portfolio.id}/", data=form(version=version))
    assert response.status_code == 302
    assert stored(portfolio.id).title == "Site"


def test_a_save_waits_for_a_save_in_progress_and_then_sees_it(app, client, boss, more_instances):
    """The version is checked under the row lock the save holds until it commits."""
    portfolio = make_portfolio("Site", slug="site")
    version = opened_version(client, portfolio.id)
    other = more_instances(WTF_CSRF_ENABLED=False).test_client()
    login(other)
    # This session takes the lock a save takes, and writes while holding it.
    assert portfolio_versions.newer_revision(portfolio, int(version)) is None
    portfolios.update_portfolio(portfolio, {"title": "First"})
    result = {}

    def second_save():
        data = form(title="Second", version=version)
        result["status"] = other.post(f"/admin/portfolios/{portfolio.id}/", data=data).status_code

    thread = threading.Thread(target=second_save)
    thread.start()
    time.sleep(1.0)
    waited = thread.is_alive()
    db.session.commit()
    thread.join(timeout=30)
    assert waited, "the second save did not wait for the first"
    assert result["status"] == 409
    assert stored(portfolio.id).title == "First"


def test_a_draft_sent_back_is_shown_unsaved(client, boss):
    portfolio = make_portfolio("Site", slug="site")
    data = form(title="Typed before the session ended", version="0", restore_draft="1")
    response = client.post(f"/admin/portfolios/{portfolio.id}/", data=data)
    assert response.status_code == 200
    assert 'value="Typed before the session ended"' in response.text
    assert "data-draft-restored" in response.text and "data-unsaved-input" in response.text
    assert stored(portfolio.id).title == "Site"


def test_a_failed_save_marks_the_form_as_unsaved_input(client, boss):
    portfolio = make_portfolio("Site", slug="site")
    response = client.post(f"/admin/portfolios/{portfolio.id}/", data=form(title=""))
    assert response.status_code == 400 and "data-unsaved-input" in response.text
    assert "data-unsaved-input" not in client.get(f"/admin/portfolios/{portfolio.id}/").text


def test_presence_says_who_else_has_it_open_and_who_saved_since(app, client, boss, more_instances):
    portfolio = make_portfolio("Site", slug="site")
    version = int(opened_version(client, portfolio.id))
    url = f"/admin/portfolios/{portfolio.id}/presence"
    first = client.post(url, json={"version": version}).get_json()
    assert first == {"editing": [], "saved": None, "messages": []}

    make_user("ali", is_admin=True)
    other = more_instances(WTF_CSRF_ENABLED=False).test_client()
    login(other, "ali")
    assert other.post(url, json={"version": version}).get_json()["editing"] == ["boss"]
    assert client.post(url, json={"version": version}).get_json()["editing"] == ["ali"]

    someone_else_saves(portfolio, title="Renamed")
    answer = client.post(url, json={"version": version}).get_json()
    assert answer["saved"] == portfolio_versions.current_version(portfolio.id)
    assert any("saved this portfolio" in message for message in answer["messages"])
