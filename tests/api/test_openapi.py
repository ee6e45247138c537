"""``/api/openapi.json`` and ``/api/docs``: a valid document that covers every operation,
and real responses that match it, key order included."""

import io
import re
import types
import typing

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi
from pydantic import BaseModel, RootModel

from portfolio_admin.api.routing import OPERATIONS
from tests.images import image_bytes

HIDDEN_ENDPOINTS = {"api.openapi_document", "api.docs_page"}
ERROR_STATUSES = {"400", "401", "403", "404", "412", "413", "415"}
LINKS = "/api/portfolios/{portfolio_id}/links/"
METAS = "/api/portfolios/{portfolio_id}/meta/"


@pytest.fixture
def document(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json


def openapi_path(rule: str) -> str:
    """``/api/portfolios/<id:portfolio_id>/links/`` -> ``/api/portfolios/{portfolio_id}/links/``."""
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule)


# The document itself


def test_the_document_is_valid_openapi_3_1(document):
    assert document["openapi"].startswith("3.1")
    validate_openapi(document)


def test_the_document_needs_no_token_and_is_built_once_per_app(app, client):
    first = client.get("/api/openapi.json")
    assert first.status_code == 200
    assert first.content_type == "application/json; charset=utf-8"
    assert app.extensions["openapi_document"] is not None
    cached = app.extensions["openapi_document"]
    assert client.get("/api/openapi.json").data == first.data
    assert app.extensions["openapi_document"] is cached


def test_every_registered_api_rule_and_method_is_documented_and_nothing_else(app, document):
    registered = set()
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("api.") or rule.endpoint in HIDDEN_ENDPOINTS:
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            registered.add((openapi_path(rule.rule), method.lower()))
    documented = {
        (path, method) for path, operations in document["paths"].items() for method in operations
    }
    assert registered == documented
    # six resources, six operations each; a portfolio's revisions: list, retrieve, restore;
    # its draft: retrieve, replace, update, discard, publish, and creating one not yet live;
    # a preview; a media file's replacement; its schedule: retrieve, cancel, and unpublishing
    assert len(documented) == len(OPERATIONS) == 36 + 3 + 6 + 1 + 1 + 3


def test_collections_end_in_a_slash_and_items_do_not(document):
    for path in document["paths"]:
        # One per portfolio, one per media file: items too.
        item = path.endswith(("}", "/draft", "/schedule", "/file"))
        assert path.endswith("/") != item, path


def test_every_operation_names_its_permission_and_documents_401_and_403(document):
    permissions = {
        (openapi_path("/api" + op.rule), op.method.lower()): op.permission for op in OPERATIONS
    }
    operation_ids = set()
    for path, operations in document["paths"].items():
        for method, spec in operations.items():
            code = permissions[path, method]
            if code is None:  # a preview: its signed token is the credential
                assert spec["security"] == [] and "x-permission-code" not in spec
                assert not {"401", "403"} & set(spec["responses"])
                continue
            assert spec["x-permission-code"] == code
            assert f"`{code}`" in spec["description"]
            assert {"401", "403"} <= set(spec["responses"])
            assert spec["summary"] and spec["operationId"] not in operation_ids
            operation_ids.add(spec["operationId"])
    assert document["security"] == [{"TokenAuth": []}]
    assert document["components"]["securitySchemes"]["TokenAuth"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "Token <key>",
    }


def test_every_error_response_has_the_detail_or_validation_shape(document):
    responses = document["components"]["responses"]
    for path, operations in document["paths"].items():
        for method, spec in operations.items():
            for status, response in spec["responses"].items():
                if status in ERROR_STATUSES:
                    name = response["$ref"].rsplit("/", 1)[-1]
                    schema = responses[name]["content"]["application/json"]["schema"]
                    assert "ErrorDetail" in str(schema), (path, method, status)
                else:
                    assert status in {"200", "201", "202", "204", "304"}, (path, method, status)
    bad_request = responses["BadRequest"]["content"]["application/json"]["schema"]
    assert bad_request == {
        "oneOf": [
            {"$ref": "#/components/schemas/ValidationErrors"},
            {"$ref": "#/components/schemas/ErrorDetail"},
        ]
    }


def test_request_bodies_query_and_path_parameters_are_described(document):
    employers = document["paths"]["/api/portfolios/employers/"]
    body = employers["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/EmployerInput"}
    item = document["paths"]["/api/portfolios/employers/{item_id}"]
    patch = item["patch"]["requestBody"]["content"]["application/json"]["schema"]
    assert patch == {"$ref": "#/components/schemas/EmployerInputPatch"}
    assert document["components"]["schemas"]["EmployerInputPatch"].get("required") is None
    assert document["components"]["schemas"]["EmployerInput"]["required"] == ["name"]
    (item_id,) = item["get"]["parameters"]
    assert item_id["in"] == "path" and item_id["schema"]["type"] == "integer"

    portfolios = {p["name"]: p for p in document["paths"]["/api/portfolios/"]["get"]["parameters"]}
    assert set(portfolios) == {
        "page",
        "page_size",
        "search",
        "ordering",
        "is_active",
        "employer",
        "tags",
        "slug",
    }
    assert portfolios["tags"]["schema"]["type"] == "array"
    assert portfolios["tags"]["explode"] is True

    upload = document["paths"]["/api/media/"]["post"]
    form = upload["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert form["required"] == ["f"]
    assert form["properties"]["f"]["format"] == "binary"
    assert form["properties"]["name"]["type"] == "string"
    assert "413" in upload["responses"] and "415" in upload["responses"]


def test_the_docs_page_renders_the_document_from_vendored_files_only(client):
    for path in ("/api/docs", "/api/docs/"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "/api/openapi.json" in page
    assert "<script>" not in page  # the policy forbids inline scripts
    assert "https://" not in page and "//cdn" not in page
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "unsafe-" not in policy
    for asset in (
        "vendor/swagger-ui/swagger-ui-bundle.js",
        "vendor/swagger-ui/swagger-ui.css",
        "api-docs.js",
    ):
        assert f"/static/{asset}" in page
        served = client.get(f"/static/{asset}")
        assert served.status_code == 200 and len(served.data) > 100
        served.close()


# Drift: real responses against the documented schemas and the models' field order


def documented_schema(document, path: str, method: str, status: int) -> dict:
    responses = document["paths"][path][method]["responses"]
    return responses[str(status)]["content"]["application/json"]["schema"]


def response_model(path: str, method: str):
    for op in OPERATIONS:
        if openapi_path("/api" + op.rule) == path and op.method.lower() == method:
            return op.response
    raise LookupError((path, method))


def assert_matches_document(document, path, method, status, body):
    schema = {
        **documented_schema(document, path, method, status),
        "components": document["components"],
    }
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]
    assert not errors, (path, method, errors)
    assert_keys_in_model_order(body, response_model(path, method), where=f"{method} {path}")


def assert_keys_in_model_order(data, annotation, where: str) -> None:
    """Every object in ``data`` has exactly its model's keys, in the model's order."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        if data is None:
            return
        if len(options) > 1:  # a media file: the variant its "type" names
            annotation = next(m for m in options if data["type"] in _literal_values(m, "type"))
        else:
            annotation = options[0]
        return assert_keys_in_model_order(data, annotation, where)
    if origin is list:
        (item,) = typing.get_args(annotation)
        for index, value in enumerate(data):
            assert_keys_in_model_order(value, item, f"{where}[{index}]")
        return
    if isinstance(annotation, type) and issubclass(annotation, RootModel):
        return assert_keys_in_model_order(data, annotation.model_fields["root"].annotation, where)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        assert list(data) == list(annotation.model_fields), (where, annotation.__name__)
        for name, field in annotation.model_fields.items():
            assert_keys_in_model_order(data[name], field.annotation, f"{where}.{name}")


def _literal_values(model: type[BaseModel], field: str) -> tuple:
    return typing.get_args(model.model_fields[field].annotation)


def _upload(client, admin, data: bytes, filename: str):
    return client.post(
        "/api/media/",
        data={"f": (io.BytesIO(data), filename), "name": filename.split(".")[0]},
        headers=admin,
        content_type="multipart/form-data",
    )


def test_every_resource_answers_exactly_as_documented(client, admin, document):
    checked = []

    def call(method: str, path: str, status: int, url: str | None = None, **kwargs):
        response = getattr(client, method)(url or path, headers=admin, **kwargs)
        assert response.status_code == status, (method, url or path, response.json)
        assert_matches_document(document, path, method, status, response.json)
        checked.append((method, path))
        return response.json

    image = _upload(client, admin, image_bytes(), "cover.png")
    assert image.status_code == 201
    assert_matches_document(document, "/api/media/", "post", 201, image.json)
    image = image.json
    second = _upload(client, admin, image_bytes("JPEG", size=(120, 90)), "detail.jpg").json
    pdf = _upload(client, admin, b"%PDF-1.4\n% a brief\n", "brief.pdf")
    assert pdf.status_code == 201 and pdf.json["type"] == "document"
    assert_matches_document(document, "/api/media/", "post", 201, pdf.json)
    pdf = pdf.json
    media = "/api/media/{media_id}"
    call("get", media, 200, f"/api/media/{image['id']}")
    call("get", media, 200, f"/api/media/{pdf['id']}")
    call("patch", media, 200, f"/api/media/{pdf['id']}", json={"name": "Brief"})
    call("get", "/api/media/", 200)

    employers, employer_item = "/api/portfolios/employers/", "/api/portfolios/employers/{item_id}"
    employer = call("post", employers, 201, json={"name": "Acme", "image": image["id"]})
    call("get", employer_item, 200, f"{employers}{employer['id']}")
    call("get", employers, 200)

    tags, tag_item = "/api/portfolios/tags/", "/api/portfolios/tags/{item_id}"
    tag = call("post", tags, 201, json={"name": "sites", "image": image["id"]})
    plain_tag = call("post", tags, 201, json={"name": "apps"})
    call("put", tag_item, 200, f"{tags}{plain_tag['id']}", json={"name": "mobile apps"})
    call("get", tags, 200)

    portfolios, portfolio_item = "/api/portfolios/", "/api/portfolios/{item_id}"
    portfolio = call(
        "post",
        portfolios,
        201,
        json={
            "title": "Site",
            "slug": "site",
            "excerpt": "A site.",
            "description": "All of it.",
            "image": image["id"],
            "images": [second["id"], image["id"]],
            "employer": employer["id"],
            "tags": [tag["id"], plain_tag["id"]],
            "completed_at": "2024-12-12",
        },
    )
    call("post", portfolios, 201, json={"title": "Bare", "slug": "bare", "excerpt": "Bare."})
    base = f"/api/portfolios/{portfolio['id']}"

    links, link_item = LINKS, LINKS + "{item_id}"
    live = {"name": "Live", "url": "https://example.com", "image": image["id"]}
    link = call("post", links, 201, f"{base}/links/", json=live)
    call("post", links, 201, f"{base}/links/", json={"name": "Source"})
    call("get", link_item, 200, f"{base}/links/{link['id']}")
    call("get", links, 200, f"{base}/links/")

    metas, meta_item = METAS, METAS + "{item_id}"
    entry = call("post", metas, 201, f"{base}/meta/", json={"key": "doc", "value_file": pdf["id"]})
    call("post", metas, 201, f"{base}/meta/", json={"key": "cover", "value_file": image["id"]})
    call("post", metas, 201, f"{base}/meta/", json={"key": "client", "value_text": "Acme"})
    call("patch", meta_item, 200, f"{base}/meta/{entry['id']}", json={"value_text": "PDF"})
    call("get", metas, 200, f"{base}/meta/")

    full = call("get", portfolio_item, 200, base)
    assert full["employer_data"] and full["tags_data"] and full["links_data"]
    assert full["images_data"] and full["meta"][0]["value_file"]["type"] == "document"
    assert full["meta"][1]["value_file"]["type"] == "image"  # short shape even for images
    call("patch", portfolio_item, 200, base, json={"order": 2})
    listed = call("get", portfolios, 200)
    assert listed["count"] == 2
    call("get", portfolios, 200, "/api/portfolios/?page_size=1")  # "next" is a URL
    assert len({path for _, path in checked}) == 12  # every path, collections and items


def test_error_responses_match_their_documented_shapes(client, admin, document):
    employers = "/api/portfolios/employers/"
    cases = [
        ("post", employers, 400, {"json": {"name": ""}}),
        ("post", employers, 400, {"data": b"{nope", "content_type": "application/json"}),
        ("post", employers, 415, {"data": b"name=x", "content_type": "text/plain"}),
        ("get", "/api/portfolios/employers/{item_id}", 404, {"url": f"{employers}1"}),
        ("get", employers, 400, {"url": f"{employers}?page=0"}),
        ("get", employers, 404, {"url": f"{employers}?page=2"}),
    ]
    components = document["components"]
    for method, path, status, kwargs in cases:
        response = getattr(client, method)(kwargs.pop("url", path), headers=admin, **kwargs)
        assert response.status_code == status, (method, path, response.json)
        spec = document["paths"][path][method]["responses"][str(status)]
        name = spec["$ref"].rsplit("/", 1)[-1]
        schema = components["responses"][name]["content"]["application/json"]["schema"]
        Draft202012Validator({**schema, "components": components}).validate(response.json)
    unauthorized = client.get(employers)
    assert unauthorized.status_code == 401
    assert list(unauthorized.json) == ["detail"]


def test_conditional_reads_are_documented_as_304(client, admin, document):
    first = client.get("/api/portfolios/employers/", headers=admin)
    again = client.get(
        "/api/portfolios/employers/", headers=admin | {"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304
    for operations in document["paths"].values():
        for method, spec in operations.items():
            assert ("304" in spec["responses"]) == (method == "get")


def test_every_serializer_builds_a_documented_schema_with_its_keys_in_order(document):
    from portfolio_admin.api import portfolio_output, serializers
    from portfolio_admin.api.output import Shape

    shapes = {
        value
        for module in (serializers, portfolio_output)
        for value in vars(module).values()
        if isinstance(value, Shape)
    }
    assert len(shapes) == 11  # media (image, other, thumbnail) and every resource's forms
    schemas = document["components"]["schemas"]
    for shape in shapes:
        documented = schemas[shape.schema.__name__]
        assert list(documented["properties"]) == list(shape.fields), shape.schema.__name__


def test_the_documented_thumbnail_sizes_are_the_ones_made_by_default(app, document):
    from portfolio_admin.services.thumbnails import THUMBNAIL_SIZES

    size = document["components"]["schemas"]["ThumbnailOutput"]["properties"]["size"]
    assert size["description"] == "The bounding box in pixels: 64, 128, 512 or 1080."
    assert app.config["THUMBNAIL_SIZES"] == THUMBNAIL_SIZES == (64, 128, 512, 1080)
