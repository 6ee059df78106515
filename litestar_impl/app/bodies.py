"""JSON request bodies as the contract reads them: 413, 415 and 400 before authentication, then strict types (422)."""

import re
from typing import Any

import msgspec
from litestar import Request
from litestar.exceptions import ClientException, ValidationException
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

WRITES = frozenset({"POST", "PUT", "PATCH"})
_LOCATION = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")
_FIELD = re.compile(r"Object (missing required|contains unknown) field `(.*)`", re.DOTALL)
_OWN = re.compile(r"(/\S*): (.*)", re.DOTALL)  # app.schemas.invalid's


class JsonBodyMiddleware(ASGIMiddleware):
    """A write's body, as transported: over the limit (413), not JSON (415), empty or malformed (400).

    It runs before the authentication middleware (app/main.py), so a malformed body gets its 400
    with or without a valid token. Litestar reads `data` as JSON whatever the Content-Type says.
    """

    def __init__(self, *, max_body_bytes: int) -> None:
        self.max_body_bytes = max_body_bytes

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if scope["method"] in WRITES:  # type: ignore[typeddict-item]
            request: Request[Any, Any, Any] = Request(scope, receive)
            try:
                body = await request.body()  # kept in the scope: the handler's request reads it again
            except RequestEntityTooLarge:
                raise ClientException(
                    f"The body is larger than the {self.max_body_bytes} bytes this server accepts.", status_code=413
                ) from None
            media_type = request.content_type[0]
            accepted = ("application/json", "application/merge-patch+json")[: 2 if scope["method"] == "PATCH" else 1]  # type: ignore[typeddict-item]
            if media_type not in accepted:
                raise ClientException(f"Send the body as {' or '.join(accepted)}.", status_code=415)
            if not body:
                raise ClientException("The request body is empty; send a JSON object.")
            try:
                msgspec.json.decode(body)  # UTF-8 text, no unpaired surrogate, nested within reason
            except (msgspec.DecodeError, RecursionError):
                raise ClientException(
                    "The request body is not valid JSON (UTF-8 text, no unpaired surrogates)."
                ) from None
        await next_app(scope, receive, send)


class JsonRequest(Request[Any, Any, Any]):
    """A request whose JSON body becomes the handler's `data` type strictly, as JSON Schema reads it.

    Litestar converts `data` in msgspec's lax mode, in which "5" and 5.0 pass as an integer and
    "true" and 1 as a boolean; msgspec's strict mode refuses them. Litestar still converts the
    result, an instance of the type already, which passes unchanged.
    """

    async def json(self) -> Any:
        field = self.route_handler.parsed_fn_signature.parameters.get("data")
        if field is None:
            return await super().json()
        body = await self.body()
        try:
            return msgspec.json.decode(body, type=field.annotation, strict=True)
        except msgspec.ValidationError as error:
            raise ValidationException(
                "The request body is not valid.", extra=pointer_errors(error, body, field.annotation)
            ) from None


def pointer_errors(error: msgspec.ValidationError, body: bytes, data_type: type[Any]) -> list[dict[str, str]]:
    """msgspec's error as the contract's {pointer, message} items (every missing member named, as JSON Schema does)."""
    message, located, location = str(error).rpartition(" - at `$")
    if not located:
        message, location = str(error), ""
    pointer = "".join("/" + (name or index) for name, index in _LOCATION.findall(location.rstrip("`")))
    if own := _OWN.fullmatch(message):
        return [{"pointer": pointer + own[1], "message": own[2]}]
    found = _FIELD.fullmatch(message)
    if found is None:
        return [{"pointer": pointer, "message": message}]
    kind, name = found.groups()
    names = [name]
    if kind == "missing required" and not pointer:  # msgspec stops at the first; list them all
        sent = msgspec.json.decode(body)
        names = [f.name for f in msgspec.structs.fields(data_type) if f.required and f.name not in sent]
    what = "is required" if kind == "missing required" else "is not a member of this object"
    return [{"pointer": f"{pointer}/{_escape(each)}", "message": f"`{each}` {what}"} for each in names]


def _escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")
