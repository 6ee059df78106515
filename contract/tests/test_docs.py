"""The generated docs: Swagger UI and ReDoc render offline, and "Try it out" works with a token."""

import os
import shutil
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

OPERATIONS = ["createUser", "getCurrentUser", "listPosts", "createPost", "getPost", "updateSettings"]


@pytest.fixture(scope="session")
def browser():
    executable = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        # Like PostgreSQL's binaries: .ci/run installs it; elsewhere the docs tests say why they skip.
        message = "headless Chromium not found (install Debian's chromium, or set CHROMIUM)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; CI must run the docs tests")
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, target):
    """A page that may load code, styles and data only from the server under test.

    Nothing else is reachable (requests elsewhere are aborted, as on a machine with no internet);
    a decorative image from elsewhere (ReDoc's own badge) is tolerated, anything else fails.
    """
    context = browser.new_context()
    page = context.new_page()
    origin = urlsplit(target.url).netloc
    foreign: list[str] = []

    def only_same_origin(route):
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).netloc == origin:
            route.continue_()
            return
        if route.request.resource_type != "image":
            foreign.append(url)
        route.abort()

    page.route("**/*", only_same_origin)
    yield page
    context.close()
    assert foreign == [], f"the docs depend on assets from elsewhere: {foreign}"


def test_the_openapi_document_is_served(api):
    response = api.get("/openapi.json")
    assert response.status_code == 200
    assert response.json()["paths"]


def test_swagger_ui_renders_every_operation(page: Page, target):
    page.goto(f"{target.url}/docs")
    page.wait_for_selector(".opblock", timeout=20_000)
    text = page.inner_text("body").replace("\u200b", "")
    for path in ("/api/posts/{post_id}", "/api/users/profile/{user_id}", "/api/settings", "/healthcheck"):
        assert path in text


def test_redoc_renders_every_operation(page: Page, target):
    page.goto(f"{target.url}/redoc")
    page.wait_for_selector("[data-section-id]", timeout=20_000)
    html = page.content()
    for operation_id in OPERATIONS:
        assert operation_id in html, operation_id


def test_try_it_out_with_a_bearer_token(page: Page, target, alice):
    page.goto(f"{target.url}/docs")
    page.click("button.authorize", timeout=20_000)
    page.fill(".modal-ux input", alice.token)
    page.click(".modal-ux .auth-btn-wrapper button.authorize")
    page.click(".modal-ux button.btn-done")
    operation = page.locator("[id$='-getCurrentUser']").first
    operation.locator(".opblock-summary").click()
    operation.locator("button.try-out__btn").click()
    operation.locator("button.execute").click()
    live = operation.locator(".live-responses-table .response .response-col_status").first
    live.wait_for(timeout=20_000)
    assert live.inner_text().strip().startswith("200")
    assert alice.username in operation.locator(".live-responses-table").inner_text()
