"""DRF's parsers and content negotiation, as the contract reads a JSON body and answers in JSON."""

import re
from typing import Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.negotiation import BaseContentNegotiation

_SURROGATE = re.compile("[\ud800-\udfff]")


def media_type(content_type: str | None) -> str:
    """`application/json; charset=utf-8` -> `application/json`."""
    return (content_type or "").split(";")[0].strip().lower()


class IgnoreAcceptNegotiation(BaseContentNegotiation):
    """JSON whatever the Accept header says, as in the other implementations (no 406)."""

    def select_parser(self, request: Any, parsers: list[Any]) -> Any:
        declared = media_type(request.content_type)
        return next((parser for parser in parsers if parser.media_type == declared), None)

    def select_renderer(self, request: Any, renderers: list[Any], format_suffix: str | None = None) -> tuple[Any, str]:
        return renderers[0], renderers[0].media_type


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, where what the contract calls malformed is a ParseError (400) like any other.

    Python's json module gives up on deep nesting (`[[[[...]]]]`, well within the body limit) with
    a RecursionError; DRF's parser catches only ValueError, so it would be a 500. It also reads an
    escaped unpaired surrogate ("\\ud800") into a string no encoder can write back: text that is
    not Unicode is malformed (DRF already refuses the UTF-8-encoded kind).
    """

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            value = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply") from None
        pending = [value]
        while pending:
            item = pending.pop()
            if isinstance(item, str):
                if _SURROGATE.search(item):
                    raise ParseError("JSON parse error - unpaired surrogate")
            elif isinstance(item, dict):
                pending += [*item, *item.values()]
            elif isinstance(item, list):
                pending += item
        return value


class MergePatchParser(JSONParser):
    """A JSON merge patch (RFC 7396) is JSON: PATCH accepts it beside application/json."""

    media_type = "application/merge-patch+json"
