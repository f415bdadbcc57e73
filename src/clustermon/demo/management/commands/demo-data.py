"""`clustermon demo-data [--if-empty] [--seed 2026] [--province all|hunan|hubei]`: demo provinces.

Hunan: its 14 市州 and their counties, 64 clusters in the six groups (real names where sources
give them, the others marked fictitious), parks, promotion organisations, the demo accounts
(password demo2026) with a reviewer for every city and county that has clusters, the
`hunan-monitoring` scheme, the 2024 and 2025 rounds run to published results through the
application's actions (review county → city → province, five experts per cluster assigned,
declaring no conflict, scoring and submitting; computation, approval, publication), so 2025 shows
stars and labels, and the 2026 round open with drafts.

Hubei (`clustermon.demo.hubei`): its 17 divisions, the 110 key growth clusters of 2018, the
`hubei-growth` scheme, the 2018 assessment computed from the clusters' enterprise lists and
published, and the 2019 round open.

Each province is loaded in its own transaction; deterministic for a given seed.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from clustermon.demo import hubei
from clustermon.demo.build import PASSWORD, build_master_data
from clustermon.demo.places import PROVINCE, SCHEME
from clustermon.demo.simulate import Simulation, open_year, run_year
from clustermon.frameworks.actions import import_scheme
from clustermon.registry.models import Province
from clustermon.results.models import ClusterResult
from clustermon.web.errors import ActionRefused


class Command(BaseCommand):
    help = "Load the demo provinces: places, clusters, accounts and rounds (Hunan 2024–2026, Hubei 2018–2019)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true",
                            help="Skip a province that already exists.")
        parser.add_argument("--seed", type=int, default=2026, help="Seed of the generated values (default 2026).")
        parser.add_argument("--province", choices=("all", "hunan", "hubei"), default="all",
                            help="Which demo province to load (default: all).")

    def handle(self, *args: Any, **options: Any) -> None:
        loaders = {PROVINCE["code"]: self._load_hunan, hubei.PROVINCE["code"]: hubei.load}
        wanted = list(loaders) if options["province"] == "all" else [options["province"]]
        present = set(Province.objects.filter(code__in=wanted).values_list("code", flat=True))
        if present and not options["if_empty"]:
            raise CommandError(f"The province(s) {', '.join(sorted(present))} already exist: use an empty "
                               "database, or --if-empty.")
        todo = [code for code in wanted if code not in present]
        if not todo:
            self.stdout.write("The demo data is already loaded; nothing to do.")
            return
        for code in todo:
            started = time.perf_counter()
            try:
                with transaction.atomic():
                    summary = loaders[code](options["seed"])
            except ActionRefused as exc:
                raise CommandError(f"The demo data of {code} could not be loaded: {exc.message}") from None
            summary.append(f"took {time.perf_counter() - started:.1f} s")
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded ({code}): " + "; ".join(summary)))

    def _load_hunan(self, seed: int) -> list[str]:
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
