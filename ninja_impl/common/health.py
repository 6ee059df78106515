"""The service healthcheck (getHealthcheck)."""

from typing import Literal

import ninja
from django.db import connection
from django.http import HttpRequest
from ninja import Router, Schema

from common.openapi import documented

router = Router(tags=["health"])


class HealthOut(Schema):
    status: Literal["ok"]
    implementation: str
    framework_version: str
    database: Literal["sqlite", "postgresql"]


@router.get(
    "/healthcheck",
    auth=None,
    response=HealthOut,
    summary="Report the service and database status",
    openapi_extra=documented(),
)
def get_healthcheck(request: HttpRequest) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")  # a database that does not answer becomes a 503
    return {
        "status": "ok",
        "implementation": "ninja",
        "framework_version": ninja.__version__,
        "database": connection.vendor,
    }
