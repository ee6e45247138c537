"""Response dicts built from output schemas: a schema alone decides its keys and their order.

A ``Shape`` fills each field of its schema from the row's column of the same name, unless
a getter says otherwise: another column, or ``Computed`` for a value made from columns
and the serializer's context (a URL, a nested object). For each query that feeds it, the
shape generates its dict builder once, at import, as a single dict display that reads the
row by position: as fast as a hand-written dict, faster than reading a row's attributes
by name. A field with neither a column nor a getter, a getter for no field, or a query
without a column the shape needs fails the import: the JSON cannot drift from the schema,
nor from the OpenAPI document made from it.
"""

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Select, inspect, select
from sqlalchemy.orm import QueryableAttribute

Column = ColumnElement | QueryableAttribute
Item = Callable[[Any, Any], dict]


class Computed:
    """A value ``function(context, *values)``, the values being the row's ``reads``:
    names of the model's columns, or columns."""

    def __init__(self, function: Callable[..., Any], *reads: str | Column):
        self.function = function
        self.reads = reads


class Shape:
    """How one output schema is built from rows.

    ``fields`` are the keys of its output, in order; ``columns`` are what a query must
    select for it. ``item(row, context)`` builds the dict from a row of
    ``select(*columns)``; ``reader(stmt)`` makes the same builder for rows of another
    query that selects them too.
    """

    def __init__(
        self,
        schema: type[BaseModel],
        model: type,
        *,
        getters: dict[str, Column | Computed] | None = None,
    ):
        getters = getters or {}
        fields = list(schema.model_fields)
        if unknown := sorted(set(getters) - set(fields)):
            raise TypeError(f"{schema.__name__} has no fields {unknown} for these getters.")
        model_columns = inspect(model).column_attrs

        def column(name: str | Column, field: str) -> Column:
            if not isinstance(name, str):
                return name
            if name not in model_columns:
                raise TypeError(
                    f"{schema.__name__}.{field}: {model.__name__} has no column {name!r}"
                    + (" and no getter computes it." if name == field else ".")
                )
            return getattr(model, name)

        columns: dict[str, Column] = {}
        # Each field: the key of the column it shows, or a Computed and the keys it reads.
        self._sources: dict[str, str | tuple[Computed, list[str]]] = {}
        for name in fields:
            getter = getters.get(name, name)
            if isinstance(getter, Computed):
                reads = [column(read, name) for read in getter.reads]
                for read in reads:
                    columns.setdefault(read.key, read)
                self._sources[name] = (getter, [read.key for read in reads])
            else:
                getter = column(getter, name)
                columns.setdefault(getter.key, getter)
                self._sources[name] = getter.key
        self.schema = schema
        self.fields = tuple(fields)
        self.columns = tuple(columns.values())
        self.item = self.reader(select(*self.columns))

    def reader(self, stmt: Select) -> Item:
        """The dict builder for rows of ``stmt``, which must select this shape's columns."""
        keys = list(stmt.selected_columns.keys())
        name = f"{self.schema.__name__}_item"

        def at(key: str) -> str:
            if key not in keys:
                raise TypeError(f"{name}: the query selects no column {key!r}.")
            return f"row[{keys.index(key)}]"

        values: dict[str, str] = {}
        functions: dict[str, Callable] = {}
        for field, source in self._sources.items():
            if isinstance(source, str):
                values[field] = at(source)
            else:
                computed, reads = source
                functions[f"_{field}"] = computed.function
                values[field] = f"_{field}({', '.join(['context', *map(at, reads)])})"
        return _compile(name, values, functions)


def _compile(name: str, values: dict[str, str], functions: dict[str, Callable]) -> Item:
    """``def name(row, context): return {"key": value, ...}``, in ``values``' order."""
    display = ", ".join(f"{key!r}: {value}" for key, value in values.items())
    source = f"def {name}(row, context):\n    return {{{display}}}\n"
    namespace = dict(functions)
    # Safe: the source holds only the schema's field names (pydantic makes them
    # identifiers), as string literals and in the names of their getters, and row indexes.
    exec(compile(source, f"<output {name}>", "exec"), namespace)  # noqa: S102
    return namespace[name]


def columns_of(*parts: Shape | Column) -> tuple[Column, ...]:
    """The columns of ``parts`` (shapes, or single columns), each key once, in order."""
    columns: dict[str, Column] = {}
    for part in parts:
        for column in part.columns if isinstance(part, Shape) else (part,):
            columns.setdefault(column.key, column)
    return tuple(columns.values())
