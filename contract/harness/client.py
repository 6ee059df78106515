"""An HTTP client for the API that checks every response against the contract."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

import requests

from harness.matrix import COVERAGE
from harness.operations import Call
from harness.validation import ContractValidator

_NO_BODY = object()


@dataclass(frozen=True)
class Account:
    """A user created through the API, with the token only createUser ever shows."""

    id: int
    username: str
    display_name: str
    token: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def unique_username(prefix: str = "u") -> str:
    return f"{prefix}_{uuid.uuid4().hex}"[:32]


def parse_time(value: str) -> datetime:
    """An RFC 3339 timestamp as an aware datetime: compared as times, not as text (the digits of
    the fraction may vary)."""
    return datetime.fromisoformat(value)


class Api:
    """requests, plus: every response is validated against contract/openapi.yaml."""

    def __init__(self, base_url: str, timeout: float = 30) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.validator = ContractValidator(self.base_url, on_response=partial(COVERAGE.record, self.base_url))
        self.http = requests.Session()

    def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = _NO_BODY,
        data: bytes | Iterable[bytes] | None = None,
        account: Account | None = None,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> requests.Response:
        sent = dict(headers or {})
        if account is not None:
            sent.update(account.auth)
        if json_body is not _NO_BODY:
            data = json.dumps(json_body, ensure_ascii=False).encode()
            sent.setdefault("Content-Type", "application/json")
        response = self.http.request(
            method,
            self.base_url + path,
            data=data,
            headers=sent,
            params=params,
            timeout=self.timeout,
            allow_redirects=False,
        )
        self.validator.validate(method, response.url, response.status_code, dict(response.headers), response.content)
        return response

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, body: Any = _NO_BODY, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, json_body=body, **kwargs)

    def put(self, path: str, body: Any = _NO_BODY, **kwargs: Any) -> requests.Response:
        return self.request("PUT", path, json_body=body, **kwargs)

    def patch(self, path: str, body: Any = _NO_BODY, **kwargs: Any) -> requests.Response:
        return self.request("PATCH", path, json_body=body, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("DELETE", path, **kwargs)

    def call(self, call: Call, **kwargs: Any) -> requests.Response:
        """A well-formed request of one operation (harness.operations.calls), its body made afresh."""
        body = call.body
        return self.request(call.method, call.path, **({} if body is None else {"json_body": body}), **kwargs)

    # Shortcuts for the suite's own set-up; each asserts the success it relies on.

    def register(self, *, username: str | None = None, display_name: str = "Test User") -> Account:
        response = self.post("/api/users", {"username": username or unique_username(), "display_name": display_name})
        assert response.status_code == 201, response.text
        body = response.json()
        return Account(id=body["id"], username=body["username"], display_name=body["display_name"], token=body["token"])

    def create_post(self, account: Account, **fields: Any) -> dict[str, Any]:
        body = {"title": "A title", "content": "Some content.", **fields}
        response = self.post("/api/posts", body, account=account)
        assert response.status_code == 201, response.text
        return response.json()
