"""Which methods the app's routes accept at a path (for Allow on 405 and OPTIONS)."""

from typing import Any

from starlette.routing import Match

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def allowed_methods(app: Any, path: str) -> set[str]:
    """Every method some route accepts at `path` (with HEAD beside GET, and OPTIONS); empty if none."""
    # Ask the routes themselves (BaseRoute.matches) rather than reading the router's internals.
    methods = {
        method
        for method in METHODS
        if any(
            route.matches({"type": "http", "path": path, "method": method, "root_path": ""})[0] == Match.FULL
            for route in app.router.routes
        )
    }
    if "GET" in methods:
        methods.add("HEAD")
    return methods | {"OPTIONS"} if methods else set()
