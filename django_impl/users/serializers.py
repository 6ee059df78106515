"""Request and response bodies for users."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.serializers import FullMatchValidator, StrictCharField, StrictSerializer, TextField
from users.models import User


class UserCreateSerializer(StrictSerializer):
    username = StrictCharField(validators=[FullMatchValidator(r"^[a-z0-9_]{3,32}(?!\n)$")])
    display_name = TextField(max_length=100)


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "display_name", "created_at"]


class UserCreatedSerializer(UserSerializer):
    token = serializers.SerializerMethodField(help_text="Bearer token; shown only here.")

    class Meta(UserSerializer.Meta):
        fields = [*UserSerializer.Meta.fields, "token"]

    @extend_schema_field(serializers.CharField())
    def get_token(self, user: User) -> str:
        return self.context["token"]


class UserProfileSerializer(UserSerializer):
    post_count = serializers.SerializerMethodField(help_text="How many posts the user has written.")

    class Meta(UserSerializer.Meta):
        fields = [*UserSerializer.Meta.fields, "post_count"]

    @extend_schema_field(serializers.IntegerField())
    def get_post_count(self, user: User) -> int:
        return self.context["post_count"]
