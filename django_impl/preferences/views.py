"""HTTP views for settings (getSettings, replaceSettings, updateSettings, getSettingsHealth)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from common.conditional import none_match
from common.schema import IF_MATCH, IF_NONE_MATCH, NOT_MODIFIED, etag_header, problems
from common.views import ApiViewSet
from preferences.selectors import preferences_get, preferences_store_check
from preferences.serializers import SettingsReplaceSerializer, SettingsSerializer
from preferences.services import preferences_etag, preferences_update

WRITE_PROBLEMS = problems(400, 401, 412, 413, 415, 422)


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["ok"])


class SettingsViewSet(ApiViewSet):
    public_actions = frozenset({"get_settings_health"})

    @extend_schema(operation_id="getSettings", summary="Show your settings", tags=["settings"],
                   parameters=[IF_NONE_MATCH, etag_header(200, 304)],
                   responses={200: SettingsSerializer, 304: NOT_MODIFIED, **problems(401)})
    def get_settings(self, request: Request) -> Response:
        preferences = preferences_get(user=request.user)
        etag = preferences_etag(preferences)
        if none_match(request.headers.get("If-None-Match"), etag):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        return Response(SettingsSerializer(preferences).data, headers={"ETag": etag})

    @extend_schema(operation_id="replaceSettings", summary="Replace your settings", tags=["settings"],
                   request=SettingsReplaceSerializer, parameters=[IF_MATCH, etag_header(200)],
                   responses={200: SettingsSerializer, **WRITE_PROBLEMS})
    def replace_settings(self, request: Request) -> Response:
        return self._update(request, partial=False)

    @extend_schema(operation_id="updateSettings", summary="Change some of your settings (JSON merge patch)",
                   tags=["settings"], request=SettingsReplaceSerializer, parameters=[IF_MATCH, etag_header(200)],
                   responses={200: SettingsSerializer, **WRITE_PROBLEMS})
    def update_settings(self, request: Request) -> Response:
        return self._update(request, partial=True)

    def _update(self, request: Request, *, partial: bool) -> Response:
        body = SettingsReplaceSerializer(data=request.data, partial=partial)
        body.is_valid(raise_exception=True)
        preferences = preferences_update(user=request.user, changes=body.validated_data,
                                         if_match=request.headers.get("If-Match"))
        return Response(SettingsSerializer(preferences).data, headers={"ETag": preferences_etag(preferences)})

    @extend_schema(operation_id="getSettingsHealth", summary="Report whether the settings store answers",
                   tags=["settings", "health"], responses={200: StatusSerializer, **problems()})
    def get_settings_health(self, request: Request) -> Response:
        preferences_store_check()
        return Response(StatusSerializer({"status": "ok"}).data)
