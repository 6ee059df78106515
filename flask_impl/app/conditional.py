"""Entity tags and the If-Match / If-None-Match preconditions (RFC 9110, section 13).

Werkzeug parses the headers and compares the tags; what is ours is which tag a representation
has, what a failed precondition answers, and that only quoted entity tags name one (werkzeug also
takes unquoted ones, and reads an empty If-Match as a missing one).
"""

import re

from flask import Response, current_app, request
from werkzeug.datastructures import ETags
from werkzeug.exceptions import PreconditionFailed
from werkzeug.http import parse_etags, quote_etag

_ENTITY_TAG = re.compile(r'(?:W/)?"[\x21\x23-\x7e\x80-\xff]*"')


def entity_tag(*parts: object) -> str:
    """A strong entity tag from the values that change whenever the representation does (unquoted)."""
    return "-".join(str(part) for part in parts)


def etag_header(tag: str) -> dict[str, str]:
    return {"ETag": quote_etag(tag)}


def not_modified(if_none_match: ETags, tag: str) -> Response | None:
    """The 304 to answer when If-None-Match names the current tag (weak comparison), else None."""
    if not if_none_match.contains_weak(tag):
        return None
    response = current_app.response_class(status=304, headers=etag_header(tag))
    response.headers.remove("Content-Type")
    return response


def _entity_tags(header: str) -> ETags | None:
    """The entity tags a request header lists, or None when it was not sent."""
    value = request.headers.get(header)
    if value is None:
        return None
    if value.strip() == "*":
        return ETags(star_tag=True)
    return parse_etags(", ".join(tag for tag in map(str.strip, value.split(",")) if _ENTITY_TAG.fullmatch(tag)))


def if_match() -> ETags | None:
    return _entity_tags("If-Match")


def if_none_match() -> ETags:
    return _entity_tags("If-None-Match") or ETags()


def require_match(if_match: ETags | None, tag: str, *, what: str) -> None:
    """Raise 412 when If-Match is sent and names no current tag (strong comparison; * matches)."""
    if if_match is not None and not if_match.contains(tag):
        raise PreconditionFailed(f"The {what} changed since you read it: If-Match does not match its ETag.")
