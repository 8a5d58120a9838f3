"""Policy files load strictly: what is wrong fails loudly, naming the file."""

from __future__ import annotations

import os
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from jxjy.policy.loader import (
    POLICY_DIR,
    PolicyError,
    all_policies,
    load_policy,
    load_policy_file,
    rule_source,
)
from jxjy.policy.model import Citation, Policy

SHIPPED = [
    "jinhua-skills-2020",
    "nantong-pro-2021",
    "national-pro-2015",
    "ningbo-skills-2020",
    "ningxia-pro-2016",
]


def _copy(tmp_path: Path, policy_id: str, edit) -> Path:
    text = (POLICY_DIR / f"{policy_id}.yaml").read_text(encoding="utf-8")
    path = tmp_path / "edited.yaml"
    path.write_text(edit(text), encoding="utf-8")
    return path


def test_the_five_policies_ship_and_load() -> None:
    assert [p.id for p in all_policies()] == SHIPPED


def test_every_policy_states_its_document_issuer_dates_and_unit() -> None:
    for policy in all_policies():
        assert policy.document
        assert policy.issuer
        assert policy.title
        assert policy.unit in ("hour", "credit")
        assert policy.effective.from_.year >= 2011


def test_every_rule_cites_an_article_and_quotes_its_text() -> None:
    """Each rule carries a structured citation with 文号 and article, and the words used."""
    for policy in all_policies():
        for rule in policy.all_rules():
            citation = policy.cite(rule.citation)
            assert citation.document, (policy.id, rule.id)
            assert citation.article, (policy.id, rule.id)
            assert citation.quote, (policy.id, rule.id)


def _citations(policy: Policy) -> list[tuple[str, Citation]]:
    found = [(rule.id, rule.citation) for rule in policy.all_rules()]
    for target in policy.audits:
        for part in (target.since_grade,):
            if part is not None:
                found.append((target.id, part.citation))
    if policy.conversion is not None:
        found.append(("conversion", policy.conversion.citation))
    return found


def test_quotes_appear_in_the_regulation_text() -> None:
    """A quote is the regulation's own words: each is found in the seed text (whitespace
    and the ellipsis of an elision aside). 人社部令第25号 is not among the seeds."""
    seeds = Path(
        os.environ.get("JXJY_SEEDS", Path(__file__).resolve().parents[3] / "shared" / "seeds")
    )
    if not seeds.is_dir():
        pytest.skip("shared/seeds is not beside the checkout (set JXJY_SEEDS)")
    checked = 0
    for policy in all_policies():
        if not (seeds / policy.source).is_file() or policy.source == "README.md":
            continue
        text = "".join((seeds / policy.source).read_text(encoding="utf-8").split())
        for rule_id, citation in _citations(policy):
            if citation.document == "人社部令第25号":
                continue
            for part in (citation.quote or "").split("……"):
                assert "".join(part.split()) in text, (policy.id, rule_id, part)
                checked += 1
    assert checked > 60


def test_unknown_key_fails(tmp_path: Path) -> None:
    path = _copy(
        tmp_path, "ningbo-skills-2020", lambda t: t.replace("unit: hour", "unit: hour\nunits: hour")
    )
    with pytest.raises(PolicyError, match="units"):
        load_policy_file(path)


def test_misindented_key_fails_instead_of_vanishing(tmp_path: Path) -> None:
    """A cap's `amount` indented under its citation is an unknown citation key, not ignored."""

    def edit(text: str) -> str:
        cap_line = "    amount: 8\n    citation: {article: 第二十条, paragraph: 第二款, quote: "
        assert cap_line in text
        nested = "    citation:\n      amount: 8\n      article: 第二十条\n      quote: "
        return text.replace(cap_line, nested)

    with pytest.raises(PolicyError):
        load_policy_file(_copy(tmp_path, "ningbo-skills-2020", edit))


def test_duplicate_key_fails(tmp_path: Path) -> None:
    path = _copy(
        tmp_path,
        "ningbo-skills-2020",
        lambda t: t.replace("unit: hour", "unit: hour\nunit: credit"),
    )
    with pytest.raises(PolicyError, match="duplicate key 'unit'"):
        load_policy_file(path)


def test_duplicate_rule_id_fails(tmp_path: Path) -> None:
    path = _copy(tmp_path, "ningbo-skills-2020", lambda t: t.replace("id: public", "id: total"))
    with pytest.raises(PolicyError, match="repeated: total"):
        load_policy_file(path)


def test_decimals_are_exact_and_ratios_are_fractions() -> None:
    nantong = load_policy("nantong-pro-2021")
    assert nantong.conversion is not None
    assert nantong.conversion.hours_per_credit == Decimal(2)
    ningbo = load_policy("ningbo-skills-2020")
    professional = next(r for r in ningbo.requirements if r.id == "professional")
    assert professional.fraction_of_required == Fraction(2, 3)


def test_yaml_float_is_read_as_the_decimal_written(tmp_path: Path) -> None:
    path = _copy(
        tmp_path, "ningbo-skills-2020", lambda t: t.replace("amount: 8\n", "amount: 7.3\n")
    )
    cap = load_policy_file(path).caps[0]
    assert cap.amount == Decimal("7.3")


def test_unknown_policy_id_names_the_known_ones() -> None:
    with pytest.raises(PolicyError, match="ningbo-skills-2020"):
        load_policy("hangzhou-skills-2099")


def test_counting_the_other_unit_needs_a_conversion(tmp_path: Path) -> None:
    def edit(text: str) -> str:
        return text.replace(
            "    basis: minutes\n    per: 30\n    value: 1\n", "    basis: credits\n"
        )

    with pytest.raises(PolicyError, match="no conversion"):
        load_policy_file(_copy(tmp_path, "ningbo-skills-2020", edit))


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ("fraction_of_required: 2/3", "fraction_of_required: 1/0", "ratio"),
        ("fraction_of_required: 2/3", "fraction_of_required: -2/3", "ratio"),
        ("amount: 8\n", "amount: .nan\n", "finite"),
        ("from: 2020-01-01", "from: 2020-02-30", "day is out of range"),
        ("from: 2020-01-01", "from: 2020-01-01\n  to: 2019-12-31", "before"),
        ("when: {kinds: [online_course]}", "when: {kinds: []}", "at least 1"),
        ("amount: 60\n", "more_than: 60\n", "needs an amount"),
    ],
)
def test_values_that_make_no_sense_are_refused(
    tmp_path: Path, old: str, new: str, reason: str
) -> None:
    def edit(text: str) -> str:
        assert old in text
        return text.replace(old, new, 1)

    with pytest.raises(PolicyError, match=reason):
        load_policy_file(_copy(tmp_path, "ningbo-skills-2020", edit))


def test_zero_hours_per_credit_is_refused(tmp_path: Path) -> None:
    def edit(text: str) -> str:
        return text.replace("hours_per_credit: 2", "hours_per_credit: 0")

    with pytest.raises(PolicyError, match="greater than 0"):
        load_policy_file(_copy(tmp_path, "nantong-pro-2021", edit))


def test_ranks_out_of_order_are_refused(tmp_path: Path) -> None:
    def edit(text: str) -> str:
        return text.replace("rank_max: 3}", "rank_max: 3, rank_min: 4}", 1)

    with pytest.raises(PolicyError, match="rank_min is above rank_max"):
        load_policy_file(_copy(tmp_path, "jinhua-skills-2020", edit))


# ------------------------------------------------------------------ extends


def test_ningxia_inherits_the_national_yearly_requirement() -> None:
    """宁人社函〔2016〕156号 sets no yearly minimum: 人社部令第25号 第八条's 90 学时 and
    professional two thirds are inherited, citing the national order, and the file they
    come from is known (for a tool that shows a rule's line)."""
    ningxia = load_policy("ningxia-pro-2016")
    total, professional = ningxia.requirements
    assert (total.amount, professional.fraction_of_required) == (Decimal(90), Fraction(2, 3))
    assert ningxia.cite(total.citation).label() == "人社部令第25号 第八条"
    assert ningxia.rule_origin("total") == "national-pro-2015"
    assert rule_source(ningxia, "total") == POLICY_DIR / "national-pro-2015.yaml"
    assert rule_source(ningxia, "teaching-triple") == POLICY_DIR / "ningxia-pro-2016.yaml"
    assert "registered-hours" not in {r.id for r in ningxia.credit}  # omitted explicitly


def test_nantong_overrides_the_national_total_and_adds_public_hours() -> None:
    """通职称办〔2021〕24号 一: 90 学时 restated in the city's words, 公需课 24 学时 on top."""
    nantong = load_policy("nantong-pro-2021")
    assert [(r.id, r.amount) for r in nantong.requirements] == [
        ("total", Decimal(90)),
        ("public", Decimal(24)),
    ]
    assert nantong.cite(nantong.total_requirement.citation).label() == "通职称办〔2021〕24号 一"
    assert nantong.rule_origin("total") == "nantong-pro-2021"


def _extending(tmp_path: Path, body: str, extends: str = "national-pro-2015") -> Path:
    head = (
        'id: city\nversion: "1"\ntitle: t\ndocument: 某号\nissuer: i\nsource: README.md\n'
        "talent: professional\nunit: hour\neffective: {from: 2016-01-01}\n"
    )
    path = tmp_path / "city.yaml"
    path.write_text(head + f"extends: {extends}\n" + body, encoding="utf-8")
    return path


def test_a_rule_that_silently_shadows_an_inherited_one_is_refused(tmp_path: Path) -> None:
    body = (
        "requirements:\n  - {id: total, name: n, measure: total, amount: 60,"
        " citation: {article: 一, quote: q}}\n"
    )
    with pytest.raises(PolicyError, match="silently shadows"):
        load_policy_file(_extending(tmp_path, body, "{policy: national-pro-2015}"))
    overriding = body.replace("{id: total,", "{id: total, overrides: true,")
    policy = load_policy_file(_extending(tmp_path, overriding, "{policy: national-pro-2015}"))
    assert policy.total_requirement.amount == 60
    assert policy.rule_origin("total") == "city"


@pytest.mark.parametrize(
    ("extends", "body", "reason"),
    [
        ("{policy: nowhere}", "", "extends unknown policy"),
        ("{policy: national-pro-2015, omit: [no-such-rule]}", "", "does not have"),
        ("national-pro-2015", "", "extends is"),
        (
            "{policy: national-pro-2015}",
            "credit:\n  - {id: x, overrides: true, name: n, when: {kinds: [degree]},"
            " basis: hours, citation: {article: 一}}\n",
            "overrides no rule",
        ),
    ],
)
def test_a_bad_extends_is_refused(tmp_path: Path, extends: str, body: str, reason: str) -> None:
    with pytest.raises(PolicyError, match=reason):
        load_policy_file(_extending(tmp_path, body, extends))


def test_extending_a_policy_of_another_unit_or_in_a_cycle_is_refused(tmp_path: Path) -> None:
    path = _extending(tmp_path, "", "{policy: national-pro-2015}")
    path.write_text(path.read_text(encoding="utf-8").replace("unit: hour", "unit: credit"))
    with pytest.raises(PolicyError, match="unit differs"):
        load_policy_file(path)
    path = _extending(tmp_path, "", "{policy: city}")
    with pytest.raises(PolicyError, match="cycle"):
        load_policy_file(path)


def test_overrides_without_extends_and_a_written_inherited_are_refused(tmp_path: Path) -> None:
    edit = lambda t: t.replace("  - id: total\n", "  - id: total\n    overrides: true\n")  # noqa: E731
    with pytest.raises(PolicyError, match="overrides nothing"):
        load_policy_file(_copy(tmp_path, "ningbo-skills-2020", edit))
    written = lambda t: t + "inherited: {total: national-pro-2015}\n"  # noqa: E731
    with pytest.raises(PolicyError, match="filled by the loader"):
        load_policy_file(_copy(tmp_path, "ningbo-skills-2020", written))


# ------------------------------------------------- exceptions, shadows, dates


def test_exceptions_are_named_where_the_texts_say_but(tmp_path: Path) -> None:
    """南通 第十七条（六） "…折算学分(学时)，但不得超过本年度规定学分(学时)的三分之一" and
    宁夏 四（二）/三（一）: the exceptions name the rule they are exceptions to."""
    nantong = {r.id: r for r in load_policy("nantong-pro-2021").all_rules()}
    assert nantong["self-study-third"].exception_to == "self-study"
    ningxia = {r.id: r for r in load_policy("ningxia-pro-2016").all_rules()}
    assert ningxia["public-course-registered"].exception_to == "public-course-thirty"


def test_an_exception_to_an_unknown_rule_is_refused(tmp_path: Path) -> None:
    edit = lambda t: t.replace("exception_to: self-study  #", "exception_to: self-taught  #")  # noqa: E731
    with pytest.raises(PolicyError, match="exception to unknown rule 'self-taught'"):
        load_policy_file(_copy(tmp_path, "nantong-pro-2021", edit))


def test_an_unstated_fallback_is_refused_as_a_shadow(tmp_path: Path) -> None:
    """宁夏 三（一）/四（二）: without `exception_to`, 30 学时 a course would be reached only
    when the platform's hours are missing, silently: the loader refuses it."""
    edit = lambda t: t.replace("    exception_to: public-course-thirty", "    #")  # noqa: E731
    with pytest.raises(PolicyError, match="public-course-thirty applies only where"):
        load_policy_file(_copy(tmp_path, "ningxia-pro-2016", edit))


def test_a_credit_rule_that_can_never_apply_is_refused(tmp_path: Path) -> None:
    """宁夏 四（二）: with the fixed 30 学时 first, the platform's hours could never count."""

    def swap(text: str) -> str:
        start = text.index("  - id: public-course-registered")
        middle = text.index("  - id: public-course-thirty")
        end = text.index("  - id: study-tour")
        registered, thirty = text[start:middle], text[middle:end]
        return text[:start] + thirty + registered.replace("exception_to", "# was") + text[end:]

    with pytest.raises(PolicyError, match="public-course-registered can never apply"):
        load_policy_file(_copy(tmp_path, "ningxia-pro-2016", swap))


def test_an_exception_listed_after_its_rule_is_refused(tmp_path: Path) -> None:
    """南通 三: transfers in 学时 take priority over those in 学分 only if listed first."""
    edit = lambda t: t.replace(  # noqa: E731
        "exception_to: yrd-transfer-credits", "exception_to: distance-hours"
    ).replace("exception_to: distance-credits", "exception_to: yrd-transfer-hours")
    with pytest.raises(PolicyError, match="comes after it"):
        load_policy_file(_copy(tmp_path, "nantong-pro-2021", edit))


@pytest.mark.parametrize(
    ("dates", "reason"),
    [
        ("    from: 2021-06-01\n    to: 2021-03-01\n", "to is before from"),
        ("    to: 2019-12-31\n", "ends before the policy takes effect"),
    ],
)
def test_bad_rule_dates_are_refused(tmp_path: Path, dates: str, reason: str) -> None:
    """南通 一 "我市自今年起" (from 2021-01-01): a rule's dates are in order and inside the
    policy's."""
    edit = lambda t: t.replace("  - id: public\n", "  - id: public\n" + dates)  # noqa: E731
    with pytest.raises(PolicyError, match=reason):
        load_policy_file(_copy(tmp_path, "nantong-pro-2021", edit))


def test_rule_dates_beyond_an_ended_policy_and_on_the_total_are_refused(tmp_path: Path) -> None:
    ended = lambda t: t.replace(  # noqa: E731
        "  from: 2021-01-01", "  from: 2021-01-01\n  to: 2021-12-31"
    ).replace("  - id: public\n", "  - id: public\n    from: 2022-01-01\n")
    with pytest.raises(PolicyError, match="begins after the policy ends"):
        load_policy_file(_copy(tmp_path, "nantong-pro-2021", ended))
    total = lambda t: t.replace("  - id: total\n", "  - id: total\n    from: 2022-01-01\n")  # noqa: E731
    with pytest.raises(PolicyError, match="total requirement cannot be dated"):
        load_policy_file(_copy(tmp_path, "nantong-pro-2021", total))
