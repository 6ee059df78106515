"""Root URLs: the API (with its OpenAPI document and Swagger UI), ReDoc, and Django's error views."""

from functools import partial

from django.urls import path
from django.views.decorators.http import require_safe
from ninja import Redoc

from config.api import api

urlpatterns = [
    # Ninja serves one docs viewer per API (Swagger UI at /docs); its ReDoc page renders here.
    path("redoc", require_safe(partial(Redoc().render_page, api=api)), name="redoc"),
    path("", api.urls),
]

# Problems instead of Django's HTML error pages.
handler400 = "common.errors.bad_request"
handler403 = "common.errors.permission_denied"
handler404 = "common.errors.page_not_found"
handler500 = "common.errors.server_error"
