"""Contract fuzzing: schemathesis sends valid and invalid requests to every documented
operation of a live server and checks each answer against ``/api/openapi.json``.

Any 5xx, an undocumented status, a wrong content type or header, a body that does not match
its documented schema, or an operation that answers without a valid token fails the test.
The live server shares the test's database (SQLite or PostgreSQL), seeded so that the ids
schemathesis tries sometimes exist.
"""

import io

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from portfolio_admin.api.openapi import build_document
from tests.factories import auth_header
from tests.images import image_bytes

# Not `negative_data_rejection`: like the API it replaces, the API reads "true" and 1 as
# booleans and "5" as an integer, which a JSON Schema type cannot say.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    ignored_auth,
]
# Enough to reach every branch of the validation, few enough to stay within a few minutes
# on two cores; derandomized, so a failure in CI fails the same way on a laptop.
EXAMPLES_PER_OPERATION = 20


def _seed(client, headers) -> None:
    """One of everything, so that generated ids sometimes exist (ids start at 1)."""

    def created(response):
        assert response.status_code == 201, response.json
        return response.json["id"]

    image = created(
        client.post(
            "/api/media/",
            data={"f": (io.BytesIO(image_bytes()), "cover.png")},
            headers=headers,
            content_type="multipart/form-data",
        )
    )
    named = {"name": "Acme", "image": image}
    employer = created(client.post("/api/portfolios/employers/", json=named, headers=headers))
    tag = created(client.post("/api/portfolios/tags/", json=named, headers=headers))
    portfolio = created(
        client.post(
            "/api/portfolios/",
            json={
                "title": "Site",
                "slug": "site",
                "excerpt": "A site.",
                "image": image,
                "images": [image],
                "employer": employer,
                "tags": [tag],
                "completed_at": "2024-12-12",
            },
            headers=headers,
        )
    )
    base = f"/api/portfolios/{portfolio}"
    link = {"name": "Live", "url": "https://example.com", "image": image}
    created(client.post(f"{base}/links/", json=link, headers=headers))
    meta = {"key": "brief", "value_text": "A brief.", "value_file": image}
    created(client.post(f"{base}/meta/", json=meta, headers=headers))


@pytest.fixture
def seeded_api(live_server, client, admin_key):
    """The live server's base URL and an admin's headers, with one of everything stored."""
    headers = auth_header(admin_key)
    _seed(client, headers)
    return live_server, headers


# Strings are drawn from all of Unicode, where NUL is one character in a million: the
# fuzzer never sent one, and NUL answered 500 on PostgreSQL. A fuzz dictionary puts NUL
# and other control characters, alone or in text, into a share of every string query
# parameter and every string field of every body.
CONTROL_STRINGS = ["\x00", "Site\x00", "\x00\x00", "a\x01b", "\x1b[31m", "\x1f", "\x7f"]
CONTROL_SHARE = 0.2


def string_fields(document: dict) -> list[str]:
    """The names of the plain-text fields of every request body in ``document``."""
    components = document["components"]["schemas"]
    names = set()
    for operations in document["paths"].values():
        for operation in operations.values():
            for content in operation.get("requestBody", {}).get("content", {}).values():
                body = content["schema"]
                body = components[body["$ref"].rsplit("/", 1)[-1]] if "$ref" in body else body
                for name, field in body.get("properties", {}).items():
                    kinds = [field, *field.get("anyOf", [])]
                    if any(kind.get("type") == "string" and "format" not in kind for kind in kinds):
                        names.add(name)
    return sorted(names)


def fuzzer_config(document: dict) -> SchemathesisConfig:
    """Schemathesis' settings: the control-character dictionary bound to every string."""
    share = {"dictionary": "controls", "probability": CONTROL_SHARE}
    return SchemathesisConfig.from_dict(
        {
            "dictionaries": {"controls": {"values": CONTROL_STRINGS}},
            "generation": {"dictionaries": {"string": share}},
            "parameters": {f"body.{name}": share for name in string_fields(document)},
        }
    )


document = build_document()
schema = schemathesis.openapi.from_dict(document, config=fuzzer_config(document))
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
    max_examples=EXAMPLES_PER_OPERATION,
    deterministic=True,
)


def test_the_fuzzed_document_is_the_one_the_server_publishes(live_server):
    served = requests.get(f"{live_server}/api/openapi.json", timeout=10).json()
    assert served == schema.raw_schema


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_documented(case, seeded_api):
    base_url, headers = seeded_api
    # The control-character dictionary reaches headers too (If-Match), which no HTTP
    # client can send: such a header is left out, the rest of the case goes ahead.
    if case.headers:
        case.headers = {k: v for k, v in case.headers.items() if v.isprintable()}
    case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS)
