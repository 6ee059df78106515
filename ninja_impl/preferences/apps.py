"""The preferences app (the API's /api/settings)."""

from django.apps import AppConfig


class PreferencesConfig(AppConfig):
    name = "preferences"
