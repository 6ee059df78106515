"""Bearer-token authentication: the CurrentUser dependency."""

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.db import Database
from app.users.models import User
from app.users.services import user_get_by_token

CHALLENGE = {"WWW-Authenticate": "Bearer"}
# auto_error=False: a missing token is our 401 problem, not FastAPI's own 403.
bearer = HTTPBearer(scheme_name="bearerAuth", auto_error=False, description="The token returned once by createUser.")


async def current_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User:
    if credentials is None:
        raise HTTPException(401, "Send the token from createUser as 'Authorization: Bearer <token>'.", CHALLENGE)
    # The token lookup is its own read, over before a write transaction begins: a write holds
    # SQLite's lock (or PostgreSQL's row locks) only for its own statements.
    database: Database = request.app.state.database
    async with database.session(write=False) as session:
        user = await user_get_by_token(session=session, token=credentials.credentials)
    if user is None:
        raise HTTPException(401, "The bearer token is not valid, or its user was deleted.", CHALLENGE)
    return user


CurrentUser = Annotated[User, Depends(current_user)]
