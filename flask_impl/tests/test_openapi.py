"""The generated document and its two UIs, served with their own assets."""

import re

import pytest

PROTECTED = {"getCurrentUser", "deleteUser", "getSettings", "replaceSettings", "updateSettings", "createPost",
             "replacePost", "updatePost", "deletePost"}


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
        assert {"500", "503"} <= set(operation["responses"]), (path, method)
        assert ("security" in operation) == (operation["operationId"] in PROTECTED)
        for status, response in operation["responses"].items():
            if status.startswith(("4", "5")):
                assert response["$ref"].startswith("#/components/responses/")
    assert len(ids) == 15
    assert document["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http", "scheme": "bearer", "description": "The token returned once by createUser."}


def test_conditional_reads_declare_304_and_merge_patches_both_media_types(document):
    paths = document["paths"]
    for path in ("/api/posts/{post_id}", "/api/settings"):
        assert "304" in paths[path]["get"]["responses"]
        assert set(paths[path]["patch"]["requestBody"]["content"]) == {
            "application/json", "application/merge-patch+json"}


def test_problems_are_problem_json(document):
    for name, response in document["components"]["responses"].items():
        assert set(response["content"]) == {"application/problem+json"}, name


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_ui_pages_load_their_assets_from_this_server(client, page):
    html = client.get(page).text
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and all(asset.startswith("/docs/assets/") for asset in assets)
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
