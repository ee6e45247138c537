"""The five actions of a resource (list, create, retrieve, update, delete), declared once.

Each resource module describes itself with a ``ResourceApi``; ``register`` turns that
into routes with the contract's statuses, permissions, pagination and error shapes.
Resources reached through a parent (a portfolio's links) name the parent's key in
``scope``: an item of another parent is 404, as if it did not exist.
"""

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from portfolio_admin.api import listing
from portfolio_admin.api.conditional import require_match
from portfolio_admin.api.routing import operation
from portfolio_admin.api.rows import read_rows
from portfolio_admin.auth.permissions import Resource
from portfolio_admin.json_responses import json_response, not_found
from portfolio_admin.models.base import db
from portfolio_admin.schemas.common import ListQuery, page_of
from portfolio_admin.services.search import search


@dataclass
class ResourceApi:
    """How one resource is stored, validated, changed and shown."""

    name: str
    collection: str
    item: str
    permissions: Resource
    model: type
    columns: tuple
    serialize: Callable[[list], list[dict]]
    schema: type
    response: type
    create: Callable
    update: Callable
    delete: Callable
    ordering: dict
    default_order: list
    query: type = ListQuery
    filter: Callable | None = None
    scope: tuple[str, ...] = ()
    parent: Callable[..., object] | None = None
    plural: str = ""
    # Conditions every read and write adds: rows outside them are 404, as if missing.
    visible: tuple = ()

    def __post_init__(self):
        self.plural = self.plural or self.name + "s"

    def find(self, item_id: int, scope: dict):
        """The model object, or 404 (also when it belongs to another parent)."""
        self.check_parent(scope)
        conditions = [getattr(self.model, key) == value for key, value in scope.items()]
        stmt = select(self.model).where(self.model.id == item_id, *conditions, *self.visible)
        obj = db.session.scalar(stmt)
        if obj is None:
            raise not_found()
        return obj

    def output(self, item_id: int, scope: dict, status: int = 200):
        """The item's output, read in one pass; 404 if missing or under another parent."""
        self.check_parent(scope)
        conditions = [getattr(self.model, key) == value for key, value in scope.items()]
        stmt = select(*self.columns).where(self.model.id == item_id, *conditions, *self.visible)
        rows = read_rows(stmt)
        if not rows:
            raise not_found()
        return json_response(self.serialize(rows)[0], status)

    def require_match(self, item_id: int, scope: dict, *, for_delete: bool = False):
        """Honour ``If-Match`` (see ``api.conditional``): the parents in ``scope`` are
        locked first, by the rows their keys point to, then the item."""
        table = self.model.__table__
        parents = [
            (next(iter(table.c[key].foreign_keys)).column.table, value)
            for key, value in scope.items()
        ]
        rows = [*parents, (table, item_id)]
        require_match(rows, lambda: self.output(item_id, scope), for_delete=for_delete)

    def check_parent(self, scope: dict):
        """The parent object (404 if missing), or ``None`` for a top-level resource."""
        return self.parent(**scope) if self.parent else None


def parent_portfolio(portfolio_id: int):
    """The live portfolio a nested resource is reached through, or 404 (also when it is
    not published yet: the API shows nothing of it but its draft)."""
    from portfolio_admin.models import Portfolio

    portfolio = db.session.get(Portfolio, portfolio_id)
    if portfolio is None or not portfolio.published:
        raise not_found()
    return portfolio


def register(api: ResourceApi) -> None:
    """Add the resource's routes to the API blueprint."""
    perms, plural = api.permissions, api.plural
    a = "an" if api.name[0] in "aeiou" else "a"
    item_key = "item_id"

    def scoped(kwargs: dict) -> dict:
        return {key: kwargs[key] for key in api.scope}

    def list_view(query, **kwargs):
        scope = scoped(kwargs)
        api.check_parent(scope)
        stmt = select(*api.columns).where(
            *(getattr(api.model, key) == value for key, value in scope.items()), *api.visible
        )
        if api.filter:
            stmt = api.filter(stmt, query)
        stmt = search(stmt, query.search, api.model)
        stmt = listing.order(stmt, query.ordering, api.ordering, api.default_order)
        count, rows = listing.paginate(stmt, query.page, query.page_size)
        page = listing.envelope(count, query.page, query.page_size, api.serialize(rows))
        return json_response(page)

    def create_view(data, **kwargs):
        parent = api.check_parent(scoped(kwargs))
        obj = api.create(data) if parent is None else api.create(parent, data)
        return api.output(obj.id, scoped(kwargs), 201)

    def retrieve_view(item_id, **kwargs):
        return api.output(item_id, scoped(kwargs))

    def update_view(item_id, data, **kwargs):
        api.require_match(item_id, scoped(kwargs))
        api.update(api.find(item_id, scoped(kwargs)), data)
        return api.output(item_id, scoped(kwargs))

    def delete_view(item_id, **kwargs):
        api.require_match(item_id, scoped(kwargs), for_delete=True)
        api.delete(api.find(item_id, scoped(kwargs)))
        return json_response(None, 204)

    item = f"{api.item}/<id:{item_key}>"
    body, out = api.schema, api.response
    views = [
        (
            list_view,
            api.collection,
            "GET",
            perms.list,
            f"List {plural}",
            {"query": api.query, "response": page_of(out)},
        ),
        (
            create_view,
            api.collection,
            "POST",
            perms.create,
            f"Create {a} {api.name}",
            {"body": body, "status": 201, "response": out, "item": True},
        ),
        (
            retrieve_view,
            item,
            "GET",
            perms.retrieve,
            f"Retrieve {a} {api.name}",
            {"response": out, "item": True},
        ),
        (
            update_view,
            item,
            "PUT",
            perms.update,
            f"Replace {a} {api.name}",
            {"body": body, "response": out, "item": True},
        ),
        (
            update_view,
            item,
            "PATCH",
            perms.update,
            f"Update {a} {api.name}",
            {"body": body, "response": out, "item": True},
        ),
        (
            delete_view,
            item,
            "DELETE",
            perms.delete,
            f"Delete {a} {api.name}",
            {"status": 204, "item": True},
        ),
    ]
    for view, rule, method, permission, summary, spec in views:
        action = summary.split()[0].lower()
        noun = plural if action == "list" else api.name
        named = _named(view, f"{action}_{noun.replace(' ', '_')}", summary)
        operation(rule, method, permission=permission, **spec)(named)


def _named(view: Callable, name: str, summary: str) -> Callable:
    """A copy of ``view`` with its own endpoint name and summary."""

    def named(**kwargs):
        return view(**kwargs)

    named.__name__ = name
    named.__doc__ = summary
    return named
