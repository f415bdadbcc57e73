"""Evidence files: type from the content, limits set by the province, safe names, storage outside the
web root, scoped downloads; every bad file refused with a clear message and nothing changed."""

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clustermon.accounts.models import Role
from clustermon.audit.models import AuditEvent
from clustermon.submissions import actions
from clustermon.submissions.evidence import TYPES, sanitise_name
from clustermon.submissions.models import Evidence, EvidencePolicy, Submission, SubmissionStatus
from clustermon.web.errors import ActionRefused
from tests.conftest import PASSWORD
from tests.submissions.conftest import login

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0\0\0\rIHDR" + b"\0" * 40
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\0" * 200


def office(main: str, extra: dict | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(main, "<doc/>")
        for name, content in (extra or {}).items():
            z.writestr(name, content)
    return out.getvalue()


def entry(ew) -> str:
    return reverse("submissions:entry", args=[ew.sub.pk])


def post_file(client, ew, name: str, content: bytes, code: str = "S1.1"):
    ew.sub.refresh_from_db()
    return client.post(entry(ew), {"version": ew.sub.version, "action": "save",
                                   f"f-{code}": SimpleUploadedFile(name, content)}, follow=True)


def stored_files(media) -> list[Path]:
    return sorted(p for p in Path(media).rglob("*") if p.is_file()) if Path(media).exists() else []


def nothing_changed(ew, media) -> None:
    assert not Evidence.objects.exists()
    assert not AuditEvent.objects.filter(action="submission.add_evidence").exists()
    assert stored_files(media) == []


def test_a_pdf_is_stored_outside_the_web_root_under_its_hash(client, ew, media) -> None:
    login(client, ew.users["submitter_a1"])
    response = post_file(client, ew, "统计局证明.pdf", PDF)
    assert response.status_code == 200
    item = Evidence.objects.get()
    sha = hashlib.sha256(PDF).hexdigest()
    assert (item.indicator, item.name, item.content_type, item.size, item.sha256) == (
        "S1.1", "统计局证明.pdf", "application/pdf", len(PDF), sha)
    assert item.path == f"evidence/{ew.round.pk}/{ew.sub.pk}/{sha[:16]}_统计局证明.pdf"
    assert stored_files(media) == [Path(media) / item.path]
    assert (Path(media) / item.path).read_bytes() == PDF
    assert "统计局证明.pdf" in response.content.decode()
    assert AuditEvent.objects.filter(action="submission.add_evidence").count() == 1


def test_a_pdf_that_is_really_an_exe_is_refused(client, ew, media) -> None:
    login(client, ew.users["submitter_a1"])
    html = post_file(client, ew, "report.pdf", EXE).content.decode()
    assert "report.pdf 未能上传：report.pdf 的内容是可执行程序，不属于允许的类型" in html
    nothing_changed(ew, media)


def test_an_image_with_the_wrong_extension_keeps_its_real_one(client, ew) -> None:
    login(client, ew.users["submitter_a1"])
    post_file(client, ew, "scan.jpg", PNG)
    item = Evidence.objects.get()
    assert (item.name, item.content_type) == ("scan.png", "image/png")


def test_office_files_are_recognised_inside_the_zip(client, ew) -> None:
    login(client, ew.users["submitter_a1"])
    post_file(client, ew, "说明.docx", office("word/document.xml"))
    post_file(client, ew, "table.xlsx", office("xl/workbook.xml"), code="S1.2")
    assert sorted(Evidence.objects.values_list("name", "content_type")) == [
        ("table.xlsx", TYPES["xlsx"].mime), ("说明.docx", TYPES["docx"].mime)]


@pytest.mark.parametrize(("content", "message"), [
    (office("word/document.xml", {"word/vbaProject.bin": "x"}), "不接受含宏的 Office 文件"),
    (office("word/document.xml", {"word/media/big.bin": b"\0" * (8 << 20)}), "疑似“压缩炸弹”"),
    (b"PK\x03\x04broken zip", "文件已损坏"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "旧版 Office 格式"),
    (b"", "文件为空。"),
])
def test_dangerous_or_broken_office_files_are_refused(client, ew, media, content: bytes, message: str) -> None:
    login(client, ew.users["submitter_a1"])
    assert message in post_file(client, ew, "a.docx", content).content.decode()
    nothing_changed(ew, media)


def test_a_50_mb_file_is_refused(client, ew, media) -> None:
    login(client, ew.users["submitter_a1"])
    html = post_file(client, ew, "big.pdf", PDF + b"\0" * (50 * 1024 * 1024)).content.decode()
    assert "文件大小为 50.0 MB，超过上限 20 MB。" in html
    nothing_changed(ew, media)


def test_the_province_sets_size_and_types(client, ew, media) -> None:
    EvidencePolicy.objects.create(province=ew.world.province, max_size_mb=1, allowed_types=["pdf"])
    login(client, ew.users["submitter_a1"])
    assert "scan.png 是PNG 图片；允许的类型：PDF 文档。" in post_file(client, ew, "scan.png", PNG).content.decode()
    assert "超过上限 1 MB" in post_file(client, ew, "a.pdf", PDF + b"\0" * (2 << 20)).content.decode()
    nothing_changed(ew, media)
    # A round's own policy wins over the province's.
    EvidencePolicy.objects.create(province=ew.world.province, round=ew.round, max_size_mb=5,
                                  allowed_types=["png"])
    post_file(client, ew, "scan.png", PNG)
    assert Evidence.objects.get().name == "scan.png"


def test_the_province_admin_edits_the_limits(client, ew) -> None:
    url = reverse("submissions:evidence_policy")
    login(client, ew.users["province"])
    assert client.get(url).status_code == 404
    login(client, ew.users["admin"])
    assert client.get(url).status_code == 200
    client.post(url, {"max_size_mb": "5", "allowed_types": ["pdf", "ofd"]})
    policy = EvidencePolicy.objects.get(province=ew.world.province, round=None)
    assert (policy.max_size_mb, policy.allowed_types) == (5, ["pdf", "ofd"])
    assert AuditEvent.objects.filter(action="submission.evidence_policy").exists()


def test_a_path_traversal_name_is_refused_by_the_action(ew, media) -> None:
    upload = io.BytesIO(PDF)
    with pytest.raises(ActionRefused) as refusal:
        actions.add_evidence(ew.sub, upload, by=ew.users["submitter_a1"], indicator="S1.1",
                             name="../../etc/passwd.pdf")
    assert refusal.value.message == "文件名含有路径(../../etc/passwd.pdf)，已拒绝；请直接上传文件本身。"
    nothing_changed(ew, media)


def test_a_path_traversal_name_through_the_web_never_leaves_the_evidence_folder(client, ew, media) -> None:
    """Django's multipart parser keeps only the base name; the file lands inside the evidence folder."""
    login(client, ew.users["submitter_a1"])
    boundary = "XyZBoundary"
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="version"\r\n\r\n{ew.sub.version}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="action"\r\n\r\nsave\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="f-S1.1"; filename="../../etc/passwd.pdf"\r\n'
            f"Content-Type: application/pdf\r\n\r\n")
    body = head.encode() + PDF + f"\r\n--{boundary}--\r\n".encode()
    client.generic("POST", entry(ew), body, content_type=f"multipart/form-data; boundary={boundary}")
    item = Evidence.objects.get()
    assert item.name == "passwd.pdf"
    root = (Path(media) / "evidence").resolve()
    assert all(p.resolve().is_relative_to(root) for p in stored_files(media))


@pytest.mark.parametrize(("name", "expected"), [
    ("a\x07b<>:.pdf", "ab___.pdf"),
    ("  ..hidden.pdf  ", "hidden.pdf"),
    ("报告\u202egpj.pdf", "报告gpj.pdf"),  # a right-to-left override is a format character
    ("x" * 300 + ".pdf", "x" * 80 + ".pdf"),
    ("noextension", "noextension.pdf"),
    ("photo.JPEG", "photo.pdf"),  # the content decides
    ("", "file.pdf"),
])
def test_names_are_sanitised(name: str, expected: str) -> None:
    assert sanitise_name(name, TYPES["pdf"]) == expected


def test_evidence_is_removed_with_its_file(client, ew, media, django_capture_on_commit_callbacks) -> None:
    login(client, ew.users["submitter_a1"])
    post_file(client, ew, "a.pdf", PDF)
    item = Evidence.objects.get()
    ew.sub.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(entry(ew), {"version": ew.sub.version, "action": "save", "remove": [str(item.pk)]})
    assert not Evidence.objects.exists()
    assert stored_files(media) == []
    assert AuditEvent.objects.filter(action="submission.remove_evidence").count() == 1


def test_no_upload_once_submitted(ew, media) -> None:
    Submission.objects.filter(pk=ew.sub.pk).update(status=SubmissionStatus.AT_COUNTY)
    ew.sub.refresh_from_db()
    with pytest.raises(ActionRefused):
        actions.add_evidence(ew.sub, io.BytesIO(PDF), by=ew.users["submitter_a1"], indicator="S1.1",
                             name="a.pdf")
    nothing_changed(ew, media)


def test_an_unknown_indicator_is_refused(ew, media) -> None:
    with pytest.raises(ActionRefused):
        actions.add_evidence(ew.sub, io.BytesIO(PDF), by=ew.users["submitter_a1"], indicator="NOPE",
                             name="a.pdf")
    nothing_changed(ew, media)


# ------------------------------------------------------------------------------ downloads


@pytest.fixture
def stored(ew):
    return actions.add_evidence(ew.sub, SimpleUploadedFile("证明.pdf", PDF), by=ew.users["submitter_a1"],
                                indicator="S1.1")


@pytest.mark.parametrize("who", ["submitter_a1", "county_a1", "city_a", "province"])
def test_the_download_is_an_attachment_for_those_in_scope(client, ew, stored, who: str) -> None:
    login(client, ew.users[who])
    response = client.get(reverse("submissions:evidence", args=[stored.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert "%E8%AF%81%E6%98%8E.pdf" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("who", ["outsider", "expert", "other_submitter"])
def test_the_download_is_404_out_of_scope(client, ew, stored, who: str, django_user_model) -> None:
    if who == "other_submitter":
        user = django_user_model.objects.create_user(
            username="s_b1", password=PASSWORD, role=Role.SUBMITTER, province=ew.world.province,
            cluster=ew.clusters["b1"])
    else:
        user = ew.users[who]
    client.force_login(user)
    assert client.get(reverse("submissions:evidence", args=[stored.pk])).status_code == 404


def test_anonymous_download_goes_to_login(client, ew, stored) -> None:
    response = client.get(reverse("submissions:evidence", args=[stored.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_download_is_get_only(client, ew, stored) -> None:
    login(client, ew.users["submitter_a1"])
    assert client.post(reverse("submissions:evidence", args=[stored.pk])).status_code == 405
