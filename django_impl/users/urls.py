"""URLs of the users resource, mounted under /api/."""

from django.urls import path

from users import views

urlpatterns = [
    path("users", views.UserCreateApi.as_view(), name="users"),
    path("users/me", views.UserMeApi.as_view(), name="current-user"),
    path("users/profile/<int:user_id>", views.UserProfileApi.as_view(), name="user-profile"),
    path("users/<int:user_id>", views.UserDeleteApi.as_view(), name="user"),
]
