"""Which methods a resolved view answers (for Allow on OPTIONS and on 405)."""

from collections.abc import Callable
from typing import Any

MAX_ID = 2**63 - 1


def allowed_methods(view: Callable[..., Any]) -> list[str] | None:
    """The methods of the path's view, with HEAD beside GET and OPTIONS, sorted; None if unknown."""
    actions = getattr(view, "actions", None)  # a DRF viewset: {"get": "list_posts", ...}
    if actions is not None:
        methods = {method.upper() for method in actions}
    elif (view_class := getattr(view, "view_class", None)) is not None:
        methods = {m.upper() for m in view_class.http_method_names if m != "options" and hasattr(view_class, m)}
    else:
        return None
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods | {"OPTIONS"})

