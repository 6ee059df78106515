"""HTTP handlers for settings (getSettings, replaceSettings, updateSettings, getSettingsHealth)."""

from typing import Annotated, Any

import msgspec
from litestar import Controller, Response, patch, put, route
from litestar.params import HeaderParameter, JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import CurrentUser
from app.conditional import none_match, not_modified
from app.db import Session
from app.http import GET_HEAD
from app.openapi import BEARER, NOT_MODIFIED, etag_header, problem_responses
from app.preferences.models import Preferences
from app.preferences.schemas import PreferencesOut, PreferencesPatch, PreferencesReplace
from app.preferences.services import preferences_etag, preferences_get, preferences_store_check, preferences_update
from app.schemas import Status
from app.users.models import User

IfMatch = Annotated[
    str | None,
    HeaderParameter(name="If-Match", description="Apply the change only if the settings still have this ETag (or *)"),
]
IfNoneMatch = Annotated[
    str | None,
    HeaderParameter(name="If-None-Match", description="Answer 304 if the settings still have this ETag (or *)"),
]
CHANGED: dict[str, Any] = {
    "security": BEARER,
    "response_headers": [etag_header("settings")],
    "responses": problem_responses(400, 401, 412, 413, 415, 422),
}


class PreferencesController(Controller):
    path = "/api/settings"
    tags = ["settings"]

    @route(
        http_method=GET_HEAD,
        summary="Show your settings",
        security=BEARER,
        response_headers=[etag_header("settings")],
        responses={**NOT_MODIFIED, **problem_responses(400, 401)},
    )
    async def get_settings(
        self, user: CurrentUser, session: Session, if_none_match: IfNoneMatch = None
    ) -> Response[PreferencesOut]:
        preferences = await preferences_get(session=session, user=user)
        etag = preferences_etag(preferences)
        if none_match(if_none_match, etag):
            return not_modified(etag)  # type: ignore[return-value]
        return _answer(preferences)

    @put(summary="Replace your settings", **CHANGED)
    async def replace_settings(
        self, data: JSONBody[PreferencesReplace], user: CurrentUser, session: Session, if_match: IfMatch = None
    ) -> Response[PreferencesOut]:
        return await _preferences_update(session, user, msgspec.structs.asdict(data), if_match)

    @patch(summary="Change some of your settings (JSON merge patch)", **CHANGED)
    async def update_settings(
        self, data: JSONBody[PreferencesPatch], user: CurrentUser, session: Session, if_match: IfMatch = None
    ) -> Response[PreferencesOut]:
        return await _preferences_update(session, user, data.changes(), if_match)

    @route(
        "/health",
        http_method=GET_HEAD,
        exclude_from_auth=True,
        tags=["health"],
        summary="Report whether the settings store answers",
        responses=problem_responses(),
    )
    async def get_settings_health(self, session: Session) -> Status:
        await preferences_store_check(session=session)
        return Status(status="ok")


async def _preferences_update(
    session: AsyncSession, user: User, changes: dict[str, Any], if_match: str | None
) -> Response[PreferencesOut]:
    preferences = await preferences_update(session=session, user=user, changes=changes, if_match=if_match)
    return _answer(preferences)


def _answer(preferences: Preferences) -> Response[PreferencesOut]:
    out = msgspec.convert(preferences, PreferencesOut, from_attributes=True)
    return Response(out, headers={"ETag": preferences_etag(preferences)})
