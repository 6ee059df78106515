"""JSON in and out: the body checks before authentication (413, 415, 400), Ninja's parser and renderer."""

import json
import re
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from ninja import parser, renderers
from ninja.responses import NinjaJSONEncoder

from common.errors import problem
from common.http import discard_body

JSON = "application/json"
MERGE_PATCH = "application/merge-patch+json"  # RFC 7396: JSON too, for PATCH only
BODY_TYPES = {"POST": (JSON,), "PUT": (JSON,), "PATCH": (JSON, MERGE_PATCH)}
_SURROGATE = re.compile("[\ud800-\udfff]")


def media_type(content_type: str | None) -> str:
    """`application/json; charset=utf-8` -> `application/json`."""
    return (content_type or "").split(";")[0].strip().lower()


def _not_a_number(constant: str) -> None:
    raise ValueError(f"{constant} is not a JSON number")


def loads(body: bytes) -> Any:
    """JSON text as the contract reads it: UTF-8, and Unicode throughout; ValueError for anything malformed.

    json.loads would guess UTF-16 or UTF-32 from the bytes, accept NaN and Infinity, give up on
    deep nesting with a RecursionError, and read an escaped unpaired surrogate ("\\ud800") into a
    string no encoder can write back.
    """
    try:
        value = json.loads(body.decode("utf-8"), parse_constant=_not_a_number)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise ValueError("an unpaired surrogate is not text")
        elif isinstance(item, dict):
            pending += [*item, *item.values()]
        elif isinstance(item, list):
            pending += item
    return value


def read_json_body(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A view-mode decorator (config.api): a write's body is within the limit, JSON, and well-formed.

    View mode runs before Ninja authenticates, so these faults win over 401 as the contract
    orders them; Ninja itself would authenticate first, parse any Content-Type as JSON, and
    read an empty body as no body (422 for the missing fields).
    """

    @wraps(run)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        accepted = BODY_TYPES.get(request.method or "")
        if accepted is None:
            return run(request, *args, **kwargs)
        try:
            body = request.body  # Django checks DATA_UPLOAD_MAX_MEMORY_SIZE here
        except RequestDataTooBig:
            discard_body(request)
            return problem(413, "The request body is larger than this server accepts.")
        if media_type(request.content_type) not in accepted:
            return problem(415, f"Send the body as {' or '.join(accepted)}.")
        if not body:
            return problem(400, "The request body is empty; send a JSON object.")
        try:
            loads(body)  # parsed again by JSONParser for the operation, as Ninja does
        except ValueError as exc:
            return problem(400, f"The request body is not valid JSON: {exc}")
        return run(request, *args, **kwargs)

    return checked


class JSONParser(parser.Parser):
    """Ninja's parser, reading bodies as `loads` does."""

    def parse_body(self, request: HttpRequest) -> Any:
        return loads(request.body)


class TimestampEncoder(NinjaJSONEncoder):
    """RFC 3339 to the microsecond: Django's encoder cuts datetimes to milliseconds, so two writes
    in one millisecond would show the same updated_at."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class JSONRenderer(renderers.JSONRenderer):
    encoder_class = TimestampEncoder
