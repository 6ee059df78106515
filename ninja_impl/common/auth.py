"""Bearer-token authentication: Ninja's HttpBearer, as its documentation sets bearer tokens up.

It points one way, common -> users: it reads users.selectors, and users imports nothing of
common.auth (config.api names it as the API's default auth).
"""

from django.http import HttpRequest
from ninja.security import HttpBearer

from users.models import User
from users.selectors import user_get_by_token


class BearerAuth(HttpBearer):
    """`Authorization: Bearer <token>` (scheme case-insensitive), looked up by its SHA-256.

    A missing header, another scheme or an unknown token leaves request.auth unset, and Ninja
    raises AuthenticationError (common.errors answers 401 with WWW-Authenticate: Bearer).
    """

    openapi_description = "The token returned once by createUser."  # Ninja documents the scheme with it

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        token = token.strip()
        return user_get_by_token(token=token) if token else None
