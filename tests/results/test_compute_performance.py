"""A round of 300 clusters, the shipped Hunan scheme and 5 experts each, computes well under 5 s."""

from __future__ import annotations

import time

import numpy as np
from django.utils import timezone

from clustermon import scoring
from clustermon.demo.values import expert_score, leaf_shares, strengths, submission_values
from clustermon.experts.models import Assignment, ExpertScore
from clustermon.frameworks.actions import import_scheme
from clustermon.registry.models import Cluster
from clustermon.results.actions import compute_round
from clustermon.rounds.models import Round, RoundFramework
from clustermon.submissions.models import Submission

CLUSTERS = 300
EXPERTS = 5


def build_round(world) -> Round:
    scheme = import_scheme("hunan-monitoring", province=world.province)
    round_ = Round.objects.create(scheme=scheme, year=2025, title="2025", status="scoring")
    versions = {v.group: v for v in scheme.versions.all()}
    RoundFramework.objects.bulk_create(RoundFramework(round=round_, group=g, framework_version=v)
                                       for g, v in versions.items())
    frameworks = {g: v.framework for g, v in versions.items()}
    groups = sorted(frameworks)
    clusters = Cluster.objects.bulk_create(
        Cluster(code=f"c{i:03d}", name=f"集群{i:03d}", province=world.province, county=world.counties["A1"],
                kind="amc", level="provincial", group=groups[i % len(groups)], year_recognised=2020)
        for i in range(CLUSTERS))
    rng = np.random.default_rng(7)
    latent = strengths(["provincial"] * CLUSTERS, [False] * CLUSTERS, rng)
    shares = {c.pk: leaf_shares(float(s), frameworks[c.group].leaves(), rng) for c, s in zip(clusters, latent, strict=True)}
    Submission.objects.bulk_create(
        Submission(round=round_, cluster=c, group=c.group, status="accepted",
                   values=submission_values(frameworks[c.group], shares[c.pk], 0.0, rng))
        for c in clusters)
    experts = [world.users["expert"]] + [
        type(world.users["expert"]).objects.create(username=f"e{i}", role="expert", province=world.province)
        for i in range(EXPERTS - 1)]
    assignments = Assignment.objects.bulk_create(
        Assignment(round=round_, cluster=c, expert=e, submitted_at=timezone.now()) for c in clusters for e in experts)
    ExpertScore.objects.bulk_create(
        (ExpertScore(assignment=a, indicator=leaf.code, score=expert_score(leaf, shares[a.cluster.pk][leaf.code], rng))
         for a in assignments for leaf in frameworks[a.cluster.group].leaves()
         if scoring.METHODS[leaf.method].experts), batch_size=2000)
    return round_


def test_300_clusters_compute_well_under_5_seconds(world) -> None:
    round_ = build_round(world)
    started = time.perf_counter()
    result_set = compute_round(round_, by=world.users["admin"])
    elapsed = time.perf_counter() - started
    assert result_set.results.count() == CLUSTERS
    assert elapsed < 2.5, f"compute_round took {elapsed:.2f} s for {CLUSTERS} clusters"
