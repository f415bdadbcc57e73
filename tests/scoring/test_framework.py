"""Loading schemes and frameworks: every problem reported with its file, tree path and code."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from clustermon.scoring import (
    MESSAGES,
    AggregationPolicy,
    FrameworkError,
    GradePolicy,
    Issue,
    RatingPolicy,
    list_schemes,
    load_framework,
    load_scheme,
    parse_framework,
)


def leaf(code: str, points: float, **extra: Any) -> dict[str, Any]:
    node = {
        "code": code,
        "name": {"zh": code, "en": code},
        "kind": "quantitative",
        "points": points,
        "method": "linear",
        "params": {"floor": 0, "target": 10},
    }
    node.update(extra)
    return node


def valid() -> dict[str, Any]:
    """A valid two-part framework: 70 + 30, each tree 100 points."""
    return {
        "scheme": "t",
        "group": "g",
        "version": "1",
        "parts": [
            {
                "code": "dev",
                "name": {"en": "Development"},
                "weight": 70,
                "indicators": [
                    {
                        "code": "D1",
                        "name": {"en": "Scale"},
                        "points": 60,
                        "children": [leaf("D1.1", 40), leaf("D1.2", 20)],
                    },
                    leaf("D2", 40),
                ],
            },
            {
                "code": "act",
                "name": {"en": "Activity"},
                "weight": 30,
                "indicators": [
                    {
                        "code": "A1",
                        "name": {"en": "Quality"},
                        "kind": "qualitative",
                        "points": 100,
                        "method": "expert_grade",
                    },
                ],
            },
        ],
        "bonus": {"cap": 10, "items": [{"code": "B1", "name": {"en": "b"}, "max_points": 5}]},
        "deduction": {"cap": 10, "items": [{"code": "X1", "name": {"en": "x"}, "max_points": 10}]},
        "rules": [
            {"code": "R1", "left": "D1.1", "op": "<=", "right": "D1.2@prev", "message": {"en": "m"}}
        ],
    }


def issues_of(data: Any, tmp_path: Path, name: str = "fw.yaml") -> list[Issue]:
    """Write `data` as a YAML file and load it; the loader must refuse it."""
    path = tmp_path / name
    path.write_text(
        yaml.safe_dump(data, allow_unicode=True) if not isinstance(data, str) else data,
        encoding="utf-8",
    )
    with pytest.raises(FrameworkError) as caught:
        load_framework(path)
    for issue in caught.value.issues:
        assert issue.code in MESSAGES
        assert issue.message == MESSAGES[issue.code].format(**issue.args)
    return caught.value.issues


def found(issues: list[Issue]) -> set[tuple[str, str]]:
    return {(issue.path, issue.code) for issue in issues}


def test_valid_document_loads(tmp_path: Path) -> None:
    path = tmp_path / "fw.yaml"
    path.write_text(yaml.safe_dump(valid()), encoding="utf-8")
    fw = load_framework(path)
    assert [leaf.code for leaf in fw.leaves()] == ["D1.1", "D1.2", "D2", "A1"]
    assert fw.indicator("D1").points == 60
    assert fw.indicator("D1.1").required is True  # D9 default for quantitative leaves
    assert fw.indicator("A1").required is False


def mutate(change: Any) -> dict[str, Any]:
    data = valid()
    change(data)
    return data


CASES = [
    # (name, change to the valid document, expected (path, code) pairs)
    (
        "leaf points do not add up to 100",
        lambda d: d["parts"][0]["indicators"][1].update(points=30),
        {("parts[0].indicators", "part_points_mismatch")},
    ),
    (
        "declared inner points differ from children",
        lambda d: d["parts"][0]["indicators"][0]["children"][1].update(points=25),
        {
            ("parts[0].indicators[D1].points", "points_mismatch"),
            ("parts[0].indicators", "part_points_mismatch"),
        },
    ),
    (
        "weights do not add up",
        lambda d: d["parts"][1].update(weight=20),
        {("parts", "weights_mismatch")},
    ),
    (
        "duplicate code",
        lambda d: d["parts"][1]["indicators"][0].update(code="D2"),
        {("parts[1].indicators[D2].code", "duplicate_code")},
    ),
    (
        "unknown method",
        lambda d: d["parts"][0]["indicators"][1].update(method="median"),
        {("parts[0].indicators[D2].method", "unknown_method")},
    ),
    (
        "bad params",
        lambda d: d["parts"][0]["indicators"][0]["children"][1].update(
            params={"floor": 3, "target": 3}
        ),
        {("parts[0].indicators[D1].children[D1.2].params.target", "floor_equals_target")},
    ),
    (
        "missing param",
        lambda d: d["parts"][0]["indicators"][0]["children"][0].update(params={"floor": 0}),
        {("parts[0].indicators[D1].children[D1.1].params.target", "missing_param")},
    ),
    (
        "unknown kind",
        lambda d: d["parts"][0]["indicators"][1].update(kind="numeric"),
        {("parts[0].indicators[D2].kind", "unknown_kind")},
    ),
    (
        "method does not fit kind",
        lambda d: d["parts"][1]["indicators"][0].update(
            method="linear", params={"floor": 0, "target": 1}
        ),
        {("parts[1].indicators[A1].method", "method_kind_mismatch")},
    ),
    (
        "missing name",
        lambda d: d["parts"][0]["indicators"][0]["children"][0].pop("name"),
        {("parts[0].indicators[D1].children[D1.1].name", "missing_field")},
    ),
    (
        "bad name",
        lambda d: d["parts"][0].update(name="Development"),
        {("parts[0].name", "bad_text")},
    ),
    (
        "unknown key (typo)",
        lambda d: d["parts"][0]["indicators"][1].update(pionts=3),
        {("parts[0].indicators[D2].pionts", "unknown_key")},
    ),
    (
        "leaf field on an inner node",
        lambda d: d["parts"][0]["indicators"][0].update(method="linear"),
        {("parts[0].indicators[D1].method", "leaf_field_on_inner")},
    ),
    (
        "rule refers to an unknown code",
        lambda d: d["rules"][0].update(right="D9"),
        {("rules[R1].right", "bad_rule_ref")},
    ),
    (
        "rule refers to an inner node",
        lambda d: d["rules"][0].update(left="D1@prev"),
        {("rules[R1].left", "bad_rule_ref")},
    ),
    (
        "rule with a bad operator",
        lambda d: d["rules"][0].update(op="=<"),
        {("rules[R1].op", "bad_choice")},
    ),
    (
        "bonus item above the cap",
        lambda d: d["bonus"]["items"][0].update(max_points=12),
        {("bonus.items[B1].max_points", "item_exceeds_cap")},
    ),
    (
        "catalogue without cap",
        lambda d: d["deduction"].pop("cap"),
        {("deduction.cap", "missing_field")},
    ),
    (
        "duplicate item across bonus and deduction",
        lambda d: d["deduction"]["items"][0].update(code="B1"),
        {("deduction.items[B1].code", "duplicate_code")},
    ),
    (
        "negative points",
        lambda d: d["parts"][0]["indicators"][1].update(points=-40),
        {("parts[0].indicators[D2].points", "negative_number")},
    ),
    (
        "points as text",
        lambda d: d["parts"][0]["indicators"][1].update(points="40"),
        {("parts[0].indicators[D2].points", "bad_number")},
    ),
    (
        "min above max",
        lambda d: d["parts"][0]["indicators"][1].update(min=10, max=1),
        {("parts[0].indicators[D2].min", "min_above_max")},
    ),
    (
        "override of an unknown indicator",
        lambda d: d.update(overrides={"ZZ": {"points": 1}}),
        {("overrides[ZZ]", "unknown_override")},
    ),
    (
        "override of children",
        lambda d: d.update(overrides={"D1": {"children": []}}),
        {("overrides[D1].children", "bad_override")},
    ),
    (
        "bad grade policy",
        lambda d: d.update(grade_policy={"quota_rounding": "nearest"}),
        {("grade_policy", "bad_policy")},
    ),
    ("empty parts", lambda d: d.update(parts=[]), {("parts", "empty_list")}),
    ("missing version", lambda d: d.pop("version"), {("version", "missing_field")}),
    ("bad status", lambda d: d.update(status="final"), {("status", "bad_choice")}),
]


@pytest.mark.parametrize(("name", "change", "expected"), CASES, ids=[c[0] for c in CASES])
def test_broken_documents(
    name: str, change: Any, expected: set[tuple[str, str]], tmp_path: Path
) -> None:
    issues = issues_of(mutate(change), tmp_path)
    assert expected <= found(issues), [str(i) for i in issues]
    assert all(issue.file == str(tmp_path / "fw.yaml") for issue in issues)


def test_all_issues_are_collected_at_once(tmp_path: Path) -> None:
    def many(d: dict[str, Any]) -> None:
        d["parts"][1]["weight"] = 20
        d["parts"][0]["indicators"][1]["method"] = "median"
        d["parts"][0]["indicators"][0]["children"][0]["points"] = 30
        d["rules"][0]["left"] = "nowhere"
        d["bonus"]["items"][0]["max_points"] = 11

    assert found(issues_of(mutate(many), tmp_path)) >= {
        ("parts", "weights_mismatch"),
        ("parts[0].indicators[D2].method", "unknown_method"),
        # D1's declared 60 no longer matches 30 + 20, and the part sums to 90:
        ("parts[0].indicators[D1].points", "points_mismatch"),
        ("parts[0].indicators", "part_points_mismatch"),
        ("rules[R1].left", "bad_rule_ref"),
        ("bonus.items[B1].max_points", "item_exceeds_cap"),
    }


def test_not_yaml(tmp_path: Path) -> None:
    issues = issues_of("parts: [unclosed\n", tmp_path)
    assert [i.code for i in issues] == ["yaml_error"]


def test_not_a_mapping(tmp_path: Path) -> None:
    assert [i.code for i in issues_of("- just\n- a list\n", tmp_path)] == ["not_a_mapping"]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FrameworkError) as caught:
        load_framework(tmp_path / "absent.yaml")
    assert [i.code for i in caught.value.issues] == ["file_not_found"]


# ------------------------------------------------------------------------ trees and overrides


def write_tree(tmp_path: Path, nodes: Any, name: str = "trees/dev.yaml") -> None:
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text(yaml.safe_dump(nodes), encoding="utf-8")


def with_tree(tree: str = "trees/dev.yaml", **top: Any) -> dict[str, Any]:
    data = valid()
    data["parts"][0].pop("indicators")
    data["parts"][0]["tree"] = tree
    data.update(top)
    return data


def test_tree_include_and_overrides(tmp_path: Path) -> None:
    write_tree(tmp_path, {"name": {"en": "dev"}, "indicators": valid()["parts"][0]["indicators"]})
    overrides = {
        "D1.1": {"params": {"target": 50}},
        "D2": {"method": "count", "params": {"per_item": 2}},
    }
    (tmp_path / "fw.yaml").write_text(
        yaml.safe_dump(with_tree(overrides=overrides)), encoding="utf-8"
    )
    fw = load_framework(tmp_path / "fw.yaml")
    assert fw.indicator("D1.1").params == {"floor": 0, "target": 50}  # merged key by key
    assert fw.indicator("D2").method == "count"
    assert fw.indicator("D2").params == {"per_item": 2}  # a new method replaces the params
    # The shared tree itself is untouched by the override.
    assert yaml.safe_load((tmp_path / "trees/dev.yaml").read_text())["indicators"][0]["children"][
        0
    ]["params"] == {"floor": 0, "target": 10}


def test_issue_in_a_tree_names_the_tree_file(tmp_path: Path) -> None:
    nodes = copy.deepcopy(valid()["parts"][0]["indicators"])
    nodes[1]["kind"] = "numeric"
    write_tree(tmp_path, nodes)
    issues = issues_of(with_tree(), tmp_path)
    assert found(issues) == {("parts[0].indicators[D2].kind", "unknown_kind")}
    assert issues[0].file == str(tmp_path / "trees" / "dev.yaml")


def test_override_that_breaks_the_sum_is_reported(tmp_path: Path) -> None:
    write_tree(tmp_path, valid()["parts"][0]["indicators"])
    issues = issues_of(with_tree(overrides={"D2": {"points": 35}}), tmp_path)
    assert ("parts[0].indicators", "part_points_mismatch") in found(issues)


def test_missing_tree_and_tree_outside_the_scheme(tmp_path: Path) -> None:
    assert ("parts[0].tree", "file_not_found") in found(
        issues_of(with_tree("trees/nope.yaml"), tmp_path)
    )
    assert ("parts[0].tree", "tree_outside") in found(
        issues_of(with_tree("../../etc/passwd"), tmp_path)
    )


def test_tree_needs_base_dir() -> None:
    with pytest.raises(FrameworkError) as caught:
        parse_framework(with_tree())
    assert ("parts[0].tree", "tree_without_base") in found(caught.value.issues)


# ----------------------------------------------------------------------- round trip and hash


def test_round_trip_and_hash(mini_scheme_dir: Path) -> None:
    fw = load_framework(mini_scheme_dir / "small.yaml")
    doc = fw.to_dict()
    assert "overrides" not in doc and "tree" not in str(doc["parts"])
    again = parse_framework(doc, source="db")
    assert again == fw
    assert again.to_dict() == doc
    assert again.content_hash() == fw.content_hash()
    assert len(fw.content_hash()) == 64
    # The override (small clusters have lower revenue tiers) is part of the resolved document.
    assert fw.indicator("D1.1").params["tiers"][0] == {"min": 10, "share": 0.6}
    assert fw.content_hash() != load_framework(mini_scheme_dir / "big.yaml").content_hash()


def test_hash_changes_with_content() -> None:
    first = parse_framework(valid())
    changed = valid()
    changed["parts"][0]["indicators"][0]["children"][0]["params"]["target"] = 11
    assert parse_framework(changed).content_hash() != first.content_hash()
    assert parse_framework(valid()).content_hash() == first.content_hash()


# ----------------------------------------------------------------------------------- schemes


def test_load_scheme_by_path(mini_scheme_dir: Path) -> None:
    scheme = load_scheme(mini_scheme_dir)
    assert scheme.code == "mini"
    assert [g.code for g in scheme.groups] == ["big", "small", "seedling"]
    assert scheme.rating_policy == RatingPolicy(label_basis="activity")
    assert scheme.aggregation == AggregationPolicy("trimmed_mean", 5)
    assert scheme.grade_policy == GradePolicy()
    # Manifest policies reach every framework (a stored version is self-contained).
    assert all(fw.aggregation.method == "trimmed_mean" for fw in scheme.frameworks.values())
    assert load_scheme(mini_scheme_dir / "scheme.yaml") == scheme
    with pytest.raises(KeyError, match="no group 'huge'"):
        scheme.framework("huge")


def copy_scheme(src: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "scheme"
    shutil.copytree(src, dest)
    return dest


def test_scheme_issues_from_all_files_together(mini_scheme_dir: Path, tmp_path: Path) -> None:
    folder = copy_scheme(mini_scheme_dir, tmp_path)
    big = yaml.safe_load((folder / "big.yaml").read_text())
    big["group"] = "small"
    (folder / "big.yaml").write_text(yaml.safe_dump(big))
    (folder / "seedling.yaml").unlink()
    manifest = yaml.safe_load((folder / "scheme.yaml").read_text())
    manifest["rating_policy"]["label_basis"] = "org"
    (folder / "scheme.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True))
    with pytest.raises(FrameworkError) as caught:
        load_scheme(folder)
    codes = {(Path(i.file).name, i.path, i.code) for i in caught.value.issues}
    assert codes == {
        ("scheme.yaml", "rating_policy", "bad_policy"),
        ("big.yaml", "group", "mismatch"),
        ("seedling.yaml", "", "file_not_found"),
    }


def test_unknown_scheme_code() -> None:
    with pytest.raises(FrameworkError) as caught:
        load_scheme("no-such-scheme")
    assert caught.value.issues[0].code == "unknown_scheme"


@pytest.mark.parametrize("code", list_schemes())
def test_shipped_schemes_load(code: str) -> None:
    scheme = load_scheme(code)
    assert scheme.code == code
    for group, fw in scheme.frameworks.items():
        assert fw.group == group
        assert parse_framework(fw.to_dict()) == fw
