"""The main walk in a real browser: a 金华 learner sees this year's shortfall with its
article, an HR reviewer verifies the learner's pending record from the queue, and the
learner's total grows by what that record counts. And the learner's page fits a phone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from e2e_browser import PHONE, OpenPage, log_in, numbers_in, seen, shot
from playwright.sync_api import Page, expect

from factories import PASSWORD, registered, verified
from jxjy.accounts.models import User
from jxjy.evaluation.bridge import engine, policy_id_for, to_records
from jxjy.evaluation.models import PersonYear
from jxjy.ledger.models import CreditRecord, Status

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DOCUMENT = "金人社发〔2020〕64号"  # jinhua-skills-2020
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Scene:
    year: int
    learner: User
    reviewer: User
    pending: CreditRecord
    total: Decimal  # the learner's total for the year before the pending record counts
    counted: Decimal  # what the pending record adds once verified
    short_by: Decimal  # the gap to the year's total requirement


@pytest.fixture
def scene(world) -> Scene:
    """The 金华 learner this year: 20 of 90 credits verified (10 of them public, of 18),
    and 4 hours of offline theory (2 credits an hour: 8) registered, awaiting review."""
    home = world.home
    year = timezone.localdate().year
    provider, reviewer, learner = home.provider_user, home.reviewer_user, home.learner
    verified(
        provider, reviewer, learner,
        date=f"{year}-01-02", kind="online_course", subject="public", credits="10",
    )  # fmt: skip
    verified(provider, reviewer, learner, date=f"{year}-01-03", kind="offline_theory", hours="5")
    pending = registered(
        provider, learner, date=f"{year}-01-04", kind="offline_theory", hours="4",
        title="数控车床操作规程",
    )  # fmt: skip
    standing = PersonYear.objects.get(person=home.learner, year=year)
    assert (standing.pending, standing.compliant) == (1, False)

    # What the engine says the pending record will count, once verified.
    policy_id = policy_id_for(home.learner, year)
    assert policy_id == "jinhua-skills-2020"
    rows = CreditRecord.objects.filter(person=home.learner).exclude(status=Status.REJECTED)
    result = engine(policy_id).evaluate_year(to_records(rows), year)
    counted = next(r.counted for r in result.records if r.row == pending.pk)
    assert counted == 8
    return Scene(
        year=year,
        learner=home.learner_user,
        reviewer=home.reviewer_user,
        pending=pending,
        total=standing.total,
        counted=counted,
        short_by=standing.short_by,
    )


def year_total(page: Page) -> set[Decimal]:
    total = page.locator('[data-testid="year-total"]')
    expect(total).to_have_count(1)
    expect(total).to_be_visible()
    return numbers_in(total.inner_text())


def test_reviewer_verifies_and_learner_total_grows(open_page: OpenPage, scene: Scene) -> None:
    # (a) The learner logs in and lands on this year's page.
    me = open_page("learner")
    log_in(me, scene.learner.username, PASSWORD, screenshot="01-login")
    assert urlsplit(me.url).path in ("/me/", f"/me/{scene.year}/"), me.url
    expect(me.locator("body")).to_contain_text(str(scene.year))
    shot(me, "02-learner-year-before")

    assert scene.total in year_total(me), "the page's total is not the engine's"
    shortfalls = me.locator('[data-testid="shortfall"]')
    expect(shortfalls.first).to_be_visible()
    texts = shortfalls.all_inner_texts()
    assert all(CJK.search(t) for t in texts), texts
    assert any(DOCUMENT in t for t in texts), f"no shortfall names {DOCUMENT}: {texts}"
    assert any("（九）" in t for t in texts), f"no shortfall names article （九）: {texts}"
    assert any(scene.short_by in numbers_in(t) for t in texts), (
        f"no shortfall says {scene.short_by} are missing: {texts}"
    )
    rows = me.locator('[data-testid="record-row"]')
    expect(rows).to_have_count(3)
    expect(me.locator('[data-testid="record-row"][data-status="registered"]')).to_have_count(1)
    expect(me.locator('[data-testid="record-row"][data-status="verified"]')).to_have_count(2)

    # (b) The HR reviewer verifies the pending record from the queue.
    hr = open_page("reviewer")
    log_in(hr, scene.reviewer.username, PASSWORD)
    shot(hr, "03-reviewer-start")
    hr.goto("/reviewer/queue/")
    row = hr.locator(f'[data-testid="queue-row"][data-record-id="{scene.pending.pk}"]')
    expect(row).to_have_count(1)
    expect(row).to_be_visible()
    shot(hr, "04-reviewer-queue")
    row.locator('[data-testid="verify"]').click()
    expect(row).to_have_count(0)  # decided records leave the queue
    hr.wait_for_load_state()
    shot(hr, "05-reviewer-queue-after")

    decided = CreditRecord.objects.get(pk=scene.pending.pk)
    assert (decided.status, decided.decided_by_id) == (Status.VERIFIED, scene.reviewer.pk)
    hr.goto("/reviewer/queue/")
    expect(row).to_have_count(0)

    # (c) The learner reloads the page: the total has grown by what the record counts.
    me.reload()
    after = year_total(me)
    shot(me, "06-learner-year-after")
    grown = scene.total + scene.counted
    assert grown in after, f"total should be {grown} now, the page says {after}"
    assert scene.total not in after
    expect(me.locator('[data-testid="record-row"][data-status="registered"]')).to_have_count(0)
    expect(me.locator('[data-testid="record-row"][data-status="verified"]')).to_have_count(3)


def _horizontal_overflow(page: Page) -> int:
    return int(
        page.evaluate(
            "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
            " - document.documentElement.clientWidth"
        )
    )


def test_learner_page_fits_a_phone(open_page: OpenPage, scene: Scene) -> None:
    phone = open_page("phone", phone=True)
    phone.goto("/login/")
    assert _horizontal_overflow(phone) <= 0, "the login page scrolls sideways on a phone"
    log_in(phone, scene.learner.username, PASSWORD, screenshot="phone-01-login")
    assert urlsplit(phone.url).path in ("/me/", f"/me/{scene.year}/"), phone.url
    shot(phone, "phone-02-learner-year")
    overflow = _horizontal_overflow(phone)
    assert overflow <= 0, f"the learner's page is {overflow}px wider than a phone"
    for testid in ("year-total", "shortfall"):
        box = phone.locator(f'[data-testid="{testid}"]').first.bounding_box()
        assert box is not None, f"{testid} is not shown on a phone"
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= PHONE["width"], f"{testid} sticks out: {box}"


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_signed_in_learner_can_see_how_to_sign_out(
    open_page: OpenPage, scene: Scene, phone: bool
) -> None:
    """Not in the pages' data-testid contract, but a shared computer needs it: once signed
    in, the header shows a sign-out button a person can actually see and press."""
    page = open_page("header", phone=phone)
    log_in(page, scene.learner.username, PASSWORD)
    shot(page, f"header-{'phone' if phone else 'desktop'}")
    sign_out = page.locator('form[action="/logout/"] [type="submit"]')
    expect(sign_out).to_have_count(1)
    assert seen(sign_out), "the sign-out button is hidden (clipped or covered)"
    with page.expect_navigation():
        sign_out.click()
    assert urlsplit(page.url).path == "/login/", page.url
