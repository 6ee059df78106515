"""The shared app: its management command (serve)."""

from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "common"
