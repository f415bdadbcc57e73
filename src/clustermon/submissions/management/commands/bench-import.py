"""`clustermon bench-import`: the hyphenated name of `bench_import` (as `demo-data`)."""

from clustermon.submissions.management.commands.bench_import import Command

__all__ = ["Command"]
