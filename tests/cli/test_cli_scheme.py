"""`clustermon scheme validate`: OK lines, `FILE: PATH: message` issues, exit 2 when invalid."""

from __future__ import annotations

import pytest
from tests.cli.cli_helpers import run_console

from clustermon.cli.issues import ISSUE_MESSAGES

FRAMEWORK = """\
scheme: demo
group: g1
version: "2025.1"
parts:
  - code: development
    name: {zh: 发展水平, en: Development level}
    weight: 70
    tree: trees/dev.yaml
  - code: activity
    name: {zh: 活跃度, en: Activity}
    weight: 30
    indicators:
      - {code: A1, name: {zh: 专家评级, en: Expert grade}, kind: qualitative, points: 100,
         method: expert_grade}
"""
TREE = """\
indicators:
  - code: D1
    name: {zh: 营收, en: Revenue}
    children:
      - {code: D1.1, name: {zh: 营收, en: Revenue}, kind: quantitative, points: 60,
         method: linear, params: {floor: 0, target: 100}}
      - {code: D1.2, name: {zh: 有无, en: Yes or no}, kind: yes_no, points: 40, method: yes_no}
"""
MANIFEST = """\
code: demo
name: {zh: 演示方案, en: Demo scheme}
groups:
  - code: g1
    name: {zh: 第一组, en: Group one}
    framework: g1.yaml
"""


@pytest.fixture
def scheme_dir(tmp_path):
    folder = tmp_path / "demo"
    (folder / "trees").mkdir(parents=True)
    (folder / "scheme.yaml").write_text(MANIFEST, encoding="utf-8")
    (folder / "g1.yaml").write_text(FRAMEWORK, encoding="utf-8")
    (folder / "trees" / "dev.yaml").write_text(TREE, encoding="utf-8")
    return folder


def test_a_valid_scheme_and_framework(cli, scheme_dir):
    framework = scheme_dir / "g1.yaml"
    result = cli("scheme", "validate", scheme_dir, scheme_dir / "scheme.yaml", framework, lang="en")
    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines() == [
        f"{scheme_dir}: OK (scheme demo, 1 groups)",
        f"{scheme_dir / 'scheme.yaml'}: OK (scheme demo, 1 groups)",
        f"{framework}: OK (framework demo/g1 version 2025.1, 3 scored indicators)",
    ]
    assert cli("scheme", "validate", framework).out == (
        f"{framework}：通过（指标体系 demo/g1，版本 2025.1，3 个计分指标）\n"
    )


def test_issues_name_file_and_path_in_the_users_language(cli, scheme_dir):
    framework = scheme_dir / "g1.yaml"
    framework.write_text(
        FRAMEWORK.replace("weight: 30", "weight: 20").replace(
            "method: expert_grade", "method: guess"
        ),
        encoding="utf-8",
    )
    en = cli("scheme", "validate", framework, lang="en")
    assert en.code == 2
    assert en.out == ""
    lines = en.err.splitlines()
    assert f"{framework}: parts: part weights add up to 90, not 100" in lines
    assert any(
        line.startswith(
            f"{framework}: parts[1].indicators[A1].method: unknown scoring method “guess”"
        )
        for line in lines
    )
    zh = cli("scheme", "validate", framework)
    assert f"{framework}: parts: 各部分权重合计为 90，应为 100" in zh.err.splitlines()
    assert f"{framework}: parts[1].indicators[A1].method: 无法识别的计分方法“guess”" in zh.err


def test_a_problem_in_a_tree_file_names_the_tree_file(cli, scheme_dir):
    tree = scheme_dir / "trees" / "dev.yaml"
    tree.write_text(
        TREE.replace("points: 40", "points: 30").replace("kind: quantitative", "kind: q"),
        encoding="utf-8",
    )
    result = cli("scheme", "validate", scheme_dir, lang="en")
    assert result.code == 2
    lines = result.err.splitlines()
    assert any(
        line.startswith(
            f"{tree.resolve()}: parts[0].indicators[D1].children[D1.1].kind: unknown kind “q”"
        )
        for line in lines
    )
    # 60 + 30: the tree's leaves no longer add up to 100
    assert (
        f"{tree.resolve()}: parts[0].indicators: "
        "the leaf points of part “development” add up to 90, not 100"
    ) in lines


def test_exit_2_when_any_file_is_invalid_and_every_file_is_checked(cli, scheme_dir, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("scheme: [unclosed\n", encoding="utf-8")
    result = cli(
        "scheme", "validate", broken, tmp_path / "absent.yaml", scheme_dir / "g1.yaml", lang="en"
    )
    assert result.code == 2
    assert result.err.startswith(f"{broken}: not valid YAML: ")
    assert f"{tmp_path / 'absent.yaml'}: file not found: {tmp_path / 'absent.yaml'}" in result.err
    assert result.out.startswith(f"{scheme_dir / 'g1.yaml'}: OK")
    zh = cli("scheme", "validate", broken)
    assert f"{broken}: 不是有效的 YAML：" in zh.err


def test_an_unknown_scheme_code(cli):
    result = cli("scheme", "validate", "no-such-scheme", lang="en")
    assert result.code == 2
    assert "no scheme “no-such-scheme”" in result.err


def test_usage_errors_exit_2(tmp_path):
    assert run_console("scheme", cwd=tmp_path).code == 2
    assert run_console("scheme", "validate", cwd=tmp_path).code == 2


def test_every_core_issue_code_has_a_wording_with_the_cores_fields():
    from string import Formatter

    from clustermon.scoring import MESSAGES

    free_form = {code for code, text in MESSAGES.items() if text.strip("{}").isidentifier()}
    assert set(ISSUE_MESSAGES) == set(MESSAGES) - free_form
    for code, wording in ISSUE_MESSAGES.items():
        fields = {name for _, name, _, _ in Formatter().parse(MESSAGES[code]) if name}
        wording % dict.fromkeys(fields, "x")  # KeyError if the wording needs a field the core lacks
