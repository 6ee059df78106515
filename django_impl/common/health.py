"""The service healthcheck (getHealthcheck)."""

import django
from django.db import connection
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.openapi import problem_responses


class HealthSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["ok"])
    implementation = serializers.CharField()
    framework_version = serializers.CharField()
    database = serializers.ChoiceField(choices=["sqlite", "postgresql"])


class HealthcheckApi(APIView):
    """getHealthcheck."""

    authentication_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(
        operation_id="getHealthcheck",
        summary="Report the service and database status",
        tags=["health"],
        responses={200: HealthSerializer, **problem_responses()},
    )
    def get(self, request: Request) -> Response:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")  # a database that does not answer becomes a 503
        health = {
            "status": "ok",
            "implementation": "django",
            "framework_version": django.get_version(),
            "database": connection.vendor,
        }
        return Response(HealthSerializer(health).data)
