"""The shipped schemes load through the real loader and keep what the notices require.

Hunan (湘工信产业集聚〔2025〕131号): six groups (H-Art.10); 70 % development + 30 % promotion-
organisation activity (H-Art.7); AMC 5 first-level / 20 leaves, SME 5 / 18, activity 4 / 20
(H-Art.8); bonus and deduction capped at 10 each (H-Art.7). Hubei (鄂经信办函〔2019〕15号):
4 performance and 8 work indicators; 60 / 40 is the product owner's default (D11).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from clustermon.scoring import (
    Framework,
    GroupInputs,
    Indicator,
    list_schemes,
    load_scheme,
    parse_framework,
    score_group,
)

HUNAN_GROUPS = {
    "national_amc": "国家先进制造业集群",
    "national_sme": "国家中小企业特色产业集群",
    "provincial_amc": "省级先进制造业集群",
    "provincial_sme": "省级中小企业特色产业集群",
    "provincial_amc_cultivation": "省级先进制造业集群培育对象",
    "provincial_sme_cultivation": "省级中小企业特色产业集群培育对象",
}
AMC_GROUPS = ("national_amc", "provincial_amc", "provincial_amc_cultivation")
SME_GROUPS = ("national_sme", "provincial_sme", "provincial_sme_cultivation")
AMC_FIRST_LEVEL = ["产业规模实力", "技术创新能力", "先进制造能力", "企业综合实力", "产业发展生态"]
SME_FIRST_LEVEL = ["主导产业", "创新能力", "数字化升级", "绿色化转型", "产业发展生态"]
ACTIVITY_FIRST_LEVEL = ["自身建设", "公共服务", "开放合作", "监督监测"]
HUBEI_WORK = ["规划及组织实施", "公共服务平台建设", "园区建设", "组织机构", "政策环境", "集群品牌",
              "集群创新（产学研合作）", "智慧集群建设"]
HUBEI_PERFORMANCE = ["新增销售收入", "新增就业人数", "新增固定资产投资额", "新增上缴工商税收"]
EXPERT_METHODS = {"expert_grade", "expert_points"}


@pytest.fixture(scope="module")
def hunan():
    return load_scheme("hunan-monitoring")


@pytest.fixture(scope="module")
def hubei():
    return load_scheme("hubei-growth")


def all_frameworks() -> Iterator[tuple[str, Framework]]:
    for code in ("hunan-monitoring", "hubei-growth"):
        for group, framework in load_scheme(code).frameworks.items():
            yield f"{code}/{group}", framework


FRAMEWORKS = dict(all_frameworks())


def part(framework: Framework, code: str):
    return next(p for p in framework.parts if p.code == code)


def leaves_of(nodes) -> list[Indicator]:
    return [leaf for node in nodes for leaf in node.walk() if leaf.is_leaf]


def leaf_points(nodes) -> float:
    return sum(leaf.points for leaf in leaves_of(nodes))


def bilingual(text) -> bool:
    return bool(text) and bool(text.get("zh", "").strip()) and bool(text.get("en", "").strip())


# ------------------------------------------------------------------------------ both schemes

def test_both_schemes_are_shipped() -> None:
    assert {"hunan-monitoring", "hubei-growth"} <= set(list_schemes())


@pytest.mark.parametrize("name", sorted(FRAMEWORKS))
def test_every_leaf_is_documented(name: str) -> None:
    framework = FRAMEWORKS[name]
    for node in framework.nodes():
        assert bilingual(node.name), f"{node.code}: name needs zh and en"
    for leaf in framework.leaves():
        assert leaf.unit, f"{leaf.code}: unit"
        assert bilingual(leaf.definition), f"{leaf.code}: definition needs zh and en"
        assert bilingual(leaf.source), f"{leaf.code}: source needs zh and en"
        assert bilingual(leaf.note), f"{leaf.code}: note (scoring standard) needs zh and en"
        assert "依据" in leaf.definition["zh"] and "Basis" in leaf.definition["en"], \
            f"{leaf.code}: the definition must cite its basis"


@pytest.mark.parametrize("name", sorted(FRAMEWORKS))
def test_kinds_methods_and_validation(name: str) -> None:
    for leaf in FRAMEWORKS[name].leaves():
        if leaf.kind == "qualitative":
            assert leaf.method in EXPERT_METHODS, leaf.code
        else:
            assert leaf.method not in EXPERT_METHODS, leaf.code
            assert leaf.required, f"{leaf.code}: a reported value is required (D9)"
        if leaf.kind == "quantitative":
            assert leaf.min is not None and leaf.max is not None, f"{leaf.code}: validation range"


@pytest.mark.parametrize("name", sorted(FRAMEWORKS))
def test_parts_score_100_and_weights_add_to_100(name: str) -> None:
    framework = FRAMEWORKS[name]
    assert sum(p.weight for p in framework.parts) == 100
    for p in framework.parts:
        assert leaf_points(p.indicators) == pytest.approx(100), p.code


@pytest.mark.parametrize("name", sorted(FRAMEWORKS))
def test_every_growth_leaf_asks_for_last_years_value(name: str) -> None:
    framework = FRAMEWORKS[name]
    checked = {rule.left for rule in framework.rules}
    for leaf in framework.leaves():
        if leaf.method == "growth":
            assert f"{leaf.code}@prev" in checked, f"{leaf.code}: no rule asks for {leaf.code}@prev"


@pytest.mark.parametrize("name", sorted(FRAMEWORKS))
def test_round_trip_through_the_stored_form(name: str) -> None:
    framework = FRAMEWORKS[name]
    again = parse_framework(framework.to_dict(), source=name)
    assert again.content_hash() == framework.content_hash()


def full_marks_inputs(framework: Framework, ids: list[str]) -> GroupInputs:
    """Every cluster reports each leaf's validation maximum (last year half of it), experts give
    the top grade, yes_no is 是: the targets must be reachable inside the validation ranges."""
    values, experts = {}, {}
    n = len(ids)
    for leaf in framework.leaves():
        if leaf.method == "expert_grade":
            experts[leaf.code] = [["A", "A", "A"]] * n
        elif leaf.method == "expert_points":
            experts[leaf.code] = [[leaf.points] * 3] * n
        elif leaf.method == "yes_no":
            values[leaf.code] = ["是"] * n
        else:
            values[leaf.code] = [leaf.max] * n
            if leaf.method == "growth":
                values[f"{leaf.code}@prev"] = [leaf.max / 2] * n
    return GroupInputs(ids, values=values, expert_scores=experts)


@pytest.mark.parametrize("name", sorted(FRAMEWORKS))
def test_full_marks_are_reachable_and_nothing_scores_nothing(name: str) -> None:
    framework = FRAMEWORKS[name]
    full = score_group(framework, full_marks_inputs(framework, ["a", "b"]))
    assert [float(t) for t in full.totals] == [100.0, 100.0]
    empty = score_group(framework, GroupInputs(["a"]))
    assert [float(t) for t in empty.totals] == [0.0]


# ------------------------------------------------------------------------------------ Hunan

def test_hunan_has_the_six_groups_of_article_10(hunan) -> None:
    assert {g.code: g.name["zh"] for g in hunan.groups} == HUNAN_GROUPS
    assert all(bilingual(g.name) for g in hunan.groups)
    assert set(hunan.frameworks) == set(HUNAN_GROUPS)


def test_hunan_policies(hunan) -> None:
    assert str(hunan.grade_policy.excellent_share) == "1/5"
    assert str(hunan.grade_policy.good_share) == "1/2"
    assert hunan.grade_policy.pass_mark == 60 and hunan.grade_policy.pass_inclusive
    assert hunan.rating_policy.stars and hunan.rating_policy.labels
    assert hunan.rating_policy.label_basis == "overall"
    assert (hunan.aggregation.method, hunan.aggregation.trim_from) == ("trimmed_mean", 5)


@pytest.mark.parametrize("group", sorted(HUNAN_GROUPS))
def test_hunan_group_is_a_documented_draft_70_30(hunan, group: str) -> None:
    framework = hunan.framework(group)
    assert (framework.scheme, framework.group, framework.status) == ("hunan-monitoring", group, "draft")
    assert "湖南省产业集群监测指标体系" in framework.note["zh"] and "未公开" in framework.note["zh"]
    assert "not published" in framework.note["en"] and "H-Art.9" in framework.note["en"]
    assert [(p.code, p.weight) for p in framework.parts] == [("development", 70), ("activity", 30)]


@pytest.mark.parametrize("group", AMC_GROUPS)
def test_amc_development_is_5_first_level_and_20_leaves(hunan, group: str) -> None:
    development = part(hunan.framework(group), "development")
    assert [n.name["zh"] for n in development.indicators] == AMC_FIRST_LEVEL
    assert len(leaves_of(development.indicators)) == 20


@pytest.mark.parametrize("group", SME_GROUPS)
def test_sme_development_is_5_first_level_and_18_leaves(hunan, group: str) -> None:
    development = part(hunan.framework(group), "development")
    assert [n.name["zh"] for n in development.indicators] == SME_FIRST_LEVEL
    assert len(leaves_of(development.indicators)) == 18


@pytest.mark.parametrize("group", sorted(HUNAN_GROUPS))
def test_activity_is_4_first_level_and_20_leaves(hunan, group: str) -> None:
    activity = part(hunan.framework(group), "activity")
    assert [n.name["zh"] for n in activity.indicators] == ACTIVITY_FIRST_LEVEL
    assert len(leaves_of(activity.indicators)) == 20


@pytest.mark.parametrize("group", sorted(HUNAN_GROUPS))
def test_bonus_and_deduction_of_article_7(hunan, group: str) -> None:
    framework = hunan.framework(group)
    assert framework.bonus.cap == 10 and framework.deduction.cap == 10
    bonus = " ".join(item.name["zh"] for item in framework.bonus.items)
    if group in AMC_GROUPS:
        assert "国家重点产业链攻关任务" in bonus and "万千百" in bonus
    else:
        assert "湖南名品" in bonus and "万千百" in bonus
    assert [item.name["zh"] for item in framework.deduction.items] == ["环境污染事故", "安全生产事故"]
    for item in (*framework.bonus.items, *framework.deduction.items):
        assert 0 < item.max_points <= 10 and bilingual(item.name) and bilingual(item.description)


@pytest.mark.parametrize("group", sorted(HUNAN_GROUPS))
def test_bonus_and_deduction_are_capped_at_10(hunan, group: str) -> None:
    framework = hunan.framework(group)
    inputs = full_marks_inputs(framework, ["a"])
    inputs.bonus = {item.code: [item.max_points] for item in framework.bonus.items}
    inputs.deduction = {item.code: [item.max_points] for item in framework.deduction.items}
    result = score_group(framework, inputs)
    assert float(result.bonus[0]) == 10 and float(result.deduction[0]) == 10
    assert float(result.totals[0]) == 100


def test_groups_of_one_kind_share_their_trees(hunan) -> None:
    for groups in (AMC_GROUPS, SME_GROUPS):
        codes = {g: [leaf.code for leaf in hunan.framework(g).leaves()] for g in groups}
        assert len({tuple(c) for c in codes.values()}) == 1, codes


def bar(framework: Framework, code: str, share: float) -> float:
    """The value a cluster needs for `share` of a leaf's points (tiers or linear)."""
    params = framework.indicator(code).params
    if "tiers" in params:
        return min(t["min"] for t in params["tiers"] if t["share"] >= share)
    return params["floor"] + share * (params["target"] - params["floor"])


def assert_national_higher_cultivation_lower(hunan, groups: tuple[str, ...], code: str) -> None:
    national, provincial, cultivation = (hunan.framework(g) for g in groups)
    # Full marks are strictly harder to reach at national level and easier for cultivation
    # targets; the 60 % bar may coincide (e.g. one chain leader) but never inverts.
    assert bar(national, code, 1.0) > bar(provincial, code, 1.0) > bar(cultivation, code, 1.0)
    assert bar(national, code, 0.6) >= bar(provincial, code, 0.6) >= bar(cultivation, code, 0.6)


@pytest.mark.parametrize("code", ["AMC1.1", "AMC1.3", "AMC2.1", "AMC3.2", "AMC4.1", "AMC5.1", "PO1.3"])
def test_amc_bars_national_above_provincial_above_cultivation(hunan, code: str) -> None:
    assert_national_higher_cultivation_lower(hunan, AMC_GROUPS, code)


@pytest.mark.parametrize("code", ["SME1.1", "SME1.2", "SME1.3", "SME2.2", "SME3.1", "SME5.1", "PO1.3"])
def test_sme_bars_national_above_provincial_above_cultivation(hunan, code: str) -> None:
    assert_national_higher_cultivation_lower(hunan, SME_GROUPS, code)


def test_entry_thresholds_follow_the_references(hunan) -> None:
    def first_tier(group: str, code: str) -> dict:
        return min(hunan.framework(group).indicator(code).params["tiers"], key=lambda t: t["min"])

    # Hunan competition: AMC revenue >= 100亿, a chain leader >= 10亿; SME output >= 30亿, >= 5 firms.
    assert first_tier("provincial_amc", "AMC1.1") == {"min": 100, "share": 0.6}
    assert first_tier("provincial_amc", "AMC4.1") == {"min": 1, "share": 0.6}
    assert first_tier("provincial_sme", "SME1.1") == {"min": 30, "share": 0.6}
    assert first_tier("provincial_sme", "SME2.2") == {"min": 5, "share": 0.6}
    # National SME standard: output >= 40亿 every year; SME share >= 70 % earns 60 %.
    assert first_tier("national_sme", "SME1.1") == {"min": 40, "share": 0.6}
    sme_share = hunan.framework("national_sme").indicator("SME1.3").params
    assert sme_share["floor"] + 0.6 * (sme_share["target"] - sme_share["floor"]) == pytest.approx(70)
    # Guangxi: a promotion organisation has at least 3 full-time staff.
    for group in HUNAN_GROUPS:
        assert first_tier(group, "PO1.2")["min"] == 3


@pytest.mark.parametrize("group", ["national_amc", "national_sme", "provincial_amc_cultivation",
                                   "provincial_sme_cultivation"])
def test_overridden_thresholds_come_with_their_own_scoring_note(hunan, group: str) -> None:
    provincial = hunan.framework("provincial_amc" if "amc" in group else "provincial_sme")
    framework = hunan.framework(group)
    changed = [leaf for leaf in framework.leaves()
               if leaf.params != provincial.indicator(leaf.code).params]
    assert changed
    for leaf in changed:
        assert leaf.note != provincial.indicator(leaf.code).note, \
            f"{group} {leaf.code}: params differ from the provincial group but the note does not"
        assert "省级组" not in leaf.note["zh"], leaf.code


def test_hunan_uses_a_mix_of_methods(hunan) -> None:
    used = {leaf.method for fw in hunan.frameworks.values() for leaf in fw.leaves()}
    assert {"tiers", "linear", "relative_to_best", "growth", "count", "yes_no", "expert_grade",
            "expert_points"} <= used


# ------------------------------------------------------------------------------------ Hubei

def test_hubei_has_one_group_without_stars_or_labels(hubei) -> None:
    assert [g.code for g in hubei.groups] == ["growth"]
    assert not hubei.rating_policy.stars and not hubei.rating_policy.labels
    assert hubei.aggregation.method == "mean"


def test_hubei_is_performance_60_and_work_40(hubei) -> None:
    framework = hubei.framework("growth")
    assert [(p.code, p.weight) for p in framework.parts] == [("performance", 60), ("work", 40)]
    assert "D11" in framework.note["zh"] and "D11" in framework.note["en"]


def test_hubei_performance_is_four_year_on_year_increments(hubei) -> None:
    performance = leaves_of(part(hubei.framework("growth"), "performance").indicators)
    assert [leaf.name["zh"] for leaf in performance] == HUBEI_PERFORMANCE
    assert [leaf.unit for leaf in performance] == ["万元", "人", "万元", "万元"]
    for leaf in performance:
        assert leaf.method == "growth" and leaf.params["mode"] == "increment"


def test_hubei_work_is_the_eight_indicators_of_the_notice_scored_by_experts(hubei) -> None:
    work = leaves_of(part(hubei.framework("growth"), "work").indicators)
    assert [leaf.name["zh"] for leaf in work] == HUBEI_WORK
    assert all(leaf.kind == "qualitative" and leaf.method in EXPERT_METHODS for leaf in work)


def test_hubei_increment_is_scored_from_last_years_value(hubei) -> None:
    framework = hubei.framework("growth")
    values = {}
    for leaf in leaves_of(part(framework, "performance").indicators):
        target = leaf.params["target"]
        values[leaf.code] = [1000 + target, 1000 + target / 2, 900]
        values[f"{leaf.code}@prev"] = [1000, 1000, 1000]
    result = score_group(framework, GroupInputs(["full", "half", "fell"], values=values))
    assert [float(x) for x in result.part_scores["performance"]] == pytest.approx([100, 50, 0])
