"""URLs of the settings resource (preferences), mounted under /api/."""

from django.urls import path

from common.views import operations
from preferences import views

urlpatterns = [
    path(
        "settings",
        operations(get=views.PreferencesGetApi, put=views.PreferencesReplaceApi, patch=views.PreferencesUpdateApi),
        name="settings",
    ),
    path("settings/health", views.PreferencesHealthApi.as_view(), name="settings-health"),
]
