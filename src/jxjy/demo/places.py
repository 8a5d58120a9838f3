"""The demo's regions (GB/T 2260 codes and names), the policy each city applies, and its
organisations with their public disclosure (宁波 第九条, 南通 第二十二条)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jxjy.orgs import credit_code

# (code, name, level, parent code)
REGIONS: tuple[tuple[str, str, str, str | None], ...] = (
    ("330000", "浙江省", "province", None),
    ("330200", "宁波市", "city", "330000"),
    ("330203", "海曙区", "county", "330200"),
    ("330205", "江北区", "county", "330200"),
    ("330212", "鄞州区", "county", "330200"),
    ("330700", "金华市", "city", "330000"),
    ("330702", "婺城区", "county", "330700"),
    ("330703", "金东区", "county", "330700"),
    ("330782", "义乌市", "county", "330700"),
    ("330783", "东阳市", "county", "330700"),
    ("640000", "宁夏回族自治区", "province", None),
    ("640100", "银川市", "city", "640000"),
    ("640104", "兴庆区", "county", "640100"),
    ("640105", "西夏区", "county", "640100"),
    ("640106", "金凤区", "county", "640100"),
    ("320000", "江苏省", "province", None),
    ("320600", "南通市", "city", "320000"),
    ("320613", "崇川区", "county", "320600"),
    ("320614", "海门区", "county", "320600"),
)

# (region code, talent, policy id, valid from)
POLICIES: tuple[tuple[str, str, str, dt.date], ...] = (
    # 人社部令第25号 as the professional baseline for Zhejiang (no city text of its own).
    ("330000", "professional", "national-pro-2015", dt.date(2015, 10, 1)),
    ("330200", "skilled", "ningbo-skills-2020", dt.date(2020, 1, 1)),
    ("330700", "skilled", "jinhua-skills-2020", dt.date(2020, 10, 10)),
    # 宁人社函〔2016〕156号 is the region's: set at the province, inherited by 银川.
    ("640000", "professional", "ningxia-pro-2016", dt.date(2016, 3, 28)),
    ("320600", "professional", "nantong-pro-2021", dt.date(2021, 1, 1)),
)


@dataclass(frozen=True)
class Org:
    key: str
    kind: str
    name: str
    region: str  # GB/T 2260 code
    code_prefix: str  # registration authority and type (GB 32100 第1-2位)
    provider_level: str = ""
    filing: str = ""
    scope: str = ""
    content: str = ""
    fees: str = ""
    teachers: str = ""
    address: str = ""

    def credit_code(self, serial: int) -> str:
        """A made-up code that passes GB 32100's check: registration authority and type,
        the region, a 9-character body (an enterprise's new-style "MA…" number, else
        digits) and the check character."""
        n = (serial * 2654435761 + 40503) % 31**6
        if self.code_prefix.startswith("9"):
            body = "MA2"
            for _ in range(6):
                body += credit_code.ALPHABET[n % 31]
                n //= 31
        else:
            body = f"{n % 10**9:09d}"
        first17 = f"{self.code_prefix}{self.region}{body}"
        return first17 + credit_code.check_character(first17)


def _hr(key: str, name: str, region: str) -> Org:
    return Org(key, "hr_bureau", name, region, "11", address=f"{name}政务服务大厅")


ORGS: tuple[Org, ...] = (
    # --- HR bureaus (人力社保部门) and industry authorities
    _hr("hr-nb", "宁波市人力资源和社会保障局", "330200"),
    _hr("hr-jh", "金华市人力资源和社会保障局", "330700"),
    _hr("hr-nx", "宁夏回族自治区人力资源和社会保障厅", "640000"),
    _hr("hr-yc", "银川市人力资源和社会保障局", "640100"),
    _hr("hr-nt", "南通市人力资源和社会保障局", "320600"),
    Org("auth-jh", "authority", "金华市经济和信息化局", "330700", "11"),
    Org("auth-nt", "authority", "南通市卫生健康委员会", "320600", "11"),
    # --- the operator
    Org(
        "operator",
        "operator",
        "浙江省技能人才继续教育学院（平台运营）",
        "330000",
        "12",
        scope="全省技能人才继续教育网络平台的运行维护、在线课程和在线专项考试",
        content="公共科目在线课程、专业科目在线课程、在线专项考试",
        fees="在线课程及专项考试免费",
        teachers="平台运维人员12名，课程编审人员30名",
        address="杭州市西湖区文三路（平台运营中心）",
    ),
    # --- training bases and providers (继续教育基地)
    Org(
        "prov-jh",
        "provider",
        "金华市技师学院继续教育基地",
        "330700",
        "12",
        provider_level="city",
        filing="filed",
        scope="数控加工、焊接、电工、汽车维修等职业（工种）的技能人才继续教育",
        content="新技术、新工艺理论培训；实操训练；职业技能等级认定前培训",
        fees="理论培训每学时15元，实操训练每学时25元；企业团体另议；贫困人员免费",
        teachers="专兼职教师46名，其中高级技师18名、一体化教师22名；教务管理3名",
        address="金华市婺城区（理论教室12间、数控实训车间2个、焊接实训室1个）",
    ),
    Org(
        "prov-yw",
        "provider",
        "义乌市职业技能培训中心",
        "330782",
        "52",
        provider_level="county",
        filing="filed",
        scope="电子商务、服装制版、针织等职业的继续教育",
        content="直播电商实务、服装CAD制版、针织设备操作与保养",
        fees="每学时12元，持证上岗人员八折",
        teachers="专兼职教师21名，其中企业技术骨干9名",
        address="义乌市稠城街道（多媒体教室6间、电商直播实训室3间）",
    ),
    Org(
        "prov-dy",
        "provider",
        "东阳市木雕技艺传承培训学校",
        "330783",
        "52",
        provider_level="county",
        filing="pending",
        scope="木雕、红木家具制作等传统工艺的技能人才继续教育",
        content="木雕技法、红木家具榫卯工艺、工艺美术鉴赏",
        fees="每学时20元",
        teachers="工艺美术大师4名，高级技师7名",
        address="东阳市吴宁街道（木雕实训工坊2个）",
    ),
    Org(
        "prov-nb",
        "provider",
        "宁波市技能人才继续教育基地（宁波技师学院）",
        "330200",
        "12",
        provider_level="city",
        filing="filed",
        scope="模具、注塑、数控、电工等职业（工种）的技能人才继续教育",
        content="模具设计新技术、注塑成型工艺、智能制造产线运维；技术交流与研修",
        fees="理论培训每学时15元，实操训练每学时30元",
        teachers="专兼职教师58名，其中高级技师21名；教务管理4名",
        address="宁波市鄞州区（理论教室15间、模具实训中心1个）",
    ),
    Org(
        "prov-yz",
        "provider",
        "鄞州区职业技能培训中心",
        "330212",
        "52",
        provider_level="county",
        filing="filed",
        scope="电工、焊工、养老护理员等职业的继续教育",
        content="电工安全与新规范、焊接新工艺、养老护理实务",
        fees="每学时12元",
        teachers="专兼职教师19名",
        address="宁波市鄞州区首南街道（实训室5间）",
    ),
    Org(
        "prov-yj",
        "provider",
        "宁波甬江职业培训学校",
        "330205",
        "52",
        provider_level="county",
        filing="revoked",
        scope="中式烹调、育婴等职业的培训",
        content="中式烹调新技艺、育婴护理",
        fees="每学时18元",
        teachers="专兼职教师8名",
        address="宁波市江北区（备案已撤销，记录留存）",
    ),
    Org(
        "prov-nx",
        "provider",
        "宁夏专业技术人员继续教育基地（银川）",
        "640100",
        "12",
        provider_level="city",
        filing="filed",
        scope="全区专业技术人员公需课、专业课的面授和网络培训",
        content="公需课《专业技术人员创新案例》等；工程、农业、卫生、教育等专业课",
        fees="公需课免费；专业课每学时10元",
        teachers="专兼职教师64名，其中正高级职称15名",
        address="银川市金凤区（多媒体教室10间、网络学习平台）",
    ),
    Org(
        "prov-jf",
        "provider",
        "银川市金凤区人才培训中心",
        "640106",
        "52",
        provider_level="county",
        filing="pending",
        scope="专业技术人员专业课培训",
        content="现代农业技术、建筑工程新规范",
        fees="每学时10元",
        teachers="专兼职教师12名",
        address="银川市金凤区（教室4间）",
    ),
    Org(
        "prov-nt",
        "provider",
        "南通市高层次人才培训基地",
        "320600",
        "12",
        provider_level="city",
        filing="filed",
        scope="专业技术人员公需科目、专业科目和高层次人才培训",
        content="公需科目；建筑、纺织、医疗卫生等专业科目；高级研修班",
        fees="公需科目免费；专业科目每天180元",
        teachers="专兼职教师52名，其中正高级职称17名",
        address="南通市崇川区（报告厅1个、教室9间）",
    ),
    Org(
        "prov-hm",
        "provider",
        "海门区专业技术人员继续教育中心",
        "320614",
        "52",
        provider_level="county",
        filing="filed",
        scope="专业技术人员专业科目培训",
        content="建筑工程、纺织新材料、基层卫生",
        fees="每天150元",
        teachers="专兼职教师16名",
        address="南通市海门区（教室5间）",
    ),
    # --- employers
    Org("emp-jh-jg", "employer", "金华精工机床有限公司", "330702", "91"),
    Org("emp-jh-qc", "employer", "浙江婺江汽车零部件有限公司", "330703", "91"),
    Org("emp-jh-zz", "employer", "义乌市恒达针织服饰有限公司", "330782", "91"),
    Org("emp-jh-hm", "employer", "东阳市鼎盛红木家具有限公司", "330783", "91"),
    Org("emp-jh-sj", "employer", "金华市婺州建筑设计院有限公司", "330702", "91"),
    Org("emp-nb-mj", "employer", "宁波甬港模具有限公司", "330212", "91"),
    Org("emp-nb-zs", "employer", "宁波海曙精密注塑有限公司", "330203", "91"),
    Org("emp-nb-dq", "employer", "宁波鄞州智能电器有限公司", "330212", "91"),
    Org("emp-nb-gc", "employer", "宁波东港工程咨询有限公司", "330205", "91"),
    Org("emp-nx-sl", "employer", "宁夏贺兰山水利勘测设计院有限公司", "640106", "91"),
    Org("emp-nx-ny", "employer", "宁夏金凤现代农业科技有限公司", "640106", "91"),
    Org("emp-nx-xx", "employer", "银川市兴庆区实验中学", "640104", "12"),
    Org("emp-nx-yy", "employer", "银川市西夏区社区卫生服务中心", "640105", "12"),
    Org("emp-nt-jz", "employer", "南通江海建筑设计院有限公司", "320613", "91"),
    Org("emp-nt-fz", "employer", "海门三星纺织科技有限公司", "320614", "91"),
    Org("emp-nt-yy", "employer", "南通市崇川区人民医院", "320613", "12"),
)


@dataclass(frozen=True)
class City:
    """A city's learners: how many, of which talent, which districts and employers."""

    key: str
    code: str
    districts: tuple[str, ...]
    reviewer_region: str  # the HR reviewer's region (a province when the policy is set there)
    hr: str
    online: str  # who registers online courses and exams
    providers: tuple[str, ...]  # the first is the main (city) base
    groups: tuple[tuple[str, str, int], ...]  # (talent, employer key, people)
    first_year: dict[str, int]  # talent -> first year with records


CITIES: tuple[City, ...] = (
    City(
        "jh",
        "330700",
        ("330702", "330703", "330782", "330783"),
        "330700",
        "hr-jh",
        "operator",
        ("prov-jh", "prov-yw", "prov-dy"),
        (
            ("skilled", "emp-jh-jg", 32),
            ("skilled", "emp-jh-qc", 26),
            ("skilled", "emp-jh-zz", 22),
            ("skilled", "emp-jh-hm", 18),
            ("professional", "emp-jh-sj", 14),
        ),
        {"skilled": 2021, "professional": 2019},
    ),
    City(
        "nb",
        "330200",
        ("330203", "330205", "330212"),
        "330200",
        "hr-nb",
        "operator",
        ("prov-nb", "prov-yz", "prov-yj"),
        (
            ("skilled", "emp-nb-mj", 30),
            ("skilled", "emp-nb-zs", 24),
            ("skilled", "emp-nb-dq", 22),
            ("professional", "emp-nb-gc", 14),
        ),
        {"skilled": 2020, "professional": 2019},
    ),
    City(
        "nx",
        "640100",
        ("640104", "640105", "640106"),
        "640000",
        "hr-nx",
        "prov-nx",
        ("prov-nx", "prov-jf"),
        (
            ("professional", "emp-nx-sl", 16),
            ("professional", "emp-nx-ny", 14),
            ("professional", "emp-nx-xx", 16),
            ("professional", "emp-nx-yy", 12),
        ),
        {"professional": 2019},
    ),
    City(
        "nt",
        "320600",
        ("320613", "320614"),
        "320600",
        "hr-nt",
        "prov-nt",
        ("prov-nt", "prov-hm"),
        (
            ("professional", "emp-nt-jz", 20),
            ("professional", "emp-nt-fz", 18),
            ("professional", "emp-nt-yy", 20),
        ),
        {"professional": 2021},
    ),
)

POLICY_OF: dict[tuple[str, str], str] = {
    ("jh", "skilled"): "jinhua-skills-2020",
    ("jh", "professional"): "national-pro-2015",
    ("nb", "skilled"): "ningbo-skills-2020",
    ("nb", "professional"): "national-pro-2015",
    ("nx", "professional"): "ningxia-pro-2016",
    ("nt", "professional"): "nantong-pro-2021",
}
