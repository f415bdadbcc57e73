"""A results export as a background job, in a real Chromium, with the database queue of
production (django_tasks_db) and its worker (`db_worker`, run here in the test's thread):

the province starts the export from its job list; the job page shows the bar at 0 % while the job
waits in the queue and still does after a reload; the worker runs the job and the page's script
moves the bar to 100 % without a reload; after a reload the bar stays at 100 % (the state is in
the database) and the file downloads with its Chinese name.
"""

from __future__ import annotations

import openpyxl
import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from clustermon.jobs.models import Job
from clustermon.reports.pdf import chromium_available
from tests.analysis.factories import NEAR_TIE, NEAR_TIE_VALUES, make_round
from tests.browser.conftest import login
from tests.conftest import PASSWORD


@pytest.fixture
def database_queue(settings, tmp_path) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"


def test_an_export_job_with_its_progress_bar(page, world, database_queue) -> None:
    made = make_round(world, NEAR_TIE, NEAR_TIE_VALUES)
    login(page, "province", PASSWORD)
    page.goto(page.base_url + "/jobs/")
    page.select_option("select[name=round]", str(made.round.pk))
    page.select_option("select[name=kind]", "results_xlsx")
    page.click("form[action='/jobs/start/'] button[type=submit]")

    job = Job.objects.get()
    assert page.url.endswith(f"/jobs/{job.pk}/")
    bar = page.locator(".job-progress")
    expect(bar.locator(".job-percent")).to_have_text("0%")
    expect(bar.locator(".job-status")).to_have_text("排队中")
    expect(bar.locator(".job-download")).to_be_hidden()
    page.reload()  # still queued: the page picks the state up again from the database
    expect(bar.locator(".job-percent")).to_have_text("0%")

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 2, 2)

    # The page polls the status every second: the bar reaches 100 % without a reload.
    expect(bar.locator(".job-percent")).to_have_text("100%", timeout=10_000)
    expect(bar.locator(".job-status")).to_have_text("已完成")
    expect(bar.locator(".job-fill")).to_have_attribute("style", "width: 100%;")
    expect(bar.locator(".job-download")).to_be_visible()

    page.reload()
    expect(bar.locator(".job-percent")).to_have_text("100%")
    with page.expect_download() as info:
        bar.locator(".job-download").click()
    download = info.value
    assert download.suggested_filename == "2025年度分析测试监测结果（第1版）.xlsx"
    with open(download.path(), "rb") as stream:  # a temporary file without the .xlsx suffix
        workbook = openpyxl.load_workbook(stream)
    cells = " ".join(str(c.value) for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.value)
    assert "b1产业集群" in cells

    page.goto(page.base_url + "/jobs/")
    expect(page.locator("table.grid tbody tr").first).to_contain_text("监测结果工作簿（Excel）")
    expect(page.locator("table.grid tbody tr").first).to_contain_text("100%")


@pytest.mark.skipif(not chromium_available(), reason="Debian's chromium package is not installed")
def test_the_reports_zip_holds_a_real_pdf_per_cluster(world, settings, tmp_path) -> None:
    """Every cluster's report drawn by Chromium through the reports app's builder, in one zip."""
    import zipfile
    from pathlib import Path

    from clustermon.jobs import run

    settings.MEDIA_ROOT = tmp_path / "media"
    made = make_round(world, NEAR_TIE, NEAR_TIE_VALUES)
    job = run.enqueue("reports_zip", by=world.users["province"], round=made.round)
    assert (job.status, job.done, job.total) == ("done", 5, 5), job.message
    archive = zipfile.ZipFile(Path(settings.MEDIA_ROOT) / job.result_path)
    names = archive.namelist()
    assert [name.split("/", 1)[1] for name in names] == [
        "001 a1产业集群.pdf", "002 a2产业集群.pdf", "003 b1产业集群.pdf", "004 a1b产业集群.pdf"]
    assert all(archive.read(name).startswith(b"%PDF-") for name in names)
    assert job.result_name == "2025年度分析测试各集群监测报告（第1版）.zip"
