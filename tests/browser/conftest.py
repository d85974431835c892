"""Browser journeys: Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

Every page a journey visits gets an axe-core scan against WCAG 2.2 AA with
`assert_accessible(page)`. Mark browser tests with ``@pytest.mark.browser``.

Chromium is /usr/bin/chromium (Debian's package); Playwright's own browser
download is not used. Without it these tests are skipped on a developer's
machine and fail when PORTAL_REQUIRE_SERVICES=1 (CI).
"""

import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, sync_playwright

from tests.factories import PASSWORD

# Playwright's sync API runs an asyncio event loop in the test thread; the ORM
# calls made by fixtures and helpers in that thread are still synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REQUIRED = os.environ.get("PORTAL_REQUIRE_SERVICES") == "1"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TIMEOUT_MS = 15_000
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (apt-get install chromium)"
        if REQUIRED:
            pytest.fail(f"PORTAL_REQUIRE_SERVICES=1 but {message}", pytrace=False)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(request, browser, live_server, transactional_db) -> Page:
    """A fresh browser context (no cookies) per test; uncaught page errors fail the test."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page_errors: list[str] = []
    page.on("pageerror", lambda exc: page_errors.append(str(exc)))
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        RESULTS_DIR.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
        try:
            page.screenshot(path=str(RESULTS_DIR / f"{name}.png"), full_page=True)
        except PlaywrightError:
            pass
    context.close()
    if page_errors:
        pytest.fail("JavaScript errors on the page:\n" + "\n".join(page_errors), pytrace=False)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def sign_in(page: Page, live_server, user, password: str = PASSWORD) -> None:
    """Sign in through the real form and wait until the browser has left the sign-in page."""
    login_url = live_server.url + reverse("login")
    page.goto(login_url)
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: not url.startswith(login_url))


def _describe(violation: dict) -> str:
    lines = [
        f"- {violation['id']} ({violation.get('impact') or 'no impact'}): {violation['help']}",
        f"  {violation['helpUrl']}",
    ]
    for node in violation["nodes"]:
        target = " ".join(str(t) for t in node["target"])
        lines.append(f"    at {target}: {node['html'][:200]}")
        summary = (node.get("failureSummary") or "").replace("\n", "\n      ")
        if summary:
            lines.append(f"      {summary}")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """Run axe-core on the page as it is now; fail listing every WCAG 2.2 A/AA violation."""
    page.wait_for_load_state("load")
    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    violations = results.response["violations"]
    if violations:
        details = "\n".join(_describe(v) for v in violations)
        pytest.fail(
            f"{len(violations)} accessibility violation(s) on {page.url} ({page.title()!r}):\n{details}",
            pytrace=False,
        )
