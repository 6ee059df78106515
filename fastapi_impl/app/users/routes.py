"""HTTP routes for users (createUser, getCurrentUser, getUserProfile, deleteUser)."""

from fastapi import APIRouter, Response

from app.auth import CurrentUser
from app.deps import Id, JsonBody, SessionDep
from app.http import JsonRoute
from app.openapi import LOCATION, problem_responses
from app.posts.services import post_count
from app.preferences.services import preferences_create_default
from app.users.schemas import UserCreate, UserCreatedOut, UserOut, UserProfileOut
from app.users.services import user_create, user_delete, user_get

router = APIRouter(prefix="/api/users", tags=["users"], route_class=JsonRoute)


@router.post(
    "",
    status_code=201,
    response_model=UserCreatedOut,
    dependencies=[JsonBody],
    summary="Register a user and issue its bearer token",
    responses={201: {"headers": LOCATION}, **problem_responses(400, 409, 413, 415, 422)},
)
async def create_user(body: UserCreate, session: SessionDep, response: Response) -> UserCreatedOut:
    """The token is returned only in this response; the server keeps only a hash of it."""
    # One transaction: the user and its default settings, or neither.
    user, token = await user_create(session=session, username=body.username, display_name=body.display_name)
    preferences_create_default(session=session, user=user)
    await session.commit()
    response.headers["Location"] = f"/api/users/profile/{user.id}"
    return UserCreatedOut(**UserOut.model_validate(user).model_dump(), token=token)


@router.get("/me", response_model=UserOut, summary="Show the authenticated user", responses=problem_responses(401))
async def get_current_user(user: CurrentUser) -> UserOut:
    return UserOut.model_validate(user)


@router.get(
    "/profile/{user_id:int}",
    response_model=UserProfileOut,
    summary="Show a user's public profile",
    responses=problem_responses(404),
)
async def get_user_profile(user_id: Id, session: SessionDep) -> UserProfileOut:
    user = await user_get(session=session, user_id=user_id)
    count = await post_count(session=session, author_id=user_id)
    return UserProfileOut(**UserOut.model_validate(user).model_dump(), post_count=count)


@router.delete(
    "/{user_id:int}",
    status_code=204,
    summary="Delete your own account, with its posts and settings",
    responses=problem_responses(401, 403, 404),
)
async def delete_user(user_id: Id, user: CurrentUser, session: SessionDep) -> None:
    """The account's token stops working at once."""
    await user_delete(session=session, actor=user, user_id=user_id)
