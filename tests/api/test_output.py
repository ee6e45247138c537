"""``api/output.py``: a response's keys, and their order, come from its output schema."""

import pytest
from sqlalchemy import select

from portfolio_admin.api.output import Computed, Shape
from portfolio_admin.api.rows import read_rows
from portfolio_admin.models import Employer
from portfolio_admin.schemas.common import OutputSchema
from tests.factories import make_employer


class EmployerCard(OutputSchema):
    """Fields in an order of their own, one of them computed."""

    description: str | None
    id: int
    shout: str
    name: str


def shout(context: str, name: str) -> str:
    return name.upper() + context


CARD_GETTERS = {"shout": Computed(shout, "name")}


def test_the_output_has_the_schemas_keys_in_its_order_from_columns_and_getters(app):
    employer = make_employer(name="Acme", description="Makes things")
    shape = Shape(EmployerCard, Employer, getters=CARD_GETTERS)
    (row,) = read_rows(select(*shape.columns))
    card = shape.item(row, "!")
    assert list(card) == ["description", "id", "shout", "name"] == list(shape.fields)
    assert card == {
        "description": "Makes things",
        "id": employer.id,
        "shout": "ACME!",
        "name": "Acme",
    }


def test_a_field_added_to_a_schema_is_in_the_output_without_naming_it_again(app):
    class EmployerCardWithDates(EmployerCard):
        created_at: object

    make_employer(name="Acme")
    shape = Shape(EmployerCardWithDates, Employer, getters=CARD_GETTERS)
    (row,) = read_rows(select(*shape.columns))
    card = shape.item(row, "")
    assert list(card) == ["description", "id", "shout", "name", "created_at"]
    assert card["created_at"] == row.created_at is not None


def test_a_shape_reads_the_rows_of_a_wider_query_in_any_column_order(app):
    make_employer(name="Acme", description="Makes things")
    shape = Shape(EmployerCard, Employer, getters=CARD_GETTERS)
    wider = select(Employer.created_at, *reversed(shape.columns))
    (row,) = read_rows(wider)
    (own,) = read_rows(select(*shape.columns))
    assert shape.reader(wider)(row, "?") == shape.item(own, "?")


def test_a_field_with_neither_a_column_nor_a_getter_stops_the_import():
    with pytest.raises(TypeError, match="EmployerCard.shout: Employer has no column 'shout' and"):
        Shape(EmployerCard, Employer)


def test_a_getter_for_no_field_stops_the_import():
    with pytest.raises(TypeError, match=r"no fields \['colour'\]"):
        Shape(EmployerCard, Employer, getters=CARD_GETTERS | {"colour": Employer.name})


def test_a_computed_value_reading_no_column_stops_the_import():
    with pytest.raises(TypeError, match="EmployerCard.shout: Employer has no column 'nick'"):
        Shape(EmployerCard, Employer, getters={"shout": Computed(shout, "nick")})


def test_a_query_without_a_column_the_shape_needs_stops_the_import():
    shape = Shape(EmployerCard, Employer, getters=CARD_GETTERS)
    with pytest.raises(TypeError, match="selects no column 'name'"):
        shape.reader(select(Employer.id, Employer.description))
