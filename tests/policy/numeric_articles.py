"""Every article or item of the texts that states a number, as data.

The texts themselves are outside the repository (`../shared/seeds/`), so this list is the
repository's record of them: for each shipped policy, each place in its text that sets a
rate, cap, minimum, window, count, percentage, date or deadline, with the number and a
short verbatim quote. `test_numeric_articles.py` checks that each is cited by a rule of
the policy (`jxjy policies show ID ARTICLE` finds it) or listed in the last section of
docs/policy-interpretations.md as deliberately not encoded, and, where the texts are at
hand, that each quote really is in its text.

`article` is written as `jxjy policies show` accepts it, with the 文号 in front where the
policy cites several instruments. `source` is the seed file the quote is from.
"""

from __future__ import annotations

from dataclasses import dataclass

NINGBO = "ningbo-skills-2020"
JINHUA = "jinhua-skills-2020"
NINGXIA = "ningxia-pro-2016"
NANTONG = "nantong-pro-2021"
NATIONAL = "national-pro-2015"

NINGBO_TEXT = "000_4a20d5b36a6d71b6.txt"
JINHUA_TEXT = "001_c2671bc386ac4545.txt"
NINGXIA_TEXT = "003_c4b71487ded677ff.txt"
NANTONG_TEXT = "004_b70a80b533304b83.txt"
SEEDS_INDEX = "README.md"

NOTICE = "通职称办〔2021〕24号"
MEASURES = "通政办发〔2011〕84号"


@dataclass(frozen=True)
class NumericArticle:
    policy: str
    article: str
    number: str
    quote: str
    source: str


def _ningbo(article: str, number: str, quote: str) -> NumericArticle:
    return NumericArticle(NINGBO, article, number, quote, NINGBO_TEXT)


def _jinhua(article: str, number: str, quote: str) -> NumericArticle:
    return NumericArticle(JINHUA, article, number, quote, JINHUA_TEXT)


def _ningxia(article: str, number: str, quote: str) -> NumericArticle:
    return NumericArticle(NINGXIA, article, number, quote, NINGXIA_TEXT)


def _nantong(article: str, number: str, quote: str) -> NumericArticle:
    return NumericArticle(NANTONG, article, number, quote, NANTONG_TEXT)


NUMERIC_ARTICLES: tuple[NumericArticle, ...] = (
    # 宁波市技能人才继续教育管理办法（征求意见稿）
    _ningbo("第二十条", "60 学时", "技能人才参加继续教育学习每年度累计不得少于60学时"),
    _ningbo("第二十条", "18 学时", "公共科目不少于18学时"),
    _ningbo("第二十条", "三分之二", "专业科目不少于总学时的三分之二"),
    _ningbo("第二十条第二款", "8 学时/天", "线下学习（面授）每天学时折算一般不超过8学时"),
    _ningbo("第二十条第二款", "30 分钟 = 1 学时", "在线学习按课件时长每30分钟折算1学时"),
    _ningbo("第三十三条", "近两年", "技能人才直接认定时，近两年继续教育学时不低于最低标准"),
    _ningbo("第四十一条", "2020 年", "本规定自2020年  月  日起施行"),
    # 金华市技能人才继续教育学分管理办法（试行）, 金人社发〔2020〕64号
    _jinhua("（九）", "90 学分", "每年参加继续教育不得少于90学分"),
    _jinhua("（九）", "18 学分", "其中公共科目不少于18学分"),
    _jinhua("（九）", "三分之二", "专业科目不少于三分之二"),
    _jinhua("（十）第二款", "1 学时 = 2 学分", "线下理论学习 1 学时为 2 学分"),
    _jinhua("（十）第二款", "12 学分/天", "每天学时折算一般不超过 12 学分"),
    _jinhua("（十）第二款", "1 学时 = 3 学分", "线下技能操作 1 学时为 3 个学分"),
    _jinhua("（十）第二款", "18 学分/天", "每天学时折算一般不超过 18 学分"),
    _jinhua("（十一）", "60 学分/年", "以下途径学习每年度最多计 60 学分"),
    _jinhua(
        "（十一）（1）",
        "60、48、36、24 学分",
        "国家级、省部级、市厅级、县处级可分别认定登记 60 学分、48 学分、36 学分、24 学分",
    ),
    _jinhua(
        "（十一）（2）",
        "60、48、36、24 学分",
        "每项按国家级、省部级、市厅级、县处级可分别认定登记 60 学分、48 学分、36 学分、24 学分",
    ),
    _jinhua(
        "（十一）（3）",
        "60、48、24 学分",
        "按发表在核心刊物(全国性刊物)、省级刊物、其他期刊或正式出版的论文集，"
        "可分别认定登记 60 学分、48 学分、24 学分",
    ),
    _jinhua(
        "（十一）（4）",
        "前三名; 60、48、36、24 学分",
        "获得国家级、省级、市级、县(市、区)级前三名"
        "可分别认定登记 60 学分、48 学分、36 学分、24 学分",
    ),
    _jinhua(
        "（十四）",
        "提前 2 年, 1 年",
        "申报高级工及以下最多可提前2年，申报技师及以上最多可提前1年",
    ),
    _jinhua(
        "（十六）", "近一年", "入选各类高技能人才培养项目的人员，近一年继续教育学分不低于最低要求"
    ),
    _jinhua("（二十四）", "2020-10-10", "本办法自 2020 年 10 月 10 日起施行"),
    # 宁人社函〔2016〕156号
    _ningxia("一（三）", "1 学时授予 3 学时", "按照授课1学时授予3学时的标准"),
    _ningxia(
        "一（四）",
        "2016年至2017年, 第八轮",
        "2016年至2017年在全区专业技术人员中开展第八轮公需课培训",
    ),
    _ningxia("一（四）", "30 学时", "在线考试合格后，学时自动在系统内记录（30学时）"),
    _ningxia("二（一）", "60 期", "拟遴选60期左右专业技术人才高级研修班项目"),
    _ningxia("二（一）", "3000 名", "培训 3000 名左右高层次专业技术人才队伍"),
    _ningxia("二（二）", "12 个、9 个领域", "社会工作等 12 个重点领域和现代物流"),
    _ningxia("二（二）", "9000 名", "培训 9000 名左右中高层急需紧缺和骨干专业技术人才"),
    _ningxia("二（三）", "5 个", "遴选 5 个左右自治区级专业技术人员继续教育基地"),
    _ningxia("二（四）", "300 名", "拟培训 300 名高级专业技术人才"),
    _ningxia(
        "四第一款",
        "2014 年（含）以前, 2015 年",
        "其中2014年（含）以前参加的实体培训应当提交《培训结业证》或其他证明材料",
    ),
    _ningxia(
        "四第二款",
        "2016 年",
        "参加 2016 年高、中级专业技术任职资格评审的专业技术人员，须完成以下规定的继续教育",
    ),
    _ningxia(
        "四（一）",
        "近 5 年, 360 学时, 4 门",
        "审验近 5 年（2011-2015 年）继续教育学时，总学时须累计 360 学时",
    ),
    _ningxia(
        "四（二）",
        "近 4 年, 288 学时, 2 门",
        "审验近 4 年（2012-2015 年）继续教育学时，总学时须累计 288 学时",
    ),
    _ningxia("四（二）", "30 学时/门", "公需课每个课程按照 30 学时计算"),
    _ningxia("四（三）", "6 学时/天", "每天以 6 学时折合计算专业课程培训学时"),
    _ningxia("附件", "一式二份", "此表只在晋升职称时填报, 一式二份"),
    # 通职称办〔2021〕24号, with 通政办发〔2011〕84号
    _nantong(f"{NOTICE} 一", "90 学时", "专业技术人员每年参加继续教育时间不少于90学时"),
    _nantong(f"{NOTICE} 一", "24 学时", "其中公需课不少于24学时"),
    _nantong(f"{NOTICE} 三", "三家", "三家单位为南通市专业技术人员继续教育基地"),
    _nantong(
        f"{NOTICE} 四（一）",
        "第五轮",
        "已取得第五轮公需课合格证明的申报人员（以证书为准），今年不需要再进行公需科目学习",
    ),
    _nantong(f"{NOTICE} 四（二）", "24 学时", "需完成 24 学时公需课学习"),
    _nantong(
        f"{MEASURES} 第十条",
        "3 个月, 6 个月",
        "在国内外脱产培训3个月以上或半脱产培训6个月以上的",
    ),
    _nantong(
        f"{MEASURES} 第十四条第二款",
        "三分之一",
        "学习时间一般不超过国家规定总学分(学时)的三分之一",
    ),
    _nantong(
        f"{MEASURES} 第十六条",
        "12 天, 40 学分（72 学时）",
        "每人每年脱产或集中参加继续教育的时间累计应不少于12天，或不少于40学分（72学时）",
    ),
    _nantong(
        f"{MEASURES} 第十七条（一）",
        "10 学时/天, 6 学时/天",
        "参加国际学术会议、国家、地区级学术会议的，每天以5学分（10学时）计算；"
        "参加地区以下级别学术会议的，每天以3学分（6学时）计算",
    ),
    _nantong(
        f"{MEASURES} 第十七条（二）",
        "8 学时/天",
        "参加市高层次人才培训基地培训的，每天以4学分（8学时）计算",
    ),
    _nantong(
        f"{MEASURES} 第十七条（三）",
        "6 学时/天",
        "参加培训班、进修班、学术讲座的，每天以3学分（6学时）计算",
    ),
    _nantong(
        f"{MEASURES} 第十七条（四）", "三等奖", "市（厅）级科技进步三等奖及以上（含同等档次奖项）"
    ),
    _nantong(f"{MEASURES} 第十七条（四）", "1 部", "出版1部以上专著、译著，或合著撰稿3万字以上的"),
    _nantong(
        f"{MEASURES} 第十七条（四）2", "3 万字", "出版1部以上专著、译著，或合著撰稿3万字以上的"
    ),
    _nantong(
        f"{MEASURES} 第十七条（五）",
        "四等奖; 三、四等奖",
        "市(厅)级科技进步四等奖或县级科技进步三、四等奖(含同等档次奖项)",
    ),
    _nantong(
        f"{MEASURES} 第十七条（五）",
        "2、3、4 篇",
        "在部省级以上刊物发表论文2篇或市级3篇、县级4篇的",
    ),
    _nantong(f"{MEASURES} 第十七条（六）", "三分之一", "但不得超过本年度规定学分(学时)的三分之一"),
    _nantong(
        f"{MEASURES} 第二十九条",
        "30 日",
        "接受申诉的部门应当在接到申诉书之日起30日内作出处理决定",
    ),
    _nantong(
        f"{MEASURES} 第三十四条",
        "1.5~2.5%, 2~2.5%",
        "按职工工资薪金总额的1.5~2.5%提取职工教育经费",
    ),
    # 专业技术人员继续教育规定, 人社部令第25号, as the seeds' index quotes it
    NumericArticle(NATIONAL, "第八条", "90 学时", "at least 90 学时 a year", SEEDS_INDEX),
    NumericArticle(
        NATIONAL,
        "第八条",
        "三分之二",
        "professional subjects at least two thirds of the total",
        SEEDS_INDEX,
    ),
)
