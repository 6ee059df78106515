"""Spec drift: the server's own /openapi.json against contract/openapi.yaml.

Compared: the operations (path and method), the status codes of each, the required fields of each
JSON request body, and the properties of each success response. Error responses must at least
declare the RFC 9457 members. Descriptions, examples and exact types are the generator's business.
"""

import difflib
import json

import pytest

from harness.validation import load_spec

METHODS = ("get", "put", "post", "delete", "patch")
PROBLEM_MEMBERS = {"type", "title", "status", "detail"}


class Document:
    """An OpenAPI document with its $refs and allOfs flattened on demand."""

    def __init__(self, spec: dict) -> None:
        self.spec = spec

    def resolve(self, node: dict) -> dict:
        while isinstance(node, dict) and "$ref" in node:
            target = self.spec
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
        return node

    def flatten(self, schema: dict) -> tuple[set[str], set[str]]:
        """(properties, required) of an object schema, through $ref, allOf and nullable anyOf/oneOf."""
        schema = self.resolve(schema)
        properties, required = set(schema.get("properties", {})), set(schema.get("required", []))
        for part in schema.get("allOf", []):
            more = self.flatten(part)
            properties |= more[0]
            required |= more[1]
        for key in ("anyOf", "oneOf"):
            variants = [self.resolve(v) for v in schema.get(key, []) if self.resolve(v).get("type") != "null"]
            if len(variants) == 1:
                more = self.flatten(variants[0])
                properties |= more[0]
                required |= more[1]
        return properties, required

    def json_schema(self, holder: dict) -> dict | None:
        content = self.resolve(holder).get("content", {})
        for media_type in ("application/json", "application/problem+json"):
            if media_type in content and "schema" in content[media_type]:
                return content[media_type]["schema"]
        return None

    def summary(self) -> dict[str, dict]:
        result = {}
        for path, item in self.spec.get("paths", {}).items():
            for method in METHODS:
                if method not in item:
                    continue
                operation = item[method]
                entry: dict = {"statuses": sorted(str(s) for s in operation.get("responses", {}))}
                body = self.json_schema(operation["requestBody"]) if "requestBody" in operation else None
                entry["request_required"] = sorted(self.flatten(body)[1]) if body else None
                entry["success_properties"] = {}
                for status, response in operation.get("responses", {}).items():
                    schema = self.json_schema(response)
                    if schema is None:
                        continue
                    properties = self.flatten(schema)[0]
                    if str(status).startswith("2"):
                        entry["success_properties"][str(status)] = sorted(properties)
                    else:
                        assert properties >= PROBLEM_MEMBERS, f"{method.upper()} {path} {status}: {sorted(properties)}"
                result[f"{method.upper()} {path}"] = entry
        return result


def readable_diff(expected: dict, actual: dict) -> str:
    def lines(doc: dict) -> list[str]:
        return json.dumps(doc, indent=1, sort_keys=True).splitlines()

    return "\n".join(
        difflib.unified_diff(
            lines(expected), lines(actual), "contract/openapi.yaml", "server /openapi.json", lineterm=""
        )
    )


def test_the_server_documents_exactly_the_contract(api):
    response = api.get("/openapi.json")
    assert response.status_code == 200
    served = response.json()
    assert str(served.get("openapi", "")).startswith("3."), "not an OpenAPI 3 document"
    expected = Document(load_spec()).summary()
    try:
        actual = Document(served).summary()
    except AssertionError as error:
        pytest.fail(f"an error response does not declare an RFC 9457 problem: {error}")
    assert actual == expected, "the generated document drifted from the contract:\n" + readable_diff(expected, actual)


def test_the_served_document_names_the_contracts_operation_ids(api):
    served = api.get("/openapi.json").json()
    ids = {
        f"{method.upper()} {path}": operation.get("operationId")
        for path, item in served["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    }
    expected = {
        f"{method.upper()} {path}": operation["operationId"]
        for path, item in load_spec()["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    }
    assert ids == expected, readable_diff(expected, ids)
