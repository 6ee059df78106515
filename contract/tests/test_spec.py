"""The contract document itself: valid OpenAPI 3.1, complete, and chainable by stateful tools."""

import importlib.resources

import pytest
from openapi_spec_validator import validate

from harness.validation import load_spec

OPERATIONS = {
    "getHealthcheck": ("get", "/healthcheck"),
    "createUser": ("post", "/api/users"),
    "getCurrentUser": ("get", "/api/users/me"),
    "getUserProfile": ("get", "/api/users/profile/{user_id}"),
    "deleteUser": ("delete", "/api/users/{user_id}"),
    "getSettings": ("get", "/api/settings"),
    "replaceSettings": ("put", "/api/settings"),
    "updateSettings": ("patch", "/api/settings"),
    "getSettingsHealth": ("get", "/api/settings/health"),
    "listPosts": ("get", "/api/posts"),
    "createPost": ("post", "/api/posts"),
    "getPost": ("get", "/api/posts/{post_id}"),
    "replacePost": ("put", "/api/posts/{post_id}"),
    "updatePost": ("patch", "/api/posts/{post_id}"),
    "deletePost": ("delete", "/api/posts/{post_id}"),
}
METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def operations():
    for path, item in load_spec()["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield method, path, operation


def resolve(schema: dict) -> dict:
    spec = load_spec()
    while "$ref" in schema:
        node = spec
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def test_document_is_valid_openapi_3_1():
    spec = load_spec()
    assert spec["openapi"].startswith("3.1")
    validate(spec)


def test_every_operation_has_the_contracts_operation_id():
    found = {operation["operationId"]: (method, path) for method, path, operation in operations()}
    assert found == OPERATIONS


@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
def test_every_operation_declares_the_statuses_it_can_return(operation_id):
    method, path = OPERATIONS[operation_id]
    operation = load_spec()["paths"][path][method]
    statuses = set(operation["responses"])
    required = {"500", "503"}
    if "requestBody" in operation:
        required |= {"400", "413", "415", "422"}
    if operation.get("security"):
        required |= {"401"}
    if "{" in path:
        required |= {"404"}
    if any(p.get("$ref", "").endswith("/IfMatch") for p in operation.get("parameters", [])):
        required |= {"412"}
    if any(p.get("$ref", "").endswith("/IfNoneMatch") for p in operation.get("parameters", [])):
        required |= {"304"}
    assert required <= statuses, f"{operation_id} lacks {sorted(required - statuses)}"
    assert any(s.startswith("2") for s in statuses)


def test_read_only_fields_are_marked_and_absent_from_request_bodies():
    schemas = load_spec()["components"]["schemas"]
    read_only = {"User": ["id", "created_at"], "Post": ["id", "author_id", "created_at", "updated_at"],
                 "Settings": ["updated_at"]}
    for name, fields in read_only.items():
        for field in fields:
            assert schemas[name]["properties"][field].get("readOnly") is True, f"{name}.{field}"
    assert schemas["UserCreated"]["allOf"][1]["properties"]["token"]["readOnly"] is True
    for name in ("UserCreate", "SettingsReplace", "SettingsPatch", "PostCreate", "PostReplace", "PostPatch"):
        schema = schemas[name]
        assert schema["additionalProperties"] is False, name
        assert not {"id", "author_id", "created_at", "updated_at", "token"} & set(schema["properties"]), name


def test_creates_link_to_the_operations_on_what_they_created():
    paths = load_spec()["paths"]
    post_links = paths["/api/posts"]["post"]["responses"]["201"]["links"]
    assert {link["operationId"] for link in post_links.values()} == {"getPost", "replacePost", "updatePost", "deletePost"}
    assert all(link["parameters"]["post_id"] == "$response.body#/id" for link in post_links.values())
    user_links = paths["/api/users"]["post"]["responses"]["201"]["links"]
    assert {link["operationId"] for link in user_links.values()} == {"getUserProfile", "deleteUser"}


def test_entity_tags_and_locations_are_declared():
    spec = load_spec()
    paths = spec["paths"]
    assert {"Location", "ETag"} <= set(paths["/api/posts"]["post"]["responses"]["201"]["headers"])
    assert "Location" in paths["/api/users"]["post"]["responses"]["201"]["headers"]
    for path, method in [("/api/posts/{post_id}", "get"), ("/api/settings", "get")]:
        assert "ETag" in paths[path][method]["responses"]["200"]["headers"]
    for name in ("PostOk", "SettingsOk", "NotModified"):
        assert "ETag" in spec["components"]["responses"][name]["headers"]


def test_time_zones_are_exactly_the_tz_database():
    zones = sorted(importlib.resources.files("tzdata").joinpath("zones").read_text().split())
    assert load_spec()["components"]["schemas"]["Timezone"]["enum"] == zones, (
        "tzdata changed: regenerate the Timezone enum in contract/openapi.yaml from tzdata's zones file")
