"""What the demo's people did, year by year, as canonical record fields.

A typical year is a basket that meets its city's policy exactly; a person-year then either
keeps it or loses a part of it (public short, professional short, total short, no online
exam), and now and then shows a case a text cares about: a day over its cap, the 金华（十一）
60-credit year, 45 minutes of courseware in 宁波, an unfiled training or exam preparation in
宁夏, a deemed-complete year or a Yangtze River Delta transfer in 南通. The featured learners
(the demo accounts) have hand-written histories so each case can be found where the account's
note says.

Nothing here touches the database: `data.py` validates every entry through the record
reader and writes them.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

Fields = dict[str, object]

EMPLOYER = "@employer"  # registered by the person's own employer
PROVIDER = "@provider"  # by one of the city's training bases (mostly the main one)
ONLINE = "@online"  # by whoever runs the city's online learning


@dataclass(frozen=True)
class Entry:
    """One registered activity. `status` is its final state; a superseded entry carries
    the corrected fields that replaced it (and the reason)."""

    fields: Fields
    by: str  # an organisation key of places.ORGS, or EMPLOYER / PROVIDER / ONLINE
    status: str = "verified"
    reason: str = ""
    correction: Fields | None = None

    @property
    def when(self) -> tuple[dt.date, dt.date]:
        start = self.fields["date"]
        end = self.fields.get("end_date", start)
        assert isinstance(start, dt.date)
        assert isinstance(end, dt.date)
        return start, end

    @property
    def last_day(self) -> dt.date:
        return self.when[1]


@dataclass(frozen=True)
class Year:
    """The part of a year records may fall in: all of it, or up to today."""

    year: int
    last: dt.date

    @classmethod
    def of(cls, year: int, today: dt.date) -> Year:
        return cls(year, min(dt.date(year, 12, 31), today))

    @property
    def current(self) -> bool:
        return self.last.year == self.year and self.last < dt.date(self.year, 12, 31)

    def at(self, frac: float, days: int = 1) -> tuple[dt.date, dt.date]:
        """The first and last day of a `days`-day activity starting at `frac` of the
        available part of the year."""
        first = dt.date(self.year, 1, 1)
        span = (self.last - first).days + 1
        start = first + dt.timedelta(days=int(min(max(frac, 0.0), 1.0) * max(span - days, 0)))
        return start, min(start + dt.timedelta(days=days - 1), self.last)

    def near(self, rng: random.Random, frac: float, days: int = 1) -> tuple[dt.date, dt.date]:
        """Like `at`, a little earlier or later (a few days), so people differ."""
        return self.at(frac + rng.uniform(-0.03, 0.03), days)

    def on(self, month: int, day: int, days: int = 1) -> tuple[dt.date, dt.date]:
        start = dt.date(self.year, month, day)
        return start, start + dt.timedelta(days=days - 1)


def rec(kind: str, when: tuple[dt.date, dt.date], **values: object) -> Fields:
    start, end = when
    fields: Fields = {"kind": kind, "date": start}
    if end != start:
        fields["end_date"] = end
    fields.update({k: v for k, v in values.items() if v is not None})
    return fields


@dataclass
class Who:
    """The person a story is about, as far as the story needs."""

    city: str  # places.City.key
    policy: str
    skill: str  # occupation (skilled) or title series (professional)
    rng: random.Random
    flags: set[str] = field(default_factory=set)  # person-level cases placed or forced


PUBLIC_SKILLED = (
    "职业道德与工匠精神",
    "安全生产法律法规解读",
    "劳动合同法与劳动者权益",
    "数字经济与新职业",
    "消防安全与应急处置",
    "环境保护与绿色生产",
    "质量管理基础",
)
PUBLIC_PRO = (
    "专业技术人员数字素养与技能提升",
    "科技创新与高质量发展",
    "专业技术人员职业道德与诚信建设",
    "知识产权保护与运用",
    "人工智能与数字经济",
    "专业技术人员心理健康与压力管理",
)
NINGXIA_COURSES = (
    "专业技术人员创新案例",
    "心理健康与心理调适",
    "学术道德与学术规范",
    "专业技术人员团队建设与创新",
)


# ---------------------------------------------------------------- typical years


def jinhua_year(who: Who, y: Year, profile: str) -> list[Entry]:
    """金华（九）（十）: 90 credits, public 18, professional two thirds, some online exam."""
    rng, occ = who.rng, who.skill
    public = rng.sample(PUBLIC_SKILLED, 3)
    e = [
        Entry(
            rec("online_course", y.near(rng, 0.06), subject="public", credits=10, title=public[0]),
            ONLINE,
        ),
        Entry(
            rec("online_course", y.near(rng, 0.18), subject="public", credits=10, title=public[1]),
            ONLINE,
        ),
        Entry(
            rec("online_exam", y.near(rng, 0.3), credits=10, title=f"{y.year}年{occ}专项在线考试"),
            ONLINE,
        ),
        Entry(
            rec("offline_theory", y.near(rng, 0.42), hours=6, title=f"{occ}新技术理论培训"),
            PROVIDER,
        ),
        Entry(
            rec("offline_theory", y.near(rng, 0.54), hours=6, title="安全生产与质量管理"), PROVIDER
        ),
        Entry(
            rec("offline_practice", y.near(rng, 0.68), hours=6, title=f"{occ}实操训练"), PROVIDER
        ),
        Entry(
            rec("offline_practice", y.near(rng, 0.82), hours=6, title=f"{occ}技能提升实训"),
            PROVIDER,
        ),
    ]
    roll = rng.random()
    if roll < 0.12:  # （十）: 8 hours of theory in a day count 12 credits, not 16
        e[3] = Entry(
            rec("offline_theory", e[3].when, hours=8, title=f"{occ}新技术理论培训（全天）"),
            PROVIDER,
        )
    elif roll < 0.2:  # （十一）: pathways above 60 in a year count 60
        e[3] = Entry(
            rec(
                "competition",
                y.near(rng, 0.42),
                level="county",
                rank=rng.choice((1, 2, 3)),
                title=f"{y.year}年县级{occ}职业技能竞赛",
            ),
            "auth-jh",
        )
        e[4] = Entry(
            rec(
                "seminar_program",
                y.near(rng, 0.54, 3),
                level="provincial",
                title=f"浙江省{occ}高技能人才研修班",
            ),
            PROVIDER,
        )
    elif roll < 0.24:  # （十一）（1）: a seminar not approved by the HR bureau counts nothing
        e.append(
            Entry(
                rec(
                    "seminar_program",
                    y.near(rng, 0.9, 2),
                    level="county",
                    approved=False,
                    title=f"{occ}技艺交流研讨会（未报批）",
                ),
                "prov-dy",
            )
        )
    if profile == "short_public":
        e.pop(1)
    elif profile == "short_exam":
        e[2] = Entry(rec("online_course", e[2].when, credits=10, title=f"{occ}在线课程"), ONLINE)
    elif profile == "short_total":
        e.pop()
    elif profile == "short_professional":
        e[5:7] = [
            Entry(
                rec(
                    "online_course", y.near(rng, 0.7), subject="public", credits=10, title=public[2]
                ),
                ONLINE,
            )
        ]
    return e


def ningbo_year(who: Who, y: Year, profile: str) -> list[Entry]:
    """宁波 第二十条: 60 学时, public 18, professional two thirds of 60."""
    rng, occ = who.rng, who.skill
    minutes = 555 if rng.random() < 0.15 else 600  # 555 minutes are 18 whole 学时, not 18.5
    e = [
        Entry(
            rec(
                "online_course",
                y.near(rng, 0.06),
                subject="public",
                minutes=minutes,
                title=rng.choice(PUBLIC_SKILLED),
            ),
            ONLINE,
        ),
        Entry(
            rec("offline_theory", y.near(rng, 0.2), hours=8, title=f"{occ}新工艺理论培训"), PROVIDER
        ),
        Entry(
            rec("online_course", y.near(rng, 0.35), minutes=480, title=f"{occ}新技术在线课程"),
            ONLINE,
        ),
        Entry(
            rec("training_class", y.near(rng, 0.5, 2), hours=16, title=f"{occ}技能研修班"), PROVIDER
        ),
        Entry(rec("offline_practice", y.near(rng, 0.7), hours=8, title=f"{occ}实操训练"), PROVIDER),
    ]
    roll = rng.random()
    if roll < 0.12:  # 第二十条: 面授 over 8 hours in a day count 8
        day = e[1].when
        e[1:2] = [
            Entry(rec("offline_theory", day, hours=6, title=f"{occ}新工艺理论培训"), PROVIDER),
            Entry(rec("offline_practice", day, hours=4, title=f"{occ}工艺实操（晚班）"), PROVIDER),
        ]
    elif roll < 0.2:  # whole 30-minute blocks only: 45 minutes are 1 学时
        e.append(
            Entry(
                rec(
                    "online_course", y.near(rng, 0.85), minutes=45, title=f"{occ}微课：安全操作要点"
                ),
                ONLINE,
            )
        )
    elif roll < 0.25:  # 宁波 names no way to credit competitions: 0 with a note
        e.append(
            Entry(
                rec(
                    "competition",
                    y.near(rng, 0.9),
                    level="municipal",
                    rank=rng.choice((1, 2, 3)),
                    title=f"宁波市{occ}职业技能大赛",
                ),
                "hr-nb",
            )
        )
    if profile == "short_public":
        e[0] = Entry(replace_fields(e[0].fields, minutes=450), ONLINE)
    elif profile in ("short_professional", "short_exam"):
        e = [x for x in e if x.fields["kind"] not in ("training_class",)]
        e.pop()
    elif profile == "short_total":
        e = [x for x in e if x.fields["kind"] != "online_course" or x.fields.get("subject")]
    return e


def national_year(who: Who, y: Year, profile: str) -> list[Entry]:
    """人社部令第25号 第八条: 90 学时, professional two thirds."""
    rng, series = who.rng, who.skill
    e = [
        Entry(
            rec(
                "online_course",
                y.near(rng, 0.08, 15),
                subject="public",
                hours=30,
                title=f"{y.year}年度专业技术人员公需科目：{rng.choice(PUBLIC_PRO)}",
            ),
            ONLINE,
        ),
        Entry(
            rec("training_class", y.near(rng, 0.3, 3), hours=24, title=f"{series}新技术研修班"),
            PROVIDER,
        ),
        Entry(
            rec("online_course", y.near(rng, 0.5, 10), hours=24, title=f"{series}专业科目在线学习"),
            ONLINE,
        ),
        Entry(
            rec(
                "conference",
                y.near(rng, 0.75, 2),
                level="national",
                hours=12,
                title=f"{y.year}年全国{series}学术年会",
            ),
            EMPLOYER,
        ),
    ]
    if profile == "short_professional":
        e[3] = Entry(
            rec(
                "online_course", e[3].when, subject="public", hours=12, title=rng.choice(PUBLIC_PRO)
            ),
            ONLINE,
        )
    elif profile in ("short_total", "short_public", "short_exam"):
        e.pop()
    return e


def ningxia_year(who: Who, y: Year, profile: str) -> list[Entry]:
    """宁人社函〔2016〕156号 with 人社部令第25号: 90 学时, professional two thirds."""
    rng, series = who.rng, who.skill
    e = [
        Entry(rec("public_course", y.near(rng, 0.1), title=NINGXIA_COURSES[y.year % 4]), "prov-nx"),
        Entry(
            rec("training_class", y.near(rng, 0.3, 3), hours=24, title=f"{series}专业课面授培训"),
            PROVIDER,
        ),
        Entry(
            rec("online_course", y.near(rng, 0.5, 10), hours=20, title=f"{series}专业课网络培训"),
            "prov-nx",
        ),
        Entry(
            rec(
                "study_tour",
                y.near(rng, 0.7, 4),
                days=3,
                title=f"赴{rng.choice(('陕西', '甘肃', '内蒙古', '山东'))}考察交流",
            ),
            EMPLOYER,
        ),
    ]
    roll = rng.random()
    if roll < 0.1:  # 一（三）: teaching counts three times its hours
        e.append(
            Entry(
                rec("teaching", y.near(rng, 0.85), hours=8, title=f"{series}继续教育授课"),
                "prov-nx",
            )
        )
    elif roll < 0.18:  # 三（一）: training not filed and approved counts nothing
        e.append(
            Entry(
                rec(
                    "training_class",
                    y.near(rng, 0.85, 2),
                    hours=16,
                    approved=False,
                    title=f"{series}短期培训（未备案）",
                ),
                "prov-jf",
            )
        )
    elif roll < 0.26:  # 四（三）: title exam preparation never counts
        e.append(
            Entry(
                rec(
                    "exam_prep_training",
                    y.near(rng, 0.85, 2),
                    hours=16,
                    title=rng.choice(("职称外语考前培训", "职称计算机模块考前培训")),
                ),
                "prov-jf",
            )
        )
    if profile == "short_professional":
        e.pop(1)
    elif profile in ("short_total", "short_public", "short_exam"):
        e.pop(3)
    return e


def nantong_year(who: Who, y: Year, profile: str) -> list[Entry]:
    """通职称办〔2021〕24号 一: 90 学时, public 24 (and at most 30, 第十四条)."""
    rng, series = who.rng, who.skill
    e = [
        Entry(
            rec(
                "public_course",
                y.near(rng, 0.08),
                hours=24,
                title=f"{y.year}年度南通市专业技术人员公需科目",
            ),
            "prov-nt",
        ),
        Entry(
            rec("training_class", y.near(rng, 0.25, 3), title=f"{series}专业科目培训班"), PROVIDER
        ),
        Entry(
            rec(
                "conference",
                y.near(rng, 0.45, 2),
                level=rng.choice(("regional", "national")),
                title=f"长三角{series}学术交流会",
            ),
            EMPLOYER,
        ),
        Entry(
            rec("high_level_base_training", y.near(rng, 0.65, 2), title="南通市高层次人才研修班"),
            "prov-nt",
        ),
        Entry(
            rec("online_course", y.near(rng, 0.85), credits=6, title=f"{series}远程教育课程"),
            "prov-nt",
        ),
    ]
    if not y.current:
        roll = rng.random()
        if roll < 0.06:  # 第十七条（五）: a qualification exam passed completes the year
            e[2:4] = [
                Entry(
                    rec(
                        "qualification_exam",
                        y.near(rng, 0.5),
                        title=f"{series}职称资格考试（合格）",
                    ),
                    EMPLOYER,
                )
            ]
        elif roll < 0.1:  # （五）: two papers in provincial or higher journals
            e[3:5] = [
                Entry(
                    rec(
                        "publication",
                        y.near(rng, 0.7),
                        level="provincial",
                        count=2,
                        title=f"在省级期刊发表{series}论文2篇",
                    ),
                    EMPLOYER,
                )
            ]
        elif roll < 0.13:  # （五）: a county science and technology award
            e[3:5] = [
                Entry(
                    rec(
                        "award",
                        y.near(rng, 0.7),
                        level="county",
                        rank=rng.choice((1, 2, 3)),
                        title="海门区科技进步奖",
                    ),
                    EMPLOYER,
                )
            ]
        elif roll < 0.23:  # （六）: self-study beyond a third of the year counts 30
            e[4] = Entry(
                rec(
                    "self_study", y.near(rng, 0.6, 90), hours=36, title=f"{series}自学（单位折算）"
                ),
                EMPLOYER,
            )
    if "round5" in who.flags and y.year == 2021:
        e.pop(0)  # 四（一）: the round-five certificate waives the 2021 public subjects
    if profile == "short_public":
        e[0] = Entry(replace_fields(e[0].fields, hours=12), "prov-nt")
    elif profile in ("short_total", "short_professional", "short_exam"):
        e.pop(2)
    return e


def nantong_person(who: Who, first_year: int) -> list[Entry]:
    """Person-level cases of 南通: the round-five certificate (四（一）) and transfers from
    the Yangtze River Delta (三) or from elsewhere."""
    rng = who.rng
    e: list[Entry] = []
    if first_year == 2021 and rng.random() < 0.3:
        who.flags.add("round5")
        e.append(
            Entry(
                rec(
                    "public_course",
                    Year.of(2020, dt.date(2020, 12, 31)).at(rng.uniform(0.6, 0.95)),
                    hours=24,
                    title="第五轮公需课合格证明",
                ),
                "prov-nt",
            )
        )
    roll = rng.random()
    if "transfer-yrd" in who.flags:
        roll = 0.0
    elif "transfer-other" in who.flags:
        roll = 0.15
    if roll < 0.12:
        origin = rng.choice(("上海市", "浙江省杭州市", "330200", "安徽省合肥市", "320100"))
        year = rng.randint(max(first_year, 2022), 2025)
        e.append(
            Entry(
                rec(
                    "transfer",
                    Year.of(year, dt.date(year, 12, 31)).on(1, 1, 90),
                    hours=36,
                    region=origin,
                    title="调入前已取得的继续教育学时",
                ),
                EMPLOYER,
            )
        )
    elif roll < 0.16:
        year = rng.randint(max(first_year, 2022), 2025)
        e.append(
            Entry(
                rec(
                    "transfer",
                    Year.of(year, dt.date(year, 12, 31)).on(1, 1, 90),
                    hours=36,
                    region="宁夏回族自治区",
                    title="调入前已取得的继续教育学时",
                ),
                EMPLOYER,
            )
        )
    return e


def ningxia_person(who: Who, first_year: int, today: dt.date) -> list[Entry]:
    """四（三）: a degree; begun and finished inside an audit window it completes the window."""
    rng = who.rng
    if rng.random() >= 0.08:
        return []
    start = rng.randint(max(first_year, 2019), 2022)
    graduation = dt.date(start + 3, 6, 30)
    if graduation > today:
        return []
    return [
        Entry(
            rec(
                "degree",
                (dt.date(start, 9, 1), graduation),
                hours=100,
                title=f"{who.skill.split('（')[0]}硕士研究生（在职）毕业",
            ),
            EMPLOYER,
        )
    ]


YEAR_STORIES: dict[str, Callable[[Who, Year, str], list[Entry]]] = {
    "jinhua-skills-2020": jinhua_year,
    "ningbo-skills-2020": ningbo_year,
    "national-pro-2015": national_year,
    "ningxia-pro-2016": ningxia_year,
    "nantong-pro-2021": nantong_year,
}


def profile_for(rng: random.Random, policy: str, current: bool) -> str:
    """A past year is mostly complete; the current one is still under way."""
    if current:
        return "partial"
    shorts = ["short_public", "short_professional", "short_total"]
    if policy == "jinhua-skills-2020":
        shorts.append("short_exam")
    if rng.random() < 0.8:
        return "complete"
    return rng.choice(shorts)


def replace_fields(fields: Fields, **values: object) -> Fields:
    return {**fields, **values}


# ---------------------------------------------------------------- statuses

REJECTIONS = (
    "未提供考试考核结果，请培训机构补充后重新登记",
    "重复登记：与同一培训已登记的记录重复",
    "签到记录缺失，无法核实参训时间",
    "培训证明上的姓名与学员信息不符",
)


def correction_reason(key: str, wrong: int, right: int) -> str:
    if key == "hours":
        return f"登记为{wrong}学时有误，按培训签到表更正为{right}学时"
    return f"登记为{wrong}学分有误，按课程设定学分更正为{right}学分"


def settle(rng: random.Random, entries: list[Entry], today: dt.date) -> list[Entry]:
    """Give typical entries their final status: recent ones often still pending, a few
    rejected duplicates or unproven ones, a few corrected (superseded) ones."""
    out: list[Entry] = []
    for entry in entries:
        age = (today - entry.last_day).days
        pending = 0.8 if age < 30 else 0.45 if age < 90 else 0.1 if age < 150 else 0.004
        status = "registered" if rng.random() < pending else "verified"
        fields = entry.fields
        if rng.random() < 0.008 and ("hours" in fields or "credits" in fields):
            key = "hours" if "hours" in fields else "credits"
            amount = fields[key]
            assert isinstance(amount, int)
            mistaken = amount + 2 if amount <= 20 else amount - 2
            wrong = {**fields, key: mistaken}
            reason = correction_reason(key, mistaken, amount)
            out.append(Entry(wrong, entry.by, "superseded", reason, correction=fields))
            continue
        out.append(Entry(fields, entry.by, status))
    if entries and rng.random() < 0.05:
        copied = rng.choice(entries)
        out.append(Entry(copied.fields, copied.by, "rejected", rng.choice(REJECTIONS)))
    return out


def typical_history(who: Who, first_year: int, today: dt.date) -> list[Entry]:
    """Every year of a typical person from `first_year` through the current year."""
    rng = who.rng
    story = YEAR_STORIES[who.policy]
    entries: list[Entry] = []
    if who.policy == "nantong-pro-2021":
        entries += nantong_person(who, first_year)
    elif who.policy == "ningxia-pro-2016":
        entries += ningxia_person(who, first_year, today)
    for year in range(first_year, today.year + 1):
        y = Year.of(year, today)
        profile = profile_for(rng, who.policy, y.current)
        basket = story(who, y, "complete" if profile == "partial" else profile)
        if profile == "partial" and rng.random() < 0.65:
            basket = basket[: rng.randint(max(1, len(basket) // 3), len(basket) - 1)]
        entries += basket
    return settle(rng, entries, today)


# ---------------------------------------------------------------- featured learners
#
# The demo accounts' own histories, written out so each case sits where the note says.


def _e(kind: str, when: tuple[dt.date, dt.date], by: str, **values: object) -> Entry:
    return Entry(rec(kind, when, **values), by)


def _status(entry: Entry, status: str, reason: str = "") -> Entry:
    return Entry(entry.fields, entry.by, status, reason)


def jinhua_learner(today: dt.date) -> list[Entry]:
    """demo-learner: a 数控车工 of 金华精工机床 trained at 金华市技师学院."""
    base = "prov-jh"
    e: list[Entry] = []
    y = Year.of(2021, today)
    e += [
        _e(
            "online_course",
            y.on(3, 15),
            "operator",
            subject="public",
            credits=10,
            title="职业道德与工匠精神",
        ),
        _e(
            "online_course",
            y.on(4, 20),
            "operator",
            subject="public",
            credits=10,
            title="安全生产法律法规解读",
        ),
        _e("online_exam", y.on(5, 18), "operator", credits=10, title="2021年数控车工专项在线考试"),
        _e("offline_theory", y.on(6, 10), base, hours=6, title="数控编程新技术理论培训"),
        _e("offline_theory", y.on(6, 11), base, hours=6, title="数控编程新技术理论培训"),
        _e("offline_practice", y.on(9, 15), base, hours=6, title="多轴数控加工实操训练"),
        _e("offline_practice", y.on(9, 16), base, hours=6, title="多轴数控加工实操训练"),
    ]
    y = Year.of(2022, today)  # （十）: a day of 8 theory hours counts 12 credits
    e += [
        _e(
            "online_course",
            y.on(3, 8),
            "operator",
            subject="public",
            credits=10,
            title="数字经济与新职业",
        ),
        _e(
            "online_course",
            y.on(4, 12),
            "operator",
            subject="public",
            credits=10,
            title="消防安全与应急处置",
        ),
        _e("online_exam", y.on(5, 20), "operator", credits=12, title="2022年数控车工专项在线考试"),
        _e("offline_theory", y.on(7, 5), base, hours=8, title="智能制造新技术理论培训（全天）"),
        _e("offline_theory", y.on(7, 6), base, hours=6, title="智能制造新技术理论培训"),
        _e("offline_practice", y.on(10, 11), base, hours=6, title="数控车床精密加工实训"),
        _e("offline_practice", y.on(10, 12), base, hours=6, title="数控车床精密加工实训"),
    ]
    y = Year.of(2023, today)  # （十一）: 48 + 36 credits of pathways count 60
    e += [
        _e(
            "online_course",
            y.on(2, 20),
            "operator",
            subject="public",
            credits=10,
            title="劳动合同法与劳动者权益",
        ),
        _e(
            "online_course",
            y.on(3, 22),
            "operator",
            subject="public",
            credits=10,
            title="环境保护与绿色生产",
        ),
        _e("online_exam", y.on(4, 18), "operator", credits=10, title="2023年数控车工专项在线考试"),
        _e(
            "competition",
            y.on(6, 20),
            "auth-jh",
            level="provincial",
            rank=2,
            title="浙江省数控车工职业技能竞赛（第二名）",
        ),
        _e(
            "seminar_program",
            y.on(9, 10, 3),
            base,
            level="municipal",
            title="金华市高技能人才数控技术研修班",
        ),
    ]
    y = Year.of(2024, today)  # （九）: no online special exam; one record corrected
    practice = rec("offline_practice", y.on(8, 20), hours=6, title="数控设备维护保养实训")
    e += [
        _e(
            "online_course",
            y.on(3, 5),
            "operator",
            subject="public",
            credits=10,
            title="质量管理基础",
        ),
        _e(
            "online_course",
            y.on(4, 9),
            "operator",
            subject="public",
            credits=10,
            title="职业道德与工匠精神（2024）",
        ),
        _e("offline_theory", y.on(5, 14), base, hours=6, title="工业互联网基础理论培训"),
        _e("offline_theory", y.on(5, 15), base, hours=6, title="工业互联网基础理论培训"),
        Entry(
            {**practice, "hours": 8},
            base,
            "superseded",
            correction_reason("hours", 8, 6),
            correction=practice,
        ),
        _e("offline_practice", y.on(8, 21), base, hours=6, title="数控设备维护保养实训"),
        _e("online_course", y.on(10, 15), "operator", credits=12, title="数控车工新技术在线课程"),
    ]
    y = Year.of(2025, today)  # complete; one registration rejected
    e += [
        _e(
            "online_course",
            y.on(3, 11),
            "operator",
            subject="public",
            credits=10,
            title="安全生产法律法规解读（2025）",
        ),
        _e(
            "online_course",
            y.on(4, 15),
            "operator",
            subject="public",
            credits=10,
            title="数字经济与新职业（2025）",
        ),
        _e("online_exam", y.on(5, 20), "operator", credits=10, title="2025年数控车工专项在线考试"),
        _e("offline_theory", y.on(6, 17), base, hours=6, title="五轴加工编程理论培训"),
        _e("offline_theory", y.on(6, 18), base, hours=6, title="五轴加工编程理论培训"),
        _e("offline_practice", y.on(9, 23), base, hours=6, title="五轴加工实操训练"),
        _e("offline_practice", y.on(9, 24), base, hours=6, title="五轴加工实操训练"),
        _status(
            _e("offline_practice", y.on(11, 5), base, hours=6, title="数控设备维护保养实训"),
            "rejected",
            "考核成绩单缺失，请培训基地补充后重新登记",
        ),
    ]
    y = Year.of(today.year, today)  # this year: short, with two records pending
    e += [
        _e(
            "online_course",
            y.at(0.1),
            "operator",
            subject="public",
            credits=8,
            title=f"{today.year}年度公共科目：安全生产与应急管理",
        ),
        _e(
            "online_exam",
            y.at(0.2),
            "operator",
            credits=10,
            title=f"{today.year}年数控车工专项在线考试",
        ),
        _e("offline_theory", y.at(0.35), base, hours=8, title="数控系统新功能理论培训（全天）"),
        _e("offline_practice", y.at(0.5), base, hours=6, title="精密零件加工实训"),
        _e("online_course", y.at(0.6), "operator", credits=12, title="数控车工新技术在线课程"),
        _status(
            _e("offline_theory", y.at(0.7), base, hours=4, title="刀具管理理论培训"),
            "rejected",
            "签到记录缺失，无法核实参训时间",
        ),
        _status(
            _e("offline_practice", y.at(0.9), base, hours=6, title="精密零件加工实训（第二期）"),
            "registered",
        ),
        _status(
            _e(
                "online_course",
                y.at(0.95),
                base,
                subject="public",
                credits=6,
                title="职业道德与法律法规（面授转线上）",
            ),
            "registered",
        ),
    ]
    return e


def ningbo_learner(today: dt.date) -> list[Entry]:
    """demo-learner-nb: a 模具工 of 宁波甬港模具, trained at the 宁波 base."""
    base, online = "prov-nb", "operator"
    e: list[Entry] = []

    def year_of(year: int, *, public_minutes: int = 600) -> list[Entry]:
        y = Year.of(year, today)
        return [
            _e(
                "online_course",
                y.on(3, 10),
                online,
                subject="public",
                minutes=public_minutes,
                title="职业道德与工匠精神",
            ),
            _e("offline_theory", y.on(4, 14), base, hours=8, title="模具设计新技术理论培训"),
            _e("online_course", y.on(5, 19), online, minutes=480, title="模具CAD/CAM在线课程"),
            _e("training_class", y.on(7, 8, 2), base, hours=16, title="精密模具技能研修班"),
            _e("offline_practice", y.on(9, 22), base, hours=8, title="模具装配实操训练"),
        ]

    e += year_of(2020)
    y = Year.of(2021, today)  # 第二十条: 6 + 4 hours of 面授 in one day count 8
    e += [x for x in year_of(2021) if x.fields["kind"] != "offline_theory"]
    e += [
        _e("offline_theory", y.on(4, 14), base, hours=6, title="模具设计新技术理论培训"),
        _e("offline_practice", y.on(4, 14), base, hours=4, title="模具试模实操（晚班）"),
    ]
    y = Year.of(2022, today)  # 第二十条: 555 minutes are 18 学时, 45 minutes are 1
    e += year_of(2022, public_minutes=555)
    e.append(_e("online_course", y.on(11, 3), online, minutes=45, title="模具CAD快捷操作微课"))
    e += year_of(2023, public_minutes=450)  # public short: 15 of 18
    y = Year.of(2024, today)  # a competition counts nothing in 宁波
    e += year_of(2024)
    e.append(
        _e(
            "competition",
            y.on(10, 26),
            "hr-nb",
            level="municipal",
            rank=2,
            title="宁波市模具工职业技能大赛（第二名）",
        )
    )
    e += year_of(2025)
    y = Year.of(today.year, today)
    e += [
        _e(
            "online_course",
            y.at(0.1),
            online,
            subject="public",
            minutes=600,
            title="安全生产法律法规解读",
        ),
        _e("offline_theory", y.at(0.3), base, hours=8, title="注塑模具新工艺理论培训"),
        _e("training_class", y.at(0.55, 2), base, hours=16, title="精密模具技能研修班"),
        _status(
            _e("offline_practice", y.at(0.92), base, hours=8, title="模具装配实操训练"),
            "registered",
        ),
    ]
    return e


def ningxia_learner(today: dt.date) -> list[Entry]:
    """demo-learner-nx: an engineer (水利) of 宁夏贺兰山水利勘测设计院, studying for a
    master's degree from 2022 to 2025."""
    base = "prov-nx"
    e: list[Entry] = []

    def year_of(year: int, course: str) -> list[Entry]:
        y = Year.of(year, today)
        return [
            _e("public_course", y.on(3, 20), base, title=course),
            _e("training_class", y.on(5, 10, 3), base, hours=24, title="水利工程新规范面授培训"),
            _e("online_course", y.on(7, 15, 10), base, hours=20, title="水文水资源网络培训"),
            _e(
                "study_tour",
                y.on(9, 18, 4),
                "emp-nx-sl",
                days=3,
                title="赴甘肃引大入秦工程考察交流",
            ),
        ]

    for year, course in zip(range(2019, 2023), NINGXIA_COURSES, strict=True):
        e += year_of(year, f"《{course}》")
    y = Year.of(2023, today)  # 三（一）and 四（三）: unfiled training and exam preparation count 0
    e += [
        _e("public_course", y.on(3, 16), base, title="专业技术人员能力建设读本"),
        _e(
            "training_class",
            y.on(5, 8, 2),
            "prov-jf",
            hours=16,
            approved=False,
            title="水利工程造价短期培训（未备案）",
        ),
        _e("exam_prep_training", y.on(6, 12, 2), "prov-jf", hours=16, title="职称外语考前培训"),
        _e("online_course", y.on(7, 15, 10), base, hours=20, title="水文水资源网络培训"),
    ]
    y = Year.of(2024, today)  # 一（三）: teaching 8 hours counts 24
    e += year_of(2024, "当代科学技术新知识")
    e.append(_e("teaching", y.on(11, 6), base, hours=8, title="水利工程新规范继续教育授课"))
    y = Year.of(2025, today)  # 四（三）: the degree, begun 2022 and finished 2025
    e += [
        _e(
            "degree",
            (dt.date(2022, 9, 1), dt.date(2025, 6, 30)),
            "emp-nx-sl",
            hours=100,
            title="水利工程硕士研究生（在职）毕业",
        ),
        _e("public_course", y.on(3, 18), base, title="专业技术人员创新案例"),
    ]
    y = Year.of(today.year, today)
    e += [
        _e("public_course", y.at(0.15), base, title="心理健康与心理调适"),
        _e("training_class", y.at(0.4, 3), base, hours=24, title="智慧水利面授培训"),
        _status(
            _e("online_course", y.at(0.9, 5), base, hours=20, title="水文水资源网络培训"),
            "registered",
        ),
    ]
    return e


def nantong_learner(today: dt.date) -> list[Entry]:
    """demo-learner-nt: an architect of 南通江海建筑设计院."""
    base, emp = "prov-nt", "emp-nt-jz"
    e: list[Entry] = []
    # 四（一）: the round-five certificate (2020) waives the 2021 public subjects.
    e.append(
        _e(
            "public_course",
            Year.of(2020, today).on(11, 20),
            base,
            hours=24,
            title="第五轮公需课合格证明",
        )
    )
    y = Year.of(2021, today)
    e += [
        _e("training_class", y.on(4, 12, 3), base, title="绿色建筑设计专业科目培训班"),
        _e("conference", y.on(6, 17, 2), emp, level="national", title="全国建筑设计学术年会"),
        _e("high_level_base_training", y.on(9, 8, 2), base, title="南通市高层次人才研修班"),
        _e("online_course", y.on(10, 20), base, credits=10, title="装配式建筑远程教育课程"),
        _e("self_study", y.on(1, 4, 180), emp, hours=16, title="建筑设计规范自学（单位折算）"),
    ]
    y = Year.of(2022, today)  # 第十七条（五）: a qualification exam passed completes the year
    e += [
        _e(
            "public_course", y.on(3, 21), base, hours=24, title="2022年度南通市专业技术人员公需科目"
        ),
        _e("qualification_exam", y.on(10, 15), emp, title="一级注册建筑师资格考试（合格）"),
    ]
    y = Year.of(2023, today)  # （五）: two papers in provincial journals complete the year
    e += [
        _e(
            "public_course", y.on(3, 20), base, hours=24, title="2023年度南通市专业技术人员公需科目"
        ),
        _e(
            "publication",
            y.on(8, 30),
            emp,
            level="provincial",
            count=2,
            title="在《江苏建筑》发表论文2篇",
        ),
    ]
    y = Year.of(
        2024, today
    )  # 第十四条 and 第十七条（六）: public 36 counts 30, self-study 40 counts 30
    e += [
        _e(
            "public_course", y.on(3, 18), base, hours=24, title="2024年度南通市专业技术人员公需科目"
        ),
        _e("public_course", y.on(5, 22), base, hours=12, title="数字素养与技能提升专题"),
        _e("training_class", y.on(6, 3, 3), base, title="建筑节能专业科目培训班"),
        _e("conference", y.on(9, 12, 2), emp, level="regional", title="长三角建筑设计论坛"),
        _e("self_study", y.on(1, 2, 300), emp, hours=40, title="建筑设计规范自学（单位折算）"),
    ]
    y = Year.of(2025, today)  # （四）: a municipal third prize completes the appointment period
    e += [
        _e(
            "public_course", y.on(3, 24), base, hours=24, title="2025年度南通市专业技术人员公需科目"
        ),
        _e(
            "award",
            y.on(12, 10),
            "hr-nt",
            level="municipal",
            rank=3,
            title="南通市科学技术进步奖三等奖",
        ),
    ]
    y = Year.of(today.year, today)
    e += [
        _e(
            "public_course",
            y.at(0.15),
            base,
            hours=24,
            title=f"{today.year}年度南通市专业技术人员公需科目",
        ),
        _e("training_class", y.at(0.45, 3), base, title="城市更新专业科目培训班"),
        _status(
            _e("conference", y.at(0.9, 2), emp, level="national", title="全国建筑设计学术年会"),
            "registered",
        ),
    ]
    return e


FEATURED: dict[str, Callable[[dt.date], list[Entry]]] = {
    "demo-learner": jinhua_learner,
    "demo-learner-nb": ningbo_learner,
    "demo-learner-nx": ningxia_learner,
    "demo-learner-nt": nantong_learner,
}
