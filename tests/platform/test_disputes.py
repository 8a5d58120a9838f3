"""Disputes (申诉, 南通 第七条（二）and 第二十九条): a learner disputes one of their records;
it reaches the organisation that registered it and the HR bureau over the person's region,
who answer; the bureau decides and closes it (or the learner does). Pages and API."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from test_pages import tagged

from factories import THEORY, bearer, registered, signed_in
from jxjy.audit.models import AuditEntry
from jxjy.disputes.models import Dispute, DisputeMessage
from jxjy.disputes.selectors import dispute_list
from jxjy.disputes.services import DisputeRefused, dispute_answer, dispute_close, dispute_open
from jxjy.ledger import services as ledger
from jxjy.ledger.models import CreditRecord, Status
from jxjy.ledger.services import InvalidTransition, ReasonRequired


def test_a_disputes_whole_walk_on_the_pages(world, record) -> None:
    """南通 第二十九条: the learner's dispute reaches the registrant and the bureau; the
    registrant corrects the record and answers pointing to the correction; the learner
    replies; the bureau decides and closes it. Each step is audited."""
    home = world.home
    learner = signed_in(home.learner_user)
    year = learner.get("/me/2023/").content.decode()
    assert f'href="/me/records/{record.pk}/dispute/"' in year
    response = learner.post(f"/me/records/{record.pk}/dispute/", {"reason": "实际参加了 12 学时"})
    dispute = Dispute.objects.get()
    assert response["Location"] == f"/disputes/{dispute.pk}/"
    assert (dispute.status, dispute.organisation, dispute.person) == (
        "open",
        home.provider,
        home.learner,
    )
    # It reaches the registrant and the bureau, and shows on the learner's year.
    for user in (home.provider_user, home.reviewer_user, world.operator):
        rows = tagged(signed_in(user).get("/disputes/").content.decode(), "dispute-row")
        assert [int(a["data-dispute-id"]) for a, _ in rows] == [dispute.pk], user
    year = learner.get("/me/2023/").content.decode()
    assert [t for _, t in tagged(year, "record-dispute")] == [f"申诉 #{dispute.pk}：待答复"]
    # The registrant corrects the record, then answers with the correction.
    correction = ledger.record_supersede(
        actor=home.provider_user, record=record, fields={**THEORY, "hours": "12"}, reason="申诉更正"
    )
    provider = signed_in(home.provider_user)
    page = provider.get(f"/disputes/{dispute.pk}/").content.decode()
    assert f'<option value="{correction.pk}">#{correction.pk}</option>' in page
    assert 'data-testid="dispute-close"' not in page  # the registrant does not close it
    provider.post(
        f"/disputes/{dispute.pk}/answer/", {"text": "已更正为 12 学时", "correction": correction.pk}
    )
    dispute.refresh_from_db()
    assert dispute.status == "answered"
    learner.post(f"/disputes/{dispute.pk}/answer/", {"text": "谢谢，请核验"})
    dispute.refresh_from_db()
    assert dispute.status == "open"
    signed_in(home.reviewer_user).post(
        f"/disputes/{dispute.pk}/close/", {"text": "经核实，以更正记录为准"}
    )
    dispute.refresh_from_db()
    assert (dispute.status, dispute.closed_by) == ("closed", home.reviewer_user)
    messages = list(DisputeMessage.objects.order_by("id"))
    assert [(m.author, m.correction_id, m.closes) for m in messages] == [
        (home.provider_user, correction.pk, False),
        (home.learner_user, None, False),
        (home.reviewer_user, None, True),
    ]
    thread = tagged(learner.get(f"/disputes/{dispute.pk}/").content.decode(), "message")
    assert [t.split(" ")[0] for _, t in thread] == [
        "jh学员",
        "jh-provider",
        "jh-learner",
        "jh-reviewer",
    ]
    assert f"已由记录 #{correction.pk} 更正。" in thread[1][1]
    actions = list(
        AuditEntry.objects.filter(target_type="disputes.dispute")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["dispute.open", "dispute.answer", "dispute.answer", "dispute.close"]


def test_a_record_has_at_most_one_dispute_that_is_not_closed(world, record) -> None:
    learner = world.home.learner_user
    first = dispute_open(actor=learner, record=record, reason="学时不对")
    with pytest.raises(DisputeRefused) as refused:
        dispute_open(actor=learner, record=record, reason="再说一次")
    assert refused.value.message() == (f"记录 {record.pk} 已有未结案的申诉：请在该申诉中留言。")
    dispute_answer(actor=world.home.provider_user, dispute=first, text="已核对")
    with pytest.raises(DisputeRefused):
        dispute_open(actor=learner, record=record, reason="答复了也不能再开")
    dispute_close(actor=learner, dispute=first, text="撤回")
    second = dispute_open(actor=learner, record=record, reason="又发现问题")
    assert Dispute.objects.filter(record=record).count() == 2
    assert second.status == "open"


def test_the_page_says_why_a_second_dispute_is_refused(world, record) -> None:
    dispute_open(actor=world.home.learner_user, record=record, reason="学时不对")
    response = signed_in(world.home.learner_user).post(
        f"/me/records/{record.pk}/dispute/", {"reason": "再来一次"}
    )
    assert response.status_code == 400
    assert "已有未结案的申诉" in response.content.decode()
    assert Dispute.objects.count() == 1


def test_only_the_person_disputes_their_record(world, record) -> None:
    """南通 第七条（二）: the right to 申诉 is the person's."""
    home = world.home
    for user in (
        home.employer_user,
        home.provider_user,
        home.reviewer_user,
        world.operator,
        world.other.learner_user,
    ):
        with pytest.raises(PermissionDenied):
            dispute_open(actor=user, record=record, reason="代为申诉")
    colleague_record = registered(home.provider_user, home.colleague, **THEORY)
    with pytest.raises(PermissionDenied):
        dispute_open(actor=home.learner_user, record=colleague_record, reason="同事的")
    assert not Dispute.objects.exists()
    # Another learner does not reach the form of a record they may not see.
    assert (
        signed_in(world.other.learner_user).get(f"/me/records/{record.pk}/dispute/").status_code
        == 404
    )


def test_a_dispute_needs_a_reason_and_a_standing_record(world, record) -> None:
    learner = world.home.learner_user
    with pytest.raises(ReasonRequired):
        dispute_open(actor=learner, record=record, reason="  ")
    response = signed_in(learner).post(f"/me/records/{record.pk}/dispute/", {"reason": ""})
    assert response.status_code == 400
    ledger.record_supersede(
        actor=world.home.provider_user, record=record, fields=THEORY, reason="更正"
    )
    record.refresh_from_db()
    with pytest.raises(DisputeRefused) as refused:
        dispute_open(actor=learner, record=record, reason="原记录")
    assert refused.value.message() == (
        f"记录 {record.pk} 已被更正记录取代：请对更正后的记录提出申诉。"
    )
    assert not Dispute.objects.exists()


def test_a_rejected_record_can_be_disputed(world, record) -> None:
    ledger.record_reject(actor=world.home.reviewer_user, record=record, reason="无考核记录")
    record.refresh_from_db()
    assert dispute_open(actor=world.home.learner_user, record=record, reason="有考核").pk


def test_who_sees_which_disputes(world, record) -> None:
    """The learner their own; the registrant; the bureau over the person's region;
    operators. Not the person's employer, nor the other city."""
    home, other = world.home, world.other
    mine = dispute_open(actor=home.learner_user, record=record, reason="学时不对")
    theirs_record = registered(other.provider_user, other.learner, **THEORY)
    theirs = dispute_open(actor=other.learner_user, record=theirs_record, reason="不对")
    seen = {
        user: set(dispute_list(user=user).values_list("pk", flat=True))
        for user in (
            home.learner_user,
            home.employer_user,
            home.provider_user,
            home.reviewer_user,
            world.operator,
            other.provider_user,
        )
    }
    assert seen[home.learner_user] == {mine.pk}
    assert seen[home.employer_user] == set()
    assert seen[home.provider_user] == {mine.pk}
    assert seen[home.reviewer_user] == {mine.pk}
    assert seen[world.operator] == {mine.pk, theirs.pk}
    assert seen[other.provider_user] == {theirs.pk}
    assert signed_in(home.reviewer_user).get(f"/disputes/{theirs.pk}/").status_code == 404
    assert signed_in(home.employer_user).get(f"/disputes/{mine.pk}/").status_code == 404


def test_an_employer_sees_disputes_of_what_it_registered_itself(world) -> None:
    """金华（八）: employers register credits too, and answer for what they registered."""
    home = world.home
    own = registered(home.employer_user, home.learner, **THEORY)
    dispute = dispute_open(actor=home.learner_user, record=own, reason="自学学时不对")
    assert list(dispute_list(user=home.employer_user)) == [dispute]
    assert list(dispute_list(user=home.provider_user)) == []
    dispute_answer(actor=home.employer_user, dispute=dispute, text="按单位认定")
    assert Dispute.objects.get().status == "answered"


def test_the_registrant_answers_but_does_not_close(world, record) -> None:
    dispute = dispute_open(actor=world.home.learner_user, record=record, reason="不对")
    with pytest.raises(PermissionDenied):
        dispute_close(actor=world.home.provider_user, dispute=dispute, text="没问题")
    response = signed_in(world.home.provider_user).post(
        f"/disputes/{dispute.pk}/close/", {"text": "没问题"}
    )
    assert response.status_code == 403
    assert Dispute.objects.get().status == "open"
    with pytest.raises(PermissionDenied):
        dispute_answer(actor=world.other.reviewer_user, dispute=dispute, text="越权")


def test_an_answer_may_point_only_to_a_correction_of_the_record(world, record) -> None:
    home = world.home
    dispute = dispute_open(actor=home.learner_user, record=record, reason="不对")
    unrelated = registered(home.provider_user, home.learner, **{**THEORY, "date": "2023-04-01"})
    with pytest.raises(DisputeRefused) as refused:
        dispute_answer(actor=home.provider_user, dispute=dispute, text="见此", correction=unrelated)
    assert refused.value.message() == f"记录 {unrelated.pk} 不是记录 {record.pk} 的更正。"
    first = ledger.record_supersede(
        actor=home.provider_user, record=record, fields={**THEORY, "hours": "6"}, reason="一"
    )
    second = ledger.record_supersede(
        actor=home.provider_user, record=first, fields={**THEORY, "hours": "7"}, reason="二"
    )
    message = dispute_answer(
        actor=home.provider_user, dispute=dispute, text="两次更正", correction=second
    )
    assert message.correction == second
    assert DisputeMessage.objects.count() == 1


def test_a_closed_dispute_takes_no_more_messages(world, record) -> None:
    dispute = dispute_open(actor=world.home.learner_user, record=record, reason="不对")
    dispute_close(actor=world.home.reviewer_user, dispute=dispute, text="驳回")
    with pytest.raises(InvalidTransition):
        dispute_answer(actor=world.home.provider_user, dispute=dispute, text="补充")
    with pytest.raises(InvalidTransition):
        dispute_close(actor=world.home.learner_user, dispute=dispute, text="再关")
    assert DisputeMessage.objects.count() == 1


def test_the_list_filters_by_status_and_has_an_empty_state(world, record) -> None:
    reviewer = signed_in(world.home.reviewer_user)
    empty = reviewer.get("/disputes/").content.decode()
    assert "没有申诉" in empty
    dispute = dispute_open(actor=world.home.learner_user, record=record, reason="不对")
    assert tagged(reviewer.get("/disputes/", {"status": "open"}).content.decode(), "dispute-row")
    closed = reviewer.get("/disputes/", {"status": "closed"}).content.decode()
    assert not tagged(closed, "dispute-row")
    assert "没有此状态的申诉" in closed
    assert dispute.pk


def test_the_api_walk(world, record) -> None:
    home = world.home
    client = Client()
    learner, provider, reviewer = (
        bearer(home.learner_user),
        bearer(home.provider_user),
        bearer(home.reviewer_user),
    )

    def post(path: str, data: dict, headers: dict):
        return client.post(path, data, content_type="application/json", headers=headers)

    refused = post("/api/disputes", {"record_id": record.pk, "reason": "不对"}, provider)
    assert refused.status_code == 403
    empty = post("/api/disputes", {"record_id": record.pk, "reason": " "}, learner)
    assert empty.status_code == 422
    assert empty.json()["errors"][0]["field"] == "reason"
    opened = post("/api/disputes", {"record_id": record.pk, "reason": "不对"}, learner)
    assert opened.status_code == 201
    dispute_id = opened.json()["id"]
    again = post("/api/disputes", {"record_id": record.pk, "reason": "再来"}, learner)
    assert again.status_code == 409
    assert again.json()["errors"][0]["code"] == "already_open"
    listed = client.get("/api/disputes", {"status": "open"}, headers=provider).json()
    assert [d["id"] for d in listed["items"]] == [dispute_id]
    answered = post(f"/api/disputes/{dispute_id}/answer", {"text": "已核对"}, provider)
    assert answered.status_code == 200
    assert answered.json()["status"] == "answered"
    assert post(f"/api/disputes/{dispute_id}/close", {"text": "x"}, provider).status_code == 403
    closed = post(f"/api/disputes/{dispute_id}/close", {"text": "维持原记录"}, reviewer)
    body = closed.json()
    assert body["status"] == "closed"
    assert [(m["role"], m["closes"]) for m in body["messages"]] == [
        ("provider", False),
        ("reviewer", True),
    ]
    late = post(f"/api/disputes/{dispute_id}/answer", {"text": "补充"}, provider)
    assert late.status_code == 409
    hidden = client.get(f"/api/disputes/{dispute_id}", headers=bearer(world.other.reviewer_user))
    assert hidden.status_code == 404
    assert CreditRecord.objects.get(pk=record.pk).status == Status.REGISTERED
