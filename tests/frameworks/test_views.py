"""Framework pages: a version as a tree, the versions of a group, the diff, and the new-version form."""

from __future__ import annotations

import re
from html import unescape

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clustermon.frameworks.models import FrameworkVersion
from tests.rounds.conftest import store_version, tiny_framework


def login(client, world, who: str):  # noqa: ANN001, ANN201
    client.force_login(world.users[who])
    return client


def amc(scheme) -> FrameworkVersion:  # noqa: ANN001
    return FrameworkVersion.objects.get(scheme=scheme, group="provincial_amc", version="2026.1")


def second(scheme) -> FrameworkVersion:  # noqa: ANN001
    doc = tiny_framework("provincial_amc", "2026.2")
    doc["parts"][0]["indicators"][0]["children"][0]["points"] = 55
    doc["parts"][0]["indicators"][0]["children"][1]["points"] = 45
    return store_version(scheme, "provincial_amc", "2026.2", document=doc, previous=amc(scheme), reason="微调分值")


# --- one version ---------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["admin", "province", "city_a", "county_a1", "submitter_a1", "expert"])
def test_version_page_shows_the_tree_to_the_province(client, world, scheme, who) -> None:
    html = login(client, world, who).get(reverse("frameworks:version", args=[amc(scheme).pk])).content.decode()
    for text in ("发展水平", "70%", "产业规模", "营业收入", "亿元", "底线与目标值之间线性计分", "专家评级（A–D）",
                 "产业链攻关", "合计最多 10 分", "安全事故"):
        assert text in html, text


def outside_details(html: str) -> str:
    """The page without its <details> elements (where the raw parameters stay for experts)."""
    return re.sub(r"<details.*?</details>", "", unescape(html), flags=re.DOTALL)


def test_version_page_says_the_parameters_in_words(client, world, scheme) -> None:
    html = login(client, world, "city_a").get(reverse("frameworks:version", args=[amc(scheme).pk])).content.decode()
    assert "线性计分：不高于 0 亿元 得 0 分，不低于 100 亿元 得满分 60 分" in html
    assert "每项 4 分，最高 40 分" in html and "A = 100.00%" in html
    assert "<details" in html and '{"floor": 0, "target": 100}' in unescape(html)  # the raw JSON, for experts
    assert '{"floor"' not in outside_details(html) and '"grades"' not in outside_details(html)


def test_version_page_is_missing_for_another_province(client, world, scheme) -> None:
    assert login(client, world, "outsider").get(reverse("frameworks:version", args=[amc(scheme).pk])).status_code == 404


def test_version_page_is_get_only_and_needs_login(client, world, scheme) -> None:
    url = reverse("frameworks:version", args=[amc(scheme).pk])
    assert client.get(url)["Location"].startswith(reverse("login"))
    assert login(client, world, "admin").post(url).status_code == 405


def test_version_page_uses_a_fixed_number_of_queries(client, world, scheme, django_assert_max_num_queries) -> None:
    login(client, world, "city_a")
    with django_assert_max_num_queries(6):
        assert client.get(reverse("frameworks:version", args=[amc(scheme).pk])).status_code == 200


# --- versions of a group -------------------------------------------------------------------------

def test_versions_lists_the_group_newest_first(client, world, scheme) -> None:
    second(scheme)
    html = login(client, world, "city_a").get(
        reverse("frameworks:versions", args=[scheme.pk, "provincial_amc"])).content.decode()
    assert html.index("2026.2") < html.index("2026.1") and "微调分值" in html


def test_versions_of_an_unknown_group_or_scheme_are_missing(client, world, scheme, other_scheme) -> None:
    login(client, world, "admin")
    assert client.get(reverse("frameworks:versions", args=[scheme.pk, "national_amc"])).status_code == 404
    assert client.get(reverse("frameworks:versions", args=[other_scheme.pk, "provincial_amc"])).status_code == 404
    assert client.post(reverse("frameworks:versions", args=[scheme.pk, "provincial_amc"])).status_code == 405


# --- diff ----------------------------------------------------------------------------------------

def test_diff_lists_the_changes_in_chinese(client, world, scheme) -> None:
    new = second(scheme)
    response = login(client, world, "county_a1").get(reverse("frameworks:diff", args=[amc(scheme).pk, new.pk]))
    html = response.content.decode()
    assert "共 2 处差异" in html
    assert "营业收入" in html and "分值" in html and "<del>60</del>" in html and "<ins>55</ins>" in html
    assert "微调分值" in html


def test_diff_says_changed_parameters_in_words(client, world, scheme) -> None:
    doc = tiny_framework("provincial_amc", "2026.2")
    doc["parts"][0]["indicators"][0]["children"][0]["params"] = {"floor": 10, "target": 120}
    new = store_version(scheme, "provincial_amc", "2026.2", document=doc, previous=amc(scheme), reason="调整目标值")
    html = login(client, world, "city_a").get(reverse("frameworks:diff", args=[amc(scheme).pk, new.pk])).content.decode()
    assert "<del>线性计分：不高于 0 亿元 得 0 分，不低于 100 亿元 得满分 60 分" in html
    assert "<ins>线性计分：不高于 10 亿元 得 0 分，不低于 120 亿元 得满分 60 分" in html
    assert '{"floor": 10, "target": 120}' in unescape(html)  # the raw JSON, inside <details>
    assert '{"floor"' not in outside_details(html)


def test_diff_between_different_groups_or_provinces_is_missing(client, world, scheme, other_scheme) -> None:
    sme = FrameworkVersion.objects.get(scheme=scheme, group="provincial_sme")
    foreign = FrameworkVersion.objects.get(scheme=other_scheme)
    login(client, world, "admin")
    assert client.get(reverse("frameworks:diff", args=[amc(scheme).pk, sme.pk])).status_code == 404
    assert client.get(reverse("frameworks:diff", args=[amc(scheme).pk, foreign.pk])).status_code == 404


def test_diff_is_get_only_and_needs_login(client, world, scheme) -> None:
    url = reverse("frameworks:diff", args=[amc(scheme).pk, amc(scheme).pk])
    assert client.get(url)["Location"].startswith(reverse("login"))
    login(client, world, "admin")
    assert "两个版本内容相同" in client.get(url).content.decode()
    assert client.post(url).status_code == 405


# --- the new-version form ------------------------------------------------------------------------

def form_url(round_, group: str = "provincial_amc") -> str:  # noqa: ANN001
    return reverse("frameworks:new_version", args=[round_.pk, group])


def test_form_starts_from_the_pinned_version(client, world, open_round) -> None:
    html = login(client, world, "admin").get(form_url(open_round)).content.decode()
    assert "version: &#x27;2026.1&#x27;" in html or "version: '2026.1'" in html
    assert "营业收入" in html


def test_pasting_a_change_makes_a_version_and_shows_the_diff(client, world, open_round) -> None:
    doc = tiny_framework("provincial_amc", "2026.2")
    doc["deduction"]["cap"] = 5
    doc["deduction"]["items"][0]["max_points"] = 5
    response = login(client, world, "admin").post(form_url(open_round), {
        "document": yaml.safe_dump(doc, allow_unicode=True), "reason": "降低减分上限"})
    version = FrameworkVersion.objects.get(version="2026.2")
    assert response.status_code == 302
    assert response["Location"] == reverse("frameworks:diff", args=[version.previous_id, version.pk])
    assert open_round.frameworks.get(group="provincial_amc").framework_version == version
    html = client.get(response["Location"]).content.decode()
    assert "减分项" in html and "合计上限" in html and "降低减分上限" in html


def test_uploading_a_file_works_too(client, world, open_round) -> None:
    doc = tiny_framework("provincial_amc", "2026.3")
    doc["parts"][0]["indicators"][0]["children"][0]["unit"] = "万元"
    upload = SimpleUploadedFile("fw.yaml", yaml.safe_dump(doc, allow_unicode=True).encode(), "application/yaml")
    response = login(client, world, "admin").post(form_url(open_round), {"upload": upload, "reason": "单位改为万元"})
    assert response.status_code == 302
    assert FrameworkVersion.objects.get(version="2026.3").document["parts"][0]["indicators"][0]["children"][0][
        "unit"] == "万元"


def test_validation_issues_are_shown_with_their_paths(client, world, open_round) -> None:
    doc = tiny_framework("provincial_amc", "2026.2")
    doc["parts"][1]["weight"] = 20
    response = login(client, world, "admin").post(form_url(open_round), {
        "document": yaml.safe_dump(doc, allow_unicode=True), "reason": "试试"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "<code>parts</code>" in html and "各部分权重合计为 90，应为 100" in html
    assert FrameworkVersion.objects.count() == 2


@pytest.mark.parametrize(("data", "message"), [
    ({"document": "parts: [unclosed", "reason": "x"}, "不是有效的 YAML：第 1 行"),
    ({"document": "", "reason": "x"}, "请粘贴指标体系内容或上传文件"),
    ({"document": "a: 1", "reason": ""}, "这个字段是必填项"),
])
def test_bad_input_is_explained(client, world, open_round, data, message) -> None:
    response = login(client, world, "admin").post(form_url(open_round), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert FrameworkVersion.objects.count() == 2


def test_a_binary_upload_is_refused(client, world, open_round) -> None:
    upload = SimpleUploadedFile("fw.yaml", b"\xff\xfe\x00bad", "application/yaml")
    response = login(client, world, "admin").post(form_url(open_round), {"upload": upload, "reason": "x"})
    assert response.status_code == 400 and "UTF-8" in response.content.decode()


@pytest.mark.parametrize("who", ["province", "city_a", "submitter_a1"])
def test_form_is_forbidden_to_readers(client, world, open_round, who) -> None:
    login(client, world, who)
    assert client.get(form_url(open_round)).status_code == 403
    assert client.post(form_url(open_round), {"document": "a: 1", "reason": "x"}).status_code == 403


def test_form_is_missing_out_of_scope(client, world, draft_round, other_scheme) -> None:
    from clustermon.rounds.models import Round

    assert login(client, world, "admin").get(
        form_url(Round.objects.get(scheme=other_scheme))).status_code == 404
    assert client.get(form_url(draft_round, "national_amc")).status_code == 404
    assert login(client, world, "city_a").get(form_url(draft_round)).status_code == 404  # a draft


def test_form_needs_login_and_refuses_other_methods(client, world, open_round) -> None:
    assert client.get(form_url(open_round))["Location"].startswith(reverse("login"))
    assert login(client, world, "admin").put(form_url(open_round)).status_code == 405
