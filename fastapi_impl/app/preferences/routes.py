"""HTTP routes for settings (getSettings, replaceSettings, updateSettings, getSettingsHealth)."""

from typing import Any

from fastapi import APIRouter, Response

from app.auth import CurrentUser
from app.conditional import none_match
from app.deps import IfMatch, IfNoneMatch, JsonBody, SessionDep
from app.http import JsonRoute
from app.openapi import conditional_read, etag_header, merge_patch, problem_responses
from app.preferences.schemas import PreferencesOut, PreferencesPatch, PreferencesReplace
from app.preferences.services import (
    preferences_etag,
    preferences_get,
    preferences_store_check,
    preferences_update,
)
from app.schemas import Status

router = APIRouter(prefix="/api/settings", tags=["settings"], route_class=JsonRoute)
CHANGED = {200: {"headers": etag_header("settings")}, **problem_responses(400, 401, 412, 413, 415, 422)}


@router.get(
    "", response_model=PreferencesOut, summary="Show your settings", responses=conditional_read("settings", 401)
)
async def get_settings(
    user: CurrentUser, session: SessionDep, response: Response, if_none_match: IfNoneMatch = None
) -> Any:
    preferences = await preferences_get(session=session, user=user)
    etag = preferences_etag(preferences)
    if none_match(if_none_match, etag):
        return Response(status_code=304, headers={"ETag": etag})
    response.headers["ETag"] = etag
    return preferences


@router.put(
    "", response_model=PreferencesOut, dependencies=[JsonBody], summary="Replace your settings", responses=CHANGED
)
async def replace_settings(
    body: PreferencesReplace, user: CurrentUser, session: SessionDep, response: Response, if_match: IfMatch = None
) -> Any:
    preferences = await preferences_update(session=session, user=user, changes=body.model_dump(), if_match=if_match)
    response.headers["ETag"] = preferences_etag(preferences)
    return preferences


@router.patch(
    "",
    response_model=PreferencesOut,
    dependencies=[JsonBody],
    openapi_extra=merge_patch("PreferencesPatch"),
    summary="Change some of your settings (JSON merge patch)",
    responses=CHANGED,
)
async def update_settings(
    body: PreferencesPatch, user: CurrentUser, session: SessionDep, response: Response, if_match: IfMatch = None
) -> Any:
    changes = body.model_dump(exclude_unset=True)
    preferences = await preferences_update(session=session, user=user, changes=changes, if_match=if_match)
    response.headers["ETag"] = preferences_etag(preferences)
    return preferences


@router.get(
    "/health", response_model=Status, summary="Report whether the settings store answers", responses=problem_responses()
)
async def get_settings_health(session: SessionDep) -> Status:
    await preferences_store_check(session=session)
    return Status(status="ok")
