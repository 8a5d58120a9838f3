"""Roster imports (issue 4, section 3): the templates, every check of a row, the refusals
of a bad file, the preview, the all-or-nothing commit, idempotent re-uploads, the error
report, and the pages and API around them. Every refusal is shown with its message and
with proof that nothing was written."""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
from collections.abc import Iterator
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from factories import PersonFactory, registered, verified
from imports_helpers import HEADER, approved_project, new_id, newcomer_row, row, xlsx
from jxjy.audit.models import AuditEntry
from jxjy.evaluation.models import PersonYear
from jxjy.evaluation.services import (
    STANDING_FIELDS,
    person_years_refresh,
    person_years_refresh_many,
)
from jxjy.imports import services
from jxjy.imports.columns import COLUMNS
from jxjy.imports.files import FileRefused
from jxjy.imports.models import ImportBatch
from jxjy.imports.problems import problem_message
from jxjy.imports.progress import progress_get
from jxjy.imports.report import report_xlsx
from jxjy.imports.template import HELP_SHEET, LISTS_SHEET, ROSTER_SHEET, template_csv, template_xlsx
from jxjy.ledger.models import CreditRecord, Source
from jxjy.people.models import Person

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _imports_dir(settings, tmp_path) -> None:
    """Each test keeps its files, and progress, apart (batch ids repeat across tests)."""
    from django.core.cache import cache

    settings.IMPORTS_DIR = tmp_path / "imports"
    cache.clear()


def csv_bytes(rows: list[list[Any]], header: list[str] = HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def upload(actor, data: bytes, name: str = "roster.xlsx") -> ImportBatch:
    batch = services.batch_upload(actor=actor, filename=name, chunks=[data], size=len(data))
    batch.refresh_from_db()
    return batch


def messages(batch: ImportBatch, lang: str = "zh") -> list[str]:
    return [
        problem_message(p.row, p.column, p.code, p.params.items(), lang)  # type: ignore[arg-type]
        for p in batch.problems.order_by("row", "id")
    ]


def refusal(actor, data: bytes, name: str = "roster.xlsx", lang: str = "zh") -> list[str]:
    with pytest.raises(FileRefused) as refused:
        services.batch_upload(actor=actor, filename=name, chunks=[data], size=len(data))
    return [p.message(lang) for p in refused.value.problems]  # type: ignore[arg-type]


class Ledger:
    """What an import could have written: records, people, batches, standings, audit."""

    def __init__(self) -> None:
        self.before = self.counts()

    @staticmethod
    def counts() -> dict[str, int]:
        return {
            "records": CreditRecord.objects.count(),
            "people": Person.objects.count(),
            "standings": PersonYear.objects.count(),
            "batches": ImportBatch.objects.count(),
            "commits": AuditEntry.objects.filter(action="import.commit").count(),
        }

    def changed(self) -> dict[str, int]:
        after = self.counts()
        return {k: after[k] - v for k, v in self.before.items() if after[k] != v}


def commit(actor, batch: ImportBatch) -> ImportBatch:
    services.batch_commit_request(actor=actor, batch=batch)
    batch.refresh_from_db()
    return batch


# ---------------------------------------------------------------------------------------
# The templates


def test_the_xlsx_template_has_chinese_headers_lists_and_an_explanation() -> None:
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx()))
    roster = book[ROSTER_SHEET]
    headers = [cell.value for cell in roster[1]]
    assert headers[:4] == ["身份证号", "姓名", "项目备案号", "开始日期"]
    assert all(roster.cell(row=1, column=i).comment for i in range(1, len(headers) + 1))
    lists = {
        headers[next(iter(check.sqref.ranges)).min_col - 1]: check.formula1
        for check in roster.data_validations.dataValidation
    }
    assert set(lists) >= {"活动类型", "科目", "级别", "已备案", "考核合格"}
    kinds = book[LISTS_SHEET]
    words = [c.value for c in next(kinds.iter_cols(min_row=2)) if c.value]
    assert "线下理论学习" in words
    assert len(words) == 21
    assert book[LISTS_SHEET].sheet_state == "hidden"
    explained = [r[0] for r in book[HELP_SHEET].iter_rows(min_row=2, values_only=True) if r[0]]
    assert set(headers) <= set(explained)


def test_the_csv_template_has_the_same_columns_with_a_bom() -> None:
    data = template_csv()
    assert data.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx()))
    assert header == [cell.value for cell in book[ROSTER_SHEET][1]]


def test_the_template_filled_in_imports(world) -> None:
    """The template's own sheet, filled in, is accepted as it is."""
    home = world.home
    project = approved_project(world)
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx()))
    book[ROSTER_SHEET].append(row(home.learner, project))
    out = io.BytesIO()
    book.save(out)
    batch = upload(home.provider_user, out.getvalue())
    assert (batch.status, batch.problem_count, batch.rows) == ("validated", 0, 1)


# ---------------------------------------------------------------------------------------
# A good file: preview, commit


def test_a_roster_is_checked_previewed_and_registered_all_at_once(world) -> None:
    """宁夏 三（一）: the records of an approved project's roster are filed and approved;
    a new person is created with the fields the file gives; source is import and every
    record carries the batch's key; standings are refreshed; one audit row."""
    home = world.home
    project = approved_project(world)
    number = new_id("330702", 7)
    rows = [
        row(home.learner, project),
        row(home.colleague, project, date="2026-03-03", hours="4"),
        newcomer_row(project, 7),
    ]
    ledger = Ledger()
    batch = upload(home.provider_user, xlsx(rows))
    assert (batch.status, batch.rows, batch.problem_count, batch.people_to_create) == (
        "validated",
        3,
        0,
        1,
    )
    assert ledger.changed() == {"batches": 1}  # the preview writes nothing else
    batch = commit(home.provider_user, batch)
    assert (batch.status, batch.registered, batch.people_created) == ("committed", 3, 1)
    created = Person.objects.get(id_number=number)
    assert (created.name, created.gender, created.region.code, created.talent) == (
        "新学员",
        "M",
        "330702",
        "skilled",
    )
    assert created.birth_date == dt.date(1990, 5, 17)
    records = CreditRecord.objects.filter(batch=str(batch.key))
    assert records.count() == 3
    assert set(records.values_list("source", "approved", "project_id")) == {
        (Source.IMPORT, True, project.pk)
    }
    assert set(records.values_list("registered_by_id", flat=True)) == {home.provider.pk}
    assert PersonYear.objects.filter(person=created, year=2026, pending=1).exists()
    assert AuditEntry.objects.filter(action="import.commit", target_id=str(batch.pk)).count() == 1


def test_english_headers_in_any_order_and_csv(world) -> None:
    home = world.home
    project = approved_project(world)
    header = ["kind", "hours", "date", "name", "id_number", "filing_number"]
    data = csv_bytes(
        [
            [
                "offline_theory",
                "8",
                "2026-03-02",
                home.learner.name,
                home.learner.id_number,
                project.filing_number,
            ]
        ],
        header,
    )
    batch = upload(home.provider_user, data, "roster.csv")
    assert (batch.format, batch.status, batch.problem_count, batch.rows) == (
        "csv",
        "validated",
        0,
        1,
    )


def test_a_training_row_without_a_filing_number_is_registered_as_not_filed(world) -> None:
    """宁夏 三（一）: training without a filed project does not count where filing is
    required (`ledger.services.record_approval`)."""
    home = world.home
    rows = [row(home.learner, None, kind="线下理论学习", date="2023-03-01")]
    batch = commit(home.provider_user, upload(home.provider_user, xlsx(rows)))
    assert batch.status == "committed"
    assert CreditRecord.objects.get(batch=str(batch.key)).approved is False


# ---------------------------------------------------------------------------------------
# Bad rows: each has its message, and nothing is registered


BAD_ROWS = [
    (
        "wrong ID digits",
        {"id_number": "330702198501010010"},
        "第 1 行，字段 id_number：不是有效的公民身份号码：校验码不符（GB 11643）",
    ),
    ("unknown kind", {"kind": "瑜伽"}, "第 1 行，字段 kind：未知的活动类型（瑜伽）"),
    ("negative hours", {"hours": "-1"}, "第 1 行，字段 hours：不能为负数（-1）"),
    (
        "dates outside the project",
        {"date": "2026-04-01"},
        "第 1 行，字段 date：活动日期不在培训项目的起止日期内",
    ),
    (
        "kind not the project's",
        {"kind": "线下技能操作"},
        "第 1 行，字段 kind：活动类型与培训项目的类型不一致",
    ),
    (
        "unknown filing number",
        {"filing_number": "NO-SUCH"},
        "第 1 行，字段 filing_number：没有此备案号的培训项目（NO-SUCH）",
    ),
    (
        "name differs",
        {"name": "李四"},
        "第 1 行，字段 name：姓名与平台上此身份证号人员的姓名不一致",
    ),
    ("no date", {"date": ""}, "第 1 行，字段 date：缺少必填字段"),
    (
        "0.125 hours (issue 9)",
        {"hours": "0.125"},
        "第 1 行，字段 hours：小数位数过多（0.125），最多 2 位小数",
    ),
    (
        "201-character title (issue 9)",
        {"title": "课" * 201},
        "第 1 行，字段 title：文本过长（201 个字符），最多 200 个字符",
    ),
    (
        "65-character name (issue 9)",
        {"name": "名" * 65},
        "第 1 行，字段 name：文本过长（65 个字符），最多 64 个字符",
    ),
    (
        "name with a right-to-left override",
        {"name": "张\u202e三"},
        "第 1 行，字段 name：含有不允许的字符 U+202E（控制字符或文字方向控制符）",
    ),
    (
        "ID number typed as a number",
        {"id_number": 330702198501010011},
        "第 1 行，字段 id_number：身份证号须按文本填写"
        "（单元格是数字，末尾几位可能已被 Excel 改掉）",
    ),
]


@pytest.mark.parametrize(("case", "change", "message"), BAD_ROWS, ids=[c[0] for c in BAD_ROWS])
def test_a_bad_row_is_named_and_nothing_is_registered(world, case, change, message) -> None:
    home = world.home
    project = approved_project(world)
    ledger = Ledger()
    batch = upload(home.provider_user, xlsx([row(home.learner, project, **change)]))
    assert batch.status == "validated"
    assert message in messages(batch)
    assert not batch.can_commit
    with pytest.raises(services.NotReady):
        services.batch_commit_request(actor=home.provider_user, batch=batch)
    assert ledger.changed() == {"batches": 1}


def test_a_65_character_name_of_a_new_person_is_refused_before_commit(world) -> None:
    """Issue 9: a 65-character name passed every check and failed at commit on PostgreSQL
    (people.Person.name holds 64)."""
    home = world.home
    project = approved_project(world)
    newcomer = newcomer_row(project, 11)
    newcomer[[c.field for c in COLUMNS].index("name")] = "名" * 65
    ledger = Ledger()
    batch = upload(home.provider_user, xlsx([newcomer]))
    assert messages(batch) == ["第 1 行，字段 name：文本过长（65 个字符），最多 64 个字符"]
    assert not batch.can_commit
    assert ledger.changed() == {"batches": 1}
    newcomer[[c.field for c in COLUMNS].index("name")] = "名" * 64
    assert upload(home.provider_user, xlsx([newcomer])).can_commit


def test_a_new_person_needs_region_and_talent(world) -> None:
    home = world.home
    rows = [row(None, None, id_number=new_id("330702", 3), name="新人", kind="自学")]
    ledger = Ledger()
    batch = upload(home.provider_user, xlsx(rows))
    assert messages(batch) == [
        "第 1 行，字段 region_code：缺少必填字段",
        "第 1 行，字段 talent：缺少必填字段",
    ]
    assert ledger.changed() == {"batches": 1}


def test_a_new_persons_gender_must_match_the_id_number(world) -> None:
    home = world.home
    number = new_id("330702", 5)  # a man
    rows = [
        row(
            None,
            None,
            id_number=number,
            name="新人",
            kind="自学",
            region_code="330702",
            talent="技能人才",
            gender="女",
        )
    ]
    batch = upload(home.provider_user, xlsx(rows))
    assert messages(batch) == ["第 1 行，字段 gender：性别与身份证号所载不一致"]


def test_duplicate_rows_in_the_file_are_problems(world) -> None:
    home = world.home
    project = approved_project(world)
    same = row(home.learner, project)
    ledger = Ledger()
    batch = upload(home.provider_user, xlsx([same, same]))
    assert messages(batch) == ["第 2 行：与第 1 行是同一条记录"]
    assert messages(batch, "en") == ["row 2: the same record as row 1"]
    assert ledger.changed() == {"batches": 1}


def test_a_project_of_another_organisation_is_refused(world) -> None:
    """A provider registers records only of the projects it runs."""
    home, other = world.home, world.other
    project = approved_project(world)
    batch = upload(other.provider_user, xlsx([row(home.learner, project)]))
    assert "第 1 行，字段 filing_number：培训项目由其他单位举办" in messages(batch)


def test_an_employer_registers_only_its_own_people(world) -> None:
    """宁波 第十七条: an employer registers its own training of its own employees."""
    home, other = world.home, world.other
    rows = [row(other.learner, None, kind="自学", date="2023-05-01")]
    batch = upload(home.employer_user, xlsx(rows))
    assert "第 1 行，字段 id_number：此人不是本单位职工，本单位不能为其登记" in messages(batch)


def test_messages_in_english(world) -> None:
    home = world.home
    project = approved_project(world)
    batch = upload(
        home.provider_user, xlsx([row(home.learner, project, id_number="330702198501010010")])
    )
    assert messages(batch, "en") == [
        "row 1, field id_number: not a valid resident ID number: the check digit does not match"
        " (GB 11643)"
    ]


# ---------------------------------------------------------------------------------------
# Bad files: refused at once, nothing kept


def _not_a_spreadsheet() -> bytes:
    return b"%PDF-1.4 this is not a workbook"


BAD_FILES = [
    ("0-byte upload", lambda: b"", "roster.xlsx", "文件：文件是空的（0 字节）"),
    (
        "not a spreadsheet renamed .xlsx",
        _not_a_spreadsheet,
        "roster.xlsx",
        "文件：不是有效的 XLSX 电子表格（可能是改了扩展名的其他文件）",
    ),
    (
        "a zip that is not a workbook",
        lambda: _zip(),
        "roster.xlsx",
        "文件：不是有效的 XLSX 电子表格（可能是改了扩展名的其他文件）",
    ),
    ("an empty CSV", lambda: b"\n\n", "roster.csv", "文件：文件为空或没有表头"),
    ("a header and no rows", lambda: xlsx([]), "roster.xlsx", "文件：表头下没有数据行"),
    (
        "a missing column",
        lambda: xlsx([["x"]], [h for h in HEADER if h != "开始日期"]),
        "roster.xlsx",
        "表头，列 date：缺少必需的列",
    ),
    (
        "a renamed column",
        lambda: xlsx([["x"]], [h if h != "学时" else "课时" for h in HEADER]),
        "roster.xlsx",
        "表头，列 课时：未知字段",
    ),
    (
        "a PDF",
        lambda: b"%PDF",
        "roster.pdf",
        "文件：不支持的文件类型（.pdf），请上传 .xlsx 或 .csv",
    ),
    (
        "not UTF-8",
        lambda: "身份证号,姓名".encode("gbk"),
        "roster.csv",
        "文件：不是 UTF-8 编码（第 0 字节）",
    ),
]


def _zip() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("case", "data", "name", "message"), BAD_FILES, ids=[c[0] for c in BAD_FILES]
)
def test_a_bad_file_is_refused_and_nothing_kept(world, settings, case, data, name, message) -> None:
    home = world.home
    ledger = Ledger()
    assert message in refusal(home.provider_user, data(), name)
    assert ledger.changed() == {}
    assert not list(settings.IMPORTS_DIR.glob("*"))  # the file was not kept either


def test_an_oversized_upload_is_refused(world, settings) -> None:
    home = world.home
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    data = b"x" * (settings.IMPORT_MAX_BYTES + 1)
    ledger = Ledger()
    assert refusal(home.provider_user, data) == ["文件：文件过大（1.1 MB），上限为 1 MB"]
    assert ledger.changed() == {}


def test_an_upload_bigger_than_it_said_is_refused_while_read(world, settings) -> None:
    home = world.home
    settings.IMPORT_MAX_BYTES = 10
    with pytest.raises(FileRefused):
        services.batch_upload(
            actor=home.provider_user, filename="a.csv", chunks=[b"x" * 11], size=5
        )
    assert not list(settings.IMPORTS_DIR.glob("*"))


# ---------------------------------------------------------------------------------------
# Re-uploads and the all-or-nothing commit


def test_the_same_file_again_registers_nothing_and_points_at_the_earlier_batch(world) -> None:
    home = world.home
    project = approved_project(world)
    data = xlsx([row(home.learner, project)])
    first = commit(home.provider_user, upload(home.provider_user, data))
    ledger = Ledger()
    with pytest.raises(services.SameFile) as same:
        services.batch_upload(
            actor=home.provider_user, filename="again.xlsx", chunks=[data], size=len(data)
        )
    assert same.value.earlier == first
    assert f"（批次 {first.pk}）" in same.value.problems[0].message("zh")
    assert ledger.changed() == {}


def test_rows_already_in_the_ledger_are_problems(world) -> None:
    """Another file holding a row already registered: that row is a problem."""
    home = world.home
    project = approved_project(world)
    commit(home.provider_user, upload(home.provider_user, xlsx([row(home.learner, project)])))
    data = xlsx([row(home.colleague, project), row(home.learner, project)])
    ledger = Ledger()
    batch = upload(home.provider_user, data)
    assert messages(batch) == [
        "第 2 行：台账中已有同一条记录（同一人员、项目、日期、类型、名称和数量）"
    ]
    assert ledger.changed() == {"batches": 1}


def test_a_commit_that_fails_midway_leaves_nothing(world, monkeypatch, caplog) -> None:
    """Force a failure after the people and records are inserted: the transaction rolls
    back, the batch says it failed, and no person, record, standing or audit row remains."""
    home = world.home
    project = approved_project(world)
    rows = [
        row(home.learner, project),
        newcomer_row(project, 9),
    ]
    batch = upload(home.provider_user, xlsx(rows))
    ledger = Ledger()

    def broken(**kwargs: Any) -> None:
        assert CreditRecord.objects.filter(batch=str(batch.key)).count() == 2  # written...
        # A message that quotes a row, as a database error's can.
        raise RuntimeError(f"the disk is full at {home.learner.id_number}")

    monkeypatch.setattr("jxjy.ledger.bulk.person_years_refresh_many", broken)
    with caplog.at_level(logging.ERROR, logger="jxjy.imports.work"):
        batch = commit(home.provider_user, batch)
    assert (batch.status, batch.failure) == ("failed", "RuntimeError")
    assert ledger.changed() == {}  # ...and gone
    assert not Person.objects.filter(name="新学员").exists()
    assert "RuntimeError" in caplog.text  # the log says what failed...
    assert home.learner.id_number not in caplog.text  # ...never whose number


def test_the_commit_checks_again_and_registers_nothing_if_the_ledger_changed(world) -> None:
    """A record registered between the check and the commit makes that row a duplicate."""
    home = world.home
    project = approved_project(world)
    batch = upload(
        home.provider_user, xlsx([row(home.learner, project), row(home.colleague, project)])
    )
    commit(home.provider_user, upload(home.provider_user, xlsx([row(home.colleague, project)])))
    ledger = Ledger()
    batch = commit(home.provider_user, batch)
    assert (batch.status, batch.problem_count) == ("validated", 1)
    assert ledger.changed() == {}


def test_progress_is_kept_outside_the_database_while_committing(world, monkeypatch) -> None:
    home = world.home
    project = approved_project(world)
    batch = upload(home.provider_user, xlsx([row(home.learner, project)]))
    seen: list[Any] = []
    real = person_years_refresh_many

    def watching(**kwargs: Any) -> None:
        seen.append(progress_get(batch.pk))  # the commit's transaction is still open
        real(**kwargs)

    monkeypatch.setattr("jxjy.ledger.bulk.person_years_refresh_many", watching)
    commit(home.provider_user, batch)
    assert [{k: v for k, v in p.items() if k != "at"} for p in seen] == [
        {"phase": "standings", "done": 0, "total": 1}
    ]


# ---------------------------------------------------------------------------------------
# The error report


def test_the_error_report_has_each_rows_problem_beside_it(world) -> None:
    home = world.home
    project = approved_project(world)
    rows = [row(home.learner, project), row(home.colleague, project, hours="-2")]
    batch = upload(home.provider_user, xlsx(rows))
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx(batch=batch, lang="zh")))
    lines = list(book.active.iter_rows(values_only=True))
    assert lines[0][:4] == ("行号", "问题", "身份证号", "姓名")
    assert lines[1][:2] == (1, None)
    assert lines[1][2] == home.learner.id_number
    assert lines[2][:3] == (2, "第 2 行，字段 hours：不能为负数（-2）", home.colleague.id_number)


# ---------------------------------------------------------------------------------------
# Standings refreshed in bulk


def test_the_bulk_refresh_gives_exactly_what_the_one_person_refresh_gives(world) -> None:
    home, other = world.home, world.other
    verified(
        home.provider_user,
        home.reviewer_user,
        home.learner,
        date="2023-03-01",
        kind="offline_theory",
        hours="8",
    )
    registered(
        home.provider_user, home.colleague, date="2022-05-01", kind="offline_theory", hours="4"
    )  # pending
    no_policy = PersonFactory(region=home.province)  # no policy is assigned there
    people = [home.learner, home.colleague, other.learner, no_policy]
    years = {p.pk: {2022, 2023} for p in people}

    def snapshot() -> list[tuple[Any, ...]]:
        return sorted(
            PersonYear.objects.filter(person__in=people).values_list(
                "person_id", "year", *STANDING_FIELDS
            )
        )

    person_years_refresh_many(years_by_person=years)
    bulk = snapshot()
    PersonYear.objects.filter(person__in=people).delete()
    for person in people:
        person_years_refresh(person=person, years=years[person.pk])
    assert snapshot() == bulk
    assert len(bulk) == 6  # the person without a policy has no standing
    assert any(row[-1] == 1 for row in bulk)  # the pending count


# ---------------------------------------------------------------------------------------
# Pages and API


def _pages(client, world) -> Iterator[Any]:
    yield client.get(reverse("imports"))


def test_the_pages_upload_preview_progress_commit_and_report(client, world) -> None:
    home = world.home
    project = approved_project(world)
    client.force_login(home.provider_user)
    assert client.get(reverse("imports")).status_code == 200
    data = io.BytesIO(xlsx([row(home.learner, project)]))
    data.name = "roster.xlsx"
    response = client.post(reverse("imports-upload"), {"file": data})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "将登记 1 条记录" in page
    state = client.get(reverse("imports-status", args=[batch.pk])).json()
    assert (state["status"], state["can_commit"]) == ("validated", True)
    assert client.post(reverse("imports-commit", args=[batch.pk])).status_code == 302
    batch.refresh_from_db()
    assert batch.status == "committed"
    listing = client.get(reverse("imports")).content.decode()
    assert batch.filename in listing


def test_a_refused_upload_shows_why_on_the_page(client, world) -> None:
    client.force_login(world.home.provider_user)
    upload_file = io.BytesIO(b"not a workbook")
    upload_file.name = "roster.xlsx"
    response = client.post(reverse("imports-upload"), {"file": upload_file})
    assert response.status_code == 400
    assert "不是有效的 XLSX 电子表格" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_provider_sees_only_its_own_batches(client, world) -> None:
    home, other = world.home, world.other
    batch = upload(home.provider_user, xlsx([row(home.learner, None, kind="自学")]))
    client.force_login(other.provider_user)
    assert client.get(reverse("imports-detail", args=[batch.pk])).status_code == 404
    assert batch.filename not in client.get(reverse("imports")).content.decode()
    client.force_login(world.operator)
    assert client.get(reverse("imports-detail", args=[batch.pk])).status_code == 200


def test_the_api_uploads_checks_and_commits(client, world) -> None:
    home = world.home
    project = approved_project(world)
    client.force_login(home.provider_user)
    data = io.BytesIO(xlsx([row(home.learner, project, hours="-1")]))
    data.name = "roster.xlsx"
    response = client.post("/api/imports", {"file": data})
    assert response.status_code == 202, response.content
    batch_id = response.json()["id"]
    problems = client.get(f"/api/imports/{batch_id}/problems").json()
    assert problems["items"] == [
        {
            "row": 1,
            "field": "hours",
            "code": "negative",
            "message": "第 1 行，字段 hours：不能为负数（-1）",
        }
    ]
    assert client.post(f"/api/imports/{batch_id}/commit").status_code == 409
    report = client.get(f"/api/imports/{batch_id}/report")
    assert report["Content-Type"] == XLSX
    bad = io.BytesIO(b"")
    bad.name = "empty.csv"
    refused = client.post("/api/imports", {"file": bad})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["code"] in ("empty_upload", "empty_file")


# ---------------------------------------------------------------------------------------
# The worker


def test_jxjy_worker_runs_the_task_worker(monkeypatch) -> None:
    from jxjy import cli, server

    calls: list[str] = []
    monkeypatch.setattr(server, "worker", lambda: calls.append("worker"))
    assert cli.main(["worker"]) == 0
    assert calls == ["worker"]


def test_serve_starts_a_worker_beside_the_web_server_and_stops_it(monkeypatch) -> None:
    """`jxjy serve` and `jxjy demo`: an upload completes with no extra step."""
    from jxjy import server

    started: list[list[str]] = []

    class Child:
        def __init__(self, argv: list[str]) -> None:
            started.append(argv)
            self.stopped = False

        def terminate(self) -> None:
            self.stopped = True

        def wait(self, timeout: float) -> int:
            return 0

    children: list[Child] = []
    monkeypatch.setattr(
        server.subprocess, "Popen", lambda argv: children.append(Child(argv)) or children[-1]
    )
    monkeypatch.setattr(server, "_gunicorn", lambda bind, workers: None)
    server.serve("127.0.0.1:0", 1)
    assert started[0][-2:] == ["jxjy.cli", "worker"]
    assert children[0].stopped
    server.serve("127.0.0.1:0", 1, with_worker=False)
    assert len(started) == 1


def test_the_status_endpoint_says_how_far_the_work_has_got(client, world) -> None:
    """The page's progress bar polls this while the worker's transaction is open."""
    from jxjy.imports.progress import progress_set

    home = world.home
    batch = upload(home.provider_user, xlsx([row(home.learner, None, kind="自学")]))
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.COMMITTING)
    progress_set(batch.pk, "records", 2000, 8000)
    client.force_login(home.provider_user)
    state = client.get(reverse("imports-status", args=[batch.pk])).json()
    assert (state["working"], state["percent"]) == (True, 25)
    assert state["progress_text"] == "正在登记记录：2000 / 8000"
    page = client.get(reverse("imports-detail", args=[batch.pk])).content.decode()
    assert '<progress id="import-progress" max="100" value="25"' in page
    assert reverse("imports-detail", args=[batch.pk]) in page  # the refresh link, without JS


def test_a_commit_whose_worker_was_killed_may_be_uploaded_again(world, monkeypatch) -> None:
    """The worker died mid-commit: its transaction left nothing, and its progress stopped.
    The same file is accepted again, and the stalled batch is marked failed."""
    import time

    from jxjy.imports.progress import STALLED_AFTER, progress_set

    home = world.home
    project = approved_project(world)
    data = xlsx([row(home.learner, project)])
    first = upload(home.provider_user, data)
    ImportBatch.objects.filter(pk=first.pk).update(status=ImportBatch.Status.COMMITTING)
    progress_set(first.pk, "records", 2000, 8000)
    with pytest.raises(services.SameFile):  # still working, as far as anyone can tell
        services.batch_upload(
            actor=home.provider_user, filename="a.xlsx", chunks=[data], size=len(data)
        )
    later = time.time() + STALLED_AFTER + 1
    monkeypatch.setattr("jxjy.imports.progress.time.time", lambda: later)
    again = upload(home.provider_user, data)
    first.refresh_from_db()
    assert (first.status, first.failure) == ("failed", "Interrupted")
    assert again.status == "validated"
    assert AuditEntry.objects.filter(action="import.interrupted", target_id=str(first.pk)).exists()
