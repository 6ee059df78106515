"""Bearer-token authentication with Flask-HTTPAuth: the login_required decorator and current_user.

It points one way: auth uses users' token lookup; users' models and services do not import auth.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Response, request
from flask_httpauth import HTTPTokenAuth
from flask_smorest import Blueprint

from app.db import read_apart
from app.errors import problem
from app.openapi import BEARER
from app.users.models import User
from app.users.services import user_get_by_token

F = TypeVar("F", bound=Callable[..., Any])

# Flask-HTTPAuth reads "Authorization: Bearer <token>" (scheme in any case) and adds
# WWW-Authenticate: Bearer realm="api" to the 401.
auth = HTTPTokenAuth(scheme="Bearer", realm="api")


@auth.verify_token
def verify_token(token: str) -> User | None:
    if not token:
        return None
    # A read of its own, before (not inside) a write's transaction: SQLite's write lock is not held
    # while the token is looked up.
    with read_apart():
        return user_get_by_token(token=token)


@auth.error_handler
def unauthorized(status: int) -> Response:
    if request.authorization is None:
        return problem(401, "Send the token from createUser as 'Authorization: Bearer <token>'.")
    return problem(401, "The bearer token is not valid, or its user was deleted.")


def login_required(view: F) -> F:
    """Answer 401 unless the request carries a valid token; document the bearerAuth security."""
    return Blueprint.doc(security=BEARER)(auth.login_required(view))  # type: ignore[no-any-return]


def current_user() -> User:
    user: User = auth.current_user()
    return user
