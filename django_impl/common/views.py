"""One path, one APIView per operation: the method picks the view (Django routes by path alone)."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from rest_framework.views import APIView


def operations(**views: type[APIView]) -> Callable[..., HttpResponse]:
    """`path("posts", operations(get=PostListApi, post=PostCreateApi))`: each method to its own view.

    drf-spectacular lists each under its own view (common.openapi), and common.http answers
    OPTIONS and the methods a path lacks (405) from `callbacks` before any view runs.
    """
    callbacks = {method: view.as_view() for method, view in views.items()}

    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        method = request.method.lower()
        return callbacks["get" if method == "head" else method](request, *args, **kwargs)

    view.callbacks = callbacks  # type: ignore[attr-defined]
    return view
