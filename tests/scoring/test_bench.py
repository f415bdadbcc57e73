"""`clustermon bench scoring`: synthetic rounds and the timed core, and the command itself."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from clustermon.cli.bench import score_two_years, synthetic_round
from clustermon.scoring import Grade, load_scheme


def test_synthetic_round_is_seeded_and_spread_over_groups(mini_scheme_dir: Path) -> None:
    scheme = load_scheme(mini_scheme_dir)
    first = synthetic_round(scheme, 100, seed=5)
    again = synthetic_round(scheme, 100, seed=5)
    assert [len(g.cluster_ids) for g in first[0].values()] == [34, 33, 33]
    for a, b in zip(first[1].values(), again[1].values(), strict=True):
        for code in a.values:
            assert np.array_equal(a.values[code], b.values[code], equal_nan=True)
    other = synthetic_round(scheme, 100, seed=6)
    assert not np.array_equal(
        first[0]["big"].values["D1.3"], other[0]["big"].values["D1.3"], equal_nan=True
    )
    # Growth leaves of the second year read the first year's values as last year's.
    big = first[1]["big"]
    assert big.values["D1.2@prev"] is first[0]["big"].values["D1.2"]


def test_score_two_years_rates_every_cluster(mini_scheme_dir: Path) -> None:
    scheme = load_scheme(mini_scheme_dir)  # label_basis: activity, so grade_part is used too
    years = synthetic_round(scheme, 60, seed=1)
    results, ratings = score_two_years(scheme, years)
    assert len(ratings) == 60
    assert all(r.stars in range(6) for r in ratings.values())
    grades = [g for res in results[1].values() for g in res.grades]
    assert set(grades) <= set(Grade)


def test_command_prints_json_last(mini_scheme_dir: Path, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DEBUG": "1",
        "CLUSTERMON_LANG": "en",
        "DJANGO_SETTINGS_MODULE": "clustermon.settings",
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "clustermon",
            "bench",
            "scoring",
            "--clusters",
            "300",
            "--seed",
            "4",
            "--scheme",
            str(mini_scheme_dir),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    summary = json.loads(lines[-1])
    assert summary["clusters"] == 300
    assert summary["seconds"] > 0
    assert sum(summary["grades"].values()) == 300
    assert any("300 clusters" in line for line in lines[:-1])
