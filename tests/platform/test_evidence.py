"""Evidence files (金华（八）: 照片、视频 of the training, and scans): what is accepted, where
it is stored, who may attach, see and remove it, on the pages and through the API; and the
provider's record page with its history of corrections."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from test_pages import tagged

from factories import THEORY, bearer, signed_in
from jxjy.audit.models import AuditEntry
from jxjy.ledger import services as ledger
from jxjy.ledger.evidence import EvidenceInvalid, evidence_attach, evidence_remove
from jxjy.ledger.models import CreditRecord, Evidence, Status
from samples import SAMPLES, text_as_jpeg, upload
from training_helpers import approved, draft

KB = 1024


def files_in(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def attach(user, target, file=None):
    file = file or upload()
    return evidence_attach(actor=user, target=target, file=file, name=file.name)


# ---------------------------------------------------------------------------------------
# What is accepted and how it is stored


@pytest.mark.parametrize(
    ("mime", "kind"),
    [
        ("image/jpeg", "photo"),
        ("image/png", "photo"),
        ("image/webp", "photo"),
        ("video/mp4", "video"),
        ("video/webm", "video"),
        ("application/pdf", "scan"),
    ],
)
def test_each_accepted_type_is_known_by_its_content(world, record, store, mime, kind) -> None:
    """金华（八）: photos and video of the training (and scans) are entered on the platform;
    the kind comes from the file's first bytes, whatever its name says."""
    evidence = attach(world.home.provider_user, record, upload(mime, name="whatever.bin"))
    assert (evidence.kind, evidence.content_type) == (kind, mime)
    assert evidence.size == len(SAMPLES[mime][1])


def test_a_file_is_stored_under_a_random_name_never_the_uploaders(world, record, store) -> None:
    """The stored name holds neither the uploader's file name nor the person's ID number;
    the upload leaves an audit row with the file's SHA-256."""
    number = world.home.learner.id_number
    evidence = attach(world.home.provider_user, record, upload(name=f"{number}-张三.jpg"))
    [stored] = files_in(store)
    assert stored.read_bytes() == SAMPLES["image/jpeg"][1]
    assert number not in evidence.file.name
    assert "张三" not in evidence.file.name
    assert stored.suffix == ".jpg"
    entry = AuditEntry.objects.get(action="evidence.attach")
    assert entry.detail["sha256"] == evidence.sha256
    assert number not in json.dumps(entry.detail, ensure_ascii=False)


def _refused(world, record, store, file) -> str:
    with pytest.raises(EvidenceInvalid) as refused:
        attach(world.home.provider_user, record, file)
    assert Evidence.objects.count() == 0
    assert files_in(store) == []
    assert not AuditEntry.objects.filter(action="evidence.attach").exists()
    return refused.value.message()


def test_a_text_file_named_jpg_is_refused_and_nothing_is_stored(world, record, store) -> None:
    message = _refused(world, record, store, text_as_jpeg("签到.jpg"))
    assert message == (
        "文件“签到.jpg”不是 JPEG、PNG 或 WebP 照片、MP4 或 WebM 视频，也不是 PDF 扫描件："
        "检查的是文件内容，而不是文件名。"
    )


def test_an_empty_file_is_refused(world, record, store) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    message = _refused(world, record, store, SimpleUploadedFile("空.jpg", b""))
    assert message == "文件“空.jpg”是空的（0 字节）。"


def test_an_unsupported_type_is_refused(world, record, store) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    gif = SimpleUploadedFile("动图.gif", b"GIF89a\x01\x00\x01\x00" + b"\0" * 32)
    assert "动图.gif" in _refused(world, record, store, gif)


def test_a_file_over_its_kinds_limit_is_refused(world, record, store, settings) -> None:
    """Limits are per kind and set in settings (JXJY_EVIDENCE_MAX_BYTES)."""
    settings.JXJY_EVIDENCE_MAX_BYTES = {"photo": KB, "video": 100 * KB, "scan": KB}
    big = upload("image/jpeg")
    big.file.seek(0, 2)
    big.file.write(b"\0" * 2 * KB)
    big.size = big.file.tell()
    message = _refused(world, record, store, big)
    assert message == "文件“课堂.jpg”大小为 2.1\xa0KB；照片最大为 1.0\xa0KB。"
    # The same size is a video's right.
    video = upload("video/mp4")
    video.file.seek(0, 2)
    video.file.write(b"\0" * 2 * KB)
    video.size = video.file.tell()
    assert attach(world.home.provider_user, record, video).kind == "video"


def test_exactly_one_target_is_required_by_the_database(world, record, store) -> None:
    evidence = attach(world.home.provider_user, record)
    project = approved(world.home.provider_user, world.home.reviewer_user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.filter(pk=evidence.pk).update(project=project)
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.filter(pk=evidence.pk).update(record=None)


# ---------------------------------------------------------------------------------------
# Who may attach, on what


def test_only_the_registrant_or_an_operator_attaches_to_a_record(world, record, store) -> None:
    from django.core.exceptions import PermissionDenied

    for user in (
        world.home.learner_user,
        world.home.employer_user,
        world.home.reviewer_user,
        world.other.provider_user,
    ):
        with pytest.raises(PermissionDenied):
            attach(user, record)
    assert files_in(store) == []
    assert attach(world.operator, record).uploaded_by == world.operator


def test_a_superseded_record_takes_no_evidence(world, record, store) -> None:
    ledger.record_supersede(
        actor=world.home.provider_user, record=record, fields=THEORY, reason="更正学时"
    )
    record.refresh_from_db()
    with pytest.raises(EvidenceInvalid) as refused:
        attach(world.home.provider_user, record)
    assert refused.value.message() == (
        f"记录 {record.pk} 的状态为“已被更正”：证明材料只能附于有效的记录（已登记或已核验）。"
    )
    assert files_in(store) == []


def test_evidence_a_decision_rested_on_stays(world, record, store) -> None:
    """Removal is possible while the record waits for its decision, not after."""
    evidence = attach(world.home.provider_user, record)
    ledger.record_verify(actor=world.home.reviewer_user, record=record)
    with pytest.raises(EvidenceInvalid):
        evidence_remove(actor=world.home.provider_user, evidence=evidence)
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_removing_deletes_the_row_then_the_file_with_an_audit_row(
    world, record, store, django_capture_on_commit_callbacks
) -> None:
    evidence = attach(world.home.provider_user, record)
    with django_capture_on_commit_callbacks(execute=True):
        evidence_remove(actor=world.home.provider_user, evidence=evidence)
    assert not Evidence.objects.exists()
    assert files_in(store) == []
    entry = AuditEntry.objects.get(action="evidence.remove")
    assert entry.detail["sha256"] == evidence.sha256
    assert entry.actor == world.home.provider_user


def test_project_and_session_evidence_needs_an_approved_project(world, store) -> None:
    """金华（八）: evidence is of training held; a project is held once filed and approved
    (宁夏 三（一）)."""
    home = world.home
    project = approved(home.provider_user, home.reviewer_user)
    session = project.sessions.first()
    assert attach(home.provider_user, project).project == project
    assert attach(home.provider_user, session).session == session
    drafted = draft(home.provider_user, title="草稿项目")
    with pytest.raises(EvidenceInvalid) as refused:
        attach(home.provider_user, drafted)
    assert refused.value.message().startswith(f"项目 {drafted.pk} 尚未批准")
    assert len(files_in(store)) == 2


# ---------------------------------------------------------------------------------------
# Who may see it: the download


def test_the_download_is_for_those_who_see_the_record(world, record, store) -> None:
    """The learner, their employer, the registrant, the HR reviewer over the region and
    operators download it; the other city's roles get 404."""
    evidence = attach(world.home.provider_user, record)
    url = f"/evidence/{evidence.pk}/"
    home, other = world.home, world.other
    for user in (
        home.learner_user,
        home.employer_user,
        home.provider_user,
        home.reviewer_user,
        world.operator,
    ):
        response = signed_in(user).get(url)
        assert response.status_code == 200, user
        assert b"".join(response.streaming_content) == SAMPLES["image/jpeg"][1]
        assert response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"] == f'inline; filename="evidence-{evidence.pk}.jpg"'
    for user in (other.learner_user, other.employer_user, other.provider_user, other.reviewer_user):
        assert signed_in(user).get(url).status_code == 404, user
    assert Client().get(url).status_code == 302  # to the login page


def test_a_scan_is_downloaded_as_an_attachment(world, record, store) -> None:
    evidence = attach(world.home.provider_user, record, upload("application/pdf"))
    response = signed_in(world.home.learner_user).get(f"/evidence/{evidence.pk}/")
    assert response["Content-Disposition"] == f'attachment; filename="evidence-{evidence.pk}.pdf"'


def test_a_video_is_served_in_the_parts_a_player_asks_for(world, record, store) -> None:
    """A player seeking in a video asks for byte ranges (RFC 9110 §14): each is a 206 with
    exactly those bytes; a range past the end is 416; several ranges, or an If-Range this
    response has no validator to match, get the whole file."""
    evidence = attach(world.home.provider_user, record, upload("video/mp4"))
    whole = SAMPLES["video/mp4"][1]
    size = len(whole)
    client = signed_in(world.home.reviewer_user)
    url = f"/evidence/{evidence.pk}/"
    full = client.get(url)
    assert (full.status_code, full["Accept-Ranges"]) == (200, "bytes")
    for header, first, last in [
        ("bytes=0-9", 0, 9),
        ("bytes=10-", 10, size - 1),
        ("bytes=-8", size - 8, size - 1),
        (f"bytes=4-{size + 100}", 4, size - 1),
    ]:
        part = client.get(url, headers={"Range": header})
        assert part.status_code == 206, header
        assert b"".join(part.streaming_content) == whole[first : last + 1], header
        assert part["Content-Range"] == f"bytes {first}-{last}/{size}", header
        assert part["Content-Length"] == str(last - first + 1), header
        assert part["Content-Type"] == "video/mp4"
        assert part["X-Content-Type-Options"] == "nosniff"
        assert part["Content-Disposition"] == f'inline; filename="evidence-{evidence.pk}.mp4"'
    beyond = client.get(url, headers={"Range": f"bytes={size}-"})
    assert (beyond.status_code, beyond["Content-Range"]) == (416, f"bytes */{size}")
    for headers in (
        {"Range": "bytes=0-1,4-5"},
        {"Range": "bytes=5-2"},
        {"Range": "lines=1-2"},
        {"Range": "bytes=0-9", "If-Range": '"abc"'},
    ):
        ignored = client.get(url, headers=headers)
        assert ignored.status_code == 200, headers
        assert b"".join(ignored.streaming_content) == whole, headers
    stranger = signed_in(world.other.reviewer_user).get(url, headers={"Range": "bytes=0-9"})
    assert stranger.status_code == 404


def test_project_evidence_is_for_the_organiser_and_the_bureau_only(world, store) -> None:
    """Photos of a class show other people: the learner and employers do not get them."""
    home = world.home
    project = approved(home.provider_user, home.reviewer_user)
    evidence = attach(home.provider_user, project.sessions.first())
    url = f"/evidence/{evidence.pk}/"
    for user in (home.provider_user, home.reviewer_user, world.operator):
        assert signed_in(user).get(url).status_code == 200, user
    for user in (
        home.learner_user,
        home.employer_user,
        world.other.reviewer_user,
        world.other.provider_user,
    ):
        assert signed_in(user).get(url).status_code == 404, user


def test_no_public_address_serves_the_evidence_folder(world, record, store) -> None:
    evidence = attach(world.home.provider_user, record)
    assert Client().get("/" + evidence.file.name).status_code == 404
    assert signed_in(world.operator).get("/evidence/" + evidence.file.name).status_code == 404


# ---------------------------------------------------------------------------------------
# The pages


def test_the_page_upload_shows_the_reason_and_stores_nothing(world, record, store) -> None:
    client = signed_in(world.home.provider_user)
    page = f"/provider/records/{record.pk}/"
    response = client.post(
        "/evidence/new/",
        {"target": f"record:{record.pk}", "file": text_as_jpeg("签到.jpg"), "next": page},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == page
    assert "文件“签到.jpg”不是 JPEG" in response.content.decode()
    assert files_in(store) == []
    assert not Evidence.objects.exists()
    response = client.post(
        "/evidence/new/",
        {"target": f"record:{record.pk}", "file": upload(), "description": "第一天", "next": page},
        follow=True,
    )
    evidence = Evidence.objects.get()
    html = response.content.decode()
    assert f'href="/evidence/{evidence.pk}/"' in html
    assert "第一天" in html


def test_uploading_to_a_record_one_may_not_see_is_404(world, record, store) -> None:
    client = signed_in(world.other.provider_user)
    response = client.post("/evidence/new/", {"target": f"record:{record.pk}", "file": upload()})
    assert response.status_code == 404
    assert files_in(store) == []
    assert not Evidence.objects.exists()


def test_the_record_page_shows_the_history_after_two_corrections(world, record) -> None:
    """A registered record is never edited: each correction supersedes the last, and the
    page of any version shows the whole chain with who, when and why."""
    provider = world.home.provider_user
    client = signed_in(provider)
    fields = {
        **THEORY,
        "kind": "offline_theory",
        "subject": "",
        "passed": "true",
    }
    response = client.post(
        f"/provider/records/{record.pk}/", {**fields, "hours": "6", "reason": "学时录错"}
    )
    second = CreditRecord.objects.get(supersedes=record)
    assert response.status_code == 302
    assert response["Location"] == f"/provider/records/{second.pk}/"
    ledger.record_verify(actor=world.home.reviewer_user, record=second)
    client.post(f"/provider/records/{second.pk}/", {**fields, "hours": "4", "reason": "只到半天"})
    third = CreditRecord.objects.get(supersedes=second)
    for shown in (record, second, third):
        html = client.get(f"/provider/records/{shown.pk}/").content.decode()
        rows = tagged(html, "history-row")
        assert [int(a["data-record-id"]) for a, _ in rows] == [record.pk, second.pk, third.pk]
        assert "学时录错" in rows[0][1]
        assert "只到半天" in rows[1][1]
        assert f"#{second.pk}" in rows[0][1]
        assert f"#{third.pk}" in rows[1][1]
    statuses = [CreditRecord.objects.get(pk=r.pk).status for r in (record, second, third)]
    assert statuses == [Status.SUPERSEDED, Status.SUPERSEDED, Status.REGISTERED]


def test_the_correction_form_is_prefilled_and_needs_a_reason(world, record) -> None:
    client = signed_in(world.home.provider_user)
    html = client.get(f"/provider/records/{record.pk}/").content.decode()
    assert 'name="hours" value="8"' in html
    assert 'name="date" value="2023-03-01"' in html
    response = client.post(f"/provider/records/{record.pk}/", {**THEORY, "reason": ""})
    assert response.status_code == 400
    assert CreditRecord.objects.count() == 1
    assert CreditRecord.objects.get().status == Status.REGISTERED


def test_the_records_list_links_each_record_to_its_page(world, record) -> None:
    html = signed_in(world.home.provider_user).get("/provider/records/").content.decode()
    assert f'href="/provider/records/{record.pk}/"' in html


# ---------------------------------------------------------------------------------------
# The API


def test_the_api_uploads_lists_downloads_and_removes(world, record, store) -> None:
    client = Client()
    provider = bearer(world.home.provider_user)
    response = client.post(
        "/api/evidence",
        {"target": "record", "target_id": record.pk, "file": upload("video/webm")},
        headers=provider,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["content_type"], body["target"]) == ("video", "video/webm", "record")
    learner = bearer(world.home.learner_user)
    listed = client.get("/api/evidence", {"record": record.pk}, headers=learner).json()
    assert [e["id"] for e in listed["items"]] == [body["id"]]
    file = client.get(body["url"], headers=learner)
    assert file.status_code == 200
    assert file["X-Content-Type-Options"] == "nosniff"
    other = bearer(world.other.learner_user)
    assert client.get(body["url"], headers=other).status_code == 404
    assert client.get("/api/evidence", headers=other).json()["count"] == 0
    assert client.delete(f"/api/evidence/{body['id']}", headers=learner).status_code == 403
    assert client.delete(f"/api/evidence/{body['id']}", headers=provider).status_code == 204
    assert not Evidence.objects.exists()


def test_the_api_says_why_a_file_is_refused(world, record, store) -> None:
    response = Client().post(
        "/api/evidence",
        {"target": "record", "target_id": record.pk, "file": text_as_jpeg()},
        headers=bearer(world.home.provider_user),
    )
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert (error["field"], error["code"]) == ("file", "unsupported")
    assert error["message"].startswith("文件“照片.jpg”不是 JPEG")
    assert files_in(store) == []
    assert not Evidence.objects.exists()
    hidden = Client().post(
        "/api/evidence",
        {"target": "record", "target_id": record.pk, "file": upload()},
        headers=bearer(world.other.provider_user),
    )
    assert hidden.status_code == 404
    assert files_in(store) == []


def test_the_project_page_offers_uploads_to_the_organiser_only(world, store) -> None:
    """金华（八）: the organiser enters photos of the project and of each session; the HR
    bureau over the region sees them; a draft project takes none yet."""
    home = world.home
    project = approved(home.provider_user, home.reviewer_user)
    session = project.sessions.first()
    organiser = signed_in(home.provider_user)
    url = f"/evidence/projects/{project.pk}/"
    project_page = organiser.get(f"/projects/{project.pk}/").content.decode()
    assert f'href="{url}"' in project_page
    organiser.post(
        "/evidence/new/", {"target": f"session:{session.pk}", "file": upload(), "next": url}
    )
    html = organiser.get(url).content.decode()
    sessions = tagged(html, "session-evidence")
    assert len(tagged(html, "evidence-upload")) == 1 + len(sessions) == 4  # 3 sessions
    with_photo = [a["data-session-id"] for a, text in sessions if "照片 #" in text]
    assert with_photo == [str(session.pk)]
    bureau = signed_in(home.reviewer_user).get(url).content.decode()
    assert tagged(bureau, "evidence-upload") == []
    assert len(tagged(bureau, "evidence-row")) == 1
    assert tagged(bureau, "evidence-remove") == []
    for user in (home.employer_user, world.other.provider_user, world.other.reviewer_user):
        assert signed_in(user).get(url).status_code == 404, user
    drafted = draft(home.provider_user, title="草稿项目")
    html = organiser.get(f"/evidence/projects/{drafted.pk}/").content.decode()
    assert tagged(html, "evidence-upload") == []


def test_a_decided_record_offers_no_removal(world, record, store) -> None:
    attach(world.home.provider_user, record)
    client = signed_in(world.home.provider_user)
    page = f"/provider/records/{record.pk}/"
    assert len(tagged(client.get(page).content.decode(), "evidence-remove")) == 1
    ledger.record_verify(actor=world.home.reviewer_user, record=record)
    html = client.get(page).content.decode()
    assert tagged(html, "evidence-remove") == []
    assert len(tagged(html, "evidence-upload")) == 1  # more evidence may still be added
