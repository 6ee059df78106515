"""The served OpenAPI document: the contract's operations, words, statuses and media types."""

from pathlib import Path

import pytest
import yaml

CONTRACT = Path(__file__).resolve().parents[2] / "contract" / "openapi.yaml"
METHODS = {"get", "put", "post", "patch", "delete"}


@pytest.fixture(scope="module")
def contract() -> dict:
    return yaml.safe_load(CONTRACT.read_text())


@pytest.fixture
def served(client) -> dict:
    return client.get("/openapi.json").json()


def operations(document: dict) -> dict:
    return {
        (path, method): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method != "parameters"
    }


def test_every_operation_has_the_contracts_id_words_tags_and_statuses(served, contract):
    assert operations(served).keys() == operations(contract).keys()  # no HEAD or OPTIONS entries either
    for key, expected in operations(contract).items():
        found = operations(served)[key]
        assert (found["operationId"], found["summary"], found["tags"]) == (
            expected["operationId"],
            expected["summary"],
            expected["tags"],
        )
        assert found.get("description", "").strip() == expected.get("description", "").strip(), key
        assert sorted(map(str, found["responses"])) == sorted(expected["responses"]), key
        assert ("security" in found) == (expected["security"] != []), key


def test_problems_are_documented_as_problem_json(served):
    response = served["paths"]["/api/posts/{post_id}"]["get"]["responses"]["404"]
    assert response["content"]["application/problem+json"]["schema"] == {"$ref": "#/components/schemas/ProblemOut"}
    assert set(served["components"]["schemas"]["ProblemOut"]["properties"]) >= {"type", "title", "status", "detail"}


def test_a_json_merge_patch_is_documented_beside_json_and_the_etag_header(served):
    patch = served["paths"]["/api/posts/{post_id}"]["patch"]
    assert set(patch["requestBody"]["content"]) == {"application/json", "application/merge-patch+json"}
    assert patch["responses"]["200"]["headers"]["ETag"] == {"$ref": "#/components/headers/ETag"}
    assert "ETag" in served["components"]["headers"]


def test_the_bearer_scheme_is_documented(served):
    assert served["components"]["securitySchemes"]["BearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "The token returned once by createUser.",
    }
