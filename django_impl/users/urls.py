"""URLs of the users resource, mounted under /api/."""

from django.urls import path

from users.views import UserViewSet

urlpatterns = [
    path("users", UserViewSet.as_view({"post": "create_user"}), name="users"),
    path("users/me", UserViewSet.as_view({"get": "get_current_user"}), name="current-user"),
    path("users/profile/<int:user_id>", UserViewSet.as_view({"get": "get_user_profile"}), name="user-profile"),
    path("users/<int:user_id>", UserViewSet.as_view({"delete": "delete_user"}), name="user"),
]
