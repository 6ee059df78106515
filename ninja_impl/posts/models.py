"""The posts table and the indexes its keyset pagination walks."""

from django.db import models

from users.models import User


class Post(models.Model):
    # No index of its own: the (author, created_at, id) index below serves lookups by author.
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="posts", db_index=False)
    title = models.CharField(max_length=200)
    content = models.TextField()
    tags = models.JSONField(default=list)
    version = models.PositiveIntegerField(default=1)  # see Preferences.version
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        db_table = "posts"
        # Newest first, then by id: one index for the whole list, one per author.
        indexes = [
            models.Index(fields=["created_at", "id"], name="posts_created_at_id_idx"),
            models.Index(fields=["author", "created_at", "id"], name="posts_author_created_at_id_idx"),
        ]

    def __str__(self) -> str:
        return self.title
