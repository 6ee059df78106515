"""HTTP handlers for users (createUser, getCurrentUser, getUserProfile, deleteUser)."""

from typing import Annotated

from litestar import Controller, Response, delete, post, route
from litestar.params import JSONBody, PathParameter

from app.auth import CurrentUser
from app.db import Session
from app.http import GET_HEAD
from app.openapi import BEARER, LOCATION, problem_responses
from app.posts.services import post_count
from app.preferences.services import preferences_create_default
from app.schemas import MAX_ID
from app.users.schemas import UserCreate, UserCreatedOut, UserOut, UserProfileOut
from app.users.services import user_create, user_delete, user_get

UserId = Annotated[int, PathParameter(ge=1, le=MAX_ID)]


class UserController(Controller):
    path = "/api/users"
    tags = ["users"]

    @post(
        exclude_from_auth=True,
        summary="Register a user and issue its bearer token",
        response_headers=[LOCATION],
        responses=problem_responses(400, 409, 413, 415, 422),
    )
    async def create_user(self, data: JSONBody[UserCreate], session: Session) -> Response[UserCreatedOut]:
        """The token is returned only in this response; the server keeps only a hash of it."""
        # One transaction: the user and its default settings, or neither.
        user, token = await user_create(session=session, username=data.username, display_name=data.display_name)
        preferences_create_default(session=session, user=user)
        await session.commit()
        created = UserCreatedOut.from_user(user, token=token)
        return Response(created, status_code=201, headers={"Location": f"/api/users/profile/{user.id}"})

    @route(
        "/me",
        http_method=GET_HEAD,
        summary="Show the authenticated user",
        security=BEARER,
        responses=problem_responses(401),
    )
    async def get_current_user(self, user: CurrentUser) -> UserOut:
        return UserOut.from_user(user)

    @route(
        "/profile/{user_id:int}",
        http_method=GET_HEAD,
        exclude_from_auth=True,
        summary="Show a user's public profile",
        responses=problem_responses(404),
    )
    async def get_user_profile(self, user_id: UserId, session: Session) -> UserProfileOut:
        profile = await user_get(session=session, user_id=user_id)
        count = await post_count(session=session, author_id=user_id)
        return UserProfileOut.from_user(profile, post_count=count)

    @delete(
        "/{user_id:int}",
        summary="Delete your own account, with its posts and settings",
        security=BEARER,
        responses=problem_responses(401, 403, 404),
    )
    async def delete_user(self, user_id: UserId, user: CurrentUser, session: Session) -> None:
        """The account's token stops working at once."""
        await user_delete(session=session, actor=user, user_id=user_id)
