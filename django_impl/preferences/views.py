"""Views for settings, an APIView per operation: getSettings, replaceSettings, updateSettings, getSettingsHealth."""

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.conditional import none_match, not_modified
from common.openapi import IF_MATCH, IF_NONE_MATCH, NOT_MODIFIED, etag_header, problem_responses
from common.parsers import JSONParser, MergePatchParser
from common.serializers import StatusSerializer
from preferences.selectors import preferences_get, preferences_store_check
from preferences.serializers import PreferencesReplaceSerializer, PreferencesSerializer
from preferences.services import preferences_etag, preferences_update

WRITE_PROBLEMS = problem_responses(400, 401, 412, 413, 415, 422)


class PreferencesGetApi(APIView):
    """getSettings."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        operation_id="getSettings",
        summary="Show your settings",
        tags=["settings"],
        parameters=[IF_NONE_MATCH, etag_header(200, 304)],
        responses={200: PreferencesSerializer, 304: NOT_MODIFIED, **problem_responses(400, 401)},
    )
    def get(self, request: Request) -> HttpResponse:
        preferences = preferences_get(user=request.user)
        etag = preferences_etag(preferences)
        if none_match(request.headers.get("If-None-Match"), etag):
            return not_modified(etag)
        return Response(PreferencesSerializer(preferences).data, headers={"ETag": etag})


def _preferences_update(request: Request, *, partial: bool) -> Response:
    """replaceSettings and updateSettings: all fields, or some (a JSON merge patch)."""
    body = PreferencesReplaceSerializer(data=request.data, partial=partial)
    body.is_valid(raise_exception=True)
    preferences = preferences_update(
        user=request.user, changes=body.validated_data, if_match=request.headers.get("If-Match")
    )
    return Response(PreferencesSerializer(preferences).data, headers={"ETag": preferences_etag(preferences)})


class PreferencesReplaceApi(APIView):
    """replaceSettings."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        operation_id="replaceSettings",
        summary="Replace your settings",
        tags=["settings"],
        request=PreferencesReplaceSerializer,
        parameters=[IF_MATCH, etag_header(200)],
        responses={200: PreferencesSerializer, **WRITE_PROBLEMS},
    )
    def put(self, request: Request) -> Response:
        return _preferences_update(request, partial=False)


class PreferencesUpdateApi(APIView):
    """updateSettings."""

    permission_classes = (IsAuthenticated,)
    parser_classes = (JSONParser, MergePatchParser)

    @extend_schema(
        operation_id="updateSettings",
        summary="Change some of your settings (JSON merge patch)",
        tags=["settings"],
        request=PreferencesReplaceSerializer,
        parameters=[IF_MATCH, etag_header(200)],
        responses={200: PreferencesSerializer, **WRITE_PROBLEMS},
    )
    def patch(self, request: Request) -> Response:
        return _preferences_update(request, partial=True)


class PreferencesHealthApi(APIView):
    """getSettingsHealth."""

    authentication_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(
        operation_id="getSettingsHealth",
        summary="Report whether the settings store answers",
        tags=["settings", "health"],
        responses={200: StatusSerializer, **problem_responses()},
    )
    def get(self, request: Request) -> Response:
        preferences_store_check()
        return Response(StatusSerializer({"status": "ok"}).data)
