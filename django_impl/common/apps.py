"""The shared app: its management command (serve), its templates and its OpenAPI extensions."""

from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "common"

    def ready(self) -> None:
        # drf-spectacular finds extensions by their import: this one describes the bearer scheme.
        from common import openapi  # noqa: F401
