"""Differences between two framework versions, indicator by indicator (expectations written by hand)."""

from __future__ import annotations

from clustermon.frameworks.versions import diff_documents, diff_versions
from tests.rounds.conftest import store_version, tiny_framework


def rows(changes) -> list[tuple]:  # noqa: ANN001
    return [(c.kind, c.code, c.change, c.field, c.before, c.after) for c in changes]


def test_identical_documents_have_no_difference() -> None:
    assert diff_documents(tiny_framework(), tiny_framework("provincial_amc", "2099.9")) == []


def test_every_kind_of_change_is_listed_in_document_order() -> None:
    a = tiny_framework()
    b = tiny_framework()
    d1 = b["parts"][0]["indicators"][0]
    revenue, enterprises = d1["children"]
    revenue["params"] = {"floor": 10, "target": 120}        # changed params
    revenue["points"], enterprises["points"] = 50, 50       # changed points
    enterprises["method"] = "linear"                        # changed method (and its params)
    enterprises["params"] = {"floor": 0, "target": 20}
    enterprises["name"] = {"zh": "规上企业数量", "en": "Enterprises above scale"}
    enterprises["unit"] = "户"
    b["parts"][1]["indicators"].append(                     # added indicator, moved points
        {"code": "A2", "name": {"zh": "开放合作", "en": "Cooperation"}, "kind": "qualitative", "points": 20,
         "method": "expert_points"})
    b["parts"][1]["indicators"][0]["points"] = 80
    b["parts"][0]["weight"], b["parts"][1]["weight"] = 60, 40
    b["bonus"]["items"][0]["max_points"] = 6
    b["deduction"]["cap"] = 8
    b["deduction"]["items"] = []                             # removed item
    assert rows(diff_documents(a, b)) == [
        ("part", "development", "changed", "weight", 70, 60),
        ("indicator", "D1.1", "changed", "points", 60, 50),
        ("indicator", "D1.1", "changed", "params", {"floor": 0, "target": 100}, {"floor": 10, "target": 120}),
        ("indicator", "D1.2", "changed", "name", {"zh": "企业数量", "en": "Enterprises"},
         {"zh": "规上企业数量", "en": "Enterprises above scale"}),
        ("indicator", "D1.2", "changed", "points", 40, 50),
        ("indicator", "D1.2", "changed", "method", "count", "linear"),
        ("indicator", "D1.2", "changed", "params", {"per_item": 4}, {"floor": 0, "target": 20}),
        ("indicator", "D1.2", "changed", "unit", "家", "户"),
        ("part", "activity", "changed", "weight", 30, 40),
        ("indicator", "A1", "changed", "points", 100, 80),
        ("indicator", "A2", "added", "", None, None),
        ("bonus", "B1", "changed", "max_points", 5, 6),
        ("deduction", "", "changed", "cap", 10, 8),
        ("deduction", "X1", "removed", "", None, None),
    ]


def test_a_moved_and_a_removed_indicator() -> None:
    a = tiny_framework()
    b = tiny_framework()
    d1 = b["parts"][0]["indicators"][0]
    enterprises = d1["children"].pop()
    b["parts"][0]["indicators"].append({"code": "D2", "name": {"zh": "企业实力", "en": "Firms"},
                                        "children": [enterprises]})
    del b["parts"][1]["indicators"][0]
    changes = rows(diff_documents(a, b))
    assert ("indicator", "D1.2", "changed", "parent", "D1", "D2") in changes
    assert ("indicator", "D2", "added", "", None, None) in changes
    assert ("indicator", "A1", "removed", "", None, None) in changes


def test_changes_read_in_chinese(world, scheme) -> None:
    from clustermon.frameworks.models import FrameworkVersion

    old = FrameworkVersion.objects.get(scheme=scheme, group="provincial_amc")
    doc = tiny_framework("provincial_amc", "2026.2")
    doc["parts"][0]["indicators"][0]["children"][1]["method"] = "linear"
    doc["parts"][0]["indicators"][0]["children"][1]["params"] = {"floor": 0, "target": 20}
    doc["parts"][0]["indicators"][0]["children"][1]["required"] = False
    new = store_version(scheme, "provincial_amc", "2026.2", document=doc)
    method = next(c for c in diff_versions(old, new) if c.field == "method")
    assert (method.kind_label, method.name, method.change_label, method.field_label) == (
        "指标", "企业数量", "修改", "计分方法")
    assert method.before_text == "按数量计分（封顶） (count)"
    assert method.after_text == "底线与目标值之间线性计分 (linear)"
    assert method.path == ("发展水平", "产业规模")
    required = next(c for c in diff_versions(old, new) if c.field == "required")
    assert (required.before_text, required.after_text) == ("是", "否")
