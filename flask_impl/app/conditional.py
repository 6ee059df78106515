"""Entity tags and the If-Match / If-None-Match preconditions (RFC 9110, section 13).

Werkzeug parses the headers (request.if_match, request.if_none_match) and compares the tags;
what is ours is which tag a representation has and what a failed precondition answers.
"""

from flask import Response, current_app
from werkzeug.datastructures import ETags
from werkzeug.exceptions import PreconditionFailed
from werkzeug.http import quote_etag


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


def require_match(if_match: ETags, tag: str, *, what: str) -> None:
    """Raise 412 when If-Match is sent and names no current tag (strong comparison; * matches)."""
    if if_match and not if_match.contains(tag):
        raise PreconditionFailed(f"The {what} changed since you read it: If-Match does not match its ETag.")
