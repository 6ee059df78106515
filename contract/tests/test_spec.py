"""The contract document itself: valid OpenAPI 3.1, complete, and chainable by stateful tools."""

import importlib.resources
import re

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from harness.operations import BODIES
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
    # Any request may carry an oversized request line or header section (414, 431).
    required = {"414", "431", "500", "503"}
    if "requestBody" in operation:
        required |= {"400", "413", "415", "422"}
    if operation.get("security"):
        required |= {"401"}
    if "{" in path:
        required |= {"404"}
    parameters = [p.get("$ref", "") for p in operation.get("parameters", [])]
    # A malformed If-Match or If-None-Match gets 400.
    if any(p.endswith("/IfMatch") for p in parameters):
        required |= {"400", "412"}
    if any(p.endswith("/IfNoneMatch") for p in parameters):
        required |= {"304", "400"}
    assert required <= statuses, f"{operation_id} lacks {sorted(required - statuses)}"
    assert any(s.startswith("2") for s in statuses)


def test_read_only_fields_are_marked_and_absent_from_request_bodies():
    schemas = load_spec()["components"]["schemas"]
    read_only = {
        "User": ["id", "created_at"],
        "Post": ["id", "author_id", "created_at", "updated_at"],
        "Settings": ["updated_at"],
    }
    for name, fields in read_only.items():
        for field in fields:
            assert schemas[name]["properties"][field].get("readOnly") is True, f"{name}.{field}"
    assert schemas["UserCreated"]["properties"]["token"]["readOnly"] is True
    for name in ("UserCreate", "SettingsReplace", "SettingsPatch", "PostCreate", "PostReplace", "PostPatch"):
        schema = schemas[name]
        assert schema["additionalProperties"] is False, name
        assert not {"id", "author_id", "created_at", "updated_at", "token"} & set(schema["properties"]), name


def test_creates_link_to_the_operations_on_what_they_created():
    paths = load_spec()["paths"]
    post_links = paths["/api/posts"]["post"]["responses"]["201"]["links"]
    assert {link["operationId"] for link in post_links.values()} == {
        "getPost",
        "replacePost",
        "updatePost",
        "deletePost",
    }
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
        "tzdata changed: regenerate the Timezone enum in contract/openapi.yaml from tzdata's zones file"
    )


def enum_member_name(zone: str) -> str:
    name = re.sub(r"-(?=\d)", "_MINUS_", zone.replace("+", "_PLUS_"))
    return re.sub(r"[^A-Za-z0-9]+", "_", name).upper()


def test_time_zones_have_distinct_member_names_for_generated_clients():
    # GMT0, GMT+0 and GMT-0 would all be GMT0 to a client generator that names enum members itself.
    timezone = load_spec()["components"]["schemas"]["Timezone"]
    names = timezone["x-enum-varnames"]
    assert names == [enum_member_name(zone) for zone in timezone["enum"]]
    assert len(set(names)) == len(names)


def schemas_of_responses():
    """(where, schema) of every response body the contract declares, $refs resolved."""
    for method, path, operation in operations():
        for status, response in operation["responses"].items():
            for media_type, content in resolve(response).get("content", {}).items():
                yield f"{method.upper()} {path} {status} {media_type}", resolve(content["schema"])


def objects_in(schema: dict):
    """The schema and every object schema nested in it."""
    schema = resolve(schema)
    if schema.get("type") == "object":
        yield schema
    for key in ("properties",):
        for child in schema.get(key, {}).values():
            yield from objects_in(child)
    for key in ("items",):
        if key in schema:
            yield from objects_in(schema[key])
    for key in ("allOf", "anyOf", "oneOf"):
        for child in schema.get(key, []):
            yield from objects_in(child)


def test_every_response_schema_is_closed():
    # A response carries exactly the members its schema names: a leaked column is a violation.
    for where, schema in schemas_of_responses():
        for found in objects_in(schema):
            assert found.get("additionalProperties") is False, f"{where}: {sorted(found.get('properties', {}))}"


# RFC 9110 (section 15) and RFC 6585 (431): the reason phrases a problem's title must be.
RFC_PHRASES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    412: "Precondition Failed",
    413: "Content Too Large",
    414: "URI Too Long",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    431: "Request Header Fields Too Large",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def test_every_error_response_is_a_problem_whose_title_is_its_status_phrase():
    for where, schema in schemas_of_responses():
        status = int(where.split()[2])
        if status < 400:
            continue
        assert where.endswith("application/problem+json"), where
        properties = schema["properties"]
        assert (properties["status"]["const"], properties["title"]["const"]) == (status, RFC_PHRASES[status]), where
        assert resolve(properties["type"])["const"] == "about:blank", where
        assert set(schema["required"]) >= {"type", "title", "status", "detail"}, where
    problems = {
        s["properties"]["status"]["const"]: s["properties"]["title"]["const"]
        for s in load_spec()["components"]["schemas"].values()
        if isinstance(s.get("properties", {}).get("status", {}).get("const"), int)
    }
    assert problems == RFC_PHRASES


def test_a_cursor_issued_fits_where_it_goes_back():
    spec = load_spec()
    cursor = resolve(
        next(p for p in spec["paths"]["/api/posts"]["get"]["parameters"] if p.get("name") == "cursor")["schema"]
    )
    next_cursor = spec["components"]["schemas"]["PostPage"]["properties"]["next_cursor"]
    for word in ("minLength", "maxLength", "pattern"):
        assert next_cursor[word] == cursor[word], word


def test_a_cursor_is_a_payload_a_dot_and_a_signature():
    cursor = Draft202012Validator(load_spec()["components"]["schemas"]["Cursor"])
    assert cursor.is_valid("eyJpZCI6IDF9." + "A" * 22) and cursor.is_valid("a" * 480 + "." + "-_" * 11)
    for wrong in ("0", "forged", "a." + "A" * 21, "a." + "A" * 23, "a" * 481 + "." + "A" * 22, "a+." + "A" * 22):
        assert not cursor.is_valid(wrong), wrong
    assert not cursor.is_valid("a." + "A" * 22 + "\n")


def test_entity_tag_lists_are_star_or_quoted_tags():
    tags = Draft202012Validator(load_spec()["components"]["schemas"]["EntityTags"])
    for good in ("*", '""', '"7-3"', 'W/"7-3"', '"a", W/"b"', '"a",\t"b"', '"a" ,"b"'):
        assert tags.is_valid(good), good
    for bad in ("", " ", "7-3", '"a', '"a" "b"', '"a",', 'w/"a"', '"\x7f"', '"é"', '"a"\n', "**", '*,"a"'):
        assert not tags.is_valid(bad), bad


def test_an_entity_tag_is_never_empty():
    etag = Draft202012Validator(load_spec()["components"]["headers"]["ETag"]["schema"])
    assert not etag.is_valid('""') and not etag.is_valid("7-3") and not etag.is_valid('W/"7-3"')
    assert etag.is_valid('"7-3"')


def test_the_suites_sample_calls_cover_every_operation_with_a_body():
    with_body = {operation["operationId"] for _, _, operation in operations() if "requestBody" in operation}
    assert set(BODIES) == with_body
