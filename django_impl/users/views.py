"""HTTP views for users: one APIView per operation (createUser, getCurrentUser, getUserProfile, deleteUser)."""

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.openapi import LOCATION, problem_responses
from posts.selectors import post_count
from preferences.services import preferences_create_default
from users.selectors import user_get
from users.serializers import UserCreatedSerializer, UserCreateSerializer, UserProfileSerializer, UserSerializer
from users.services import user_create, user_delete


class UserCreateApi(APIView):
    """createUser: the user and its default preferences, in one transaction."""

    authentication_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(
        operation_id="createUser",
        summary="Register a user and issue its bearer token",
        description="The token is returned only in this response; the server keeps only a hash of it.",
        tags=["users"],
        request=UserCreateSerializer,
        parameters=[LOCATION],
        responses={201: UserCreatedSerializer, **problem_responses(400, 409, 413, 415, 422)},
    )
    def post(self, request: Request) -> Response:
        body = UserCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with transaction.atomic():
            user, token = user_create(**body.validated_data)
            preferences_create_default(user=user)
        return Response(
            UserCreatedSerializer(user, context={"token": token}).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": f"/api/users/profile/{user.id}"},
        )


class UserMeApi(APIView):
    """getCurrentUser."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        operation_id="getCurrentUser",
        summary="Show the authenticated user",
        tags=["users"],
        responses={200: UserSerializer, **problem_responses(401)},
    )
    def get(self, request: Request) -> Response:
        return Response(UserSerializer(request.user).data)


class UserProfileApi(APIView):
    """getUserProfile: the user, and its post count from the posts resource."""

    authentication_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(
        operation_id="getUserProfile",
        summary="Show a user's public profile",
        tags=["users"],
        responses={200: UserProfileSerializer, **problem_responses(404)},
    )
    def get(self, request: Request, user_id: int) -> Response:
        user = user_get(user_id=user_id)
        context = {"post_count": post_count(author_id=user.id)}
        return Response(UserProfileSerializer(user, context=context).data)


class UserDeleteApi(APIView):
    """deleteUser."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        operation_id="deleteUser",
        summary="Delete your own account, with its posts and settings",
        description="The account's token stops working at once.",
        tags=["users"],
        responses={204: None, **problem_responses(401, 403, 404)},
    )
    def delete(self, request: Request, user_id: int) -> Response:
        user_delete(actor=request.user, user_id=user_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
