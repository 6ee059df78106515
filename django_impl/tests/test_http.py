"""HTTP plumbing: CORS, OPTIONS, the generated OpenAPI document and the locally served docs.

Reads the contract, ../contract/openapi.yaml (this repository's), to compare the served document with it.
"""

from pathlib import Path

import yaml

from tests.conftest import assert_problem

ORIGIN = "https://app.example"  # listed in config.settings.test
CONTRACT = Path(__file__).resolve().parents[2] / "contract" / "openapi.yaml"


def test_a_listed_origin_gets_cors_headers_and_its_preflight_is_answered(client):
    response = client.get("/api/posts", HTTP_ORIGIN=ORIGIN)
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    assert response["Access-Control-Expose-Headers"] == "ETag, Location"
    assert "origin" in response["Vary"].lower()
    preflight = client.options("/api/posts", HTTP_ORIGIN=ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, POST, PUT, PATCH, DELETE"
    assert preflight["Access-Control-Max-Age"] == "600"
    assert "If-Match" in preflight["Access-Control-Allow-Headers"]


def test_other_origins_get_the_plain_options_answer_and_no_cors_headers(client):
    preflight = client.options(
        "/api/posts", HTTP_ORIGIN="https://evil.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )
    assert preflight.status_code == 204 and preflight["Allow"] == "GET, HEAD, OPTIONS, POST"
    assert not [name for name in preflight.headers if name.lower().startswith("access-control-")]


def test_options_on_an_unknown_path_is_not_found(client):
    assert_problem(client.options("/api/nothing"), 404)


def resolve(document: dict, node: dict) -> dict:
    while "$ref" in node:
        target = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def operations(document: dict) -> dict:
    """Per operation: its id, summary and description, its statuses with the headers each answer
    has, and its request headers with their patterns."""
    result = {}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in ("get", "put", "post", "delete", "patch"):
                continue
            parameters = [resolve(document, parameter) for parameter in operation.get("parameters", [])]
            result[(path, method)] = (
                (operation["operationId"], operation["summary"], operation.get("description")),
                {
                    status: sorted(resolve(document, response).get("headers", {}))
                    for status, response in operation["responses"].items()
                },
                {
                    parameter["name"]: resolve(document, parameter["schema"]).get("pattern")
                    for parameter in parameters
                    if parameter["in"] == "header"
                },
            )
    return result


def test_the_served_document_has_the_contracts_operations_as_the_contract_describes_them(client):
    served = client.get("/openapi.json").json()
    assert operations(served) == operations(yaml.safe_load(CONTRACT.read_text()))
    assert served["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "The token returned once by createUser.",
    }


def test_openapi_json_and_the_docs_are_served_with_local_assets(client):
    assert client.get("/openapi.json").json()["openapi"] == "3.1.0"
    for page in ("/docs", "/redoc"):
        html = client.get(page).content.decode()
        assert "/static/drf_spectacular_sidecar/" in html and "https://" not in html
    asset = client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert asset.status_code == 200
