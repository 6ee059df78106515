"""HTTP routes for settings (getSettings, replaceSettings, updateSettings, getSettingsHealth)."""

from typing import Any

from fastapi import APIRouter, Response
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import CurrentUser
from app.conditional import none_match, not_modified
from app.deps import IfMatch, IfNoneMatch, JsonBody, SessionDep
from app.http import JsonRoute
from app.openapi import conditional_read, etag_header, merge_patch, problem_responses
from app.preferences.models import Preferences
from app.preferences.schemas import PreferencesOut, PreferencesPatch, PreferencesReplace
from app.preferences.services import (
    preferences_etag,
    preferences_get,
    preferences_store_check,
    preferences_update,
)
from app.schemas import Status
from app.users.models import User

router = APIRouter(prefix="/api/settings", tags=["settings"], route_class=JsonRoute)
CHANGED = {200: {"headers": etag_header("settings")}, **problem_responses(400, 401, 412, 413, 415, 422)}


@router.get(
    "", response_model=PreferencesOut, summary="Show your settings", responses=conditional_read("settings", 400, 401)
)
async def get_settings(
    user: CurrentUser, session: SessionDep, response: Response, if_none_match: IfNoneMatch = None
) -> Any:
    preferences = await preferences_get(session=session, user=user)
    etag = preferences_etag(preferences)
    if none_match(if_none_match, etag):
        return not_modified(etag)
    response.headers["ETag"] = etag
    return preferences


async def _preferences_update(
    *,
    body: PreferencesReplace | PreferencesPatch,
    user: User,
    session: AsyncSession,
    response: Response,
    if_match: str | None,
) -> Preferences:
    """replaceSettings and updateSettings: every field, or those the merge patch sends."""
    changes = body.model_dump(exclude_unset=True)  # a PreferencesReplace has every field set
    preferences = await preferences_update(session=session, user=user, changes=changes, if_match=if_match)
    response.headers["ETag"] = preferences_etag(preferences)
    return preferences


@router.put(
    "", response_model=PreferencesOut, dependencies=[JsonBody], summary="Replace your settings", responses=CHANGED
)
async def replace_settings(
    body: PreferencesReplace, user: CurrentUser, session: SessionDep, response: Response, if_match: IfMatch = None
) -> Any:
    return await _preferences_update(body=body, user=user, session=session, response=response, if_match=if_match)


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
    return await _preferences_update(body=body, user=user, session=session, response=response, if_match=if_match)


@router.get(
    "/health", response_model=Status, summary="Report whether the settings store answers", responses=problem_responses()
)
async def get_settings_health(session: SessionDep) -> Status:
    await preferences_store_check(session=session)
    return Status(status="ok")
