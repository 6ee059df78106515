"""Entity tags and the If-Match / If-None-Match preconditions (RFC 9110, section 13).

Werkzeug parses the headers and compares the tags; what is ours is which tag a representation
has, what a failed precondition answers, and that only quoted entity tags name one (werkzeug also
takes unquoted ones, and reads an empty If-Match as a missing one). Handlers pass the headers as
sent (a string, or None when absent).
"""

import re

from flask import Response, current_app
from werkzeug.datastructures import ETags
from werkzeug.http import parse_etags, quote_etag

from app.errors import PreconditionFailed

_ENTITY_TAG = re.compile(r'(?:W/)?"[\x21\x23-\x7e\x80-\xff]*"')


def entity_tag(*parts: object) -> str:
    """A strong entity tag from the values that change whenever the representation does (unquoted)."""
    return "-".join(str(part) for part in parts)


def etag_header(tag: str) -> dict[str, str]:
    return {"ETag": quote_etag(tag)}


def parse(header: str | None) -> ETags | None:
    """The entity tags a request header lists, or None when it was not sent."""
    if header is None:
        return None
    if header.strip() == "*":
        return ETags(star_tag=True)
    return parse_etags(", ".join(tag for tag in map(str.strip, header.split(",")) if _ENTITY_TAG.fullmatch(tag)))


def not_modified(if_none_match: str | None, tag: str) -> Response | None:
    """The 304 to answer when If-None-Match names the current tag (weak comparison), else None."""
    tags = parse(if_none_match)
    if tags is None or not tags.contains_weak(tag):
        return None
    response = current_app.response_class(status=304, headers=etag_header(tag))
    response.headers.remove("Content-Type")
    return response


def require_match(if_match: str | None, tag: str, *, what: str) -> None:
    """Refuse the write when If-Match is sent and names no current tag (strong comparison; * matches)."""
    tags = parse(if_match)
    if tags is not None and not tags.contains(tag):
        raise PreconditionFailed(f"The {what} changed since you read it: If-Match does not match its ETag.")
