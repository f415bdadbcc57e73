"""`clustermon bench-import --workbooks 300`: import N filled cluster workbooks and report the
seconds per workbook (target: under 0.1 s). A benchmark, not a test.

It builds a throw-away province with N clusters of one group, pins the shipped benchmark scheme's
framework of that group (`schemes/defaults.yaml`) (40 indicators; a small built-in one if the scheme cannot be loaded),
writes one filled template per cluster (not timed), then times `actions.import_workbook` for each:
reading, zip checks, validation and the database writes. Everything is rolled back at the end.
The last line of the output is JSON.
"""

from __future__ import annotations

import io
import json
import random
import statistics
import time
import uuid
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from clustermon.accounts.models import Role
from clustermon.frameworks.models import FrameworkVersion, Scheme
from clustermon.registry.models import City, Cluster, County, Province
from clustermon.rounds.models import Round, RoundFramework, RoundStatus
from clustermon.scoring import benchmark_scheme
from clustermon.submissions import actions, excel
from clustermon.submissions.models import Submission, SubmissionStatus
from clustermon.submissions.validation import (
    QUALITATIVE,
    QUANTITATIVE,
    YES_NO,
    fields_of,
    format_number,
    validate,
)

TARGET_SECONDS = 0.1
GROUP = "provincial_amc"


class _Rollback(Exception):
    pass


def bench_framework(scheme_code: str, group: str) -> Any:
    from clustermon.scoring import FrameworkError, load_scheme, parse_framework

    try:
        return load_scheme(scheme_code).framework(group)
    except (FrameworkError, KeyError):
        return parse_framework(_SMALL, source="bench")


def plausible_values(framework: Any, rng: random.Random) -> tuple[dict[str, str], dict[str, str]]:
    """Values inside every leaf's range that satisfy the framework's rules; narratives for the rest."""
    fields = fields_of(framework)
    values: dict[str, str] = {}
    narratives: dict[str, str] = {}
    for f in fields:
        if f.kind == QUALITATIVE:
            narratives[f.code] = "本年度开展集群公共服务活动若干场，详见证明材料。"
        elif f.kind == YES_NO:
            values[f.code] = rng.choice(["1", "0"])
        elif f.kind == QUANTITATIVE:
            low = f.min if f.min is not None else Decimal(0)
            high = f.max if f.max is not None else low + 1000
            span = high - low
            value = low + span * Decimal(str(round(rng.uniform(0.05, 0.3), 3)))
            values[f.code] = format_number(value.quantize(Decimal(1) if span > 100 else Decimal("0.01")))
    for _attempt in range(5):
        report = validate(framework, values, {}, narratives=narratives, fields=fields)
        broken = [code for code, ms in report.errors.items() if any(m.kind == "rule" for m in ms)]
        if not broken:
            break
        for rule in framework.rules:
            if rule.left in values and (rule.left in broken or rule.right in broken):
                right = values.get(str(rule.right), format_number(Decimal(repr(rule.right))))
                values[rule.left] = right if rule.op in ("<=", ">=", "==") else format_number(
                    Decimal(right) + (1 if rule.op in (">", "!=") else -1))
    return values, narratives


class Command(BaseCommand):
    help = "Import N filled cluster workbooks and report seconds per workbook (rolled back afterwards)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--workbooks", type=int, default=300, help="how many cluster workbooks (300)")
        parser.add_argument("--scheme", default=None, help="shipped scheme to take the framework from")
        parser.add_argument("--group", default=GROUP, help="group whose framework is used")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        n = options["workbooks"]
        if n < 1:
            raise CommandError("--workbooks must be at least 1")
        rng = random.Random(options["seed"])
        framework = bench_framework(options["scheme"] or benchmark_scheme(), options["group"])
        timings: list[float] = []
        failures = 0
        started = time.perf_counter()
        try:
            with transaction.atomic():
                round_, clusters, users = self._world(framework, n, rng)
                books = self._workbooks(round_, framework, clusters, rng)
                built = time.perf_counter() - started
                for cluster, content in books:
                    t0 = time.perf_counter()
                    result = actions.import_workbook(io.BytesIO(content), round_=round_, by=users[cluster.pk])
                    timings.append(time.perf_counter() - t0)
                    failures += not result.ok
                stored = Submission.objects.filter(round=round_).exclude(values={}).count()
                raise _Rollback
        except _Rollback:
            pass
        per = statistics.fmean(timings)
        summary = {
            "workbooks": n,
            "indicators": len(fields_of(framework)),
            "framework": f"{framework.scheme}/{framework.group} {framework.version}",
            "seconds_total": round(sum(timings), 3),
            "seconds_per_workbook": round(per, 4),
            "median": round(statistics.median(timings), 4),
            "p95": round(sorted(timings)[max(0, int(len(timings) * 0.95) - 1)], 4),
            "max": round(max(timings), 4),
            "failed": failures,
            "stored": stored,
            "target": TARGET_SECONDS,
            "ok": per < TARGET_SECONDS and failures == 0,
            "setup_seconds": round(built, 1),
        }
        self.stdout.write(f"{n} workbooks of {summary['indicators']} indicators ({summary['framework']})")
        self.stdout.write(f"import: {summary['seconds_per_workbook']:.4f} s per workbook "
                          f"(median {summary['median']:.4f}, p95 {summary['p95']:.4f}, max {summary['max']:.4f}); "
                          f"target < {TARGET_SECONDS} s: {'met' if summary['ok'] else 'NOT met'}")
        self.stdout.write(f"{stored} submissions stored, {failures} imports refused; everything rolled back")
        self.stdout.write(json.dumps(summary, ensure_ascii=False))

    def _world(self, framework: Any, n: int, rng: random.Random) -> tuple[Round, list[Cluster], dict[int, Any]]:
        tag = uuid.uuid4().hex[:8]
        province = Province.objects.create(code=f"bench-{tag}", name=f"基准省{tag}")
        city = City.objects.create(province=province, code=f"bench-{tag}", name="基准市")
        county = County.objects.create(city=city, code=f"bench-{tag}", name="基准县")
        scheme = Scheme.objects.create(code=f"bench-{tag}", name="基准", province=province,
                                       manifest={"groups": [{"code": framework.group, "name": {"zh": "基准组"}}]})
        version = FrameworkVersion.objects.create(scheme=scheme, group=framework.group, version=framework.version,
                                                  document=framework.to_dict(), content_hash=framework.content_hash())
        last = Round.objects.create(scheme=scheme, year=2025, title="2025", status=RoundStatus.CLOSED)
        this = Round.objects.create(scheme=scheme, year=2026, title="2026", status=RoundStatus.OPEN)
        for r in (last, this):
            RoundFramework.objects.create(round=r, group=framework.group, framework_version=version)
        clusters = Cluster.objects.bulk_create([
            Cluster(code=f"bench-{tag}-{i}", name=f"基准{i}号产业集群", province=province, county=county, kind="amc",
                    level="provincial", group=framework.group, year_recognised=2020) for i in range(n)])
        User = get_user_model()
        people = []
        for c in clusters:
            user = User(username=f"bench-{tag}-{c.pk}", role=Role.SUBMITTER, province=province, cluster=c)
            user.set_unusable_password()
            people.append(user)
        people = User.objects.bulk_create(people)
        Submission.objects.bulk_create([
            Submission(round=last, cluster=c, group=framework.group, status=SubmissionStatus.ACCEPTED,
                       values=plausible_values(framework, rng)[0]) for c in clusters])
        return this, clusters, {u.cluster_id: u for u in people}

    def _workbooks(self, round_: Round, framework: Any, clusters: list[Cluster],
                   rng: random.Random) -> list[tuple[Cluster, bytes]]:
        books = []
        for cluster in clusters:
            values, narratives = plausible_values(framework, rng)
            spec = excel.SheetSpec(round=round_, cluster=cluster, framework=framework, values=values,
                                   narratives=narratives)
            books.append((cluster, excel.build_workbook([spec])))
        return books


def _text(zh: str) -> dict[str, str]:
    return {"zh": zh, "en": zh}


_SMALL = {
    "scheme": "bench", "group": GROUP, "version": "1", "parts": [{
        "code": "development", "name": _text("发展水平"), "weight": 100, "indicators": [
            {"code": f"Q{i}", "name": _text(f"指标{i}"), "kind": "quantitative", "unit": "亿元", "points": 10,
             "method": "linear", "params": {"floor": 0, "target": 100}, "min": 0, "max": 1000}
            for i in range(10)]}],
}
