"""Evidence, a correction and a dispute in a real browser: the provider opens a record from
its list, uploads a photo of the class (金华（八）) and corrects the hours; the learner
disputes the correction from their year page; the provider answers pointing to it; the
HR reviewer closes it (南通 第二十九条); the learner sees it closed. Both pages fit a phone."""

from __future__ import annotations

from pathlib import Path

import pytest
from e2e_browser import PHONE, OpenPage, log_in, shot
from playwright.sync_api import expect

from factories import PASSWORD, registered
from jxjy.disputes.models import Dispute
from jxjy.ledger.models import CreditRecord, Evidence, Status
from samples import SAMPLES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_evidence_correction_and_dispute(open_page: OpenPage, world, tmp_path: Path) -> None:
    home = world.home
    record = registered(
        home.provider_user, home.learner, date="2023-03-01", kind="offline_theory", hours="8",
        title="数控车床操作规程",
    )  # fmt: skip
    photo = tmp_path / "第一天.jpg"
    photo.write_bytes(SAMPLES["image/jpeg"][1])

    # The provider opens the record from its list and uploads a photo.
    base = open_page("provider")
    log_in(base, home.provider_user.username, PASSWORD)
    base.locator(f'[data-testid="record-detail"][href="/provider/records/{record.pk}/"]').click()
    base.wait_for_load_state()
    base.set_input_files('[data-testid="evidence-upload"] input[type=file]', str(photo))
    base.fill('[data-testid="evidence-upload"] input[name=description]', "第一天课堂")
    base.locator('[data-testid="evidence-upload"] [type=submit]').click()
    base.wait_for_load_state()
    expect(base.locator('[data-testid="evidence-row"]')).to_have_count(1)
    evidence = Evidence.objects.get()
    assert evidence.record_id == record.pk
    shot(base, "evidence-01-record-with-photo")

    # It corrects the hours with a reason.
    form = base.locator('[data-testid="correct"]')
    form.locator("input[name=hours]").fill("6")
    form.locator("textarea[name=reason]").fill("下午缺席，实到 6 学时")
    form.locator("[type=submit]").click()
    base.wait_for_load_state()
    correction = CreditRecord.objects.get(supersedes=record)
    expect(base.locator('[data-testid="history-row"]')).to_have_count(2)
    expect(base.locator('[data-testid="record-status"]')).to_have_text("已登记，待核验")
    shot(base, "evidence-02-corrected")

    # The learner disputes the correction from the year page.
    me = open_page("learner")
    log_in(me, home.learner_user.username, PASSWORD)
    me.goto("/me/2023/")
    superseded = me.locator(f'#record-{record.pk} [data-testid="dispute-link"]')
    expect(superseded).to_have_count(0)  # a superseded record is not disputed
    me.locator(f'#record-{correction.pk} [data-testid="dispute-link"]').click()
    me.wait_for_load_state()
    me.fill("textarea[name=reason]", "下午也在，签到表可查")
    me.locator('[data-testid="dispute-open"] [type=submit]').click()
    me.wait_for_load_state()
    dispute = Dispute.objects.get()
    expect(me.locator('[data-testid="dispute-status"]')).to_have_attribute("data-status", "open")
    shot(me, "evidence-03-dispute-opened")

    # The provider answers from its dispute list, pointing to the correction.
    base.goto("/disputes/")
    base.locator(f'[data-testid="dispute-row"][data-dispute-id="{dispute.pk}"] a').click()
    base.wait_for_load_state()
    expect(base.locator('[data-testid="dispute-close"]')).to_have_count(0)
    base.fill('[data-testid="dispute-answer"] textarea', "签到表显示下午缺席")
    base.locator('[data-testid="dispute-answer"] [type=submit]').click()
    base.wait_for_load_state()
    expect(base.locator('[data-testid="dispute-status"]')).to_have_attribute(
        "data-status", "answered"
    )

    # The HR reviewer closes it with the decision.
    hr = open_page("reviewer")
    log_in(hr, home.reviewer_user.username, PASSWORD)
    hr.goto(f"/disputes/{dispute.pk}/")
    hr.fill('[data-testid="dispute-close"] textarea', "经核实签到表，维持更正")
    hr.locator('[data-testid="dispute-close"] [type=submit]').click()
    hr.wait_for_load_state()
    shot(hr, "evidence-04-dispute-closed")

    me.reload()
    expect(me.locator('[data-testid="dispute-status"]')).to_have_attribute("data-status", "closed")
    expect(me.locator('[data-testid="message"]')).to_have_count(3)
    assert Dispute.objects.get().status == "closed"
    assert CreditRecord.objects.get(pk=correction.pk).status == Status.REGISTERED

    # Both pages fit a phone.
    phone = open_page("phone", phone=True)
    log_in(phone, home.provider_user.username, PASSWORD)
    for path, name in ((f"/provider/records/{correction.pk}/", "record"),
                       (f"/disputes/{dispute.pk}/", "dispute")):  # fmt: skip
        phone.goto(path)
        shot(phone, f"evidence-phone-{name}")
        overflow = phone.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} is {overflow}px wider than a {PHONE['width']}px phone"
