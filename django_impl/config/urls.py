"""Root URLs: the API's resources, its OpenAPI document and docs, and Django's error views."""

from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularRedocView, SpectacularSwaggerView

from common.health import HealthcheckApi

urlpatterns = [
    path("healthcheck", HealthcheckApi.as_view(), name="healthcheck"),
    path("api/", include("users.urls")),
    path("api/", include("preferences.urls")),
    path("api/", include("posts.urls")),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("docs", SpectacularSwaggerView.as_view(url_name="openapi"), name="docs"),
    path("redoc", SpectacularRedocView.as_view(url_name="openapi", template_name="common/redoc.html"), name="redoc"),
]

# Problems instead of Django's HTML error pages.
handler400 = "common.errors.bad_request"
handler403 = "common.errors.permission_denied"
handler404 = "common.errors.page_not_found"
handler500 = "common.errors.server_error"
