"""`clustermon bench-results [--clusters 300] [--experts 5] [--seed 7]`: how long a round takes from
stored data to a published snapshot.

Builds, in a throw-away province inside a transaction that is rolled back at the end (nothing is
left in the database), a round of the shipped benchmark scheme (`schemes/defaults.yaml`) in scoring: `--clusters`
clusters spread over the six groups, each with an accepted submission and `--experts` submitted
expert assignments scoring every qualitative indicator, plus last year's approved results (so
that stars and labels are rated). Then times the real actions: `compute_round` → `approve_result_set`
→ `publish_round`. The last line is JSON: clusters, experts, seconds (the three steps together) and
each step's seconds. The target is under 5 seconds for 300 clusters with 5 experts each.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import numpy as np
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from clustermon import scoring
from clustermon.accounts.models import Role, User
from clustermon.demo.values import expert_score, leaf_shares, strengths, submission_values
from clustermon.experts.models import Assignment, ExpertScore
from clustermon.frameworks.actions import content_hash, manifest_of
from clustermon.frameworks.models import FrameworkVersion, Scheme
from clustermon.registry.models import City, Cluster, County, Province
from clustermon.results.actions import approve_result_set, compute_round, publish_round
from clustermon.results.models import ClusterResult, ResultSet
from clustermon.rounds.models import Round, RoundFramework, RoundStatus
from clustermon.submissions.models import Submission, SubmissionStatus

GRADES = ("excellent", "good", "qualified", "unqualified")


class Rollback(Exception):
    """Leaves the benchmark's transaction without keeping anything."""


class Command(BaseCommand):
    help = "Time computing, approving and publishing a synthetic round (nothing is kept)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clusters", type=int, default=300, help="Clusters in the round (default 300).")
        parser.add_argument("--experts", type=int, default=5, help="Expert assignments per cluster (default 5).")
        parser.add_argument("--seed", type=int, default=7, help="Seed of the generated values (default 7).")

    def handle(self, *args: Any, **options: Any) -> None:
        clusters, experts = options["clusters"], options["experts"]
        if not 1 <= clusters <= 20000 or not 0 <= experts <= 15:
            raise CommandError("Choose 1 to 20000 clusters and 0 to 15 experts per cluster.")
        timings: dict[str, float] = {}
        try:
            with transaction.atomic():
                started = time.perf_counter()
                round_, admin = build(clusters, experts, np.random.default_rng(options["seed"]))
                timings["setup"] = time.perf_counter() - started
                self.stdout.write(f"built {clusters} clusters × {experts} experts in {timings['setup']:.2f} s")
                timings.update(run(round_, admin))
                raise Rollback
        except Rollback:
            pass
        seconds = timings["compute"] + timings["approve"] + timings["publish"]
        for step in ("compute", "approve", "publish"):
            self.stdout.write(f"{step:8s} {timings[step]:.3f} s")
        self.stdout.write(f"total    {seconds:.3f} s (target < 5 s for 300 clusters × 5 experts)")
        self.stdout.write(json.dumps({
            "clusters": clusters, "experts": experts, "seconds": round(seconds, 3),
            **{f"{step}_seconds": round(timings[step], 3) for step in ("compute", "approve", "publish")},
            "setup_seconds": round(timings["setup"], 3),
        }))


def run(round_: Round, admin: User) -> dict[str, float]:
    out = {}
    started = time.perf_counter()
    result_set = compute_round(round_, by=admin)
    out["compute"] = time.perf_counter() - started
    started = time.perf_counter()
    approve_result_set(result_set, by=admin)
    out["approve"] = time.perf_counter() - started
    started = time.perf_counter()
    publish_round(round_, by=admin)
    out["publish"] = time.perf_counter() - started
    round_.refresh_from_db()
    if round_.status != RoundStatus.PUBLISHED or result_set.results.count() != round_.submissions.count():
        raise CommandError("The benchmark round did not end published with every cluster's result.")
    return out


def build(count: int, per_cluster: int, rng: np.random.Generator) -> tuple[Round, User]:
    """The throw-away province, scheme, clusters, experts, last year's results and this year's inputs."""
    tag = uuid.uuid4().hex[:10]
    province = Province.objects.create(code=f"bench-{tag}", name="基准测试省", name_en="Benchmark province")
    city = City.objects.create(province=province, code=f"bench-{tag}-c", name="基准市")
    county = County.objects.create(city=city, code=f"bench-{tag}-c1", name="基准县")
    password = make_password(None)
    admin = User.objects.create(username=f"bench-{tag}-admin", role=Role.PROVINCE_ADMIN, province=province,
                                password=password)
    experts = User.objects.bulk_create(
        User(username=f"bench-{tag}-e{i}", role=Role.EXPERT, province=province, password=password)
        for i in range(per_cluster))

    loaded = scoring.load_scheme(scoring.benchmark_scheme())
    scheme = Scheme.objects.create(code=f"bench-{tag}", name=f"{loaded.name.get('zh')}（基准测试）",
                                   province=province, manifest=manifest_of(loaded))
    versions = {}
    for group in loaded.groups:
        document = loaded.framework(group.code).to_dict()
        versions[group.code] = FrameworkVersion.objects.create(
            scheme=scheme, group=group.code, version=document["version"], document=document,
            content_hash=content_hash(document))
    frameworks = {g: v.framework for g, v in versions.items()}
    groups = sorted(frameworks)

    year = timezone.localdate().year - 1
    previous = Round.objects.create(scheme=scheme, year=year - 1, title=f"{year - 1}", status=RoundStatus.PUBLISHED)
    round_ = Round.objects.create(scheme=scheme, year=year, title=f"{year}", status=RoundStatus.SCORING)
    for r in (previous, round_):
        RoundFramework.objects.bulk_create(RoundFramework(round=r, group=g, framework_version=v)
                                           for g, v in versions.items())

    clusters = Cluster.objects.bulk_create(
        Cluster(code=f"bench-{tag}-{i:05d}", name=f"基准集群{i:05d}", province=province, county=county,
                kind="amc" if "amc" in groups[i % len(groups)] else "sme", level="provincial",
                group=groups[i % len(groups)], year_recognised=2020)
        for i in range(count))
    _previous_results(previous, clusters, rng)

    latent = strengths(["provincial"] * count, [False] * count, rng)
    shares = {c.pk: leaf_shares(float(s), frameworks[c.group].leaves(), rng)
              for c, s in zip(clusters, latent, strict=True)}
    Submission.objects.bulk_create(
        (Submission(round=round_, cluster=c, group=c.group, status=SubmissionStatus.ACCEPTED,
                    values=submission_values(frameworks[c.group], shares[c.pk], 0.0, rng)) for c in clusters),
        batch_size=1000)
    now = timezone.now()
    assignments = Assignment.objects.bulk_create(
        (Assignment(round=round_, cluster=c, expert=e, opened_at=now, submitted_at=now)
         for c in clusters for e in experts), batch_size=2000)
    by_id = {c.pk: c for c in clusters}
    ExpertScore.objects.bulk_create(
        (ExpertScore(assignment=a, indicator=leaf.code,
                     score=expert_score(leaf, shares[a.cluster_id][leaf.code], rng))
         for a in assignments for leaf in frameworks[by_id[a.cluster_id].group].leaves()
         if scoring.METHODS[leaf.method].experts), batch_size=5000)
    return round_, admin


def _previous_results(previous: Round, clusters: list[Cluster], rng: np.random.Generator) -> None:
    """Last year's approved results (grades only matter: they rate this year's stars and labels)."""
    result_set = ResultSet.objects.create(round=previous, number=1, status=ResultSet.Status.APPROVED,
                                          recipe={}, content_hash="0" * 64, approved_at=timezone.now())
    ClusterResult.objects.bulk_create(
        (ClusterResult(result_set=result_set, cluster=c, group=c.group, total=70, base=70, bonus=0, deduction=0,
                       part_scores={}, node_points={}, rank=1, group_size=len(clusters),
                       grade=GRADES[int(rng.integers(0, 4))], explanation={"rating": {"activity_grade": None}})
         for c in clusters), batch_size=1000)
