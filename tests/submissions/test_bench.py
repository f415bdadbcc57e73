"""The import benchmark runs (timing is reported, not asserted) and leaves nothing behind."""

import json
from io import StringIO

from django.core.management import call_command

from clustermon.registry.models import Cluster
from clustermon.submissions.models import Submission


def test_bench_import_reports_json_and_rolls_back(db) -> None:
    out = StringIO()
    call_command("bench_import", workbooks=3, stdout=out)
    lines = out.getvalue().strip().splitlines()
    summary = json.loads(lines[-1])
    assert (summary["workbooks"], summary["failed"], summary["stored"]) == (3, 0, 3)
    assert summary["indicators"] > 0 and summary["seconds_per_workbook"] > 0
    assert "s per workbook" in lines[1]
    assert not Cluster.objects.exists() and not Submission.objects.exists()


def test_the_hyphenated_name_is_the_same_command(db) -> None:
    out = StringIO()
    call_command("bench-import", workbooks=1, stdout=out)
    assert json.loads(out.getvalue().strip().splitlines()[-1])["workbooks"] == 1
