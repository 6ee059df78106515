"""HTTP routes for the settings resource (getSettings, replaceSettings, updateSettings, getSettingsHealth)."""

from typing import Any

from flask import request
from flask.views import MethodView

from app.auth import current_user, login_required
from app.conditional import none_match, not_modified
from app.http import Blueprint
from app.openapi import ETAG, merge_patch, problem_responses
from app.preferences.schemas import PreferencesPatchSchema, PreferencesReplaceSchema, PreferencesSchema
from app.preferences.services import (
    preferences_etag,
    preferences_get,
    preferences_store_check,
    preferences_update,
)
from app.schemas import StatusSchema

# Named "settings" as the contract's tag for these operations.
blp = Blueprint("settings", __name__, url_prefix="/api/settings", description="The authenticated user's preferences.")


def _preferences_update(changes: dict[str, Any]) -> Any:
    """replaceSettings and updateSettings: every field, or some (a JSON merge patch)."""
    preferences = preferences_update(user=current_user(), changes=changes, if_match=request.headers.get("If-Match"))
    return preferences, {"ETag": preferences_etag(preferences)}


@blp.route("")
class Preferences(MethodView):
    @blp.doc(operationId="getSettings", parameters=["IfNoneMatch"])
    @login_required
    @blp.response(200, PreferencesSchema, headers=ETAG)
    @blp.alt_response(304, description="Not Modified", headers=ETAG)
    @problem_responses(400, 401)
    def get(self) -> Any:
        """Show your settings"""
        preferences = preferences_get(user=current_user())
        etag = preferences_etag(preferences)
        if none_match(request.headers.get("If-None-Match"), etag):
            return not_modified(etag)
        return preferences, {"ETag": etag}

    @blp.doc(operationId="replaceSettings", parameters=["IfMatch"])
    @login_required
    @blp.arguments(PreferencesReplaceSchema)
    @blp.response(200, PreferencesSchema, headers=ETAG)
    @problem_responses(400, 401, 412, 413, 415, 422)
    def put(self, changes: dict[str, Any]) -> Any:
        """Replace your settings"""
        return _preferences_update(changes)

    @blp.doc(operationId="updateSettings", parameters=["IfMatch"], **merge_patch(PreferencesPatchSchema))
    @login_required
    @blp.arguments(PreferencesPatchSchema)
    @blp.response(200, PreferencesSchema, headers=ETAG)
    @problem_responses(400, 401, 412, 413, 415, 422)
    def patch(self, changes: dict[str, Any]) -> Any:
        """Change some of your settings (JSON merge patch)"""
        return _preferences_update(changes)


@blp.route("/health")
class PreferencesHealth(MethodView):
    @blp.doc(operationId="getSettingsHealth", tags=["settings", "health"])
    @blp.response(200, StatusSchema)
    @problem_responses()
    def get(self) -> Any:
        """Report whether the settings store answers"""
        preferences_store_check()
        return {"status": "ok"}
