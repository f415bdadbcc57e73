"""Calls and applications on top of the `world` personas (tests, the authorisation matrix, the browser).

The call's rules are the shipped scheme's call file (`hubei-growth/application-call.yaml`): a test
scheme row with that code in the test province P reads it.
"""

from __future__ import annotations

import datetime as dt
import io

from django.utils import timezone

from clustermon.applications import actions
from clustermon.applications.models import (
    Application,
    ApplicationCall,
    ApplicationMaterial,
    ApplicationStatus,
    CallStatus,
)
from clustermon.applications.rules import content_hash, load_call_file
from clustermon.frameworks.models import Scheme

SCHEME_CODE = "hubei-growth"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"

# Every automatic check met: sales 25 > 20, core 3 >= 1, growth 12 > 8, energy 0.4 < 0.6.
PASSING = {"sales": "25", "sales_growth": "12", "region_sales_growth": "8", "core_enterprise": "甲一机械有限公司",
           "core_enterprise_sales": "3", "enterprises": "120", "above_size_enterprises": "45", "employees": "8000",
           "energy_intensity": "0.4", "local_energy_intensity": "0.6"}
# Annual sales 18 亿元: condition 1 (sales > 20) fails; the others pass.
FAILING_SALES = {**PASSING, "sales": "18"}


def xlsx_bytes() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "申报表"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(name: str, content: bytes) -> io.BytesIO:
    f = io.BytesIO(content)
    f.name = name
    return f


def material_file(item: str) -> io.BytesIO:
    if item == "application_form":
        return upload("申报表.xlsx", xlsx_bytes())
    return upload(f"{item}.pdf", PDF + item.encode())


def make_scheme(world) -> Scheme:  # noqa: ANN001
    scheme, _ = Scheme.objects.get_or_create(
        code=SCHEME_CODE, defaults={"name": "重点成长型产业集群考核", "province": world.province,
                                    "manifest": {"groups": [{"code": "growth", "name": {"zh": "重点成长型产业集群",
                                                                                        "en": "Growth clusters"}}]}})
    return scheme


def call_document() -> dict:
    return load_call_file(actions.call_file(Scheme(code=SCHEME_CODE)))


def make_call(world, *, status: str = CallStatus.OPEN, year: int = 2019,  # noqa: ANN001
              deadline: dt.date | None = None) -> ApplicationCall:
    document = call_document()
    return ApplicationCall.objects.create(
        scheme=make_scheme(world), province=world.province, year=year, title=f"{year}年度申报", status=status,
        deadline=deadline or timezone.localdate() + dt.timedelta(days=30), rules=document,
        rules_hash=content_hash(document), created_by=world.users["admin"])


def make_application(call: ApplicationCall, world, *, name: str = "甲一装备产业集群", county: str | None = "A1",  # noqa: ANN001
                     values: dict | None = None, status: str = ApplicationStatus.DRAFT,
                     materials: bool = False) -> Application:
    """An application written directly (no actions), with its checks evaluated; `materials` adds a
    row per checklist item (no file on disk)."""
    county_row = world.counties[county] if county else None
    city = county_row.city if county_row else world.cities["A"]
    application = Application.objects.create(
        call=call, city=city, county=county_row, park_county=county_row or world.counties["A1"], name=name,
        leading_industry="装备制造", core_park_name=f"{name}园区", promotion_organisation_name=f"{name}促进会",
        values=dict(PASSING if values is None else values), status=status,
        created_by=world.users["county_a1" if county == "A1" else "city_a"],
        submitted_at=None if status == ApplicationStatus.DRAFT else timezone.now())
    actions._evaluate(application)
    if materials:
        for spec in call.parsed.materials:
            ApplicationMaterial.objects.create(
                application=application, item=spec.code, original_name=f"{spec.code}.pdf", name=f"{spec.code}.pdf",
                path=f"evidence/applications/0/0/missing_{spec.code}.pdf", content_type="application/pdf", size=1,
                sha256="0" * 64, uploaded_by=application.created_by)
    return application


def upload_all(application: Application, by) -> None:  # noqa: ANN001
    for spec in application.call.parsed.materials:
        actions.add_material(application, spec.code, material_file(spec.code), by=by)
