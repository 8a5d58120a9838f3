"""Seed the demo: `load(reset=...)` returns the accounts to try it with.

The records are written in bulk (source DEMO, their status set directly, registered by the
organisation that would have registered them) after each one has passed the record reader,
so the demo never holds a record the schema refuses; then each person's stored standings are
refreshed once through `person_years_refresh`, and one audit entry records the seeding.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.db import connection, models, transaction
from django.utils import timezone

from jxjy.accounts.models import Role, User
from jxjy.audit.models import AuditEntry, audit_log
from jxjy.demo import places, stories, training
from jxjy.demo.people import PeopleMaker, PersonSpec
from jxjy.evaluation.models import PersonYear
from jxjy.evaluation.services import person_years_refresh
from jxjy.ledger import codec
from jxjy.ledger.models import CreditRecord, Source, Status
from jxjy.orgs.models import Organisation
from jxjy.people import id_number
from jxjy.people.models import Person
from jxjy.policy.reading import parse_fields
from jxjy.regions.models import Region, RegionPolicy

PASSWORD = "jxjy-demo-2026"
SEED_ACTION = "demo.seed"


@dataclass(frozen=True)
class DemoAccount:
    role: str  # in Chinese, as shown to whoever tries the demo
    username: str
    password: str
    note: str


@dataclass(frozen=True)
class _Account:
    username: str
    role: Role
    label: str
    note: str
    org: str = ""  # places.ORGS key
    region: str = ""  # GB/T 2260 code
    city: str = ""  # a featured learner's city


ACCOUNTS: tuple[_Account, ...] = (
    _Account(
        "demo-learner",
        Role.LEARNER,
        "学员",
        "金华技能人才（学分制，金人社发〔2020〕64号）。本年度：总学分、公共科目学分未达标，"
        "每项缺口都列出所依条款；有2条待核验记录、1条被退回（附理由）。请 demo-reviewer "
        "核验后再看本年度总学分的变化。往年：2022年一天线下理论8学时只计12学分（（十））；"
        "2023年大赛与研修班共84学分，按（十一）只计60；2024年缺在线专项考试学分，另有一条更正记录。"
        "可在“培训目录”报名“工业机器人运维实训”，用 demo-provider 签到屏上的签到码签到。",
        org="emp-jh-jg",
        city="jh",
    ),
    _Account(
        "demo-learner-nb",
        Role.LEARNER,
        "学员",
        "宁波技能人才（学时制）。2021年：同一天面授10学时只计8学时（第二十条）；2022年："
        "555分钟课件只折18学时、45分钟只折1学时；2023年：公共科目学时不足；2024年：技能大赛"
        "不计学时（附说明）；2024—2025年两年均达标，可看直接认定审验（第三十三条）。本年度有1条待核验。",
        org="emp-nb-mj",
        city="nb",
    ),
    _Account(
        "demo-learner-nx",
        Role.LEARNER,
        "学员",
        "宁夏专业技术人员（宁人社函〔2016〕156号，年度标准依人社部令第25号）。2023年："
        "未备案培训和职称外语考前培训不计学时，年度未达标；2024年：授课8学时按3倍计24学时，"
        "《当代科学技术新知识》计30学时；2022—2025年在职读研，审验期内入学并毕业，"
        "中级职称审验（近4年）视同完成。",
        org="emp-nx-sl",
        city="nx",
    ),
    _Account(
        "demo-learner-nt",
        Role.LEARNER,
        "学员",
        "南通专业技术人员（通职称办〔2021〕24号）。2021年：持第五轮公需课合格证明，免公需科目；"
        "2022年：职称资格考试合格，视为完成当年度；2023年：省级期刊论文2篇，视为完成；"
        "2024年：公需课超过30学时、自学超过三分之一的部分不计；2025年：市科技进步三等奖，"
        "视为完成聘期，可看聘期（3年）审验。",
        org="emp-nt-jz",
        city="nt",
    ),
    _Account(
        "demo-reviewer",
        Role.REVIEWER,
        "人社审核员",
        "金华市人力资源和社会保障局审核员，管辖金华市及所属县（市、区）。在待核验记录中找到"
        "学员 demo-learner 的记录，核验或退回（退回须写理由）；看全市达标情况；"
        "在“项目备案”中审核待备案的培训项目（通过即赋予备案号，或写明理由退回）。",
        org="hr-jh",
        region="330700",
    ),
    _Account(
        "demo-reviewer-nb",
        Role.REVIEWER,
        "人社审核员",
        "宁波市人力资源和社会保障局审核员：宁波市技能人才和专业技术人员的待核验记录与达标情况。",
        org="hr-nb",
        region="330200",
    ),
    _Account(
        "demo-reviewer-nx",
        Role.REVIEWER,
        "人社审核员",
        "宁夏回族自治区人力资源和社会保障厅审核员：政策设在自治区一级、银川市继承；"
        "全区专业技术人员的记录；未备案培训、职称外语和计算机考前培训核验后也不计学时。",
        org="hr-nx",
        region="640000",
    ),
    _Account(
        "demo-reviewer-nt",
        Role.REVIEWER,
        "人社审核员",
        "南通市人力资源和社会保障局审核员：南通市专业技术人员的记录，含长三角转入学时"
        "（认可）和长三角以外转入学时（不计）。",
        org="hr-nt",
        region="320600",
    ),
    _Account(
        "demo-employer",
        Role.EMPLOYER,
        "用人单位管理员",
        "金华精工机床有限公司（32名技能人才，含 demo-learner）：看谁本年度未达标、缺多少，"
        "导出名单；为本单位职工登记自学或内部培训；“本单位培训”中有一个已备案的岗前培训。",
        org="emp-jh-jg",
    ),
    _Account(
        "demo-provider",
        Role.PROVIDER,
        "培训机构管理员",
        "金华市技师学院继续教育基地（已备案）：看本机构登记的记录及核验状态，登记新的培训结果，"
        "更正已登记的记录（须写理由）。培训项目：一个已结束（合格学员的学时已登记、待核验），"
        "一个正在进行（今天的课次开放扫码签到），一个待人社部门审核，一个草稿。",
        org="prov-jh",
    ),
    _Account(
        "demo-operator",
        Role.OPERATOR,
        "平台运营",
        "平台运营（全部权限，每次操作都记入审计日志）：在 /admin/ 维护地区、地区政策、机构、"
        "人员和账号；学分账本在后台只读。",
        org="operator",
    ),
)

# The featured learners' people, fixed so their notes stay true.
_FEATURED_PEOPLE: dict[str, dict[str, object]] = {
    "demo-learner": {
        "district": "330702",
        "gender": "M",
        "occupation": "数控车工",
        "skill_grade": 3,
        "certificate_date": dt.date(2019, 6, 18),
    },
    "demo-learner-nb": {
        "district": "330212",
        "gender": "F",
        "occupation": "模具工",
        "skill_grade": 2,
        "certificate_date": dt.date(2018, 11, 9),
    },
    "demo-learner-nx": {
        "district": "640106",
        "gender": "M",
        "title_series": "工程技术（水利）",
        "title_level": "intermediate",
        "title_date": dt.date(2019, 12, 20),
    },
    "demo-learner-nt": {
        "district": "320613",
        "gender": "F",
        "title_series": "工程技术（建筑）",
        "title_level": "intermediate",
        "title_date": dt.date(2018, 12, 28),
    },
}


# Cases a reviewer's note promises, placed on given people rather than left to chance.
_FORCED: dict[tuple[str, int], set[str]] = {
    ("emp-nt-fz", 1): {"transfer-yrd"},
    ("emp-nt-yy", 1): {"transfer-yrd"},
    ("emp-nt-yy", 2): {"transfer-other"},
}


class DemoDataConflict(RuntimeError):
    """The database holds data that is not the demo's; the demo will not mix with it."""


def accounts() -> list[DemoAccount]:
    return [DemoAccount(a.label, a.username, PASSWORD, a.note) for a in ACCOUNTS]


def is_seeded() -> bool:
    return (
        AuditEntry.objects.filter(action=SEED_ACTION).exists()
        and User.objects.filter(username="demo-operator").exists()
    )


def load(*, reset: bool, today: dt.date | None = None) -> list[DemoAccount]:
    """Seed the demo and return its accounts. Without `reset`, a database already seeded is
    left as it is; with it, every row of platform data is deleted first."""
    if not reset and is_seeded():
        return accounts()
    with transaction.atomic():
        if reset:
            clear()
        elif _holds_other_data():
            raise DemoDataConflict(
                "the database already holds people, organisations or records that are not the"
                " demo's; run with reset to delete them and seed the demo"
            )
        _Seeder(today or timezone.localdate()).run()
    return accounts()


def _holds_other_data() -> bool:
    usernames = [a.username for a in ACCOUNTS]
    return (
        Person.objects.exists()
        or Organisation.objects.exists()
        or CreditRecord.objects.exists()
        or User.objects.filter(username__in=usernames).exists()
    )


def _platform_models() -> list[type[models.Model]]:
    found: list[type[models.Model]] = [LogEntry, Session]
    for config in apps.get_app_configs():
        if config.name.startswith("jxjy."):
            found += [
                m
                for m in config.get_models(include_auto_created=True)
                if m._meta.managed and not m._meta.proxy
            ]
    return found


def clear() -> None:
    """Delete every row of platform data: ledger, evidence, standings, audit, accounts,
    people, organisations and regions (and their sessions and admin history). Foreign keys
    are checked at commit, so one DELETE per table in any order is consistent. Stored files
    go once the deletion commits."""
    files: list[tuple[models.FileField, str]] = []
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for model in _platform_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.FileField):
                    names = model._default_manager.values_list(field.attname, flat=True)
                    files += [(field, name) for name in names if name]
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")

        def remove_files() -> None:
            for field, name in files:
                field.storage.delete(name)

        transaction.on_commit(remove_files)


# ---------------------------------------------------------------------- seeding


def _valid(fields: stories.Fields) -> dict[str, object]:
    parsed = parse_fields(1, {**fields, "person_id": "0"})
    if isinstance(parsed, list):
        problems = "; ".join(e.message("en") for e in parsed)
        raise AssertionError(f"demo record {fields.get('kind')}: {problems}")
    return codec.columns(parsed)


@dataclass
class _Person:
    row: Person
    city: places.City
    employer: str
    who: stories.Who
    first_year: int
    featured: str = ""


class _Seeder:
    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.now = timezone.now()
        self.tz = timezone.get_current_timezone()
        self.rng = random.Random(20260101)
        self.regions: dict[str, Region] = {}
        self.orgs: dict[str, Organisation] = {}
        self.users: dict[str, User] = {}
        self.org_users: dict[str, User] = {}  # who registers for an organisation
        self.reviewers: dict[str, User] = {}  # city key -> HR reviewer
        self.people: list[_Person] = []

    def run(self) -> None:
        self.seed_regions()
        self.seed_orgs()
        self.seed_people()
        self.seed_users()
        counts = self.seed_records()
        trained = self.seed_training()
        for person in self.people:
            years = range(person.first_year, self.today.year + 1)
            person_years_refresh(person=person.row, years=years)
        audit_log(
            None,
            SEED_ACTION,
            self.users["demo-operator"],
            regions=len(self.regions),
            policies=len(places.POLICIES),
            organisations=len(self.orgs),
            people=len(self.people),
            accounts=len(self.users),
            records=dict(sorted(counts.items())),
            training=trained,
            standings=PersonYear.objects.count(),
            today=self.today.isoformat(),
        )

    # --- reference data

    def seed_regions(self) -> None:
        for code, name, level, parent in places.REGIONS:
            region, _ = Region.objects.update_or_create(
                code=code,
                defaults={
                    "name": name,
                    "level": level,
                    "parent": self.regions[parent] if parent else None,
                },
            )
            self.regions[code] = region
        for code, talent, policy_id, since in places.POLICIES:
            RegionPolicy.objects.get_or_create(
                region=self.regions[code],
                talent=talent,
                valid_from=since,
                defaults={"policy_id": policy_id},
            )

    def seed_orgs(self) -> None:
        rows = []
        for serial, org in enumerate(places.ORGS, start=1):
            rows.append(
                Organisation(
                    kind=org.kind,
                    name=org.name,
                    credit_code=org.credit_code(serial),
                    region=self.regions[org.region],
                    provider_level=org.provider_level,
                    filing=org.filing,
                    scope=org.scope,
                    content=org.content,
                    fees=org.fees,
                    teachers=org.teachers,
                    address=org.address,
                )
            )
        for org, row in zip(places.ORGS, Organisation.objects.bulk_create(rows), strict=True):
            self.orgs[org.key] = row

    def seed_people(self) -> None:
        maker = PeopleMaker(self.rng)
        featured_of = {(a.city, a.org): a.username for a in ACCOUNTS if a.role == Role.LEARNER}
        pending: list[tuple[PersonSpec, _Person]] = []
        for city in places.CITIES:
            for talent, employer, count in city.groups:
                for index in range(count):
                    featured = featured_of.get((city.key, employer), "") if index == 0 else ""
                    spec = self._spec(maker, city, talent, employer, featured)
                    district = str(spec.id_number[:6])
                    policy = places.POLICY_OF[(city.key, talent)]
                    skill = spec.occupation or spec.title_series
                    first = city.first_year[talent]
                    if not featured and self.rng.random() < 0.25:  # joined later
                        first = self.rng.randint(first + 1, first + 3)
                    who = stories.Who(city.key, policy, skill, random.Random(self.rng.random()))
                    who.flags |= _FORCED.get((employer, index), set())
                    row = Person(
                        name=spec.name,
                        gender=spec.gender,
                        birth_date=id_number.parse(spec.id_number).birth_date,
                        id_number=spec.id_number,
                        phone=spec.phone,
                        employer=self.orgs[employer],
                        region=self.regions[district],
                        talent=talent,
                        occupation=spec.occupation,
                        skill_grade=spec.skill_grade,
                        certificate_number=spec.certificate_number,
                        certificate_date=spec.certificate_date,
                        title_series=spec.title_series,
                        title_level=spec.title_level,
                        title_date=spec.title_date,
                    )
                    pending.append((spec, _Person(row, city, employer, who, first, featured)))
        created = Person.objects.bulk_create([p.row for _, p in pending])
        for (_, person), row in zip(pending, created, strict=True):
            person.row = row
            self.people.append(person)

    def _spec(
        self, maker: PeopleMaker, city: places.City, talent: str, employer: str, featured: str
    ) -> PersonSpec:
        fixed = _FEATURED_PEOPLE.get(featured, {})
        district = str(fixed.get("district") or self.rng.choice(city.districts))
        gender = fixed.get("gender")
        assert gender is None or isinstance(gender, str)
        if talent == "skilled":
            spec = maker.skilled(district, employer, gender=gender)
        else:
            spec = maker.professional(district, employer, gender=gender)
        overrides = {k: v for k, v in fixed.items() if k not in ("district", "gender")}
        return dataclasses.replace(spec, **overrides)  # type: ignore[arg-type]

    def seed_users(self) -> None:
        encoded = make_password(PASSWORD)  # one hash for all: the password is public anyway
        featured = {p.featured: p.row for p in self.people if p.featured}
        rows = []
        for spec in ACCOUNTS:
            person = featured.get(spec.username) if spec.role == Role.LEARNER else None
            operator = spec.role == Role.OPERATOR
            user = User(
                username=spec.username,
                password=encoded,
                role=spec.role,
                # The whole name in one field: get_full_name() joins "first last" with a
                # space, which is the wrong order and spacing for a Chinese name.
                first_name=person.name if person else "",
                person=person,
                organisation=self.orgs[spec.org] if spec.role != Role.LEARNER else None,
                region=self.regions[spec.region] if spec.region else None,
                is_staff=operator,
                is_superuser=operator,
            )
            user.full_clean(exclude=["password"])
            rows.append(user)
        for spec, user in zip(ACCOUNTS, User.objects.bulk_create(rows), strict=True):
            self.users[spec.username] = user
            if spec.role in (Role.EMPLOYER, Role.PROVIDER, Role.OPERATOR):
                self.org_users[spec.org] = user
            if spec.role == Role.REVIEWER:
                city = next(c for c in places.CITIES if c.reviewer_region == spec.region)
                self.reviewers[city.key] = user

    # --- training projects

    def seed_training(self) -> dict[str, int]:
        jinhua = [
            p.row
            for p in self.people
            if p.city.key == "jh" and p.row.talent == "skilled" and not p.featured
        ]
        return training.seed(
            today=self.today,
            provider=self.users["demo-provider"],
            employer=self.users["demo-employer"],
            reviewer=self.reviewers["jh"],
            trainees=[p for p in jinhua if p.employer_id != self.orgs["emp-jh-jg"].pk],
            colleagues=[p for p in jinhua if p.employer_id == self.orgs["emp-jh-jg"].pk],
        )

    # --- records

    def _history(self, person: _Person) -> list[stories.Entry]:
        if person.featured:
            return stories.FEATURED[person.featured](self.today)
        return stories.typical_history(person.who, person.first_year, self.today)

    def _org(self, by: str, person: _Person, rng: random.Random) -> str:
        if by == stories.EMPLOYER:
            return person.employer
        if by == stories.ONLINE:
            return person.city.online
        if by == stories.PROVIDER:
            providers = person.city.providers
            weights = (0.75, 0.2, 0.05)[: len(providers)]
            return rng.choices(providers, weights=weights)[0]
        return by

    def _moment(
        self, day: dt.date, rng: random.Random, after: dt.datetime | None = None
    ) -> dt.datetime:
        """A working-hours moment a few days after `day` (or after `after`), never later
        than now."""
        base = dt.datetime.combine(day, dt.time(9), tzinfo=self.tz)
        if after is not None:
            base = max(base, after)
        moment = base + dt.timedelta(days=rng.randint(1, 9), minutes=rng.randint(0, 480))
        return min(moment, self.now)

    def seed_records(self) -> Counter[str]:
        rng = random.Random(7)
        first: list[CreditRecord] = []
        corrections: list[tuple[int, CreditRecord]] = []  # (index into first, correction)
        for person in self.people:
            reviewer = self.reviewers[person.city.key]
            for entry in self._history(person):
                org_key = self._org(entry.by, person, rng)
                org = self.orgs[org_key]
                registrar = self.org_users.get(org_key)
                row = CreditRecord(
                    person=person.row,
                    registered_by=org,
                    registered_by_user=registrar,
                    source=Source.DEMO,
                    status=entry.status,
                    **_valid(entry.fields),
                )
                row.created = self._moment(entry.last_day, rng)
                if entry.status != Status.REGISTERED:
                    row.decided_by = reviewer
                    row.decided_at = self._moment(entry.last_day, rng, after=row.created)
                if entry.status == Status.REJECTED:
                    row.reason = entry.reason
                first.append(row)
                if entry.correction is not None:
                    assert row.decided_at is not None
                    fixed = CreditRecord(
                        person=person.row,
                        registered_by=org,
                        registered_by_user=registrar,
                        source=Source.DEMO,
                        status=Status.VERIFIED,
                        reason=entry.reason,
                        decided_by=reviewer,
                        **_valid(entry.correction),
                    )
                    fixed.created = self._moment(entry.last_day, rng, after=row.decided_at)
                    fixed.decided_at = self._moment(entry.last_day, rng, after=fixed.created)
                    corrections.append((len(first) - 1, fixed))
        created = CreditRecord.objects.bulk_create(first, batch_size=2000)
        for index, fixed in corrections:
            fixed.supersedes = created[index]
        created += CreditRecord.objects.bulk_create([fixed for _, fixed in corrections])
        return Counter(str(row.status) for row in created)
