"""The generated document and its two UIs, served with their own assets.

Reads the contract, ../contract/openapi.yaml (with PyYAML, a dev dependency), to compare each
operation's summary and description with the served ones.
"""

import re
from pathlib import Path

import pytest
import yaml

CONTRACT = Path(__file__).resolve().parents[2] / "contract" / "openapi.yaml"

PROTECTED = {
    "getCurrentUser",
    "deleteUser",
    "getSettings",
    "replaceSettings",
    "updateSettings",
    "createPost",
    "replacePost",
    "updatePost",
    "deletePost",
}


@pytest.fixture
def document(client):
    response = client.get("/openapi.json")
    assert response.status_code == 200
    return response.json


def operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in ("get", "put", "post", "patch", "delete"):
                yield path, method, operation


def test_every_operation_names_its_id_its_problems_and_its_security(document):
    ids = set()
    for path, method, operation in operations(document):
        ids.add(operation["operationId"])
        # The server's limits (gunicorn's 414 and 431) and failures hold for every operation.
        assert {"414", "431", "500", "503"} <= set(operation["responses"]), (path, method)
        # A malformed If-Match or If-None-Match is a 400 wherever either is read.
        references = {parameter.get("$ref", "") for parameter in operation.get("parameters", [])}
        if references & {"#/components/parameters/IfMatch", "#/components/parameters/IfNoneMatch"}:
            assert "400" in operation["responses"], (path, method)
        assert ("security" in operation) == (operation["operationId"] in PROTECTED)
        for status, response in operation["responses"].items():
            if status.startswith(("4", "5")):
                assert response["$ref"].startswith("#/components/responses/")
    assert len(ids) == 15
    assert document["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "The token returned once by createUser.",
    }


def test_every_operation_is_described_as_the_contract_describes_it(document):
    """/docs and /redoc render /openapi.json: the summary and description of each operation are the contract's."""
    spec = yaml.safe_load(CONTRACT.read_text())
    contract = {operation["operationId"]: operation for _, _, operation in operations(spec)}
    served = {operation["operationId"]: operation for _, _, operation in operations(document)}
    assert served.keys() == contract.keys()
    for operation_id, operation in contract.items():
        for key in ("summary", "description"):
            expected = operation.get(key, "").strip()
            assert served[operation_id].get(key, "").strip() == expected, (operation_id, key)


def test_conditional_reads_declare_304_and_merge_patches_both_media_types(document):
    paths = document["paths"]
    for path in ("/api/posts/{post_id}", "/api/settings"):
        assert "304" in paths[path]["get"]["responses"]
        assert set(paths[path]["patch"]["requestBody"]["content"]) == {
            "application/json",
            "application/merge-patch+json",
        }


def test_problems_are_problem_json(document):
    for name, response in document["components"]["responses"].items():
        assert set(response["content"]) == {"application/problem+json"}, name


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_ui_pages_load_their_assets_from_this_server(client, page):
    html = client.get(page).text
    assert "/openapi.json" in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and all(asset.startswith("/docs/assets/") for asset in assets)
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
