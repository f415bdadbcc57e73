"""Job pages: starting an export, the progress page and its JSON, the user's list, and the scoped
download (the requester and the province; anyone else 404)."""

from __future__ import annotations

import io
import json
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from clustermon.jobs import run
from clustermon.jobs.models import Job, JobStatus
from tests.conftest import PASSWORD


def login(client, world, who: str) -> None:  # noqa: ANN001
    assert client.login(username=world.users[who].username, password=PASSWORD)


def start(client, made, kind: str = "results_xlsx"):  # noqa: ANN001, ANN201
    return client.post(reverse("jobs:start"), {"kind": kind, "round": made.round.pk})


def test_the_province_exports_the_results_workbook(client, world, computed) -> None:
    login(client, world, "province")
    response = start(client, computed)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.kind, job.status, job.done, job.total, job.requested_by) == (
        "results_xlsx", JobStatus.DONE, 2, 2, world.users["province"])
    assert job.params["set"] == 1
    html = client.get(response["Location"]).content.decode()
    assert "监测结果工作簿（Excel）" in html and "100%" in html and "已完成" in html
    assert reverse("jobs:download", args=[job.pk]) in html
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''" in download["Content-Disposition"]  # the Chinese name, encoded
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    text = " ".join(str(c.value) for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.value)
    assert "b1产业集群" in text and "59.8" in text


def test_every_clusters_report_in_a_zip(client, world, computed, monkeypatch) -> None:
    """The PDF builder is the reports app's (tested there with Chromium); here it is replaced by a
    stand-in so the zip's making is tested on its own."""
    made_for = []

    def fake_pdf(result, *, user) -> bytes:  # noqa: ANN001
        made_for.append((result.cluster.name, user.username))
        return b"%PDF-1.4 " + result.cluster.name.encode()

    monkeypatch.setattr("clustermon.reports.build.build_cluster_pdf", fake_pdf)
    login(client, world, "city_a")  # results not published: a city may not start it
    assert start(client, computed, "reports_zip").status_code == 302
    assert not Job.objects.exists()
    login(client, world, "province")
    start(client, computed, "reports_zip")
    job = Job.objects.get()
    assert (job.status, job.done, job.total) == (JobStatus.DONE, 5, 5)
    assert made_for == [(n, "province") for n in ("a1产业集群", "a2产业集群", "b1产业集群", "a1b产业集群")]
    response = client.get(reverse("jobs:download", args=[job.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.namelist() == ["省级先进制造业集群/001 a1产业集群.pdf", "省级先进制造业集群/002 a2产业集群.pdf",
                                  "省级先进制造业集群/003 b1产业集群.pdf", "省级先进制造业集群/004 a1b产业集群.pdf"]
    assert archive.read("省级先进制造业集群/003 b1产业集群.pdf") == "%PDF-1.4 b1产业集群".encode()
    assert response["Content-Type"] == "application/zip"


def test_the_status_json(client, world, computed) -> None:
    job = run.enqueue("results_xlsx", by=world.users["province"], round=computed.round)
    login(client, world, "province")
    response = client.get(reverse("jobs:status", args=[job.pk]))
    assert response["Cache-Control"].startswith("max-age=0")
    data = json.loads(response.content)
    assert data == {"id": job.pk, "kind": "results_xlsx", "status": "done", "status_label": "已完成", "done": 2,
                    "total": 2, "percent": 100, "message": "工作簿已生成", "finished": True,
                    "download": reverse("jobs:download", args=[job.pk]), "view": None}


def test_a_queued_job_shows_zero(client, world, computed) -> None:
    job = run.create("results_xlsx", by=world.users["province"], round=computed.round)
    login(client, world, "province")
    data = json.loads(client.get(reverse("jobs:status", args=[job.pk])).content)
    assert (data["status"], data["percent"], data["finished"], data["download"]) == ("queued", 0, False, None)
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404  # nothing to download yet
    html = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "jobs/progress.js" in html and 'data-finished="0"' in html and "排队中" in html


@pytest.mark.parametrize("who, status", [("province", 200), ("admin", 200), ("city_a", 404), ("county_a1", 404),
                                         ("submitter_a1", 404), ("expert", 404), ("outsider", 404)])
def test_download_is_scoped(client, world, computed, who, status) -> None:
    """The requester (province) and the province may download; anyone else gets 404."""
    job = run.enqueue("results_xlsx", by=world.users["province"], round=computed.round)
    login(client, world, who)
    for name in ("jobs:download", "jobs:detail", "jobs:status"):
        assert client.get(reverse(name, args=[job.pk])).status_code == status, name


def test_a_citys_own_job_is_its_own(client, world, computed) -> None:
    """A job started by a city: the city and the province see it, another user does not."""
    from clustermon.results.actions import approve_result_set, publish_round

    approve_result_set(computed.result_set, by=world.users["admin"])
    publish_round(computed.round, by=world.users["admin"])
    login(client, world, "city_a")
    start(client, computed)
    job = Job.objects.get()
    assert job.requested_by == world.users["city_a"] and job.status == JobStatus.DONE
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 200
    login(client, world, "county_a1")
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    login(client, world, "province")
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 200


def test_anonymous_and_wrong_methods(client, world, computed) -> None:
    job = run.enqueue("results_xlsx", by=world.users["province"], round=computed.round)
    for name, args in (("jobs:list", []), ("jobs:detail", [job.pk]), ("jobs:status", [job.pk]),
                       ("jobs:download", [job.pk])):
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    login(client, world, "province")
    assert client.get(reverse("jobs:start")).status_code == 405
    for name in ("jobs:detail", "jobs:status", "jobs:download"):
        assert client.post(reverse(name, args=[job.pk])).status_code == 405


def test_start_refuses_what_it_must(client, world, computed) -> None:
    login(client, world, "province")
    assert client.post(reverse("jobs:start"), {"kind": "robustness", "round": computed.round.pk}).status_code == 404
    assert client.post(reverse("jobs:start"), {"kind": "nothing", "round": computed.round.pk}).status_code == 404
    assert client.post(reverse("jobs:start"), {"kind": "results_xlsx"}).status_code == 404
    login(client, world, "outsider")
    assert start(client, computed).status_code == 404
    assert not Job.objects.exists()


def test_the_list_shows_the_users_own_jobs(client, world, computed) -> None:
    mine = run.enqueue("results_xlsx", by=world.users["province"], round=computed.round)
    theirs = run.enqueue("results_xlsx", by=world.users["admin"], round=computed.round)
    login(client, world, "province")
    html = client.get(reverse("jobs:list")).content.decode()
    assert reverse("jobs:detail", args=[mine.pk]) in html and reverse("jobs:detail", args=[theirs.pk]) not in html
    assert "发起导出" in html and computed.round.title in html


@pytest.mark.parametrize("extra", [0, 20])
def test_query_counts_are_constant(client, world, computed, extra, django_assert_max_num_queries) -> None:
    jobs = [run.enqueue("results_xlsx", by=world.users["province"], round=computed.round) for _ in range(1 + extra)]
    job = jobs[0]
    login(client, world, "province")
    with django_assert_max_num_queries(6):
        assert client.get(reverse("jobs:list")).status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get(reverse("jobs:status", args=[job.pk])).status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 200
