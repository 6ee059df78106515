"""What several test modules share: the test app's limits and the check that a response is a problem."""

from typing import Any

ALLOWED_ORIGIN = "http://allowed.example"
MAX_BODY_BYTES = 2048


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    """The response is an RFC 9457 problem with this status; return its body."""
    assert response.status_code == status, response.text
    assert response.mimetype == "application/problem+json"
    body: dict[str, Any] = response.json
    assert body["type"] == "about:blank" and body["status"] == status and body["title"] and body["detail"]
    return body
