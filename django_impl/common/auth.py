"""Bearer-token authentication: a DRF authentication class.

It points one way, common -> users: it reads users.selectors, and users imports nothing of common.auth
(views name it through DRF's DEFAULT_AUTHENTICATION_CLASSES setting).
"""

from typing import Any

from rest_framework import authentication, exceptions
from rest_framework.request import Request

from users.models import User
from users.selectors import user_get_by_token


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <token>` (scheme case-insensitive), looked up by its SHA-256."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[User, str] | None:
        header = request.headers.get("Authorization")
        if header is None:
            return None  # IsAuthenticated then answers 401 (NotAuthenticated)
        scheme, _, token = header.strip().partition(" ")
        token = token.strip()
        if scheme.lower() != self.keyword.lower() or not token:
            raise exceptions.AuthenticationFailed("Send the token from createUser as 'Authorization: Bearer <token>'.")
        user = user_get_by_token(token=token)
        if user is None:
            raise exceptions.AuthenticationFailed("The bearer token is not valid, or its user was deleted.")
        return user, token

    def authenticate_header(self, request: Any) -> str:
        # A value here makes DRF answer 401 with WWW-Authenticate instead of 403.
        return self.keyword
