"""Plain rows for building output: Core execution, without the ORM's per-row bookkeeping."""

from sqlalchemy import BindParameter, Select, bindparam

from portfolio_admin.models.base import db


def read_rows(stmt: Select, params: dict | None = None) -> list:
    """The rows ``stmt`` selects, on the current session's connection and transaction."""
    return db.session.connection().execute(stmt, params).all()


def ids_param() -> BindParameter:
    """An ``IN`` list filled at execution, so a statement can be built once and reused:
    building a statement costs more than running these small ones."""
    return bindparam("ids", expanding=True)


def read_value(stmt: Select):
    """The first column of the first row ``stmt`` selects."""
    return db.session.connection().execute(stmt).scalar()
