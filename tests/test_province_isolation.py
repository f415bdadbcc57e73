"""Two provinces side by side in one installation: neither sees the other's data.

The demo loads both provinces (the monitoring province with its 2024–2026 rounds, the growth-
cluster province with its 2018 assessment computed from enterprise lists and its open 2019 round).
Then, for each official of one province: every page without parameters shows none of the other
province's names (clusters, rounds, the province itself); each of the other province's objects,
asked by its id, is 404 on the web and in the API; the API's lists hold none of them.
"""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from clustermon.accounts.models import User
from clustermon.api.models import ApiToken
from clustermon.enterprises.models import EnterpriseFigure
from clustermon.frameworks.models import FrameworkVersion
from clustermon.registry.models import City, Cluster, Province
from clustermon.results.models import ClusterResult, ResultSet
from clustermon.rounds.models import Round
from clustermon.submissions.models import Submission

pytestmark = pytest.mark.django_db

USERS = {
    "hunan": ["admin", "province", "changsha", "liuyang", "cluster-demo", "expert01"],
    "hubei": ["hubei-admin", "wuhan", "jiangxia", "hubei-cluster", "hubei-expert01"],
}
STEM = {"hunan": "湖南", "hubei": "湖北"}
SKIPPED = ("admin/", "i18n/", "api/", "accounts/")


@pytest.fixture(autouse=True)
def fast_passwords(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def plain_pages() -> list[str]:
    """Names of the URL patterns that take no parameter (lists, indexes, home)."""
    names = []

    def walk(patterns: list, prefix: str = "", namespace: str | None = None) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}:{p.namespace}" if namespace and p.namespace else (p.namespace or namespace)
                walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern) and p.name and not p.pattern.converters and "<" not in str(p.pattern):
                route = prefix + str(p.pattern)
                if not route.startswith(SKIPPED):
                    names.append(f"{namespace}:{p.name}" if namespace else p.name)

    walk(get_resolver().url_patterns)
    return names


def markers(province: Province) -> list[str]:
    """Text that must never appear on the other province's pages."""
    names = list(Cluster.objects.filter(province=province).values_list("name", flat=True))
    names += list(Round.objects.filter(scheme__province=province).values_list("title", flat=True))
    names += [n for n in City.objects.filter(province=province).values_list("name", flat=True) if len(n) > 2]
    names += list(EnterpriseFigure.objects.filter(submission__round__scheme__province=province)
                  .values_list("enterprise__name", flat=True)[:50])
    return [STEM[province.code], *names]


def foreign_urls(province: Province) -> list[str]:
    """Pages of the province's own objects, by id."""
    urls = []
    for cluster in Cluster.objects.filter(province=province)[:3]:
        urls.append(reverse("registry:cluster", kwargs={"pk": cluster.pk}))
    for round_ in Round.objects.filter(scheme__province=province):
        urls += [reverse("rounds:detail", kwargs={"pk": round_.pk}),
                 reverse("results:round", kwargs={"round_id": round_.pk}),
                 reverse("review:queue", kwargs={"round_id": round_.pk}),
                 reverse("experts:assignments", kwargs={"round_pk": round_.pk}),
                 reverse("enterprises:summary", kwargs={"round_id": round_.pk}),
                 reverse("enterprises:flags", kwargs={"round_id": round_.pk}),
                 reverse("submissions:import", kwargs={"round_id": round_.pk})]
    for sub in Submission.objects.filter(round__scheme__province=province).order_by("-round__year")[:3]:
        urls += [reverse("submissions:entry", kwargs={"pk": sub.pk}),
                 reverse("review:submission", kwargs={"pk": sub.pk}),
                 reverse("enterprises:handbook", kwargs={"pk": sub.pk})]
    for sub in Submission.objects.filter(round__scheme__province=province, enterprise_figures__isnull=False)[:2]:
        urls.append(reverse("enterprises:list", kwargs={"pk": sub.pk}))
    for version in FrameworkVersion.objects.filter(scheme__province=province)[:2]:
        urls.append(reverse("frameworks:version", kwargs={"pk": version.pk}))
    for city in City.objects.filter(province=province)[:2]:
        for round_ in Round.objects.filter(scheme__province=province)[:1]:
            urls.append(reverse("enterprises:city_summary", kwargs={"round_id": round_.pk, "city_id": city.pk}))
    return urls


def foreign_api(province: Province) -> list[str]:
    paths = []
    for sub in Submission.objects.filter(round__scheme__province=province)[:3]:
        paths.append(f"/api/submissions/{sub.pk}")
    for round_ in Round.objects.filter(scheme__province=province):
        paths += [f"/api/rounds/{round_.pk}/submissions", f"/api/rounds/{round_.pk}/progress",
                  f"/api/rounds/{round_.pk}/results"]
    for row in ClusterResult.objects.filter(result_set__round__scheme__province=province)[:3]:
        paths.append(f"/api/results/{row.pk}")
    return paths


def test_two_provinces_in_one_installation_do_not_see_each_other(client) -> None:
    call_command("demo-data", "--seed", "2026", stdout=StringIO())
    provinces = {p.code: p for p in Province.objects.filter(code__in=USERS)}
    assert set(provinces) == {"hunan", "hubei"}
    for own in provinces.values():  # both provinces ran their rounds to published results
        assert ResultSet.objects.filter(round__scheme__province=own, status="approved").exists()
    pages = plain_pages()
    assert {"home", "rounds:list", "enterprises:index", "submissions:index"} <= set(pages)
    problems: list[str] = []
    for code, usernames in USERS.items():
        other = provinces["hubei" if code == "hunan" else "hunan"]
        hidden = markers(other)
        urls = foreign_urls(other)
        api_paths = foreign_api(other)
        for username in usernames:
            user = User.objects.get(username=username)
            assert user.province.code == code
            client.force_login(user)
            own_rounds = Round.objects.filter(scheme__province=user.province).values_list("title", flat=True)
            listing = client.get(reverse("rounds:list")).content.decode()
            assert any(title in listing for title in own_rounds), username  # the markers can be seen
            for name in pages:
                response = client.get(reverse(name))
                if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
                    continue
                html = response.content.decode()
                problems += [f"{username} sees {text!r} on {name}" for text in hidden if text in html]
            for url in urls:
                status = client.get(url).status_code
                if status != 404:
                    problems.append(f"{username} gets {status} for {url}")
            _token, key = ApiToken.objects.issue(user)
            headers = {"Authorization": f"Bearer {key}"}
            for path in ("/api/clusters", "/api/rounds"):
                body = client.get(path, headers=headers).content.decode()
                problems += [f"{username} sees {text!r} in {path}" for text in hidden
                             if json.dumps(text, ensure_ascii=False).strip('"') in body]
            for path in api_paths:
                status = client.get(path, headers=headers).status_code
                if status not in (403, 404):
                    problems.append(f"{username} gets {status} for {path}")
    assert not problems, "\n".join(problems[:40])


def test_the_back_office_of_a_province_administrator_is_scoped(client) -> None:
    from clustermon.enterprises.models import Enterprise
    from clustermon.registry.models import County

    call_command("demo-data", "--province", "hubei", stdout=StringIO())
    other = Province.objects.create(code="other", name="外省")
    county = County.objects.create(city=City.objects.create(province=other, code="oc", name="外市"), code="oc1",
                                   name="外县")
    Cluster.objects.create(code="o1", name="外省某产业集群", province=other, county=county, kind="amc",
                           level="provincial", group="g", year_recognised=2020)
    Enterprise.objects.create(province=other, credit_code="91350100M000100Y43", name="外省某企业有限公司")
    client.force_login(User.objects.get(username="hubei-admin"))
    html = client.get("/admin/registry/cluster/?all=").content.decode()
    assert "江夏区高端装备制造产业集群" in html and "外省某产业集群" not in html
    html = client.get("/admin/enterprises/enterprise/?q=").content.decode()
    assert "外省某企业有限公司" not in html
    assert client.get(f"/admin/enterprises/enterprise/?q={Enterprise.objects.filter(province__code='hubei').first().credit_code}").status_code == 200
