"""`clustermon demo-data [--if-empty] [--seed 2026]`: the Hunan demo province, ready to explore.

Creates Hunan with its 14 市州 and their counties, 64 clusters in the six groups (real names where
sources give them, the others marked fictitious), parks, promotion organisations, the demo
accounts (password demo2026), imports the `hunan-monitoring` scheme, runs the 2024 and 2025 rounds
to published results (so 2025 shows stars and labels) and opens the 2026 round with drafts.
Deterministic for a given seed.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from clustermon.demo.build import PASSWORD, build_master_data
from clustermon.demo.places import PROVINCE, SCHEME
from clustermon.demo.simulate import Simulation, open_year, run_year
from clustermon.frameworks.actions import import_scheme
from clustermon.registry.models import Province
from clustermon.results.models import ClusterResult
from clustermon.web.errors import ActionRefused


class Command(BaseCommand):
    help = "Load the Hunan demo data: places, clusters, accounts, the 2024–2026 rounds."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true",
                            help="Do nothing when the demo province already exists.")
        parser.add_argument("--seed", type=int, default=2026, help="Seed of the generated values (default 2026).")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        if Province.objects.filter(code=PROVINCE["code"]).exists():
            if options["if_empty"]:
                self.stdout.write("The demo data is already loaded; nothing to do.")
                return
            raise CommandError("The province 'hunan' already exists: use an empty database, or --if-empty.")
        try:
            with transaction.atomic():
                summary = self._load(options["seed"])
        except ActionRefused as exc:
            raise CommandError(f"The demo data could not be loaded: {exc.message}") from None
        summary.append(f"took {time.perf_counter() - started:.1f} s")
        self.stdout.write(self.style.SUCCESS("Demo data loaded: " + "; ".join(summary)))

    def _load(self, seed: int) -> list[str]:
        master = build_master_data()
        admin = master.users["admin"]
        scheme = import_scheme(SCHEME, by=admin, province=master.province)
        sim = Simulation(master=master, scheme=scheme, admin=admin, rng=np.random.default_rng(seed))
        sim.prepare()
        done = [run_year(sim, 2024, drift=0.0), run_year(sim, 2025, drift=0.02)]
        _, drafts = open_year(sim, 2026)
        rated = ClusterResult.objects.filter(result_set=done[-1][1], stars__gt=0).count()
        return [
            f"{len(master.cities)} cities, {len(master.counties)} counties, {len(master.clusters)} clusters",
            f"{len(master.users)} accounts (password {PASSWORD})",
            f"rounds {', '.join(str(r.year) for r, _ in done)} published "
            f"({', '.join(str(rs.results.count()) for _, rs in done)} results; {rated} clusters with stars in "
            f"{done[-1][0].year})",
            f"round 2026 open with {drafts} drafts",
        ]
