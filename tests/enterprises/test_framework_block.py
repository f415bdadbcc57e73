"""The optional `enterprise_data:` block of a framework: accepted, validated, kept in to_dict()."""

from __future__ import annotations

import copy

import pytest

from clustermon import scoring
from clustermon.scoring import FrameworkError, parse_framework
from tests.enterprises.conftest import FRAMEWORK


def doc(**block_changes) -> dict:  # noqa: ANN003
    document = copy.deepcopy(FRAMEWORK)
    document["enterprise_data"].update(block_changes)
    return document


def issues(document: dict) -> list[tuple[str, str]]:
    with pytest.raises(FrameworkError) as info:
        parse_framework(document, source="t")
    return [(i.code, i.path) for i in info.value.issues]


def test_the_block_is_parsed_and_survives_to_dict() -> None:
    framework = parse_framework(copy.deepcopy(FRAMEWORK), source="t")
    spec = framework.enterprise_data
    assert [f.code for f in spec.fields] == ["sales", "employees"]
    assert spec.field_named("employees").integer and not spec.field_named("sales").integer
    assert [(f.target, f.field, f.op) for f in spec.feeds][:2] == [("P1", "sales", "sum"),
                                                                  ("P1@prev", "sales@prev", "sum")]
    assert spec.checks == {"jump_ratio": 3, "robust_z": 3.5, "min_rows": 5}
    again = parse_framework(framework.to_dict(), source="t")
    assert again == framework and again.content_hash() == framework.content_hash()
    assert framework.to_dict()["enterprise_data"]["feeds"][1] == {"target": "P1@prev", "op": "sum",
                                                                  "field": "sales@prev"}


def test_without_the_block_the_document_and_its_hash_are_unchanged() -> None:
    document = copy.deepcopy(FRAMEWORK)
    del document["enterprise_data"]
    framework = parse_framework(document, source="t")
    assert framework.enterprise_data is None
    assert "enterprise_data" not in framework.to_dict()
    # The shipped frameworks without the block keep the hash they had: the key is simply absent.
    hunan = scoring.load_scheme("hunan-monitoring")
    assert all(fw.enterprise_data is None and "enterprise_data" not in fw.to_dict()
               for fw in hunan.frameworks.values())


def test_checks_default_when_left_out() -> None:
    document = copy.deepcopy(FRAMEWORK)
    del document["enterprise_data"]["checks"]
    assert parse_framework(document, source="t").enterprise_data.checks == {
        "jump_ratio": 3, "robust_z": 3.5, "min_rows": 5}


def test_a_count_feed() -> None:
    document = copy.deepcopy(FRAMEWORK)
    document["enterprise_data"]["feeds"][2] = {"target": "P2", "op": "count", "field": "employees"}
    spec = parse_framework(document, source="t").enterprise_data
    assert spec.feeds[2].op == "count"


def test_every_problem_is_reported_with_its_place() -> None:
    document = doc(
        fields=[{"code": "sales", "name": {"zh": "销售收入"}, "unit": "万元", "colour": "red"},
                {"code": "sales", "name": {"zh": "重复"}},
                {"code": "tax@prev", "name": {"zh": "坏代码"}},
                {"code": "staff", "name": {"zh": "人数"}, "integer": "yes", "min": 10, "max": 1}],
        feeds=[{"target": "P1", "field": "salse"},             # a typo in the field
               {"target": "W1", "field": "sales"},              # a qualitative leaf
               {"target": "P9", "field": "sales"},              # no such leaf
               {"target": "P2", "field": "staff", "op": "max"},  # unknown op
               {"target": "P2@prev", "field": "staff@prev"},
               {"target": "P2@prev", "field": "staff@prev"}],   # the same target twice
        checks={"jump_ratio": 1, "robust_z": -2, "min_rows": 2.5, "other": 1},
    )
    found = issues(document)
    assert ("unknown_key", "enterprise_data.fields[0].colour") in found
    assert ("duplicate_code", "enterprise_data.fields[1].code") in found
    assert ("bad_code", "enterprise_data.fields[2].code") in found
    assert ("bad_bool", "enterprise_data.fields[3].integer") in found
    assert ("min_above_max", "enterprise_data.fields[3]") in found
    assert ("bad_choice", "enterprise_data.feeds[0].field") in found
    assert ("bad_rule_ref", "enterprise_data.feeds[1].target") in found
    assert ("bad_rule_ref", "enterprise_data.feeds[2].target") in found
    assert ("bad_choice", "enterprise_data.feeds[3].op") in found
    assert ("duplicate_code", "enterprise_data.feeds[5].target") in found
    assert ("bad_policy", "enterprise_data.checks.jump_ratio") in found
    assert ("not_positive", "enterprise_data.checks.robust_z") in found
    assert ("bad_number", "enterprise_data.checks.min_rows") in found
    assert ("unknown_key", "enterprise_data.checks.other") in found


def test_the_block_must_have_fields_and_feeds() -> None:
    document = copy.deepcopy(FRAMEWORK)
    document["enterprise_data"] = {"name": {"zh": "企业"}}
    assert set(issues(document)) >= {("missing_field", "enterprise_data.fields"),
                                     ("missing_field", "enterprise_data.feeds")}
    document["enterprise_data"] = ["not", "a", "mapping"]
    assert ("not_a_mapping", "enterprise_data") in issues(document)


def test_the_shipped_growth_scheme_feeds_its_four_performance_indicators() -> None:
    framework = scoring.load_scheme("hubei-growth").framework("growth")
    spec = framework.enterprise_data
    assert [f.code for f in spec.fields] == ["sales", "employees", "investment", "taxes"]
    assert spec.targets == ["P1", "P1@prev", "P2", "P2@prev", "P3", "P3@prev", "P4", "P4@prev"]
    assert spec.checks["jump_ratio"] == 3
    for feed in spec.feeds:
        leaf = framework.indicator(feed.target.removesuffix("@prev"))
        assert leaf.kind == "quantitative" and leaf.method == "growth"
        assert feed.previous_year == feed.target.endswith("@prev")
