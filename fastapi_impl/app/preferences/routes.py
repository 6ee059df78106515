"""HTTP routes for settings (getSettings, replaceSettings, updateSettings, getSettingsHealth)."""

from typing import Any

from fastapi import APIRouter, Response

from app.auth import CurrentUser
from app.conditional import none_match
from app.deps import IfMatch, IfNoneMatch, JsonBody, SessionDep
from app.errors import problem_responses
from app.http import JsonRoute
from app.preferences.schemas import PreferencesOut, PreferencesPatch, PreferencesReplace
from app.preferences.services import (
    preferences_etag,
    preferences_get,
    preferences_store_check,
    preferences_update,
)
from app.schemas import Status

router = APIRouter(prefix="/api/settings", tags=["settings"], route_class=JsonRoute)
ETAG = {"ETag": {"description": "Strong entity tag of the settings.", "schema": {"type": "string"}}}
MERGE_PATCH = {"requestBody": {"content": {"application/merge-patch+json": {
    "schema": {"$ref": "#/components/schemas/PreferencesPatch"}}}}}


@router.get("", response_model=PreferencesOut,
            responses={200: {"headers": ETAG}, 304: {"description": "Not Modified", "headers": ETAG},
                       **problem_responses(401)})
async def get_settings(user: CurrentUser, session: SessionDep, response: Response,
                       if_none_match: IfNoneMatch = None) -> Any:
    """Show your settings."""
    preferences = await preferences_get(session=session, user=user)
    etag = preferences_etag(preferences)
    if none_match(if_none_match, etag):
        return Response(status_code=304, headers={"ETag": etag})
    response.headers["ETag"] = etag
    return preferences


@router.put("", response_model=PreferencesOut, dependencies=[JsonBody],
            responses={200: {"headers": ETAG}, **problem_responses(400, 401, 412, 413, 415, 422)})
async def replace_settings(body: PreferencesReplace, user: CurrentUser, session: SessionDep,
                           response: Response, if_match: IfMatch = None) -> Any:
    """Replace your settings."""
    preferences = await preferences_update(session=session, user=user, changes=body.model_dump(), if_match=if_match)
    response.headers["ETag"] = preferences_etag(preferences)
    return preferences


@router.patch("", response_model=PreferencesOut, dependencies=[JsonBody], openapi_extra=MERGE_PATCH,
              responses={200: {"headers": ETAG}, **problem_responses(400, 401, 412, 413, 415, 422)})
async def update_settings(body: PreferencesPatch, user: CurrentUser, session: SessionDep,
                          response: Response, if_match: IfMatch = None) -> Any:
    """Change some of your settings (JSON merge patch)."""
    changes = body.model_dump(exclude_unset=True)
    preferences = await preferences_update(session=session, user=user, changes=changes, if_match=if_match)
    response.headers["ETag"] = preferences_etag(preferences)
    return preferences


@router.get("/health", response_model=Status, responses=problem_responses())
async def get_settings_health(session: SessionDep) -> Status:
    """Report whether the settings store answers."""
    await preferences_store_check(session=session)
    return Status(status="ok")
