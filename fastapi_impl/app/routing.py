"""Which methods the app's routes accept at a path (for Allow on 405 and OPTIONS)."""

from typing import Any

from starlette.routing import BaseRoute, Match


def allowed_methods(app: Any, path: str) -> set[str]:
    """Every method some route accepts at `path` (with HEAD beside GET, and OPTIONS); empty if none."""
    scope = {"type": "http", "path": path, "method": "OPTIONS", "root_path": ""}
    methods: set[str] = set()
    for route in app.router.routes:
        if isinstance(route, BaseRoute) and getattr(route, "methods", None):
            match, _ = route.matches(scope)
            if match != Match.NONE:
                methods |= route.methods
    if "GET" in methods:
        methods.add("HEAD")
    return methods | {"OPTIONS"} if methods else set()
