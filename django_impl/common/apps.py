"""The shared app: its management command (serve), its OpenAPI extensions and the database policy log."""

from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "common"

    def ready(self) -> None:
        # drf-spectacular finds extensions by their import: this one describes the bearer scheme.
        from common import openapi  # noqa: F401
        from common.database import connect_policy_log

        connect_policy_log()
