"""Request and response bodies for posts, and the query of listPosts."""

from rest_framework import serializers

from common.serializers import (
    MAX_ID,
    FullMatchValidator,
    QueryIntegerField,
    StrictCharField,
    StrictSerializer,
    TextField,
    reject_duplicates,
)
from posts.pagination import CURSOR_PATTERN


def tags_field(**kwargs: object) -> serializers.ListField:
    tag = StrictCharField(validators=[FullMatchValidator(r"^[a-z0-9-]{1,32}(?!\n)$")])
    return serializers.ListField(child=tag, max_length=10, validators=[reject_duplicates], **kwargs)


class PostCreateSerializer(StrictSerializer):
    title = TextField(max_length=200)
    content = TextField(max_length=10_000)
    tags = tags_field(default=list)


class PostReplaceSerializer(StrictSerializer):
    """PUT takes every field; PATCH (a JSON merge patch) uses it with partial=True."""

    title = TextField(max_length=200)
    content = TextField(max_length=10_000)
    tags = tags_field()


class PostSerializer(serializers.Serializer):
    """A post as every answer shows it. Fields spelled out, not a ModelSerializer: DRF would read
    the model's fields again each time one is made, for every post of every answer."""

    id = serializers.IntegerField()
    author_id = serializers.IntegerField()
    title = serializers.CharField()
    content = serializers.CharField()
    tags = serializers.ListField(child=serializers.CharField())
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class PostPageSerializer(serializers.Serializer):
    items = PostSerializer(many=True)
    next_cursor = serializers.CharField(allow_null=True)


class PostListQuerySerializer(serializers.Serializer):
    """Query strings are text: here "5" is the integer 5. Unknown parameters are ignored."""

    limit = QueryIntegerField(min_value=1, max_value=100, default=20, help_text="Posts per page.")
    cursor = StrictCharField(
        required=False,
        validators=[FullMatchValidator(CURSOR_PATTERN)],
        help_text="The `next_cursor` of the previous page.",
    )
    author_id = QueryIntegerField(min_value=1, max_value=MAX_ID, required=False, help_text="Only posts by this user.")
