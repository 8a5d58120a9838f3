"""The server-rendered pages: each role's pages show the right things, in Chinese by
default and in English on request, only to whom they may, and write through the services."""

from __future__ import annotations

import io
import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.test import Client
from openpyxl import load_workbook

from factories import CORRECTION_REASON, PersonFactory, corrected, registered, verified
from jxjy.audit.models import AuditEntry
from jxjy.evaluation.models import PersonYear
from jxjy.ledger import services as ledger
from jxjy.ledger.models import CreditRecord, Status
from training_helpers import approved

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class Tagged(HTMLParser):
    """Every element with a data-testid: its attributes and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str], list[str]]] = []
        self.open: list[tuple[str, list[str] | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        text: list[str] | None = None
        if "data-testid" in values:
            text = []
            self.found.append((values["data-testid"], values, text))
        if tag not in VOID:
            self.open.append((tag, text))

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        for _, text in self.open:
            if text is not None:
                text.append(data)


def tagged(html: str, name: str) -> list[tuple[dict[str, str], str]]:
    parser = Tagged()
    parser.feed(html)
    return [
        (attrs, re.sub(r"\s+", " ", "".join(text)).strip())
        for found, attrs, text in parser.found
        if found == name
    ]


def get(client: Client, user, url: str, **extra) -> tuple[int, str]:
    client.force_login(user)
    response = client.get(url, **extra)
    return response.status_code, response.content.decode()


def theory(hours: str, day: str = "2023-03-01", **fields) -> dict[str, str]:
    return {"date": day, "kind": "offline_theory", "hours": hours, **fields}


@pytest.fixture
def year_2023(world):
    """The home learner's 2023: one verified record capped by 金华（十）, one pending, one
    rejected, one superseded by a correction that is pending."""
    home = world.home
    counted = verified(home.provider_user, home.reviewer_user, home.learner, **theory("10"))
    pending = registered(home.provider_user, home.learner, **theory("2", "2023-04-01"))
    rejected = registered(
        home.provider_user,
        home.learner,
        date="2023-05-01",
        kind="online_course",
        credits="3",
        title="安全生产",
    )
    ledger.record_reject(actor=home.reviewer_user, record=rejected, reason="无考核记录")
    old = verified(
        home.provider_user, home.reviewer_user, home.learner, **theory("1", "2023-06-01")
    )
    ledger.record_supersede(
        actor=home.provider_user, record=old, fields=theory("2", "2023-06-01"), reason="录入错误"
    )
    return {"counted": counted, "pending": pending, "rejected": rejected, "old": old}


# --------------------------------------------------------------------------- the learner


def test_learner_year_page_in_chinese_shows_total_shortfalls_citations_and_every_record(
    world, year_2023, client
) -> None:
    """金华（九）: 90 credits a year; 10 theory hours in a day count 12 (（十）'s cap), so the
    page says what is still missing and cites 金人社发〔2020〕64号 （九）."""
    status, html = get(client, world.home.learner_user, "/me/2023/")
    assert status == 200
    assert "年度总学分" in html
    assert "金人社发〔2020〕64号 （九）" in html
    [(_, total)] = tagged(html, "year-total")
    assert "12" in total
    assert "90" in total
    shortfalls = [text for _, text in tagged(html, "shortfall")]
    assert "年度总学分还差 78学分 金人社发〔2020〕64号 （九）" in shortfalls
    assert any(s.startswith("公共科目学分还差 18学分") for s in shortfalls)
    rows = tagged(html, "record-row")
    statuses = sorted(attrs["data-status"] for attrs, _ in rows)
    assert statuses == ["registered", "registered", "rejected", "superseded", "verified"]
    verified_row = next(text for attrs, text in rows if attrs["data-status"] == "verified")
    assert "计 12 学分" in verified_row
    assert "线下理论学习1学时为2学分" in verified_row  # the rule's name, as data
    assert "金人社发〔2020〕64号 （十）第二款" in verified_row
    assert "受「线下理论学习每天不超过12学分」限制" in verified_row  # note_message
    rejected_row = next(text for attrs, text in rows if attrs["data-status"] == "rejected")
    assert "无考核记录" in rejected_row
    superseded_row = next(text for attrs, text in rows if attrs["data-status"] == "superseded")
    assert "已由更正记录" in superseded_row
    assert "录入错误" in html  # the correction's reason
    assert world.home.learner.id_number in html  # the learner sees their own number whole


def test_pages_are_chinese_whatever_the_browser_asks(world, year_2023, client) -> None:
    """Chinese first: an English browser still gets Chinese until the user switches."""
    status, html = get(client, world.home.learner_user, "/me/2023/", HTTP_ACCEPT_LANGUAGE="en")
    assert status == 200
    assert 'lang="zh-hans"' in html
    assert "年度总学分还差 78学分" in unescape(html)


def test_learner_page_speaks_english_once_chosen(world, year_2023, client) -> None:
    client.cookies["django_language"] = "en"
    status, html = get(client, world.home.learner_user, "/me/2023/")
    assert status == 200
    assert "Continuing education in 2023" in html
    shortfalls = [text for _, text in tagged(html, "shortfall")]
    assert "78 credits short of 年度总学分 金人社发〔2020〕64号 （九）" in shortfalls
    assert "capped by '线下理论学习每天不超过12学分'" in unescape(html)
    assert "Records of 2023" in html


def test_the_language_switch_remembers_english(world, client) -> None:
    client.force_login(world.home.learner_user)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/me/2023/"})
    assert response.status_code == 302
    assert response["Location"] == "/me/2023/"
    html = client.get("/me/2023/").content.decode()
    assert 'lang="en"' in html
    assert "No records for 2023 yet." in html
    assert "中文" in html  # the way back


def test_learner_home_is_this_year_and_takes_a_year_parameter(world, year_2023, client) -> None:
    status, html = get(client, world.home.learner_user, "/me/")
    assert status == 200
    assert "尚无记录" in html or tagged(html, "record-row") == []
    status, html = get(client, world.home.learner_user, "/me/?year=2023")
    assert len(tagged(html, "record-row")) == 5
    status, html = get(client, world.home.learner_user, "/me/?year=abc")
    assert status == 200


def test_a_year_without_a_policy_still_lists_records(world, client) -> None:
    """金华's policy starts 2020-10-10: 2019 has none, and the page says so."""
    status, html = get(client, world.home.learner_user, "/me/2019/")
    assert status == 200
    assert "没有适用的政策" in html
    assert tagged(html, "year-total") == []


def test_learner_years_page_lists_each_years_standing_and_the_audits(
    world, year_2023, client
) -> None:
    status, html = get(client, world.home.learner_user, "/me/years/")
    assert status == 200
    years = [attrs["data-year"] for attrs, _ in tagged(html, "year-row")]
    assert years == ["2023"]
    [(_, row)] = tagged(html, "year-row")
    assert "尚差 78 学分" in row
    targets = [attrs["data-target"] for attrs, _ in tagged(html, "audit-target")]
    assert targets == ["early-application", "examiner", "training-program"]
    assert "金人社发〔2020〕64号 （十五）" in html
    assert "/me/audit/examiner/?through=" in html


def test_learner_audit_page_explains_the_window(world, year_2023, client) -> None:
    """金华（十五）: every year of the window must meet the yearly minimum."""
    status, html = get(client, world.home.learner_user, "/me/audit/examiner/?through=2023")
    assert status == 200
    assert "考评人员、竞赛裁判员、质量督导员资格认定或复核评定" in html
    assert "不符合" in html
    assert "2023 年度未达到年度要求" in html
    status, html = get(client, world.home.learner_user, "/me/audit/early-application/?through=2023")
    assert status == 200
    assert "现等级" in html  # the grade date is missing
    status, _ = get(client, world.home.learner_user, "/me/audit/no-such-audit/")
    assert status == 404


# --------------------------------------------------------------------------- access


LEARNER_URLS = ["/me/", "/me/2023/", "/me/years/", "/me/audit/examiner/"]
EMPLOYER_URLS = ["/employer/people/", "/employer/people.xlsx"]
PROVIDER_URLS = ["/provider/records/", "/provider/records/new/"]
REVIEWER_URLS = ["/reviewer/", "/reviewer/queue/"]


@pytest.mark.parametrize(
    "url", [*LEARNER_URLS, *EMPLOYER_URLS, *PROVIDER_URLS, *REVIEWER_URLS, "/people/1/2023/"]
)
def test_anonymous_visitors_are_sent_to_sign_in(world, client, url) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


@pytest.mark.parametrize(
    ("role", "urls"),
    [
        ("learner_user", [*EMPLOYER_URLS, *PROVIDER_URLS, *REVIEWER_URLS]),
        ("employer_user", [*LEARNER_URLS, *REVIEWER_URLS]),  # employers register too
        ("provider_user", [*LEARNER_URLS, *EMPLOYER_URLS, *REVIEWER_URLS]),
        ("reviewer_user", [*LEARNER_URLS, *EMPLOYER_URLS, *PROVIDER_URLS]),
    ],
)
def test_other_roles_pages_are_forbidden(world, client, role, urls) -> None:
    client.force_login(getattr(world.home, role))
    assert {url: client.get(url).status_code for url in urls} == dict.fromkeys(urls, 403)


def test_learners_use_their_own_page_not_the_person_page(world, client) -> None:
    status, _ = get(client, world.home.learner_user, f"/people/{world.home.learner.pk}/2023/")
    assert status == 403


def test_the_operator_may_open_every_page_but_the_learners(world, client) -> None:
    client.force_login(world.operator)
    for url in [*EMPLOYER_URLS, *PROVIDER_URLS, *REVIEWER_URLS]:
        assert client.get(url).status_code == 200, url
    assert client.get("/me/").status_code == 403


def test_home_sends_each_role_to_its_start_page(world, client) -> None:
    starts = {
        world.home.learner_user: "/me/",
        world.home.employer_user: "/employer/people/",
        world.home.provider_user: "/provider/records/",
        world.home.reviewer_user: "/reviewer/",
        world.operator: "/admin/",
    }
    for user, start in starts.items():
        client.force_login(user)
        assert client.get("/")["Location"] == start


def test_sign_in_page_and_signing_in_and_out(world, client) -> None:
    html = client.get("/login/").content.decode()
    assert "登录" in html
    assert 'name="username"' in html
    assert 'name="password"' in html
    response = client.post("/login/", {"username": "jh-learner", "password": "wrong"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    response = client.post("/login/", {"username": "jh-learner", "password": "jxjy-test-pass"})
    assert response["Location"] == "/"
    assert client.post("/logout/")["Location"] == "/login/"
    assert client.get("/me/").status_code == 302


def test_password_change_page_uses_the_sites_look(world, client) -> None:
    status, html = get(client, world.home.learner_user, "/password/")
    assert status == 200
    assert "修改密码" in html
    assert "web/site.css" in html


# --------------------------------------------------------------------------- a person's year


def test_person_year_for_those_who_may_see_them_with_the_id_number_masked(
    world, year_2023, client
) -> None:
    home = world.home
    url = f"/people/{home.learner.pk}/2023/"
    whole, masked = home.learner.id_number, home.learner.masked_id_number
    for user in (home.employer_user, home.reviewer_user):
        status, html = get(client, user, url)
        assert status == 200
        assert masked in html
        assert whole not in html
        assert "年度总学分还差 78学分" in html
        assert len(tagged(html, "record-row")) == 5
    status, html = get(client, world.operator, url)
    assert status == 200
    assert whole in html


def test_nobody_sees_the_other_citys_people(world, client) -> None:
    """南通's learner is out of every 金华 user's scope: 404, not 403, so no hint they exist."""
    other = world.other
    verified(other.provider_user, other.reviewer_user, other.learner, **theory("2"))
    url = f"/people/{other.learner.pk}/2023/"
    home = world.home
    for user in (home.employer_user, home.reviewer_user, home.provider_user):
        status, _ = get(client, user, url)
        assert status == 404
    for user in (home.employer_user, world.operator):
        status, html = get(client, user, "/employer/people/?year=2023")
        assert (other.learner.name in html) is (user is world.operator)


def test_a_provider_sees_its_own_records_not_a_persons_whole_year(world, client) -> None:
    """accounts.scope.sees_standing: a provider lists what it registered; the year as a
    whole (every registrar's records and the result) is not its to see."""
    home = world.home
    verified(home.provider_user, home.reviewer_user, home.learner, **theory("2"))
    verified(home.employer_user, home.reviewer_user, home.learner, **theory("3", "2023-07-01"))
    status, _ = get(client, home.provider_user, f"/people/{home.learner.pk}/2023/")
    assert status == 404
    status, html = get(client, home.provider_user, "/provider/records/")
    assert len(tagged(html, "record-row")) == 1
    assert f"/people/{home.learner.pk}/" not in html  # no link to a page it may not open
    _, html = get(client, world.operator, "/provider/records/")
    assert len(tagged(html, "record-row")) == 2
    assert f"/people/{home.learner.pk}/2023/" in html


# --------------------------------------------------------------------------- the employer


def test_employer_list_shows_everyone_including_those_without_records(
    world, year_2023, client
) -> None:
    status, html = get(client, world.home.employer_user, "/employer/people/?year=2023")
    assert status == 200
    rows = {text.split()[0]: attrs["data-state"] for attrs, text in tagged(html, "person-row")}
    assert rows == {"jh同事": "none", "jh学员": "short"}
    assert world.home.learner.masked_id_number in html
    assert world.home.learner.id_number not in html
    assert "尚无记录" in html


def test_employer_list_filters_searches_and_sorts(world, client) -> None:
    home = world.home
    ace = PersonFactory(name="甲达标", region=home.county, employer=home.employer)
    for day in range(1, 9):  # 8 days x 12 = 96 credits, all professional
        verified(home.provider_user, home.reviewer_user, ace, **theory("6", f"2023-03-0{day}"))
    verified(home.provider_user, home.reviewer_user, home.learner, **theory("4"))
    registered(home.provider_user, home.colleague, **theory("1"))

    def names(query: str) -> list[str]:
        _, html = get(client, home.employer_user, "/employer/people/?year=2023&" + query)
        return [text.split()[0] for _, text in tagged(html, "person-row")]

    assert sorted(names("")) == ["jh同事", "jh学员", "甲达标"]  # by name, in the DB's collation
    assert names("status=compliant") == []  # 96 credits but no public subject: not compliant
    assert names("status=pending") == ["jh同事"]
    assert set(names("status=short")) == {"jh同事", "jh学员", "甲达标"}
    assert names("q=学员") == ["jh学员"]
    assert "jh学员" in names("q=" + home.learner.id_number[-4:].lower())  # the last four
    assert names("q=" + home.learner.id_number) == []  # never the whole number in a URL
    assert names("sort=total") == ["甲达标", "jh学员", "jh同事"]
    assert names("sort=short_by")[0] == "jh同事"
    assert len(names("year=2024&sort=short_by")) == 3  # nobody has a 2024 standing yet
    assert len(names("status=bogus&sort=bogus")) == 3  # unknown filters are ignored


def test_employer_list_paginates(world, client) -> None:
    home = world.home
    PersonFactory.create_batch(30, region=home.county, employer=home.employer)
    _, first = get(client, home.employer_user, "/employer/people/?year=2023&q=学员")
    _, second = get(client, home.employer_user, "/employer/people/?year=2023&q=学员&page=2")
    assert len(tagged(first, "person-row")) == 25
    assert len(tagged(second, "person-row")) == 31 - 25
    assert "第 2 页，共 2 页" in second
    assert "q=%E5%AD%A6%E5%91%98&amp;page=2" in first or "page=2" in first
    _, beyond = get(client, home.employer_user, "/employer/people/?year=2023&q=学员&page=99")
    assert len(tagged(beyond, "person-row")) == 6  # the last page


def test_employer_export_is_a_workbook_with_chinese_headers_and_masked_numbers(
    world, year_2023, client
) -> None:
    home = world.home
    client.force_login(home.employer_user)
    response = client.get("/employer/people.xlsx?year=2023&sort=name")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("姓名", "公民身份号码", "用人单位", "地区", "年度")
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"jh学员", "jh同事"}
    learner = by_name["jh学员"]
    assert learner[1] == home.learner.masked_id_number
    assert (learner[5], learner[6], learner[7], learner[8]) == (12, 90, 78, "学分")
    assert by_name["jh同事"][10] == "尚无记录"
    cells = " ".join(str(c) for row in rows for c in row)
    assert home.learner.id_number not in cells
    assert home.colleague.id_number not in cells
    # The same filters as the page.
    filtered = client.get("/employer/people.xlsx?year=2023&status=pending")
    rows = list(load_workbook(io.BytesIO(filtered.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["jh学员"]


# --------------------------------------------------------------------------- the provider


def test_provider_records_list_filters_and_searches(world, year_2023, client) -> None:
    home = world.home
    status, html = get(client, home.provider_user, "/provider/records/")
    assert status == 200
    assert len(tagged(html, "record-row")) == 5  # the correction is a record of its own
    assert home.learner.id_number not in html
    _, html = get(client, home.provider_user, "/provider/records/?status=rejected")
    [(attrs, text)] = tagged(html, "record-row")
    assert attrs["data-status"] == "rejected"
    assert "无考核记录" in text
    _, html = get(client, home.provider_user, "/provider/records/?q=安全")
    assert len(tagged(html, "record-row")) == 1
    _, html = get(client, home.provider_user, "/provider/records/?q=nobody")
    assert "没有符合筛选条件的记录" in html
    _, html = get(client, world.other.provider_user, "/provider/records/")
    assert tagged(html, "record-row") == []
    assert "您尚未登记任何记录" in html


def test_register_form_shows_every_canonical_field(world, client) -> None:
    """Every canonical field but `approved`, which the project decides (宁夏 三（一）)."""
    status, html = get(client, world.home.provider_user, "/provider/records/new/")
    assert status == 200
    fields = ["id_number", "date", "end_date", "kind", "subject", "hours", "minutes", "days"]
    fields += ["credits", "level", "rank", "count", "title", "passed", "region", "project"]
    for name in fields:
        assert f'name="{name}"' in html, name
    assert 'name="approved"' not in html
    assert "线下理论学习" in html  # kinds in the engine's words


def test_a_record_registered_by_form_for_a_project_is_approved(world, client) -> None:
    """宁夏 三（一）: the filing, not a checkbox, makes an activity count as approved."""
    home = world.home
    project = approved(home.provider_user, home.reviewer_user)
    client.force_login(home.provider_user)
    page = client.get("/provider/records/new/").content.decode()
    assert project.filing_number in page
    form = {
        "id_number": home.learner.id_number,
        "date": "2026-03-02",
        "kind": "offline_theory",
        "hours": "4",
        "project": str(project.pk),
    }
    wrong_day = client.post("/provider/records/new/", {**form, "date": "2026-04-01"})
    assert wrong_day.status_code == 400
    assert "活动日期不在项目起止日期内" in wrong_day.content.decode()
    assert not CreditRecord.objects.exists()
    assert client.post("/provider/records/new/", form).status_code == 302
    record = CreditRecord.objects.get()
    assert (record.project, record.approved) == (project, True)


def test_registering_a_record_writes_it_through_the_service(world, client) -> None:
    home = world.home
    client.force_login(home.provider_user)
    response = client.post(
        "/provider/records/new/",
        {
            "id_number": home.learner.id_number.lower(),
            "date": "2023-03-01",
            "kind": "offline_practice",
            "hours": "2",
            "approved": "true",
            "passed": "true",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/provider/records/"
    record = CreditRecord.objects.get()
    assert (record.person, record.kind, record.status) == (
        home.learner,
        "offline_practice",
        Status.REGISTERED,
    )
    assert record.registered_by == home.provider
    assert "已为 jh学员 登记记录" in client.get("/provider/records/").content.decode()
    assert PersonYear.objects.get(person=home.learner, year=2023).pending == 1


def test_bad_input_shows_each_error_by_its_field_and_writes_nothing(world, client) -> None:
    home = world.home
    client.force_login(home.provider_user)
    response = client.post(
        "/provider/records/new/",
        {
            "id_number": home.learner.id_number,
            "date": "2023-02-30",
            "kind": "offline_theory",
            "hours": "-1",
            "approved": "true",
            "passed": "true",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r'id="id_date_error"><li>日期不存在（2023-02-30）</li>', html)
    assert re.search(r'id="id_hours_error"><li>不能为负数（-1）</li>', html)
    assert 'aria-invalid="true"' in html
    assert 'value="2023-02-30"' in html  # what was typed stays
    assert CreditRecord.objects.count() == 0
    assert AuditEntry.objects.count() == 0

    response = client.post(
        "/provider/records/new/",
        {"id_number": "110101199001011234", "date": "2023-03-01", "kind": "offline_theory"},
    )
    assert response.status_code == 400
    assert "平台上没有该公民身份号码的人员" in response.content.decode()
    client.cookies["django_language"] = "en"
    response = client.post(
        "/provider/records/new/",
        {"id_number": home.learner.id_number, "date": "2023-03-01", "kind": "online_course"},
    )
    assert "at least one of these fields is required" in response.content.decode()
    assert CreditRecord.objects.count() == 0


# --------------------------------------------------------------------------- the reviewer


def test_reviewer_overview_counts_learners_and_the_compliant_share(
    world, year_2023, client
) -> None:
    status, html = get(client, world.home.reviewer_user, "/reviewer/?year=2023")
    assert status == 200
    assert [text for _, text in tagged(html, "learners")] == ["1"]
    assert [text for _, text in tagged(html, "compliant-share")] == ["0%"]
    assert [text.split()[0] for _, text in tagged(html, "region-row")] == ["jh区"]
    assert [text.split()[0] for _, text in tagged(html, "employer-row")] == ["jh机床厂"]
    assert "待核验记录 2 条" in html
    _, html = get(client, world.home.reviewer_user, "/reviewer/?year=2021")
    assert "尚无记录" in html


def test_queue_lists_pending_records_with_their_forms(world, year_2023, client) -> None:
    status, html = get(client, world.home.reviewer_user, "/reviewer/queue/")
    assert status == 200
    rows = tagged(html, "queue-row")
    assert len(rows) == 2
    ids = {int(attrs["data-record-id"]) for attrs, _ in rows}
    assert year_2023["pending"].pk in ids
    assert len(tagged(html, "verify")) == 2
    assert len(tagged(html, "reject")) == 2
    assert html.count('name="reason"') == 2
    assert tagged(html, "select-all")
    assert world.home.learner.id_number not in html
    _, html = get(client, world.other.reviewer_user, "/reviewer/queue/")
    assert tagged(html, "queue-row") == []
    assert "目前没有待核验的记录" in html


def test_verifying_from_the_queue_raises_the_learners_total(world, client) -> None:
    home = world.home
    record = registered(home.provider_user, home.learner, **theory("3"))
    client.force_login(home.reviewer_user)
    response = client.post(f"/reviewer/records/{record.pk}/verify/", {"next": "/reviewer/queue/"})
    assert response["Location"] == "/reviewer/queue/"
    record.refresh_from_db()
    assert record.status == Status.VERIFIED
    assert "已核验通过 jh学员 的记录" in client.get("/reviewer/queue/").content.decode()
    _, html = get(client, home.learner_user, "/me/2023/")
    [(_, total)] = tagged(html, "year-total")
    assert total.startswith("6 ")
    # Twice is an error message, not a crash; a GET does nothing.
    client.force_login(home.reviewer_user)
    client.post(f"/reviewer/records/{record.pk}/verify/")
    assert "已不在待核验状态" in client.get("/reviewer/queue/").content.decode()
    assert client.get(f"/reviewer/records/{record.pk}/verify/").status_code == 405


def test_rejecting_needs_a_reason_and_shows_the_error(world, client) -> None:
    home = world.home
    record = registered(home.provider_user, home.learner, **theory("3"))
    client.force_login(home.reviewer_user)
    response = client.post(f"/reviewer/records/{record.pk}/reject/", {"reason": "  "})
    assert response.status_code == 400
    html = response.content.decode()
    assert "请填写不予通过的原因" in html
    assert 'aria-invalid="true"' in html
    record.refresh_from_db()
    assert record.status == Status.REGISTERED
    response = client.post(
        f"/reviewer/records/{record.pk}/reject/",
        {"reason": "无签到记录", "next": "https://evil.example/"},
    )
    assert response["Location"] == "/reviewer/queue/"  # never off the site
    record.refresh_from_db()
    assert (record.status, record.rejection_reason) == (Status.REJECTED, "无签到记录")
    _, html = get(client, home.learner_user, "/me/2023/")
    assert "未通过核验：无签到记录" in html


def test_bulk_verification_verifies_all_ticked_records(world, client) -> None:
    home = world.home
    first = registered(home.provider_user, home.learner, **theory("2"))
    second = registered(home.provider_user, home.colleague, **theory("2"))
    third = registered(home.provider_user, home.colleague, **theory("2", "2023-03-02"))
    client.force_login(home.reviewer_user)
    response = client.post("/reviewer/queue/verify/", {"ids": [first.pk, second.pk]})
    assert response.status_code == 302
    statuses = dict(CreditRecord.objects.values_list("pk", "status"))
    assert statuses == {
        first.pk: Status.VERIFIED,
        second.pk: Status.VERIFIED,
        third.pk: Status.REGISTERED,
    }
    assert "已核验通过 2 条记录" in client.get("/reviewer/queue/").content.decode()
    # A record no longer waiting spoils the batch: nothing is verified.
    client.post("/reviewer/queue/verify/", {"ids": [first.pk, third.pk]})
    third.refresh_from_db()
    assert third.status == Status.REGISTERED
    assert "本次未核验任何记录" in client.get("/reviewer/queue/").content.decode()
    client.post("/reviewer/queue/verify/", {})
    assert "请先勾选" in client.get("/reviewer/queue/").content.decode()


def test_a_reviewer_cannot_decide_another_regions_records(world, client) -> None:
    home = world.home
    record = registered(home.provider_user, home.learner, **theory("2"))
    client.force_login(world.other.reviewer_user)
    assert client.post(f"/reviewer/records/{record.pk}/verify/").status_code == 404
    response = client.post(f"/reviewer/records/{record.pk}/reject/", {"reason": "x"})
    assert response.status_code == 404
    client.post("/reviewer/queue/verify/", {"ids": [record.pk]})
    record.refresh_from_db()
    assert record.status == Status.REGISTERED


def test_no_page_shows_an_id_number_whole_to_employer_provider_or_reviewer(
    world, year_2023, client
) -> None:
    home = world.home
    numbers = [home.learner.id_number, home.colleague.id_number]
    pages = {
        home.employer_user: ["/employer/people/?year=2023", f"/people/{home.learner.pk}/2023/"],
        home.provider_user: ["/provider/records/", "/provider/records/new/"],
        home.reviewer_user: [
            "/reviewer/?year=2023",
            "/reviewer/queue/",
            f"/reviewer/records/{year_2023['pending'].pk}/reject/",
            f"/people/{home.learner.pk}/2023/",
        ],
    }
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            html = client.get(url).content.decode()
            assert not [n for n in numbers if n in html], url


def test_a_rejected_correction_shows_why_it_was_made_and_why_it_was_rejected(
    world, client
) -> None:
    """The learner's year lists the rejected correction with both reasons: the registrant's
    and the reviewer's."""
    home = world.home
    first, fixed = corrected(home.provider_user, home.learner)
    ledger.record_reject(actor=home.reviewer_user, record=fixed, reason="签到表不清晰")
    _, html = get(client, home.learner_user, "/me/2023/")
    assert "未通过核验：签到表不清晰" in html
    assert f"更正记录 #{first.pk}：{CORRECTION_REASON}" in html
