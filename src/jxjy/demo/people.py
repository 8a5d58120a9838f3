"""Made-up people: Chinese names, resident ID numbers valid under GB 11643 (birth date and
gender consistent, the district's code), and the occupation or title the texts ask for."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from jxjy.people import id_number

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶贺顾毛郝龚邵"
    "万钱严武戴孔汤楼应舒童骆"
)
SURNAMES_NINGXIA = "马马马王李张杨刘丁海纳金白田周赵何罗郭苏"  # more 马、丁、海、纳 (回族)
GIVEN_MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙林建国志文海峰晨亮成东永"
GIVEN_FEMALE = "芳娜敏静秀丽艳娟霞燕玲婷雪慧颖琳洁倩萍红梅莉兰云蕾佳悦晶琴薇瑶怡"

OCCUPATIONS: dict[str, tuple[str, ...]] = {
    "emp-jh-jg": ("数控车工", "车工", "钳工", "焊工", "电工", "工具钳工", "数控铣工"),
    "emp-jh-qc": ("汽车维修工", "焊工", "电工", "工业机器人系统运维员", "机修钳工"),
    "emp-jh-zz": ("针织工", "服装制版师", "电子商务师", "缝纫工"),
    "emp-jh-hm": ("木雕工", "家具制作工", "油漆工"),
    "emp-nb-mj": ("模具工", "数控铣工", "钳工", "电切削工"),
    "emp-nb-zs": ("注塑工", "模具工", "质检员", "电工"),
    "emp-nb-dq": ("电工", "电子设备装接工", "焊工", "工业机器人系统操作员"),
}
TITLE_SERIES: dict[str, tuple[str, ...]] = {
    "emp-jh-sj": ("工程技术（建筑）", "工程技术（结构）", "工程技术（给排水）"),
    "emp-nb-gc": ("工程技术（土木）", "经济（建筑与房地产）", "工程技术（港口航道）"),
    "emp-nx-sl": ("工程技术（水利）", "工程技术（测绘）"),
    "emp-nx-ny": ("农业技术（农学）", "农业技术（园艺）", "农业技术（畜牧）"),
    "emp-nx-xx": ("中小学教师",),
    "emp-nx-yy": ("卫生技术（全科医学）", "卫生技术（护理）", "卫生技术（药学）"),
    "emp-nt-jz": ("工程技术（建筑）", "工程技术（结构）", "工程技术（暖通）"),
    "emp-nt-fz": ("工程技术（纺织）", "工程技术（纺织材料）", "会计"),
    "emp-nt-yy": ("卫生技术（临床医学）", "卫生技术（护理）", "卫生技术（医学影像）"),
}


@dataclass(frozen=True)
class PersonSpec:
    name: str
    gender: str
    id_number: str
    phone: str
    birth: dt.date
    occupation: str = ""
    skill_grade: int | None = None
    certificate_number: str = ""
    certificate_date: dt.date | None = None
    title_series: str = ""
    title_level: str = ""
    title_date: dt.date | None = None


class PeopleMaker:
    """Deterministic made-up people; ID numbers and phone numbers never repeat."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.numbers: set[str] = set()
        self.phones: set[str] = set()
        self.names: set[str] = set()
        self.serial = 0

    def name(self, gender: str, ningxia: bool) -> str:
        rng = self.rng
        for _ in range(50):
            surname = rng.choice(SURNAMES_NINGXIA if ningxia and rng.random() < 0.5 else SURNAMES)
            pool = GIVEN_MALE if gender == "M" else GIVEN_FEMALE
            given = rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.7 else "")
            if surname + given not in self.names:
                break
        self.names.add(surname + given)
        return surname + given

    def number(self, district: str, birth: dt.date, gender: str) -> str:
        """The district's code, the birth date, a sequence whose last digit is odd for men,
        and the ISO 7064 check character."""
        while True:
            seq = self.rng.randrange(0, 500) * 2 + (1 if gender == "M" else 0)
            first17 = f"{district}{birth:%Y%m%d}{seq:03d}"
            number = first17 + id_number.check_character(first17)
            if number not in self.numbers:
                self.numbers.add(number)
                return number

    def phone(self) -> str:
        while True:
            phone = f"1{self.rng.choice('35789')}{self.rng.randrange(10**9):09d}"
            if phone not in self.phones:
                self.phones.add(phone)
                return phone

    def _birth(self) -> dt.date:
        start = dt.date(1966, 1, 1)
        return start + dt.timedelta(days=self.rng.randrange((dt.date(2001, 12, 31) - start).days))

    def skilled(self, district: str, employer: str, *, gender: str | None = None) -> PersonSpec:
        rng = self.rng
        gender = gender or rng.choice("MMMF")
        birth = self._birth()
        grade = rng.choices((5, 4, 3, 2, 1), weights=(2, 5, 6, 3, 1))[0]
        earliest = max(birth.year + 20, 2008)
        cert_year = rng.randint(earliest, max(earliest, 2022))
        cert_date = dt.date(cert_year, rng.choice((3, 6, 9, 11)), rng.randint(1, 28))
        self.serial += 1
        return PersonSpec(
            name=self.name(gender, ningxia=False),
            gender=gender,
            id_number=self.number(district, birth, gender),
            phone=self.phone(),
            birth=birth,
            occupation=rng.choice(OCCUPATIONS[employer]),
            skill_grade=grade,
            certificate_number=f"S{district[:4]}{cert_year}{grade}{self.serial:06d}",
            certificate_date=cert_date,
        )

    def professional(
        self, district: str, employer: str, *, gender: str | None = None
    ) -> PersonSpec:
        rng = self.rng
        gender = gender or rng.choice("MF")
        birth = self._birth()
        level = rng.choices(
            ("junior", "intermediate", "associate_senior", "senior"), weights=(4, 6, 3, 1)
        )[0]
        earliest = max(birth.year + {"junior": 23, "intermediate": 28}.get(level, 35), 2005)
        if earliest > 2024:  # too young for that title
            level, earliest = "junior", min(max(birth.year + 23, 2005), 2024)
        title_year = rng.randint(earliest, max(earliest, 2023))
        return PersonSpec(
            name=self.name(gender, ningxia=district.startswith("64")),
            gender=gender,
            id_number=self.number(district, birth, gender),
            phone=self.phone(),
            birth=birth,
            title_series=rng.choice(TITLE_SERIES[employer]),
            title_level=level,
            title_date=dt.date(title_year, rng.choice((1, 6, 12)), rng.randint(1, 28)),
        )
