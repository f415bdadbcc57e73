"""Which indicators matter: rank shifts and grade changes when one is dropped, and the correlations
within each first-level indicator with redundant and contrary pairs flagged and explained.

Near-tie round (tests/analysis/factories.py), dropping a leaf and spreading its points over its
part: only b1's total moves (the others score the same share on every leaf).
  D1.2 dropped: b1's development = 70 → 0.7·70 + 0.3·50 = 64.00 → qualified (1 grade change)
  A2 dropped:   b1's activity = 100 → 0.7·64 + 30 = 74.80 → qualified (1 grade change)
  D1.1 dropped: 0.7·55 + 15 = 53.50; A1 dropped: 44.80 → still unqualified (none)
No rank moves: b1 stays between a2 (85) and a1b (40).

Correlated round: ρ(D1.1, D1.2) = 1 (redundant), ρ(D1.1, D1.3) = ρ(D1.2, D1.3) = −0.6 (contrary).
"""

from __future__ import annotations

import re

from django.urls import reverse

from tests.conftest import PASSWORD


def url(made, **query) -> str:  # noqa: ANN001
    return reverse("analysis:indicators", args=[made.round.pk]) + "?" + "&".join(f"{k}={v}" for k, v in query.items())


def influence_rows(html: str) -> dict[str, tuple[str, ...]]:
    table = html.split('class="grid influence"')[1].split("</table>")[0]
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)[1:]:
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        rows[cells[0].split()[0]] = tuple(cells[4:8])
    return rows


def test_rank_shifts_and_grade_changes(client, world, near_tie, django_assert_max_num_queries) -> None:
    assert client.login(username="province", password=PASSWORD)
    with django_assert_max_num_queries(16):
        response = client.get(url(near_tie, group="provincial_amc"))
    html = response.content.decode()
    assert response.status_code == 200
    rows = influence_rows(html)
    assert rows == {
        "D1.1": ("0.00", "0", "0", ""),
        "D1.2": ("0.00", "0", "1", "b1产业集群"),
        "A1": ("0.00", "0", "0", ""),
        "A2": ("0.00", "0", "1", "b1产业集群"),
    }
    assert "H-Art.9" in html and "删除单项指标后的排名变化" in html


def test_the_planted_redundant_pair_is_flagged(client, world, correlated) -> None:
    assert client.login(username="province", password=PASSWORD)
    html = client.get(url(correlated, group="provincial_amc")).content.decode()
    assert ("D1.1 营业收入与D1.2 规上企业数高度相关（ρ = 1.00）：两项指标对各集群的排序几乎一致，可能在重复衡量同一方面。"
            "微调指标体系时（H-Art.9），可考虑将二者合并或降低其中一项的分值。") in html
    assert "D1.1 营业收入与D1.3 亩均税收负相关（ρ = −0.60）" in html
    assert "D1.2 规上企业数与D1.3 亩均税收负相关（ρ = −0.60）" in html
    assert html.count('class="num rho redundant"') == 2  # (D1.1, D1.2) and (D1.2, D1.1)
    assert html.count('class="num rho contrary"') == 4
    assert "D1.1 营业收入与D1.3 亩均税收高度相关" not in html


def test_the_near_tie_rounds_pair_is_redundant_too(client, world, near_tie) -> None:
    """D1.1 and D1.2 there: shares (.9, .85, .7, .4) and (.9, .85, .55, .4) order the clusters alike: ρ = 1."""
    assert client.login(username="province", password=PASSWORD)
    html = client.get(url(near_tie, group="provincial_amc")).content.decode()
    assert "D1.1 营业收入与D1.2 研发投入高度相关（ρ = 1.00）" in html


def test_scope(client, world, correlated) -> None:
    target = url(correlated, group="provincial_amc")
    assert client.login(username="city_a", password=PASSWORD)
    assert client.get(target).status_code == 403
    assert client.login(username="outsider", password=PASSWORD)
    assert client.get(target).status_code == 404
    assert client.login(username="admin", password=PASSWORD)
    assert client.get(target).status_code == 200
    assert client.post(target).status_code == 405
