"""The users router: createUser, getCurrentUser, getUserProfile, deleteUser."""

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from common.openapi import documented
from posts.selectors import post_count
from preferences.services import preferences_create_default
from users.schemas import UserCreatedOut, UserCreateIn, UserOut, UserProfileOut
from users.selectors import user_get
from users.services import user_create, user_delete

router = Router(tags=["users"])


@router.post(
    "",
    auth=None,
    response={201: UserCreatedOut},
    summary="Register a user and issue its bearer token",
    openapi_extra=documented(400, 409, 413, 415, 422, headers={201: ("Location",)}),
)
def create_user(request: HttpRequest, payload: UserCreateIn, response: HttpResponse) -> Status:
    """The token is returned only in this response; the server keeps only a hash of it."""
    # The user and its default preferences: both or neither.
    with transaction.atomic():
        user, token = user_create(username=payload.username, display_name=payload.display_name)
        preferences_create_default(user=user)
    response["Location"] = f"/api/users/profile/{user.id}"
    return Status(201, UserCreatedOut(**UserOut.from_orm(user).dict(), token=token))


@router.get("/me", response=UserOut, summary="Show the authenticated user", openapi_extra=documented(401))
def get_current_user(request: HttpRequest) -> object:
    return request.auth


@router.get(
    "/profile/{int:user_id}",
    auth=None,
    response=UserProfileOut,
    summary="Show a user's public profile",
    openapi_extra=documented(404),
)
def get_user_profile(request: HttpRequest, user_id: int) -> UserProfileOut:
    user = user_get(user_id=user_id)
    return UserProfileOut(**UserOut.from_orm(user).dict(), post_count=post_count(author_id=user.id))


@router.delete(
    "/{int:user_id}",
    response={204: None},
    summary="Delete your own account, with its posts and settings",
    openapi_extra=documented(401, 403, 404),
)
def delete_user(request: HttpRequest, user_id: int) -> Status:
    """The account's token stops working at once."""
    user_delete(actor=request.auth, user_id=user_id)
    return Status(204, None)
