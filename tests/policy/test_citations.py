"""Finding a rule from its article: normalising the ways articles are written, looking them
up, and the file and line each rule is written at (`jxjy.policy.citations`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jxjy.policy.citations import (
    article_parts,
    cited_articles,
    cited_rules,
    lookup,
    normalise_article,
    numeral_value,
    rule_locations,
)
from jxjy.policy.loader import POLICY_DIR, all_policies, load_policy

NANTONG = "nantong-pro-2021"
JINHUA = "jinhua-skills-2020"
NINGXIA = "ningxia-pro-2016"


# ---------------------------------------------------------------------------------------
# Every citation of every shipped rule resolves, to the line the rule is written on


@pytest.mark.parametrize("policy", all_policies(), ids=lambda p: p.id)
def test_every_citation_looks_up_its_own_rule(policy) -> None:
    """Asking for a rule's own article (full label, or the article without the 文号) finds
    that rule, with the file and line where its mapping starts."""
    entries = cited_rules(policy)
    assert len(entries) >= len(policy.all_rules())
    for entry in entries:
        ref = entry.citation.label().removeprefix(entry.citation.document or "").strip()
        for query in (entry.citation.label(), ref):
            found = lookup(policy, query)
            assert entry in found, (policy.id, query)
        assert entry.location is not None, entry.rule_id
        lines = entry.location.file.read_text(encoding="utf-8").splitlines()
        text = lines[entry.location.line - 1].strip()
        if entry.kind == "conversion":
            assert text.startswith("hours_per_credit:")
        else:
            assert text in (f"id: {entry.rule_id}", f"- id: {entry.rule_id}"), text


def test_every_rule_of_every_policy_is_listed() -> None:
    for policy in all_policies():
        listed = {e.rule_id for e in cited_rules(policy)}
        assert {r.id for r in policy.all_rules()} <= listed


def test_rules_come_in_the_text_order() -> None:
    """南通: the notice (通职称办〔2021〕24号 一 … 四) first, then its annex
    (通政办发〔2011〕84号 第八条 … 第二十七条), articles by number (第十四条 before 第十七条,
    第十七条（一） before （六））."""
    articles = cited_articles(load_policy(NANTONG))
    assert articles == {
        "通职称办〔2021〕24号": ["一", "三", "四"],
        "通政办发〔2011〕84号": ["第八条", "第十四条", "第十五条", "第十七条", "第二十七条"],
    }
    items = [e.citation.item for e in lookup(load_policy(NANTONG), "第十七条") if e.citation.item]
    assert items == sorted(items, key=lambda i: numeral_value(i.strip("（）")) or 0)
    assert items[0] == "（一）"
    assert items[-1] == "（六）"


# ---------------------------------------------------------------------------------------
# Lookup


def test_nantong_article_17_item_4_finds_the_period_completion() -> None:
    """通政办发〔2011〕84号 第十七条（四） is the appointment-period completion, and only that:
    the rules citing the whole of 第十七条 are not about item （四）."""
    found = lookup(load_policy(NANTONG), "第十七条（四）")
    assert [(e.kind, e.rule_id) for e in found] == [("deemed_complete", "period-complete")]
    assert found[0].citation.label() == "通政办发〔2011〕84号 第十七条（四）"


def test_nantong_whole_article_17_includes_its_items() -> None:
    """第十七条 alone: the rules citing the article and those citing its items （一）–（六）."""
    ids = {e.rule_id for e in lookup(load_policy(NANTONG), "第十七条")}
    assert {"distance-credits", "one-day-counts-once", "conference", "self-study-third"} <= ids
    assert {"period-complete", "year-complete", "conversion"} <= ids
    assert "total" not in ids


def test_jinhua_item_11_in_every_bracket_form() -> None:
    """金人社发〔2020〕64号（十一）: the yearly 60-credit cap and the four pathways (1)–(4)."""
    policy = load_policy(JINHUA)
    expected = lookup(policy, "（十一）")
    assert [e.rule_id for e in expected][:2] == ["pathways-yearly", "seminar-program"]
    assert len(expected) == 6
    for form in ("(十一)", "十一", " （ 十一 ） ", "金人社发〔2020〕64号 (十一)"):
        assert lookup(policy, form) == expected
    assert [e.rule_id for e in lookup(policy, "(十一)(4)")] == ["competition-top-three"]


def test_document_prefix_picks_the_instrument() -> None:
    """南通 cites two instruments: 通职称办〔2021〕24号 四（一） is the round-5 exemption;
    宁夏 cites 人社部令第25号 第八条 for its yearly minimum."""
    nantong = load_policy(NANTONG)
    found = lookup(nantong, "通职称办〔2021〕24号 四（一）")
    assert [e.rule_id for e in found] == ["round-five-certificate"]
    assert lookup(nantong, "通职称办[2021]24号 四(一)") == found
    assert lookup(nantong, "通政办发〔2011〕84号 四（一）") == []
    ningxia = load_policy(NINGXIA)
    assert [e.rule_id for e in lookup(ningxia, "人社部令第25号 第八条")] == [
        "total",
        "professional",
    ]
    assert [e.rule_id for e in lookup(ningxia, "第八条")] == ["total", "professional"]
    assert lookup(ningxia, "宁人社函〔2016〕156号 第八条") == []
    whole = lookup(nantong, "通职称办〔2021〕24号")
    assert {e.citation.document for e in whole} == {"通职称办〔2021〕24号"}
    assert {"total", "public", "round-five-certificate"} <= {e.rule_id for e in whole}


def test_ningxia_audit_clauses_find_their_audit() -> None:
    """宁人社函〔2016〕156号 四（三） is cited by the degree rule both title audits name, as well
    as by the study-tour rule and cap and the exam-preparation exclusion."""
    found = lookup(load_policy(NINGXIA), "四(三)")
    assert {e.rule_id for e in found} == {
        "study-tour",
        "degree-certified",
        "exam-prep-excluded",
        "study-tour-daily",
        "degree-in-window",
    }


def test_article_4_of_the_measures_is_not_item_4_of_the_notice() -> None:
    """南通 cites 通职称办〔2021〕24号 四（一） and articles of 通政办发〔2011〕84号 written
    第…条: `第四条` names the latter's article 4, which no rule cites, not the notice's 四. A
    bare number still finds either (`十七（四）` is 第十七条（四）), and 金华, which cites no
    第…条, takes `第十一条` for its （十一）."""
    nantong = load_policy(NANTONG)
    assert lookup(nantong, "第四条") == []
    assert lookup(nantong, "第四条（一）") == []
    assert [e.rule_id for e in lookup(nantong, "四（一）")] == ["round-five-certificate"]
    assert lookup(nantong, "十七（四）") == lookup(nantong, "第十七条（四）")
    assert [e.rule_id for e in lookup(nantong, "十七（四）")] == ["period-complete"]
    jinhua = load_policy(JINHUA)
    assert lookup(jinhua, "第十一条") == lookup(jinhua, "（十一）")
    assert len(lookup(jinhua, "第十一条")) == 6


def test_an_article_no_rule_cites_finds_nothing() -> None:
    policy = load_policy(NANTONG)
    assert lookup(policy, "第二十九条") == []
    assert lookup(policy, "第十七条（九）") == []
    assert lookup(policy, "nonsense") == []


# ---------------------------------------------------------------------------------------
# Normalisation


@pytest.mark.parametrize(
    "forms",
    [
        ["(十一)", "（十一）", "十一", " ( 十一 ) ", "（十一）\u3000"],
        ["第十七条（四）", "第十七条(四)", "第 十七 条 （四）", "十七条(四)", "十七（四）"],
        ["四（三）", "四(三)", "四 （三）", "（四）（三）"],
        ["一（三）", "一(三)", "（一）（三）"],
        ["第十七条（四）1", "第十七条(四)(1)", "十七（四）（1）"],
        ["（十）第二款", "(十) 第二款", "十第二款"],
    ],
)
def test_each_written_form_has_one_key(forms: list[str]) -> None:
    keys = {normalise_article(f) for f in forms}
    assert len(keys) == 1, keys


def test_keys_and_parts() -> None:
    assert normalise_article("第十七条(四)") == "十七（四）"
    assert article_parts("第十七条(四)1") == ("十七", "四", "1")
    assert article_parts("(十)第二款") == ("十", "第二款")
    assert article_parts("附件") == ("附件",)
    assert article_parts("") == ()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("三十八", 38),
        ("一百零五", 105),
        ("12", 12),
    ],
)
def test_chinese_numerals(text: str, value: int) -> None:
    assert numeral_value(text) == value


@pytest.mark.parametrize("text", ["", "附件", "十a", "第二款"])
def test_what_is_not_a_numeral(text: str) -> None:
    assert numeral_value(text) is None


ALPHABET = "第条款()（）[]【】〔〕一二三四五六七八九十百零 \u3000\t1234567890１２ab号"
NUMERAL = st.sampled_from(["一", "四", "十", "十一", "十七", "二十七", "三十八"])


@given(st.text(alphabet=ALPHABET, max_size=20))
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalise_article(text)
    assert normalise_article(once) == once


@given(st.text(alphabet=ALPHABET, max_size=20))
def test_bracket_width_does_not_matter(text: str) -> None:
    half = text.replace("（", "(").replace("）", ")")
    full = text.replace("(", "（").replace(")", "）")
    assert normalise_article(half) == normalise_article(full) == normalise_article(text)


@given(
    NUMERAL,
    st.lists(st.sampled_from(["一", "三", "四", "1", "2"]), max_size=2),
    st.booleans(),
    st.lists(st.sampled_from([("(", ")"), ("（", "）")]), min_size=3, max_size=3),
    st.sampled_from(["", " ", "\u3000"]),
)
def test_written_forms_of_one_reference_agree(
    head: str, items: list[str], with_tiao: bool, brackets: list[tuple[str, str]], space: str
) -> None:
    """However an article and its items are written, the key is the same, and its parts
    are the numbers written."""
    first = f"第{head}条" if with_tiao else f"{brackets[0][0]}{head}{brackets[0][1]}"
    written = first + "".join(
        f"{space}{o}{i}{c}" for i, (o, c) in zip(items, brackets[1:], strict=False)
    )
    canonical = head + "".join(f"（{i}）" for i in items)
    assert normalise_article(written) == canonical
    assert article_parts(written) == (head, *items)


# ---------------------------------------------------------------------------------------
# The file and line finder


def test_a_rule_inherited_through_extends_is_found_in_the_parent_file(tmp_path: Path) -> None:
    """A city file that `extends` the national baseline finds its own rules in itself and
    the inherited ones (here `registered-hours`) in national-pro-2015.yaml; keys the finder
    does not know (`exception_to`, `from`, `to`) do not disturb it."""
    child = tmp_path / "city-2024.yaml"
    child.write_text(
        "id: city-2024\n"
        "extends: national-pro-2015\n"
        "credit:\n"
        "  - id: local-rule\n"
        "    exception_to: registered-hours\n"
        "    from: 2024-01-01\n"
        "    to: 2025-12-31\n"
        "    citation: {article: 第三条}\n"
        "requirements:\n"
        "  - id: total\n"
        "    citation: {article: 第五条}\n",
        encoding="utf-8",
    )
    found = rule_locations(child)
    assert (found["local-rule"].file, found["local-rule"].line) == (child, 4)
    assert (found["total"].file, found["total"].line) == (child, 10)  # own before inherited
    national = POLICY_DIR / "national-pro-2015.yaml"
    inherited = found["registered-hours"]
    assert inherited.file == national
    line = national.read_text(encoding="utf-8").splitlines()[inherited.line - 1]
    assert line.strip() == "- id: registered-hours"
    assert found["professional"].file == national


def test_extends_cycles_and_missing_parents_end_quietly(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("id: a\nextends: b\ncaps:\n  - id: x\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("id: b\nextends: a\ncaps:\n  - id: y\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_text("id: c\nextends: nowhere\n", encoding="utf-8")
    assert set(rule_locations(tmp_path / "a.yaml")) == {"x", "y"}
    assert rule_locations(tmp_path / "c.yaml") == {}
    assert rule_locations(tmp_path / "absent.yaml") == {}
