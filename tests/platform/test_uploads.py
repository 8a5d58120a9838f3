"""A file larger than any upload may be is dropped while it arrives (`jxjy.uploads`), and
every upload form and API says so: nothing is kept."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.test import Client, RequestFactory

from factories import bearer, signed_in
from jxjy.imports.models import ImportBatch
from jxjy.ledger.models import Evidence
from jxjy.uploads import FORM_ROOM, LimitedUploadHandler, too_large, upload_limit
from samples import SAMPLES

LIMIT = 4096


@pytest.fixture
def small_limit(settings, store, tmp_path):
    """Every upload limit at 4 KiB, so that a test file can pass it; rosters kept in a
    folder of the test's own."""
    settings.JXJY_EVIDENCE_MAX_BYTES = dict.fromkeys(("photo", "video", "scan"), LIMIT)
    settings.IMPORT_MAX_BYTES = LIMIT
    settings.IMPORTS_DIR = tmp_path / "imports"
    assert upload_limit() == LIMIT
    return store


#: Over the limit by a little (stopped at the limit as it arrives) and by more than the
#: request may hold (stopped at once, by the request's length).
SIZES = pytest.mark.parametrize("size", [LIMIT + 1000, LIMIT + FORM_ROOM + 1000])


def big_jpeg(size: int) -> SimpleUploadedFile:
    head = SAMPLES["image/jpeg"][1]
    return SimpleUploadedFile("大照片.jpg", head + b"\0" * (size - len(head)), "image/jpeg")


def big_csv(size: int) -> SimpleUploadedFile:
    header = "身份证号,姓名\n".encode()
    return SimpleUploadedFile("roster.csv", header + b"x" * (size - len(header)), "text/csv")


@SIZES
def test_a_page_upload_of_evidence_too_large_is_dropped_and_said(
    world, record, small_limit, size
) -> None:
    home = world.home
    response = signed_in(home.provider_user).post(
        "/evidence/new/",
        {"target": f"record:{record.pk}", "file": big_jpeg(size), "next": "/provider/records/"},
        follow=True,
    )
    said = "文件超过 4.0\xa0KB（任何上传的上限），未保存任何内容"  # filesizeformat's own space
    assert said in response.content.decode()
    assert not Evidence.objects.exists()
    assert not [p for p in small_limit.rglob("*") if p.is_file()]


@SIZES
def test_the_api_refuses_evidence_too_large_by_its_field(world, record, small_limit, size) -> None:
    home = world.home
    response = Client().post(
        "/api/evidence",
        {"target": "record", "target_id": record.pk, "file": big_jpeg(size)},
        headers=bearer(home.provider_user),
    )
    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("file", "too_large")]
    assert not Evidence.objects.exists()


@SIZES
def test_a_roster_too_large_is_dropped_and_said_on_the_page_and_by_the_api(
    world, small_limit, settings, size
) -> None:
    home = world.home
    page = signed_in(home.provider_user).post("/provider/imports/upload/", {"file": big_csv(size)})
    assert page.status_code == 400
    assert "文件过大" in page.content.decode()
    api = Client().post("/api/imports", {"file": big_csv(size)}, headers=bearer(home.provider_user))
    assert api.status_code == 422
    assert api.json()["errors"][0]["code"] == "too_big"
    assert not ImportBatch.objects.exists()
    assert not list(settings.IMPORTS_DIR.glob("*"))


def test_a_file_within_the_limit_passes_through(world, record, small_limit) -> None:
    home = world.home
    response = Client().post(
        "/api/evidence",
        {"target": "record", "target_id": record.pk, "file": big_jpeg(LIMIT)},
        headers=bearer(home.provider_user),
    )
    assert response.status_code == 201, response.content
    assert Evidence.objects.get().size == LIMIT


class Recording(FileUploadHandler):
    """A handler after the limit's: counts the bytes that reach it."""

    received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        Recording.received += len(raw_data)

    def file_complete(self, file_size: int) -> None:
        return None


@SIZES
def test_the_bytes_of_a_file_too_large_never_reach_the_handlers_that_keep_files(
    small_limit, size
) -> None:
    """The limit's handler drops the file before any byte of it goes on (the first chunk
    is already over 4 KiB); the form's other fields are read as usual."""
    request = RequestFactory().post("/", {"target": "record:1", "file": big_csv(size)})
    Recording.received = 0
    request.upload_handlers = [LimitedUploadHandler(request), Recording(request)]
    assert (dict(request.POST), dict(request.FILES)) == ({"target": ["record:1"]}, {})
    assert Recording.received == 0
    assert too_large(request) is not None
    kept = RequestFactory().post("/", {"file": big_csv(LIMIT)})
    kept.upload_handlers = [LimitedUploadHandler(kept), Recording(kept)]
    assert kept.FILES == {}  # Recording makes no file of what it gets
    assert too_large(kept) is None
    assert Recording.received == LIMIT
