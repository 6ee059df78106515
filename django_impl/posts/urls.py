"""URLs of the posts resource, mounted under /api/."""

from django.urls import path

from common.views import operations
from posts import views

urlpatterns = [
    path("posts", operations(get=views.PostListApi, post=views.PostCreateApi), name="posts"),
    path(
        "posts/<int:post_id>",
        operations(
            get=views.PostGetApi, put=views.PostReplaceApi, patch=views.PostUpdateApi, delete=views.PostDeleteApi
        ),
        name="post",
    ),
]
