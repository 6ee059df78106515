"""Entity tags and the If-Match / If-None-Match preconditions (RFC 9110, section 13).

Werkzeug parses the lists and compares the tags; what is ours is which tag a representation has,
what a failed precondition answers, and what a malformed header is (Werkzeug also reads unquoted
tags, obs-text and stray characters, and an empty If-Match as a missing one): a 400. Handlers pass
the headers as sent (a string, or None when absent), once the resource is found (after its 404, 403).
"""

import re

from flask import Response, current_app
from werkzeug.datastructures import ETags
from werkzeug.http import parse_etags, quote_etag, unquote_etag

from app.errors import BadRequest, PreconditionFailed

# RFC 9110's entity-tag: an optional W/, then etagc (%x21 / %x23-7E; obs-text is not accepted) quoted.
_ENTITY_TAG = r'(W/)?"[\x21\x23-\x7e]*"'
# A well-formed header: * or a list of entity tags (the contract's EntityTags pattern, also served).
ENTITY_TAGS = re.compile(rf"^(\*|{_ENTITY_TAG}([ \t]*,[ \t]*{_ENTITY_TAG})*)(?!\n)$")
PRECONDITION_FAILED = "The resource has changed since you read it: If-Match does not match its ETag."


def make_etag(*parts: object) -> str:
    """A strong entity tag, quoted, from the values that change whenever the representation does."""
    return quote_etag("-".join(str(part) for part in parts))


def _parse(value: str | None, header: str) -> ETags | None:
    """The tags the header lists (None when not sent); BadRequest when it is not * or a list of quoted tags."""
    if value is None:
        return None
    value = value.strip(" \t")
    if not ENTITY_TAGS.fullmatch(value):
        raise BadRequest(f"{header} must be * or a list of quoted entity tags.")
    return parse_etags(value)


def none_match(if_none_match: str | None, etag: str) -> bool:
    """True when If-None-Match names the current tag (weak comparison; * matches): answer 304."""
    tags = _parse(if_none_match, "If-None-Match")
    return tags is not None and tags.contains_weak(unquote_etag(etag)[0])


def not_modified(etag: str) -> Response:
    """The 304: no body, no Content-Type, the current ETag."""
    response = current_app.response_class(status=304, headers={"ETag": etag})
    response.headers.remove("Content-Type")
    return response


def require_match(if_match: str | None, etag: str) -> None:
    """Refuse the write when If-Match is sent and names no current tag (strong comparison; * matches)."""
    tags = _parse(if_match, "If-Match")
    if tags is not None and not tags.contains(unquote_etag(etag)[0]):
        raise PreconditionFailed(PRECONDITION_FAILED)
