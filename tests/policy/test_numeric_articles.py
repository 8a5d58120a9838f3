"""Every article of the texts that sets a number is either cited by a rule or listed in
docs/policy-interpretations.md as deliberately not encoded (tests/policy/numeric_articles.py
is the list of such articles)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from numeric_articles import NUMERIC_ARTICLES, NumericArticle

from jxjy.policy.citations import lookup, normalise_article, split_document
from jxjy.policy.loader import load_policy, policy_ids

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
INTERPRETATIONS = ROOT / "docs" / "policy-interpretations.md"
HEADING = "## Articles that set a number but are not encoded"


def _key(policy_id: str, article: str) -> tuple[str | None, str]:
    document, rest = split_document(load_policy(policy_id), article)
    return document, normalise_article(rest)


def _not_encoded() -> list[tuple[str, str]]:
    """(policy id, article) of each row of the table in the last section of the page."""
    text = INTERPRETATIONS.read_text(encoding="utf-8")
    assert HEADING in text
    section = text.split(HEADING, 1)[1]
    assert "\n## " not in section, "the section is the last of the page"
    rows = re.findall(r"^\| `([a-z0-9-]+)` \| ([^|]+) \|", section, flags=re.MULTILINE)
    assert rows
    return [(policy, article.strip()) for policy, article in rows]


def _label(entry: NumericArticle) -> str:
    return f"{entry.policy} {entry.article} ({entry.number})"


def test_the_list_covers_every_policy() -> None:
    assert {e.policy for e in NUMERIC_ARTICLES} == set(policy_ids())


def test_every_numeric_article_is_cited_or_listed_as_not_encoded() -> None:
    """For example 通政办发〔2011〕84号 第十七条（一） (10 学时 a day) is cited by the
    `conference` rule; 第二十九条 (30日 for a complaint) is listed as a workflow deadline."""
    listed = {(policy, _key(policy, article)) for policy, article in _not_encoded()}
    neither = [
        _label(entry)
        for entry in NUMERIC_ARTICLES
        if not lookup(load_policy(entry.policy), entry.article)
        and (entry.policy, _key(entry.policy, entry.article)) not in listed
    ]
    assert neither == [], "cite these in a rule or list them in the table"


def test_the_not_encoded_ones_are_those_no_rule_cites() -> None:
    """Spot checks both ways: 金华（九） 90 学分 and 南通 第十七条（四） are cited; 宁夏 二（一）
    (60期), 南通 第二十九条 (30日) and 第十七条（四）2 (3万字) are cited by no rule."""
    cited = {
        (e.policy, e.article) for e in NUMERIC_ARTICLES if lookup(load_policy(e.policy), e.article)
    }
    assert ("jinhua-skills-2020", "（九）") in cited
    assert ("nantong-pro-2021", "通政办发〔2011〕84号 第十七条（四）") in cited
    assert ("ningxia-pro-2016", "二（一）") not in cited
    assert ("nantong-pro-2021", "通政办发〔2011〕84号 第二十九条") not in cited
    assert ("nantong-pro-2021", "通政办发〔2011〕84号 第十七条（四）2") not in cited


def test_every_row_of_the_table_is_a_numeric_article() -> None:
    """The table lists no article that the list does not have (no stale or misspelt row)."""
    known = {(e.policy, _key(e.policy, e.article)) for e in NUMERIC_ARTICLES}
    rows = [(p, a) for p, a in _not_encoded() if (p, _key(p, a)) not in known]
    assert rows == []


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the texts (../shared/seeds) are not at hand")
@pytest.mark.parametrize("entry", NUMERIC_ARTICLES, ids=_label)
def test_each_quote_is_in_its_text(entry: NumericArticle) -> None:
    """The quote is the text's own words (whitespace aside: the texts break lines inside
    sentences)."""
    text = "".join((SEEDS / entry.source).read_text(encoding="utf-8").split())
    assert "".join(entry.quote.split()) in text
