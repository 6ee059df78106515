"""Entity tags and the If-Match / If-None-Match preconditions (RFC 9110, section 13)."""

from django.utils.http import parse_etags

from common.errors import PreconditionFailed


def make_etag(*parts: object) -> str:
    """A strong entity tag from the values that change whenever the representation does."""
    return '"' + "-".join(str(part) for part in parts) + '"'


def _opaque(tag: str) -> str:
    return tag.removeprefix("W/")


def none_match(if_none_match: str | None, etag: str) -> bool:
    """True when If-None-Match names the current tag (weak comparison): answer 304."""
    if if_none_match is None:
        return False
    tags = parse_etags(if_none_match)
    return tags == ["*"] or any(_opaque(tag) == etag for tag in tags)


def require_match(if_match: str | None, etag: str) -> None:
    """Raise PreconditionFailed when If-Match is sent and names no current tag (strong comparison: W/ never matches)."""
    if if_match is None:
        return
    tags = parse_etags(if_match)
    if tags != ["*"] and etag not in tags:
        raise PreconditionFailed("The resource has changed since you read it (If-Match does not match).")
