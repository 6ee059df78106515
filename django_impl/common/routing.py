"""One path, one APIView per operation: the method picks the view (Django routes by path alone)."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from rest_framework.views import APIView

MAX_ID = 2**63 - 1


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


def view_classes(view: Callable[..., Any]) -> dict[str, type[APIView]]:
    """The APIView answering each method of a resolved view, by lower-case method; {} if not an API view."""
    if (callbacks := getattr(view, "callbacks", None)) is not None:
        return {method: callback.view_class for method, callback in callbacks.items()}
    if (cls := getattr(view, "view_class", None)) is not None:
        return {method: cls for method in cls.http_method_names if method != "options" and hasattr(cls, method)}
    return {}


def allowed_methods(view: Callable[..., Any]) -> list[str] | None:
    """The methods of the path's view, with HEAD beside GET and OPTIONS, sorted; None if unknown."""
    methods = {method.upper() for method in view_classes(view)}
    if not methods:
        return None
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods | {"OPTIONS"})
