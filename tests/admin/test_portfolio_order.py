"""The display order across the list's pages: "move to position N" from a row, and a
page's drag-and-drop, keep the numbers staff typed wherever the new order allows."""

import pytest
from sqlalchemy import select

from portfolio_admin.admin.helpers import PAGE_SIZE
from portfolio_admin.auth.permissions import PORTFOLIO
from portfolio_admin.models import Portfolio
from portfolio_admin.models.base import db
from portfolio_admin.services.portfolio_order import DISPLAY_ORDER
from tests.admin.conftest import signed_in_staff
from tests.factories import make_portfolio


def titles() -> list[str]:
    """Every portfolio's title, in the list's display order."""
    db.session.expire_all()
    stmt = select(Portfolio.title).order_by(*DISPLAY_ORDER, Portfolio.id)
    return list(db.session.scalars(stmt))


def orders() -> dict[str, int]:
    db.session.expire_all()
    return dict(db.session.execute(select(Portfolio.title, Portfolio.order)).all())


def move(client, portfolio, position: str):
    return client.post(f"/admin/portfolios/{portfolio.id}/move", data={"position": position})


def five(values=(10, 20, 30, 40, 50)) -> list[Portfolio]:
    return [
        make_portfolio(title, order=value) for title, value in zip("ABCDE", values, strict=True)
    ]


def test_moving_the_first_to_the_last_position_keeps_the_typed_numbers(client, boss):
    a, *_ = five()
    response = move(client, a, "5")
    assert response.status_code == 302
    assert titles() == ["B", "C", "D", "E", "A"]
    assert orders() == {"B": 20, "C": 30, "D": 40, "E": 50, "A": 51}


def test_moving_the_last_to_the_first_position_says_where_it_went(client, boss):
    *_, e = five()
    response = move(client, e, "1")
    assert response.headers["Location"].endswith(f"/admin/portfolios/#row-{e.id}")
    assert titles() == ["E", "A", "B", "C", "D"]
    page = client.get(response.headers["Location"]).text
    assert "“E” is now at position 1." in page


def test_a_move_with_room_between_the_new_neighbours_changes_only_its_own_number(client, boss):
    a, b, c, d, e = five()
    move(client, b, "4")
    assert titles() == ["A", "C", "D", "B", "E"]
    assert orders() == {"A": 10, "C": 30, "D": 40, "B": 45, "E": 50}
    move(client, e, "1")
    assert orders()["E"] == 9 and titles()[0] == "E"


def test_a_move_between_tied_neighbours_rewrites_the_rows_between_the_places(client, boss):
    a, b, c, d, e = five((10, 20, 20, 20, 50))
    move(client, a, "3")  # between C and D, both 20: no number fits
    assert titles() == ["B", "C", "A", "D", "E"]
    assert orders() == {"B": 10, "C": 20, "A": 21, "D": 22, "E": 50}


def test_a_position_beyond_the_end_means_last(client, boss):
    a, *_ = five()
    response = move(client, a, "999")
    assert titles() == ["B", "C", "D", "E", "A"]
    assert "“A” is now at position 5." in client.get(response.headers["Location"]).text


def test_moving_across_pages_of_tied_orders_lands_exactly_there(client, boss):
    rows = [make_portfolio(f"P{n:02}") for n in range(PAGE_SIZE + 5)]  # all order 0
    last = rows[-1]
    response = move(client, last, "3")
    assert titles()[:4] == ["P00", "P01", f"P{PAGE_SIZE + 4:02}", "P02"]
    assert titles()[3:] == [f"P{n:02}" for n in range(2, PAGE_SIZE + 4)]
    assert orders()["P00"] == 0  # the rows before the new place keep their numbers
    first = rows[0]
    response = move(client, first, str(PAGE_SIZE + 2))  # onto the second page
    assert titles()[PAGE_SIZE + 1] == "P00"
    assert response.headers["Location"].endswith(f"/admin/portfolios/?page=2#row-{first.id}")
    assert len(set(orders().values())) == len(rows)


def test_a_position_typed_in_persian_digits_is_read(client, boss):
    a, *_ = five()
    move(client, a, "۳")
    assert titles() == ["B", "C", "A", "D", "E"]


@pytest.mark.parametrize("position", ["", "0", "-1", "abc", "2.5", "9" * 30])
def test_a_position_that_is_no_place_is_a_400_naming_it_and_changes_nothing(client, boss, position):
    a, *_ = five()
    response = move(client, a, position)
    assert response.status_code == 400 and "“position” was refused" in response.text
    assert titles() == ["A", "B", "C", "D", "E"]


def test_moving_needs_the_update_code(client):
    a, *_ = five()
    signed_in_staff(client, PORTFOLIO.list)
    assert move(client, a, "3").status_code == 403
    assert titles() == ["A", "B", "C", "D", "E"]


def test_moving_a_deleted_portfolio_is_a_404(client, boss):
    assert client.post("/admin/portfolios/999/move", data={"position": "1"}).status_code == 404


def test_each_row_offers_its_position_in_the_whole_list(client, boss):
    for n in range(PAGE_SIZE + 2):
        make_portfolio(f"P{n:02}", order=n)
    page = client.get("/admin/portfolios/?page=2").text
    assert f'value="{PAGE_SIZE + 1}"' in page and 'name="position"' in page
    assert "New position of P20" in page
    # Sorted or filtered, positions mean nothing: no move forms.
    assert 'name="position"' not in client.get("/admin/portfolios/?sort=title").text


def test_a_dragged_page_of_ties_stays_before_the_next_page(client, boss):
    rows = [make_portfolio(f"P{n:02}") for n in range(PAGE_SIZE + 3)]  # all order 0
    page_one = [row.id for row in rows[:PAGE_SIZE]]
    new_order = page_one[1:] + page_one[:1]  # the first row dragged to the page's end
    assert client.post("/admin/portfolios/reorder", json={"ids": new_order}).status_code == 200
    expected = [f"P{n:02}" for n in range(1, PAGE_SIZE)] + ["P00"]
    assert titles() == expected + [f"P{n:02}" for n in range(PAGE_SIZE, PAGE_SIZE + 3)]
