"""Bearer-token authentication: Litestar's authentication middleware, and the current user as a dependency."""

from asyncio import Semaphore
from typing import Any

from advanced_alchemy.extensions.litestar import SQLAlchemyAsyncConfig
from litestar import Request
from litestar.connection import ASGIConnection
from litestar.di import NamedDependency
from litestar.exceptions import NotAuthorizedException
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.types import ASGIApp

from app.db import read_session
from app.users.models import User
from app.users.services import user_get_by_token

CHALLENGE = {"WWW-Authenticate": "Bearer"}


class BearerTokenMiddleware(AbstractAuthenticationMiddleware):
    """`Authorization: Bearer <token>` names the user; handlers opt out with `exclude_from_auth=True`.

    Public operations never read the header, whatever it holds. HEAD is authenticated like GET
    (Litestar skips HEAD and OPTIONS by default; only OPTIONS is skipped here).
    """

    def __init__(self, app: ASGIApp, alchemy: SQLAlchemyAsyncConfig, admission: Semaphore) -> None:
        super().__init__(app, exclude_http_methods=["OPTIONS"])
        self.alchemy = alchemy
        self.admission = admission

    async def authenticate_request(self, connection: ASGIConnection[Any, Any, Any, Any]) -> AuthenticationResult:
        scheme, _, token = connection.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise NotAuthorizedException(
                "Send the token from createUser as 'Authorization: Bearer <token>'.", headers=CHALLENGE
            )
        # The token lookup is its own read, over before a write's transaction begins: a write holds
        # SQLite's lock (or PostgreSQL's row locks) only for its own statements.
        async with read_session(self.alchemy, self.admission) as session:
            user = await user_get_by_token(session=session, token=token)
        if user is None:
            raise NotAuthorizedException("The bearer token is not valid, or its user was deleted.", headers=CHALLENGE)
        return AuthenticationResult(user=user, auth=token)


def provide_user(request: Request[User, str, Any]) -> User:
    """The authenticated user, for handlers that declare `user: CurrentUser`."""
    return request.user


CurrentUser = NamedDependency[User]  # provided as "user" (app/main.py)
