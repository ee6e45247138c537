"""Writes that arrive at the same moment, through a real (threaded) server: each either
succeeds or gets the 4xx a lone request would, never a 500, and the rules between rows
(one order per portfolio, at least one admin, the sign-in limit) still hold afterwards.

Each case is a few bounded rounds of simultaneous requests; it runs on SQLite and, with
``DATABASE_URL``, on PostgreSQL.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import delete, func, select

from portfolio_admin.models import LoginAttempt, Portfolio, User
from portfolio_admin.models.base import db
from portfolio_admin.services.integrity import does_not_exist
from portfolio_admin.services.portfolio_order import DISPLAY_ORDER
from tests.factories import make_image, make_portfolio, make_tag, make_user

ROUNDS = 3
CLIENTS = 10


def concurrently(calls: list) -> list:
    """Call each function in a thread of its own, all released at once; their results."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait(timeout=30)
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def _api(method: str, url: str, headers: dict, body: dict | None = None):
    def call():
        return requests.request(method, url, json=body, headers=headers, timeout=60)

    return call


def _statuses(responses) -> list[int]:
    return [response.status_code for response in responses]


def _assert_succeeded_or_refused(responses, fields: list[str], messages: list[str]) -> None:
    """Each response a success, or a 400 with ``messages`` on the field its request sent."""
    for response, field in zip(responses, fields, strict=True):
        if response.status_code >= 400:
            assert (response.status_code, response.json()) == (400, {field: messages})
        else:
            assert response.status_code in (200, 201), response.text


@pytest.fixture
def no_csrf(app):
    """Admin forms accepted without their CSRF token (``test_csrf.py`` checks tokens)."""
    app.config["WTF_CSRF_ENABLED"] = False


def _signed_in(live_server: str, username: str) -> dict:
    """The cookies of a new admin session of ``username``."""
    data = {"username": username, "password": "secret-pass"}
    response = requests.post(f"{live_server}/admin/login", data=data, allow_redirects=False)
    assert response.status_code == 302, response.text
    return response.cookies.get_dict()


# Issue 13, item 5: writes to one portfolio (its gallery, tags, links, meta entries)


def test_identical_gallery_and_tag_changes_at_once_all_succeed(live_server, admin):
    images = [make_image(f"image{n}").id for n in range(4)]
    tags = [make_tag(f"tag{n}").id for n in range(4)]
    url = f"{live_server}/api/portfolios/{make_portfolio('P', images=images[:2]).id}"
    for round_ in range(ROUNDS):
        body = {"images": images[round_:], "tags": tags[round_:]}
        responses = concurrently([_api("PATCH", url, admin, body)] * CLIENTS)
        assert _statuses(responses) == [200] * CLIENTS, [r.text for r in responses]
        shown = requests.get(url, headers=admin).json()
        assert [image["id"] for image in shown["images_data"]] == body["images"]
        assert [tag["id"] for tag in shown["tags_data"]] == body["tags"]


def test_different_gallery_changes_at_once_leave_exactly_one_of_them(live_server, admin):
    images = [make_image(f"image{n}").id for n in range(5)]
    url = f"{live_server}/api/portfolios/{make_portfolio('P').id}"
    bodies = [{"images": images[n % 5 :] + images[: n % 5]} for n in range(CLIENTS)]
    for _ in range(ROUNDS):
        responses = concurrently([_api("PATCH", url, admin, body) for body in bodies])
        assert _statuses(responses) == [200] * CLIENTS, [r.text for r in responses]
        shown = [image["id"] for image in requests.get(url, headers=admin).json()["images_data"]]
        assert {"images": shown} in bodies


def test_links_and_meta_written_with_the_portfolio_at_once_all_succeed(live_server, admin):
    portfolio = make_portfolio("P", images=[make_image("a").id])
    url = f"{live_server}/api/portfolios/{portfolio.id}"
    calls = [_api("PATCH", url, admin, {"images": [], "excerpt": "changed"})]
    calls += [_api("POST", f"{url}/links/", admin, {"name": f"l{n}"}) for n in range(4)]
    calls += [_api("POST", f"{url}/meta/", admin, {"key": "same"}) for _ in range(5)]
    responses = concurrently(calls)
    assert _statuses(responses)[:5] == [200] + [201] * 4, [r.text for r in responses]
    meta = sorted(responses[5:], key=lambda r: r.status_code)
    assert _statuses(meta) == [201] + [400] * 4, [r.text for r in meta]
    assert all(r.json() == {"key": ["meta entry with this key already exists."]} for r in meta[1:])


def test_writes_under_a_portfolio_being_deleted_succeed_or_find_it_gone(live_server, admin):
    for round_ in range(ROUNDS):
        url = f"{live_server}/api/portfolios/{make_portfolio(f'P{round_}').id}"
        calls = [_api("DELETE", url, admin)]
        calls += [_api("POST", f"{url}/links/", admin, {"name": "l"}) for _ in range(3)]
        calls += [_api("POST", f"{url}/meta/", admin, {"key": f"k{n}"}) for n in range(3)]
        calls += [_api("PATCH", url, admin, {"tags": []}) for _ in range(3)]
        statuses = _statuses(concurrently(calls))
        assert statuses[0] == 204
        assert set(statuses[1:7]) <= {201, 404} and set(statuses[7:]) <= {200, 404}, statuses


# Item 6: a row deleted while requests point to it (media files, tags, employers)


def test_deleting_a_media_file_while_requests_link_it_gives_them_success_or_400_on_their_field(
    live_server, admin
):
    portfolio = make_portfolio("P")
    url = f"{live_server}/api/portfolios/{portfolio.id}"
    for round_ in range(ROUNDS * 2):
        media = make_image(f"m{round_}").id
        gone = [does_not_exist(media)]
        tag = {"name": f"t{round_}", "image": media}
        calls = [
            _api("DELETE", f"{live_server}/api/media/{media}", admin),
            _api("PATCH", url, admin, {"images": [media]}),
            _api("PATCH", url, admin, {"image": media}),
            _api("POST", f"{url}/links/", admin, {"name": "l", "image": media}),
            _api("POST", f"{url}/meta/", admin, {"key": f"k{round_}", "value_file": media}),
            _api("POST", f"{live_server}/api/portfolios/tags/", admin, tag),
        ]
        deleted, *linked = concurrently(calls)
        assert deleted.status_code == 204, deleted.text
        _assert_succeeded_or_refused(
            linked, ["images", "image", "image", "value_file", "image"], gone
        )


@pytest.mark.parametrize(("resource", "field"), [("tags", "tags"), ("employers", "employer")])
def test_deleting_a_tag_or_employer_while_portfolios_get_it_gives_them_success_or_400(
    live_server, admin, resource, field
):
    url = f"{live_server}/api/portfolios/{make_portfolio('P').id}"
    for round_ in range(ROUNDS * 2):
        made = requests.post(
            f"{live_server}/api/portfolios/{resource}/", json={"name": f"n{round_}"}, headers=admin
        ).json()["id"]
        value = [made] if field == "tags" else made
        new = {"title": f"new{round_}", "slug": f"new{round_}", "excerpt": "x", field: value}
        calls = [
            _api("DELETE", f"{live_server}/api/portfolios/{resource}/{made}", admin),
            _api("PATCH", url, admin, {field: value}),
            _api("PATCH", url, admin, {field: value, "title": f"P{round_}"}),
            _api("POST", f"{live_server}/api/portfolios/", admin, new),
        ]
        deleted, *pointing = concurrently(calls)
        assert deleted.status_code == 204, deleted.text
        _assert_succeeded_or_refused(pointing, [field] * 3, [does_not_exist(made)])


def test_saving_the_portfolio_form_while_a_file_it_points_to_is_deleted(
    live_server, admin, no_csrf
):
    """The form writes the portfolio, then its links: the file a link points to is kept
    before the portfolio is locked, as the deletion, which locks the file first, expects."""
    make_user("boss", is_admin=True)
    cookies = _signed_in(live_server, "boss")
    portfolio = make_portfolio("P")
    url = f"{live_server}/admin/portfolios/{portfolio.id}/"
    for round_ in range(ROUNDS * 2):
        media = make_image(f"m{round_}").id
        meta = {"key": f"k{round_}", "value_file": media}
        requests.post(
            f"{live_server}/api/portfolios/{portfolio.id}/meta/", json=meta, headers=admin
        )
        data = {
            "title": "P",
            "slug": "p",
            "excerpt": "e",
            "links-0-name": "l",
            "links-0-image": media,
        }

        def save(data=data):
            return requests.post(url, data=data, cookies=cookies, allow_redirects=False)

        deleted, saved = concurrently(
            [_api("DELETE", f"{live_server}/api/media/{media}", admin), save]
        )
        assert (deleted.status_code, saved.status_code in (302, 400)) == (204, True), saved.text


# Item 7: the display order


def test_reorders_at_once_all_succeed_and_leave_every_portfolio_its_own_order(live_server, no_csrf):
    make_user("boss", is_admin=True)
    cookies = _signed_in(live_server, "boss")
    ids = [make_portfolio(f"P{n}", order=n).id for n in range(6)]
    sequences = [ids[n % 6 :] + ids[: n % 6] for n in range(CLIENTS)]
    sequences = [s if n % 2 else s[::-1] for n, s in enumerate(sequences)]

    def reorder(sequence):
        url = f"{live_server}/admin/portfolios/reorder"
        return lambda: requests.post(url, json={"ids": sequence}, cookies=cookies, timeout=60)

    for _ in range(ROUNDS):
        responses = concurrently([reorder(sequence) for sequence in sequences])
        assert _statuses(responses) == [200] * CLIENTS, [r.text for r in responses]
        db.session.expire_all()
        orders = db.session.scalars(select(Portfolio.order).order_by(Portfolio.order)).all()
        assert orders == list(range(6))


def test_two_moves_at_once_both_land_and_leave_no_shared_order(live_server, no_csrf):
    make_user("boss", is_admin=True)
    cookies = _signed_in(live_server, "boss")

    def move(pk, position):
        url = f"{live_server}/admin/portfolios/{pk}/move"
        data = {"position": str(position)}
        return lambda: requests.post(
            url, data=data, cookies=cookies, allow_redirects=False, timeout=60
        )

    for round_ in range(ROUNDS):
        db.session.execute(delete(Portfolio))
        db.session.commit()
        # All tied at 0: each move lands between ties, so both renumber a run of rows.
        p0, p1, p2, p3, p4, p5 = (make_portfolio(f"R{round_}P{n}").id for n in range(6))
        responses = concurrently([move(p0, 4), move(p5, 2)])
        assert _statuses(responses) == [302, 302], [r.text for r in responses]
        # One after the other, in either order; never a mix of the two.
        p0_first = [p1, p5, p2, p3, p0, p4]
        p5_first = [p5, p1, p2, p0, p3, p4]
        assert _display_order() in (p0_first, p5_first)
        orders = db.session.scalars(select(Portfolio.order)).all()
        assert len(set(orders)) == len(orders)


def _display_order() -> list[int]:
    db.session.expire_all()
    return list(db.session.scalars(select(Portfolio.id).order_by(*DISPLAY_ORDER, Portfolio.id)))


# Item 8: the last administrator


def _active_admins() -> int:
    db.session.expire_all()
    stmt = select(func.count()).where(User.is_admin.is_(True), User.is_active.is_(True))
    return db.session.scalar(stmt)


def _make_admins_again(*users) -> None:
    for user in users:
        user.is_admin = user.is_active = True
    db.session.commit()


def test_two_admins_demoting_each_other_at_once_leave_one_admin(live_server, no_csrf):
    ann, bob = make_user("ann", is_admin=True), make_user("bob", is_admin=True)
    pairs = [(_signed_in(live_server, "ann"), bob), (_signed_in(live_server, "bob"), ann)]

    def demote(cookies, user):
        url = f"{live_server}/admin/users/{user.id}/"
        data = {"username": user.username, "is_staff": "y"}
        return lambda: requests.post(
            url, data=data, cookies=cookies, allow_redirects=False, timeout=60
        )

    for _ in range(ROUNDS):
        statuses = sorted(_statuses(concurrently([demote(*pair) for pair in pairs])))
        assert statuses == [302, 400] and _active_admins() == 1
        _make_admins_again(ann, bob)


def test_two_admins_deactivating_each_other_at_once_leave_one_admin(live_server, no_csrf):
    ann, bob = make_user("ann", is_admin=True), make_user("bob", is_admin=True)

    def deactivate(cookies, user):
        url = f"{live_server}/admin/users/{user.id}/deactivate"
        return lambda: requests.post(url, cookies=cookies, allow_redirects=False, timeout=60)

    for _ in range(ROUNDS):
        by_ann, by_bob = _signed_in(live_server, "ann"), _signed_in(live_server, "bob")
        concurrently([deactivate(by_ann, bob), deactivate(by_bob, ann)])
        assert _active_admins() == 1
        _make_admins_again(ann, bob)


# Item 9: the sign-in limit


def test_a_burst_of_wrong_passwords_is_checked_no_more_often_than_the_limit(
    live_server, app, no_csrf
):
    make_user("boss", is_admin=True)
    limit = app.config["LOGIN_FAILURES_PER_ACCOUNT"]
    url = f"{live_server}/admin/login"
    data = {"username": "boss", "password": "wrong"}
    responses = concurrently([lambda: requests.post(url, data=data, timeout=60)] * 30)
    assert sorted(_statuses(responses)) == [200] * limit + [429] * (30 - limit)
    assert db.session.scalar(select(func.count()).select_from(LoginAttempt)) == limit
