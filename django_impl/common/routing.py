"""Which methods a path answers, from the views Django resolved for it: the Allow of 405 and OPTIONS."""

from collections.abc import Callable
from typing import Any

from rest_framework.views import APIView


def view_classes(view: Callable[..., Any]) -> dict[str, type[APIView]]:
    """The APIView answering each method of a resolved view, by lower-case method; {} if not an API view.

    A path shared by several views (common.views.operations) lists them in `callbacks`.
    """
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
