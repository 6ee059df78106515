"""The base of every API view: per-operation access, JSON bodies, in-range ids."""

from typing import Any, ClassVar

from rest_framework import exceptions, permissions, viewsets
from rest_framework.parsers import BaseParser
from rest_framework.request import Request

from common.http import JSONParser, MergePatchParser

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class ApiViewSet(viewsets.ViewSet):
    """A DRF ViewSet whose actions are named after the contract's operationIds.

    Operations listed in `public_actions` need no token and ignore one; the rest need a bearer
    token. Transport faults of a body (415, 400) are reported before authentication (401). An id
    out of the 64-bit range names nothing: the selectors' 404, after validation (422), as for
    any id (Django's lookups answer it without a query).
    """

    public_actions: ClassVar[frozenset[str]] = frozenset()

    @property
    def is_public(self) -> bool:
        # DRF sets self.action only after choosing the authenticators: until then, read the action map.
        action = getattr(self, "action", None) or self.action_map.get(self.request.method.lower())
        return action in self.public_actions

    def get_authenticators(self) -> list[Any]:
        return [] if self.is_public else super().get_authenticators()

    def get_permissions(self) -> list[permissions.BasePermission]:
        return [permissions.AllowAny() if self.is_public else permissions.IsAuthenticated()]

    @property
    def default_response_headers(self) -> dict[str, str]:
        # DRF adds Allow (unsorted) to every response; here it belongs to 405 and OPTIONS (common.http).
        return {}

    def get_parsers(self) -> list[BaseParser]:
        if self.request is not None and self.request.method == "PATCH":
            return [JSONParser(), MergePatchParser()]
        return [JSONParser()]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        if request.method in BODY_METHODS:
            self.read_json_body(request)
        super().initial(request, *args, **kwargs)

    @staticmethod
    def read_json_body(request: Request) -> None:
        """415 unless the body is declared JSON (DRF lets a body without Content-Type pass as {}), 400 unless it is."""
        if request.negotiator.select_parser(request, request.parsers) is None:
            accepted = " or ".join(parser.media_type for parser in request.parsers)
            raise exceptions.UnsupportedMediaType(request.content_type, detail=f"Send the body as {accepted}.")
        if not request.body:
            raise exceptions.ParseError("The request body is empty; send a JSON object.")
        request.data  # noqa: B018 -- parsed now: malformed JSON or UTF-8 is a ParseError (400)
