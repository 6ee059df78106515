"""The served document at /openapi.json, Swagger UI at /docs and ReDoc at /redoc, their assets served from here."""

from pathlib import Path
from typing import Any

import drf_spectacular_sidecar
from litestar import Request, Router, route
from litestar.enums import MediaType, OpenAPIMediaType
from litestar.exceptions import NotFoundException
from litestar.openapi.plugins import JsonRenderPlugin, RedocRenderPlugin, SwaggerRenderPlugin
from litestar.static_files import create_static_files_router

from app.http import GET_HEAD
from app.openapi import served_document

# Swagger UI's and ReDoc's distribution files, from a package that ships them (no CDN: the pages work offline).
ASSETS = Path(drf_spectacular_sidecar.__file__).parent / "static" / "drf_spectacular_sidecar"
SWAGGER = "/docs/assets/swagger-ui-dist"
FAVICON = f"<link rel='icon' type='image/png' href='{SWAGGER}/favicon-32x32.png'>"
PAGES = {
    "/openapi.json": JsonRenderPlugin(),
    "/docs": SwaggerRenderPlugin(
        js_url=f"{SWAGGER}/swagger-ui-bundle.js",
        css_url=f"{SWAGGER}/swagger-ui.css",
        standalone_preset_js_url=f"{SWAGGER}/swagger-ui-standalone-preset.js",
        init_oauth={},
        favicon=FAVICON,
    ),
    "/redoc": RedocRenderPlugin(
        js_url="/docs/assets/redoc/bundles/redoc.standalone.js", google_fonts=False, favicon=FAVICON
    ),
}
# Not documented, no token needed.
HIDDEN: dict[str, Any] = {"include_in_schema": False, "exclude_from_auth": True, "sync_to_thread": False}


def _document(request: Request[Any, Any, Any]) -> dict[str, Any]:
    if "served_document" not in request.app.state:
        request.app.state.served_document = served_document(request.app.openapi_schema.to_schema())
    return request.app.state.served_document  # type: ignore[no-any-return]


@route("/openapi.json", http_method=GET_HEAD, media_type=OpenAPIMediaType.OPENAPI_JSON, **HIDDEN)
def get_openapi(request: Request[Any, Any, Any]) -> bytes:
    return PAGES["/openapi.json"].render(request, _document(request))


@route(["/docs", "/redoc"], http_method=GET_HEAD, media_type=MediaType.HTML, **HIDDEN)
def get_docs_page(request: Request[Any, Any, Any]) -> bytes:
    return PAGES[request.url.path].render(request, _document(request))


def _not_served(*_: Any) -> None:
    raise NotFoundException


docs = Router(
    "/",
    route_handlers=[
        get_openapi,
        get_docs_page,
        create_static_files_router(
            "/docs/assets", directories=[ASSETS], opt={"exclude_from_auth": True}, include_in_schema=False
        ),
    ],
)
# Litestar mounts its own OpenAPI router whenever the app has an OpenAPIConfig (its pages, and an
# HTML 404 for any other path under it): the contract's pages are the ones above, so it serves nothing.
hidden_openapi_router = Router(
    "/schema", route_handlers=[], guards=[_not_served], include_in_schema=False, opt={"exclude_from_auth": True}
)
