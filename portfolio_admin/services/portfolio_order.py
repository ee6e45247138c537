"""The portfolios' display order across the whole list: a page's rows in a new sequence
(drag and drop, move buttons) or one portfolio moved to a position ("move to 25").

The list is sorted by ``order``, then ``completed_at`` (newest first), then id. A moved
row that fits between its new neighbours' numbers gets one and nothing else changes;
otherwise (and for a page's new sequence) only the run of rows whose places changed is
rewritten, handing out the values they held between them, so the numbers staff typed
stay where they can. Ties (every new portfolio is 0) cannot keep a new sequence: then the
run gets increasing values and widens until they fit between its neighbours'.

Every reorder and move locks every portfolio (by ascending id, the one lock order of
``services.locking``) before reading the list: two at once take turns, and the second
starts from what the first committed.
"""

from sqlalchemy import select

from portfolio_admin.models import Portfolio
from portfolio_admin.models.base import db
from portfolio_admin.schemas.common import MAX_ID
from portfolio_admin.schemas.portfolios import MAX_ORDER
from portfolio_admin.services import locking
from portfolio_admin.services.errors import NotFound

# The list's and the API's default order; the id breaks the remaining ties.
DISPLAY_ORDER = (Portfolio.order.asc(), Portfolio.completed_at.desc().nulls_last())
LOWEST, HIGHEST = -MAX_ID, MAX_ORDER


def _locked_list() -> list[Portfolio]:
    """Every portfolio, locked and reloaded as last committed, in display order."""
    rows = {row.id: row for row in locking.lock_rows(select(Portfolio))}
    ids = db.session.scalars(select(Portfolio.id).order_by(*DISPLAY_ORDER, Portfolio.id))
    return [rows[pk] for pk in ids if pk in rows]  # one created meanwhile stays as it is


def _bounds(sequence: list[Portfolio], start: int, end: int) -> tuple[int, int]:
    """The lowest and highest values ``sequence[start:end + 1]`` may take: strictly
    between its neighbours' (whose ties are broken by other columns)."""
    low = sequence[start - 1].order + 1 if start > 0 else LOWEST
    high = sequence[end + 1].order - 1 if end + 1 < len(sequence) else HIGHEST
    return low, high


def _upward(held: list[int], low: int, high: int) -> list[int] | None:
    """Strictly increasing values from the ``held`` ones (sorted), raised where they tie
    or fall below ``low``; ``None`` when the last passes ``high``."""
    values, floor = [], low
    for value in held:
        floor = max(value, floor)
        values.append(floor)
        floor += 1
    return values if values[-1] <= high else None


def _downward(held: list[int], low: int, high: int) -> list[int] | None:
    """The same, lowered from the top (a run at the end of the range); ``None`` when the
    first falls below ``low``."""
    values, ceiling = [], high
    for value in reversed(held):
        ceiling = min(value, ceiling)
        values.insert(0, ceiling)
        ceiling -= 1
    return values if values[0] >= low else None


def _write(sequence: list[Portfolio], before: list[Portfolio]) -> None:
    """Give the rows of ``sequence`` (``before``'s rows, some moved) the values that sort
    them so, changing the run of rows whose places changed and no more than it takes:
    numbers grow down the list, the run widening over the rows after it while it does not
    fit; only at the top of the range does it count downwards (and widen upwards)."""
    changed = [
        n for n, (now, was) in enumerate(zip(sequence, before, strict=True)) if now is not was
    ]
    if not changed:
        return
    start, end = changed[0], changed[-1]
    while True:
        held = sorted(row.order for row in sequence[start : end + 1])
        low, high = _bounds(sequence, start, end)
        values = _upward(held, low, high)
        if values is not None:
            break
        if end + 1 < len(sequence):
            end += 1
            continue
        values = _downward(held, low, high)
        if values is not None:
            break
        if start == 0:  # more portfolios than the range has numbers: never in practice
            raise ValueError("No display order values left.")
        start -= 1
    for row, value in zip(sequence[start : end + 1], values, strict=True):
        if row.order != value:
            row.order = value
    db.session.flush()


def reorder_portfolios(ids: list[int]) -> list[int]:
    """Put the portfolios with these ids in the sequence of ``ids``, in the places they
    held between them in the whole list (a page's rows stay on that page); the ids that
    exist, in that sequence."""
    before = _locked_list()
    by_id = {row.id: row for row in before}
    ids = [pk for pk in dict.fromkeys(ids) if pk in by_id]
    wanted = set(ids)
    places = [n for n, row in enumerate(before) if row.id in wanted]
    sequence = list(before)
    for place, pk in zip(places, ids, strict=True):
        sequence[place] = by_id[pk]
    _write(sequence, before)
    return ids


def move_portfolio(portfolio_id: int, position: int) -> int:
    """Move a portfolio to ``position`` (from 1) of the whole list, the others keeping
    their sequence; a position past the end means last. Its new position; ``NotFound``
    when it was deleted."""
    before = _locked_list()
    moved = next((row for row in before if row.id == portfolio_id), None)
    if moved is None:
        raise NotFound()
    sequence = [row for row in before if row is not moved]
    index = min(max(position, 1), len(before)) - 1
    sequence.insert(index, moved)
    low, high = _bounds(sequence, index, index)
    if low <= high:  # room between its new neighbours: only its own number changes
        moved.order = _between(moved.order, low, high, index, len(sequence))
        db.session.flush()
    else:
        _write(sequence, before)
    return index + 1


def _between(current: int, low: int, high: int, index: int, count: int) -> int:
    """A value from ``low`` to ``high`` for a row moved to ``index`` of ``count``: its own
    if that fits, next to its neighbour at either end, else halfway between them."""
    if low <= current <= high:
        return current
    if index == 0:
        return high
    if index == count - 1:
        return low
    return (low + high) // 2
