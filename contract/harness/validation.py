"""Check real responses against contract/openapi.yaml with openapi-core (and RFC 9457 rules)."""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import yaml
from jsonschema import Draft202012Validator
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from referencing import Registry
from referencing.jsonschema import DRAFT202012
from werkzeug.datastructures import Headers, ImmutableMultiDict

SPEC_PATH = Path(__file__).resolve().parents[1] / "openapi.yaml"


@functools.cache
def load_spec() -> dict[str, Any]:
    return yaml.safe_load(SPEC_PATH.read_text())


@dataclass
class _Request:
    host_url: str
    path: str
    method: str
    parameters: RequestParameters
    body: bytes | None = None
    content_type: str = "application/json"


@dataclass
class _Response:
    status_code: int
    data: bytes | None
    headers: Headers
    content_type: str = field(default="")


class ContractViolation(AssertionError):
    """A response the contract does not allow."""


@functools.cache
def problem_schemas() -> dict[int, str]:
    """Status -> the name of the schema its problems must match (`Problem` for any other status)."""
    schemas = load_spec()["components"]["schemas"]
    found = {name: schema.get("properties", {}).get("status", {}).get("const") for name, schema in schemas.items()}
    return {status: name for name, status in found.items() if isinstance(status, int)}


@functools.cache
def problem_validator(status: int) -> Draft202012Validator:
    """A JSON Schema validator for a problem with this status, resolving the contract's $refs."""
    registry = Registry().with_resource("urn:contract", DRAFT202012.create_resource(load_spec()))
    name = problem_schemas().get(status, "Problem")
    return Draft202012Validator({"$ref": f"urn:contract#/components/schemas/{name}"}, registry=registry)


class ContractValidator:
    """Validates responses from one server; undeclared operations must still answer problems.

    `on_response(method, url, status)` hears of every response validated (the status matrix).
    """

    def __init__(self, base_url: str, on_response: Callable[[str, str, int], None] | None = None) -> None:
        spec = copy.deepcopy(load_spec())
        spec["servers"] = [{"url": base_url.rstrip("/")}]
        # openapi-core knows application/json; RFC 9457 problems are JSON too.
        config = Config(extra_media_type_deserializers={"application/problem+json": json.loads})
        self.openapi = OpenAPI.from_dict(spec, config=config)
        self.on_response = on_response

    def validate(
        self, method: str, url: str, status: int, headers: dict[str, str] | Headers, body: bytes | None
    ) -> None:
        """Raise ContractViolation unless the response is one the contract allows."""
        if self.on_response is not None:
            self.on_response(method, url, status)
        headers = Headers(headers)
        content_type = headers.get("content-type", "")
        parts = urlsplit(url)
        request = _Request(
            host_url=f"{parts.scheme}://{parts.netloc}",
            path=parts.path,
            method=method.lower(),
            parameters=RequestParameters(query=ImmutableMultiDict(parse_qs(parts.query)), header=Headers()),
        )
        response = _Response(status_code=status, data=body or None, headers=headers, content_type=content_type)
        if status >= 400 and method.upper() != "HEAD":
            self._check_problem(method, url, status, content_type, body)
        if status == 405:
            return  # no operation declares 405: it answers methods the path lacks
        try:
            self.openapi.validate_response(request, response)
        except (PathNotFound, OperationNotFound):
            return  # HEAD, OPTIONS, 404/405 on undeclared routes: the problem check above applies
        except Exception as exc:  # openapi-core raises a family of errors; report them uniformly
            raise ContractViolation(f"{method} {url} -> {status}: {_describe(exc)}\nbody: {_preview(body)}") from None

    def _check_problem(self, method: str, url: str, status: int, content_type: str, body: bytes | None) -> None:
        where = f"{method} {url} -> {status}"
        if content_type.split(";")[0].strip() != "application/problem+json":
            raise ContractViolation(
                f"{where}: error with Content-Type {content_type!r}, not application/problem+json\n"
                f"body: {_preview(body)}"
            )
        try:
            document = json.loads(body or b"")
        except ValueError:
            raise ContractViolation(f"{where}: problem body is not JSON: {_preview(body)}") from None
        errors = [e.message for e in problem_validator(status).iter_errors(document)]
        if errors or not isinstance(document, dict) or document.get("status") != status:
            raise ContractViolation(
                f"{where}: not the contract's problem for status {status} "
                f"({problem_schemas().get(status, 'Problem')}): {errors} {document}"
            )


def _describe(exc: BaseException) -> str:
    messages = [f"{type(exc).__name__}: {exc}"]
    cause = exc.__cause__ or exc.__context__
    while cause is not None and len(messages) < 4:
        details = getattr(cause, "schema_errors", None)
        messages.append(f"{type(cause).__name__}: {cause}")
        if details:
            messages.extend(f"  - {'/'.join(map(str, e.absolute_path))}: {e.message}" for e in details[:5])
        cause = cause.__cause__ or cause.__context__
    return "\n".join(messages)


def _preview(body: bytes | None, limit: int = 600) -> str:
    text = (body or b"").decode("utf-8", "replace")
    return text if len(text) <= limit else text[:limit] + "…"
