"""The OpenAPI document (drf-spectacular): problem responses, headers and the bearer scheme."""

from http import HTTPStatus
from typing import Any

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers


class FieldErrorSerializer(serializers.Serializer):
    pointer = serializers.CharField(required=False, help_text="JSON Pointer (RFC 6901) into the request body.")
    parameter = serializers.CharField(required=False, help_text="Name of the query parameter.")
    message = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    errors = FieldErrorSerializer(many=True, required=False)


def problems(*statuses: int) -> dict[Any, OpenApiResponse]:
    """Responses for the problems an operation can answer (plus 500 and 503, always)."""
    return {
        (status, "application/problem+json"): OpenApiResponse(ProblemSerializer, description=HTTPStatus(status).phrase)
        for status in (*statuses, 500, 503)
    }


NOT_MODIFIED = OpenApiResponse(description="The representation still has the ETag sent in If-None-Match; no body.")


def etag_header(*statuses: int) -> OpenApiParameter:
    return OpenApiParameter("ETag", str, OpenApiParameter.HEADER, response=set(statuses),
                            description="Strong entity tag of the representation.")


LOCATION = OpenApiParameter("Location", str, OpenApiParameter.HEADER, response={201},
                            description="Path of the created resource.")
IF_MATCH = OpenApiParameter("If-Match", str, OpenApiParameter.HEADER,
                            description="Apply the change only if the resource still has this ETag (or `*`).")
IF_NONE_MATCH = OpenApiParameter("If-None-Match", str, OpenApiParameter.HEADER,
                                 description="Answer 304 if the resource still has this ETag (or `*`).")


class AutoSchema(openapi.AutoSchema):
    def get_auth(self) -> list[dict[str, Any]]:
        # A public operation has no requirement at all, rather than an "optional" empty one.
        return [requirement for requirement in super().get_auth() if requirement]


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "common.auth.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "description": "The token returned once by createUser."}
