"""A roster import in a real browser (issue 4, section 3): a training base uploads a file,
watches the progress bar move while the background work runs, previews what will be
registered, registers it, and sees a bad file's problems by row and column."""

from __future__ import annotations

import pytest
from e2e_browser import OpenPage, log_in, shot
from playwright.sync_api import expect

from factories import PASSWORD
from imports_helpers import approved_project, newcomer_row, row, xlsx
from jxjy.imports import work
from jxjy.imports.models import ImportBatch
from jxjy.imports.progress import progress_set
from jxjy.ledger.models import CreditRecord

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

QUEUED = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _file(path, data: bytes):
    path.write_bytes(data)
    return str(path)


def test_upload_progress_preview_and_register(
    open_page: OpenPage, world, tmp_path, settings
) -> None:
    home = world.home
    project = approved_project(world)
    rows = [
        row(home.learner, project),
        newcomer_row(project, 11),
    ]
    settings.TASKS = QUEUED  # the background work waits: this test runs it, step by step
    page = open_page("provider")
    log_in(page, home.provider_user.username, PASSWORD)
    page.get_by_role("link", name="名单导入").click()
    shot(page, "imports-01-list")
    page.set_input_files("#id_file", _file(tmp_path / "roster.xlsx", xlsx(rows)))
    page.get_by_role("button", name="上传并检查").click()
    bar = page.locator("#import-progress")
    expect(bar).to_be_visible()
    batch = ImportBatch.objects.get()

    progress_set(batch.pk, "checking", 1, 2)  # as the worker reports it
    expect(page.locator("#import-progress-text")).to_have_text("正在检查各行：1 / 2")
    expect(bar).to_have_attribute("value", "50")
    shot(page, "imports-02-progress")

    work.batch_validate(batch_id=batch.pk)  # the worker finishes: the page reloads itself
    expect(page.locator('[data-testid="batch-status"]')).to_have_text("已检查")
    expect(page.locator('[data-testid="preview-counts"]')).to_contain_text("将登记 2 条记录")
    expect(page.locator('[data-testid="preview-counts"]')).to_contain_text("将新建 1 名人员")
    shot(page, "imports-03-preview")

    page.get_by_role("button", name="全部登记").click()
    expect(page.locator('[data-testid="batch-status"]')).to_have_text("正在登记")
    work.batch_commit(batch_id=batch.pk)
    expect(page.locator('[data-testid="batch-status"]')).to_have_text("已登记")
    shot(page, "imports-04-registered")
    assert CreditRecord.objects.filter(batch=str(batch.key)).count() == 2


def test_a_bad_roster_shows_each_problem_and_its_report(
    open_page: OpenPage, world, tmp_path
) -> None:
    home = world.home
    project = approved_project(world)
    rows = [row(home.learner, project, hours="-1"), row(home.colleague, project, kind="瑜伽")]
    page = open_page("provider", phone=True)
    log_in(page, home.provider_user.username, PASSWORD)
    page.goto("/provider/imports/")
    page.set_input_files("#id_file", _file(tmp_path / "bad.xlsx", xlsx(rows)))
    page.get_by_role("button", name="上传并检查").click()
    problems = page.locator('[data-testid="problem-row"]')
    expect(problems).to_have_count(2)
    expect(problems.first).to_contain_text("第 1 行，字段 hours：不能为负数（-1）")
    expect(page.get_by_role("button", name="全部登记")).to_have_count(0)
    shot(page, "imports-05-problems")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载错误报告（XLSX）").click()
    assert download.value.suggested_filename.endswith("-problems.xlsx")
    assert download.value.path().stat().st_size > 0
