"""HTTP views for users (createUser, getCurrentUser, getUserProfile, deleteUser)."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from common.schema import LOCATION, problems
from common.views import ApiViewSet
from users.selectors import user_get_profile
from users.serializers import UserCreatedSerializer, UserCreateSerializer, UserProfileSerializer, UserSerializer
from users.services import user_create, user_delete


class UserViewSet(ApiViewSet):
    public_actions = frozenset({"create_user", "get_user_profile"})

    @extend_schema(operation_id="createUser", summary="Register a user and issue its bearer token",
                   tags=["users"], request=UserCreateSerializer, parameters=[LOCATION],
                   responses={201: UserCreatedSerializer, **problems(400, 409, 413, 415, 422)})
    def create_user(self, request: Request) -> Response:
        body = UserCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user, token = user_create(**body.validated_data)
        return Response(UserCreatedSerializer(user, context={"token": token}).data, status=status.HTTP_201_CREATED,
                        headers={"Location": f"/api/users/profile/{user.id}"})

    @extend_schema(operation_id="getCurrentUser", summary="Show the authenticated user",
                   tags=["users"], responses={200: UserSerializer, **problems(401)})
    def get_current_user(self, request: Request) -> Response:
        return Response(UserSerializer(request.user).data)

    @extend_schema(operation_id="getUserProfile", summary="Show a user's public profile",
                   tags=["users"], responses={200: UserProfileSerializer, **problems(404)})
    def get_user_profile(self, request: Request, user_id: int) -> Response:
        return Response(UserProfileSerializer(user_get_profile(user_id=user_id)).data)

    @extend_schema(operation_id="deleteUser", summary="Delete your own account, with its posts and settings",
                   tags=["users"], responses={204: None, **problems(401, 403, 404)})
    def delete_user(self, request: Request, user_id: int) -> Response:
        user_delete(actor=request.user, user_id=user_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
