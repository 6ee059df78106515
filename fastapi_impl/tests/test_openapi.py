"""The served document describes every operation as the contract does (/docs and /redoc render it).

Reads the contract, ../contract/openapi.yaml, from the repository this implementation lives in.
"""

from pathlib import Path

import pytest
import yaml

CONTRACT = yaml.safe_load((Path(__file__).resolve().parents[2] / "contract" / "openapi.yaml").read_text())
METHODS = ("get", "post", "put", "patch", "delete")


def operations(document: dict) -> dict[str, dict]:
    return {
        operation["operationId"]: operation
        for item in document["paths"].values()
        for method, operation in item.items()
        if method in METHODS
    }


def words(text: str | None) -> str | None:
    return " ".join(text.split()) if text is not None else None  # line breaks are the source's, not the text's


@pytest.fixture
def served(client) -> dict[str, dict]:
    return operations(client.get("/openapi.json").json())


def test_the_same_operations_are_served(served):
    assert sorted(served) == sorted(operations(CONTRACT))


@pytest.mark.parametrize("operation_id", sorted(operations(CONTRACT)))
def test_each_operation_has_the_contracts_summary_and_description(served, operation_id):
    expected, actual = operations(CONTRACT)[operation_id], served[operation_id]
    assert actual["summary"] == expected["summary"]
    assert words(actual.get("description")) == words(expected.get("description"))


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_documentation_pages_render_the_served_document(client, page):
    response = client.get(page)
    assert response.status_code == 200 and "/openapi.json" in response.text


def test_every_operation_declares_the_problems_any_request_can_meet(served):
    for operation_id, operation in served.items():
        for status in ("414", "431", "500", "503"):
            content = operation["responses"][status]["content"]
            assert content["application/problem+json"]["schema"] == {"$ref": "#/components/schemas/Problem"}, (
                operation_id,
                status,
            )


@pytest.mark.parametrize("operation_id", ["getPost", "getSettings", "deletePost"])
def test_a_malformed_precondition_is_declared_where_one_is_read(served, operation_id):
    assert "400" in served[operation_id]["responses"]
