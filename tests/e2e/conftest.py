"""Browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

Only tests marked `e2e` use these fixtures; `scripts/test` leaves them out unless asked
(`scripts/test -m e2e`). The browser is Debian's own (`/usr/bin/chromium`, or
`JXJY_CHROMIUM`): Playwright never downloads one here. Every page a test visits is saved as
a full-page screenshot under `test-artifacts/e2e/`, and a failing test saves the pages it
had open as `FAILED-<test>-<name>.png`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from e2e_browser import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    PHONE,
    TIMEOUT_MS,
    OpenPage,
)
from playwright.sync_api import Browser, BrowserContext, Page, Request, Response, sync_playwright


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"no chromium at {CHROMIUM}: `apt-get install -y chromium` (Debian's), or set "
            "JXJY_CHROMIUM; never `playwright install`",
            pytrace=False,
        )
    shutil.rmtree(ARTIFACTS, ignore_errors=True)  # this run's screenshots only
    ARTIFACTS.mkdir(parents=True)
    # Playwright's sync API keeps an asyncio loop running in this thread, and Django then
    # refuses ORM calls from it ("You cannot call this from an async context"). The tests
    # use the ORM only to arrange and check data, never while a page is loading.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as pw:
            launched = pw.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield launched
            launched.close()


@dataclass
class Watch:
    """What the pages did that they should not: uncaught script errors, requests that
    leave the server (an intranet has no CDN) and error responses."""

    origin: str
    problems: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        page.on("pageerror", lambda exc: self.problems.append(f"script error: {exc}"))
        page.on("request", self._request)
        page.on("response", self._response)

    def _request(self, request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.problems.append(f"request off the server: {request.url}")

    def _response(self, response: Response) -> None:
        if response.status >= 400 and urlsplit(response.url).path != "/favicon.ico":
            self.problems.append(f"HTTP {response.status}: {response.url}")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def open_page(
    request: pytest.FixtureRequest, browser: Browser, live_server: Any
) -> Iterator[OpenPage]:
    """`open_page(name, phone=False)`: a page in a browser context of its own (its own
    cookies, so each user logs in separately), at desktop or phone size. At the end the
    pages must have raised no script error, asked nothing of other hosts and got no HTTP
    error."""
    watch = Watch(live_server.url)
    opened: list[tuple[str, BrowserContext, Page]] = []

    def _open(name: str, *, phone: bool = False) -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            viewport=PHONE if phone else DESKTOP,  # type: ignore[arg-type]
            device_scale_factor=2 if phone else 1,
            is_mobile=phone,
            has_touch=phone,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
        )
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())  # a confirm() before a decision
        watch.attach(page)
        opened.append((name, context, page))
        return page

    yield _open

    report = getattr(request.node, "report_call", None)
    for name, context, page in opened:
        if report is not None and report.failed:
            try:
                page.screenshot(
                    path=ARTIFACTS / f"FAILED-{request.node.name}-{name}.png", full_page=True
                )
            except Exception as exc:  # noqa: BLE001 - a screenshot must not mask the failure
                print(f"no screenshot of {name}: {exc}")
        context.close()
    if report is not None and report.passed:
        assert not watch.problems, "\n".join(watch.problems)
