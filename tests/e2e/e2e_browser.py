"""Helpers for the browser tests: where chromium is and how it starts, page sizes,
screenshots, logging in, and reading numbers off a page."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Locator, Page

CHROMIUM = Path(os.environ.get("JXJY_CHROMIUM", "/usr/bin/chromium"))
# The flags this machine needs: without the background-networking ones chromium keeps
# trying to reach Google's hosts through a closed network.
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
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
TIMEOUT_MS = 15_000
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def numbers_in(text: str) -> set[Decimal]:
    """Every number written in `text` ("20.00 / 90 学分" gives {20, 90}; Decimals that are
    equal in value hash alike, so `Decimal("20") in numbers_in("20.00")`)."""
    return {Decimal(m) for m in _NUMBER.findall(text.replace(",", ""))}


OpenPage = Callable[..., Page]
"""`open_page(name, phone=False)`, the fixture's factory."""


def shot(page: Page, name: str) -> Path:
    """A full-page screenshot of what `page` shows now: test-artifacts/e2e/<name>.png."""
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path


def log_in(page: Page, username: str, password: str, *, screenshot: str = "") -> None:
    """Log in through the login page's form, as a person would, and wait for the page it
    sends them to. With `screenshot`, save the filled-in form under that name."""
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    if screenshot:
        shot(page, screenshot)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) [type=submit]").first.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path != "/login/", f"{username} could not log in"


def seen(locator: Locator) -> bool:
    """Whether a person would see the element: with the window scrolled to it, the point at
    its centre is the element itself (or inside it), not clipped away by an ancestor or
    covered by something else. Playwright's own checks count an element clipped by
    `overflow: hidden` as visible, and its scroll-into-view scrolls the clipping box too."""
    return bool(
        locator.evaluate(
            """el => {
                const before = el.getBoundingClientRect();
                window.scrollBy(before.left - 8, before.top - 8);
                const r = el.getBoundingClientRect();
                if (r.width < 1 || r.height < 1) return false;
                const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                return hit !== null && (hit === el || el.contains(hit));
            }"""
        )
    )
