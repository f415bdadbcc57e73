"""Scopes: each role sees exactly its part of the registry."""

import pytest
from django.http import Http404

from clustermon import policy


def visible(world, who: str) -> set[str]:
    return set(policy.clusters_for(world.users[who]).values_list("code", flat=True))


def test_each_role_sees_its_scope(world) -> None:
    assert visible(world, "admin") == {"a1", "a1b", "a2", "b1"}
    assert visible(world, "province") == {"a1", "a1b", "a2", "b1"}
    assert visible(world, "city_a") == {"a1", "a1b", "a2"}
    assert visible(world, "county_a1") == {"a1", "a1b"}
    assert visible(world, "submitter_a1") == {"a1"}
    assert visible(world, "expert") == set()
    assert visible(world, "outsider") == {"q1"}


def test_out_of_scope_cluster_is_missing_not_forbidden(world) -> None:
    with pytest.raises(Http404):
        policy.get_cluster_for(world.users["county_a1"], world.clusters["b1"].pk)
    with pytest.raises(Http404):
        policy.get_cluster_for(world.users["outsider"], world.clusters["a1"].pk)
    assert policy.get_cluster_for(world.users["city_a"], world.clusters["a2"].pk).code == "a2"
