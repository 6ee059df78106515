"""HTTP routes for users (createUser, getCurrentUser, getUserProfile, deleteUser).

The handlers compose the services of several resources (a user's preferences, its post count);
the services themselves stay within their resource.
"""

from typing import Any

from flask.views import MethodView

from app.auth import current_user, login_required
from app.db import db
from app.http import Blueprint, no_content
from app.openapi import problem_responses
from app.posts.services import post_count
from app.preferences.services import preferences_create_default
from app.users.models import User
from app.users.schemas import UserCreatedSchema, UserCreateSchema, UserProfileSchema, UserSchema
from app.users.services import user_create, user_delete, user_get

blp = Blueprint("users", __name__, url_prefix="/api/users", description="Accounts and their bearer tokens.")


USER_FIELDS = tuple(UserSchema().fields)


def _user_with(user: User, **extra: object) -> dict[str, object]:
    """The user's members (those UserSchema dumps) and the ones a representation adds to them."""
    return {name: getattr(user, name) for name in USER_FIELDS} | extra


@blp.route("")
class Users(MethodView):
    @blp.doc(operationId="createUser")
    @blp.arguments(UserCreateSchema)
    @blp.response(201, UserCreatedSchema, headers={"Location": "Location"})
    @problem_responses(400, 409, 413, 415, 422)
    def post(self, body: dict[str, Any]) -> Any:
        """Register a user and issue its bearer token

        The token is returned only in this response; the server keeps only a hash of it.
        """
        # One transaction: a user never exists without its preferences.
        user, token = user_create(username=body["username"], display_name=body["display_name"])
        preferences_create_default(user=user)
        db.session.commit()
        return _user_with(user, token=token), {"Location": f"/api/users/profile/{user.id}"}


@blp.route("/me")
class UserMe(MethodView):
    @blp.doc(operationId="getCurrentUser")
    @login_required
    @blp.response(200, UserSchema)
    @problem_responses(401)
    def get(self) -> Any:
        """Show the authenticated user"""
        return current_user()


@blp.route("/profile/<id:user_id>")
class UserProfile(MethodView):
    @blp.doc(operationId="getUserProfile")
    @blp.response(200, UserProfileSchema)
    @problem_responses(404)
    def get(self, user_id: int) -> Any:
        """Show a user's public profile"""
        user = user_get(user_id=user_id)
        return _user_with(user, post_count=post_count(author_id=user.id))


@blp.route("/<id:user_id>")
class UserById(MethodView):
    @blp.doc(operationId="deleteUser")
    @login_required
    @blp.response(204)
    @problem_responses(401, 403, 404)
    def delete(self, user_id: int) -> Any:
        """Delete your own account, with its posts and settings

        The account's token stops working at once.
        """
        user_delete(actor=current_user(), user_id=user_id)
        return no_content()
