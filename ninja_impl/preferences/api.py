"""The settings router: getSettings, replaceSettings, updateSettings, getSettingsHealth."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router

from common.conditional import IF_MATCH, IF_NONE_MATCH, none_match, not_modified
from common.openapi import documented
from common.schemas import StatusOut
from preferences.models import Preferences
from preferences.schemas import PreferencesOut, PreferencesPatchIn, PreferencesReplaceIn
from preferences.selectors import preferences_get, preferences_store_check
from preferences.services import preferences_etag, preferences_update

router = Router(tags=["settings"])
ETAG = ("ETag",)


@router.get(
    "",
    response={200: PreferencesOut, 304: None},
    summary="Show your settings",
    openapi_extra=documented(400, 401, headers={200: ETAG, 304: ETAG}),
)
def get_settings(request: HttpRequest, response: HttpResponse, if_none_match: str | None = IF_NONE_MATCH) -> object:
    preferences = preferences_get(user=request.auth)
    etag = preferences_etag(preferences)
    if none_match(if_none_match, etag):
        return not_modified(etag)
    response["ETag"] = etag
    return preferences


def _preferences_update(
    request: HttpRequest, response: HttpResponse, changes: dict[str, Any], if_match: str | None
) -> Preferences:
    """replaceSettings and updateSettings: all fields, or those a JSON merge patch names."""
    preferences = preferences_update(user=request.auth, changes=changes, if_match=if_match)
    response["ETag"] = preferences_etag(preferences)
    return preferences


@router.put(
    "",
    response=PreferencesOut,
    summary="Replace your settings",
    openapi_extra=documented(400, 401, 412, 413, 415, 422, headers={200: ETAG}),
)
def replace_settings(
    request: HttpRequest, payload: PreferencesReplaceIn, response: HttpResponse, if_match: str | None = IF_MATCH
) -> object:
    return _preferences_update(request, response, payload.dict(), if_match)


@router.patch(
    "",
    response=PreferencesOut,
    summary="Change some of your settings (JSON merge patch)",
    openapi_extra=documented(
        400, 401, 412, 413, 415, 422, headers={200: ETAG}, merge_patch=PreferencesPatchIn.__name__
    ),
)
def update_settings(
    request: HttpRequest, payload: PreferencesPatchIn, response: HttpResponse, if_match: str | None = IF_MATCH
) -> object:
    return _preferences_update(request, response, payload.dict(exclude_unset=True), if_match)


@router.get(
    "/health",
    auth=None,
    response=StatusOut,
    tags=["settings", "health"],
    summary="Report whether the settings store answers",
    openapi_extra=documented(),
)
def get_settings_health(request: HttpRequest) -> dict[str, str]:
    preferences_store_check()
    return {"status": "ok"}
