"""URLs of the settings resource, mounted under /api/."""

from django.urls import path

from preferences.views import SettingsViewSet

urlpatterns = [
    path("settings", SettingsViewSet.as_view(
        {"get": "get_settings", "put": "replace_settings", "patch": "update_settings"}), name="settings"),
    path("settings/health", SettingsViewSet.as_view({"get": "get_settings_health"}), name="settings-health"),
]
