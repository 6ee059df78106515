"""URLs of the posts resource, mounted under /api/."""

from django.urls import path

from posts.views import PostViewSet

urlpatterns = [
    path("posts", PostViewSet.as_view({"get": "list_posts", "post": "create_post"}), name="posts"),
    path("posts/<int:post_id>", PostViewSet.as_view(
        {"get": "get_post", "put": "replace_post", "patch": "update_post", "delete": "delete_post"}), name="post"),
]
