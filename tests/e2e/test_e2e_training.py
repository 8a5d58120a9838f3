"""The training walk in a real browser (issue 4): a training base drafts and files a
project, the city's HR reviewer approves it with a filing number, a learner enrols from the
catalogue and checks in with the code the session's screen shows, and the base records the
result and registers the hours, which then appear on the learner's page."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from e2e_browser import PHONE, OpenPage, log_in, shot
from playwright.sync_api import Page, expect

from factories import PASSWORD
from jxjy.ledger.models import CreditRecord
from jxjy.training.models import Attendance, Project

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "数控车工安全操作培训"


def _draft_and_file(base: Page, today: dt.date) -> None:
    base.goto("/projects/")
    base.get_by_role("link", name="新建项目").click()
    base.fill("#id_title", TITLE)
    base.select_option("#id_kind", "offline_theory")
    base.select_option("#id_talent", "skilled")
    base.fill("#id_occupation", "车工")
    base.fill("#id_start_date", today.isoformat())
    base.fill("#id_end_date", (today + dt.timedelta(days=1)).isoformat())
    base.fill("#id_enrol_until", today.isoformat())
    base.fill("#id_capacity", "30")
    base.fill("#id_teachers", "王师傅（高级技师）")
    shot(base, "training-01-new-project")
    base.get_by_role("button", name="保存").click()
    expect(base.locator(".message.success")).to_contain_text("草稿已保存")
    # A session that is on now, whatever the hour the test runs at.
    base.fill("#id_date", today.isoformat())
    base.fill("#id_starts", "00:00")
    base.fill("#id_ends", "23:59")
    base.fill("#id_hours", "4")
    base.fill("#id_place", "实训楼 301")
    base.get_by_role("button", name="添加该课次").click()
    expect(base.locator('[data-testid="sessions"] tbody tr')).to_have_count(1)
    base.get_by_role("button", name="向人力社保部门申报").click()
    expect(base.locator('[data-testid="project-status"]')).to_have_text("已申报，待审核")
    shot(base, "training-02-filed")


def _approve(hr: Page) -> str:
    hr.goto("/reviewer/filings/")
    shot(hr, "training-03-filings")
    hr.get_by_role("link", name=TITLE).click()
    hr.get_by_role("button", name="审核通过并赋予备案号").click()
    message = hr.locator(".message.success")
    expect(message).to_contain_text("已审核备案")
    project = Project.objects.get(title=TITLE)
    assert project.filing_number in message.inner_text()
    return project.filing_number


def test_filed_approved_checked_in_and_registered(open_page: OpenPage, world) -> None:
    home = world.home
    today = timezone.localdate()

    base = open_page("provider")
    log_in(base, home.provider_user.username, PASSWORD)
    _draft_and_file(base, today)

    hr = open_page("reviewer")
    log_in(hr, home.reviewer_user.username, PASSWORD)
    filing_number = _approve(hr)

    # The learner finds it in the catalogue, on a phone, and enrols.
    me = open_page("learner", phone=True)
    log_in(me, home.learner_user.username, PASSWORD)
    me.goto("/catalogue/")
    item = me.locator('[data-testid="catalogue-item"]', has_text=TITLE)
    expect(item).to_contain_text(filing_number)
    shot(me, "training-04-catalogue-phone")
    item.get_by_role("link", name=TITLE).click()
    me.get_by_role("button", name="报名").click()
    assert urlsplit(me.url).path == "/me/training/"
    expect(me.locator('[data-testid="enrolment"]')).to_contain_text(TITLE)

    # The base shows the session's check-in screen; the learner types the code it shows.
    base.goto(f"/projects/{Project.objects.get(title=TITLE).pk}/")
    base.get_by_role("link", name="签到屏").click()
    expect(base.locator('[data-testid="qr"] svg')).to_be_visible()
    code = base.locator('[data-testid="checkin-code"]').inner_text().strip()
    assert code.isdigit(), code
    assert len(code) == 6, code
    shot(base, "training-05-checkin-screen")
    me.get_by_role("link", name="签到").first.click()
    me.fill("#id_code", code)
    shot(me, "training-06-learner-checkin-phone")
    me.get_by_role("button", name="签到").click()
    expect(me.locator(".message.success")).to_contain_text("签到成功")
    assert Attendance.objects.get().method == Attendance.Method.CODE
    assert me.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The base marks the learner passed and registers the hours in one step.
    base.get_by_role("link", name="学员").first.click()
    row = base.locator('[data-testid="participant"]', has_text=home.learner.name)
    expect(row).to_contain_text("✓")
    row.locator("select").select_option("passed")
    base.get_by_role("button", name="保存考核结果").click()
    base.get_by_role("button", name="登记合格学员的学时").click()
    expect(base.locator(".message.success")).to_contain_text("已登记 1 条记录")
    shot(base, "training-07-registered")
    record = CreditRecord.objects.get(project__title=TITLE)
    assert (record.person, record.hours, record.approved) == (home.learner, 4, True)

    # The hours appear on the learner's page for this year, pending verification.
    me.goto(f"/me/{today.year}/")
    mine = me.locator(f"#record-{record.pk}")
    expect(mine).to_contain_text(TITLE)
    expect(mine).to_have_attribute("data-status", "registered")
    shot(me, "training-08-learner-year-phone")
