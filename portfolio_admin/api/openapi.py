"""The OpenAPI 3.1 document of ``/api/``, built from what the API itself runs on.

Paths, methods and permissions come from the registered ``OPERATIONS``; request and
response bodies from the same pydantic schemas that validate input and describe output,
so the document cannot drift from the code.
"""

import re

from pydantic import BaseModel, TypeAdapter

from portfolio_admin.api.routing import OPERATIONS, Operation
from portfolio_admin.auth.permissions import RESOURCES
from portfolio_admin.schemas.common import MAX_ID, ErrorDetail, ValidationErrors, partial

SCHEMA_REF = "#/components/schemas/{model}"
SECURITY = "TokenAuth"
PATH_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")

DESCRIPTION = """\
The JSON API of the studio's portfolio, as the public site and scripts use it.

Every request carries `Authorization: Token <key>`. Admins may do everything; other users
must be staff and hold the permission code each operation names.

Collection paths end in `/` and item paths do not, as shown here; every path answers the
same with or without its trailing slash.
"""

# Shared error answers, referenced from each operation that can give them.
ERROR_RESPONSES = {
    "BadRequest": (
        "Invalid input: messages by field (`non_field_errors` for the rest), or "
        '`{"detail": ...}` when the request itself cannot be read (malformed JSON).',
        {
            "oneOf": [
                {"$ref": "#/components/schemas/ValidationErrors"},
                {"$ref": "#/components/schemas/ErrorDetail"},
            ]
        },
    ),
    "Unauthorized": ("No token, or one that is unknown, revoked or expired.", None),
    "Forbidden": ("The token's user does not hold this operation's permission.", None),
    "NotFound": ("No such object (or, for a list, a page past the end).", None),
    "PreconditionFailed": (
        "`If-Match` names none of the item's current ETags: it changed since it was read; "
        "nothing was written.",
        None,
    ),
    "PayloadTooLarge": ("The request body is over the upload size limit.", None),
    "UnsupportedMediaType": ("The body is not in the content type this operation reads.", None),
}


class Components:
    """The document's ``components``, filled as operations refer to schemas."""

    def __init__(self):
        self.schemas: dict[str, dict] = {}

    def ref(self, model, *, mode: str = "serialization", patch: bool = False) -> dict:
        """A ``$ref`` to ``model``'s schema, adding it and what it refers to."""
        schema = TypeAdapter(model).json_schema(ref_template=SCHEMA_REF, mode=mode)
        for name, definition in schema.pop("$defs", {}).items():
            self.add(name, definition)
        if patch:
            # PATCH changes only what is sent: no field has a default to fall back on.
            for prop in schema.get("properties", {}).values():
                prop.pop("default", None)
        name = model.__name__
        self.add(name, schema)
        return {"$ref": SCHEMA_REF.format(model=name)}

    def add(self, name: str, schema: dict) -> None:
        """Add a named schema; one name never stands for two schemas."""
        if self.schemas.setdefault(name, schema) != schema:
            raise ValueError(f"Two different schemas are both named {name!r}.")


def build_document(operations: list[Operation] = OPERATIONS) -> dict:
    """The OpenAPI 3.1 document describing ``operations``."""
    components = Components()
    components.ref(ErrorDetail)
    components.ref(ValidationErrors)
    paths: dict[str, dict] = {}
    for op in operations:
        path = "/api" + PATH_PARAMETER.sub(r"{\1}", op.rule)
        paths.setdefault(path, {})[op.method.lower()] = _operation(op, components)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Portfolio Admin API", "version": "1.0", "description": DESCRIPTION},
        "tags": [{"name": resource.label} for resource in RESOURCES] + [{"name": "Previews"}],
        "paths": paths,
        "components": {
            "schemas": dict(sorted(components.schemas.items())),
            "responses": _error_responses(),
            "securitySchemes": {
                SECURITY: {
                    "type": "apiKey",
                    "in": "header",
                    "name": "Authorization",
                    "description": "Token <key>",
                }
            },
        },
        "security": [{SECURITY: []}],
    }


def _operation(op: Operation, components: Components) -> dict:
    doc = (op.view.__doc__ or "").strip()
    summary, _, details = doc.partition("\n")
    if op.permission is None:
        permission = "No API token: the signed `token` in the query is the credential."
    else:
        permission = f"Permission code: `{op.permission}`."
    spec = {
        "tags": [_tag(op.permission)],
        "summary": summary.strip(),
        "description": f"{details.strip()}\n\n{permission}".strip(),
        "operationId": op.view.__name__,
    }
    if op.permission is None:
        spec["security"] = []
    else:
        spec["x-permission-code"] = op.permission
    parameters = _path_parameters(op.rule) + _query_parameters(op.query, components)
    if _honours_if_match(op):
        parameters.append(IF_MATCH)
    if parameters:
        spec["parameters"] = parameters
    if op.body is not None:
        spec["requestBody"] = _request_body(op, components)
    spec["responses"] = _responses(op, components)
    return spec


IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": False,
    "description": "Write only if the item's current ETag is one of these (`*`: any); "
    "otherwise 412 and nothing changes. Without it the write goes ahead as usual.",
    "schema": {"type": "string"},
}
ETAG = {
    "ETag": {
        "description": "Strong ETag of this item's representation: it changes when, and only "
        "when, the item's output does.",
        "schema": {"type": "string"},
    }
}


def _honours_if_match(op: Operation) -> bool:
    return op.item and op.method in ("PUT", "PATCH", "DELETE")


def _tag(permission: int | None) -> str:
    if permission is None:
        return "Previews"
    for resource in RESOURCES:
        if permission in resource.codes.values():
            return resource.label
    return "Other"


def _path_parameters(rule: str) -> list[dict]:
    return [
        {
            "name": name,
            "in": "path",
            "required": True,
            "description": "Id of the portfolio."
            if name == "portfolio_id"
            else "Id of the object.",
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        }
        for name in PATH_PARAMETER.findall(rule)
    ]


def _query_parameters(query: type[BaseModel] | None, components: Components) -> list[dict]:
    if query is None:
        return []
    schema = query.model_json_schema(ref_template=SCHEMA_REF)
    for name, definition in schema.pop("$defs", {}).items():
        components.add(name, definition)
    parameters = []
    for name, prop in schema["properties"].items():
        prop = _without_null(prop)
        prop.pop("title", None)
        parameter = {"name": name, "in": "query", "required": False}
        if "description" in prop:
            parameter["description"] = prop.pop("description")
        parameter["schema"] = prop
        if prop.get("type") == "array":
            # ?tags=1&tags=2
            parameter.update(style="form", explode=True)
        parameters.append(parameter)
    return parameters


def _without_null(prop: dict) -> dict:
    """A query or form field cannot be sent as null; leaving it out is how it is unset."""
    prop = dict(prop)
    variants = [v for v in prop.pop("anyOf", []) if v != {"type": "null"}]
    if len(variants) == 1:
        prop.update(variants[0])
    elif variants:
        prop["anyOf"] = variants
    if prop.get("default", ...) is None:
        del prop["default"]
    return prop


def _request_body(op: Operation, components: Components) -> dict:
    if op.multipart:
        fields = op.body.model_json_schema().get("properties", {})
        properties = {
            "f": {
                "type": "string",
                "format": "binary",
                "contentMediaType": "application/octet-stream",
                "description": "The file (the field may also be named `file`).",
            }
        }
        properties |= {name: _without_null(prop) for name, prop in fields.items()}
        schema = {"type": "object", "properties": properties, "required": ["f"]}
        return {"required": True, "content": {"multipart/form-data": {"schema": schema}}}
    if op.method == "PATCH":
        ref = components.ref(partial(op.body), mode="validation", patch=True)
    else:
        ref = components.ref(op.body, mode="validation")
    # An empty body reads as {}: PATCH may send nothing at all, nor may a body whose every
    # field is optional.
    required = op.method != "PATCH" and any(
        field.is_required() for field in op.body.model_fields.values()
    )
    return {"required": required, "content": {"application/json": {"schema": ref}}}


def _responses(op: Operation, components: Components) -> dict:
    status = str(op.status)
    if op.status == 204:
        responses = {status: {"description": "Done; the body is empty."}}
    else:
        content = {"application/json": {"schema": components.ref(op.response)}}
        responses = {status: {"description": "Success.", "content": content}}
        if op.item:
            responses[status]["headers"] = ETAG
    for code, (schema, description) in op.also.items():
        content = {"application/json": {"schema": components.ref(schema)}}
        responses[str(code)] = {"description": description, "content": content}
        if op.item and schema is op.response:
            responses[str(code)]["headers"] = ETAG
    if op.method == "GET":
        # Reads are answered from api/caching.py, which honours conditional requests.
        responses["304"] = {
            "description": "Not modified: the `If-None-Match` ETag is still current; no body."
        }
    has_path_ids = bool(PATH_PARAMETER.search(op.rule))
    errors = {
        "400": op.body is not None or op.query is not None,
        "401": op.permission is not None,
        "403": op.permission is not None,
        "404": has_path_ids or op.query is not None,
        "412": _honours_if_match(op),
        "413": op.body is not None,
        "415": op.body is not None,
    }
    names = dict(zip(errors, ERROR_RESPONSES, strict=True))
    for code, applies in errors.items():
        if applies:
            responses[code] = {"$ref": f"#/components/responses/{names[code]}"}
    return responses


def _error_responses() -> dict:
    detail = {"$ref": SCHEMA_REF.format(model="ErrorDetail")}
    responses = {}
    for name, (description, schema) in ERROR_RESPONSES.items():
        responses[name] = {
            "description": description,
            "content": {"application/json": {"schema": schema or detail}},
        }
    responses["Unauthorized"]["headers"] = {
        "WWW-Authenticate": {"description": "Always `Token`.", "schema": {"type": "string"}}
    }
    return responses
