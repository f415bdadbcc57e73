"""The demo's call for new-cluster applications (HB-§2): a 2019 call with six applications in
different states, one of them failing a condition, ready for the province to run to the end.

`load_application_demo()` works on the province that owns the `hubei-growth` scheme in the demo
(`places.SCHEME_PROVINCES`); when that province is not loaded it creates nothing and says so. It
reuses the province's officials (an administrator, city and county reviewers, experts) and creates
demo accounts (password demo2026) only for the places that have none. Everything goes through the
actions the web pages use: creating and opening the call, applying, the form, the uploads (small
PDF and Excel files through the same content checks), submitting, the city's and the province's
reviews. Idempotent: a second run finds the call and does nothing.

The call is the 2019 call, but its deadline is the next 30 April from today, so that officials can
still apply, submit and carry the call through in the demo.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from clustermon.accounts.models import Role, User
from clustermon.applications import actions
from clustermon.applications.models import Application, ApplicationCall, CallStatus
from clustermon.demo.build import PASSWORD
from clustermon.demo.places import SCHEME_PROVINCES
from clustermon.frameworks.models import Scheme
from clustermon.registry.models import City, County, Province

SCHEME = "hubei-growth"
YEAR = 2019
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"

# Form values: every automatic check met (sales 32 > 20 亿元, core 4.5 >= 1, growth 14.2 > 9.8,
# energy 0.38 < 0.52 吨标准煤/万元).
MET = {"sales": "32", "sales_growth": "14.2", "region_sales_growth": "9.8", "core_enterprise_sales": "4.5",
       "enterprises": "156", "above_size_enterprises": "48", "employees": "12600", "energy_intensity": "0.38",
       "local_energy_intensity": "0.52"}


@dataclass(frozen=True)
class Plan:
    """One demo application: where from, what, its figures and how far it gets."""

    industry: str
    core_enterprise: str
    values: dict
    state: str  # draft | at_city | at_province | returned | accepted
    city_level: bool = False
    incomplete: bool = False  # one checklist item not uploaded


PLANS = [
    Plan("智能装备", "示例智能装备股份有限公司", MET, "accepted"),
    Plan("新型建材", "示例建材集团有限公司", {**MET, "sales": "26.4", "sales_growth": "11.6"}, "at_city"),
    # Annual sales 18.6 亿元: condition 1 (above 20 亿元) is not met.
    Plan("纺织服装", "示例纺织有限公司", {**MET, "sales": "18.6", "core_enterprise_sales": "2.1"}, "at_city"),
    # 15.8 亿元 but declared a nationally influential speciality: needs the province's judgement.
    Plan("光电子信息", "示例光电科技有限公司", {**MET, "sales": "15.8", "national_speciality": "1"}, "at_province",
         city_level=True),
    Plan("农产品加工", "示例食品有限公司", {**MET, "sales": "22.3", "energy_intensity": "0.41"}, "returned"),
    Plan("生物医药", "示例药业有限公司", {**MET, "sales": "21.0"}, "draft", incomplete=True),
]


def _next_deadline(today: dt.date) -> dt.date:
    this_year = dt.date(today.year, 4, 30)
    return this_year if this_year >= today + dt.timedelta(days=14) else dt.date(today.year + 1, 4, 30)


def _user(province: Province, role: str, username: str, name: str, **scope) -> User:  # noqa: ANN003
    found = User.objects.filter(province=province, role=role, **scope).order_by("pk").first()
    if found is not None:
        return found
    return User.objects.create(username=username, first_name=name, role=role, province=province,
                               password=make_password(PASSWORD), **scope)


def _file(item: str, application: Application) -> io.BytesIO:
    if item == "application_form":
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["项目", "数值"])
        for code, value in (application.values or {}).items():
            sheet.append([code, value])
        handle = io.BytesIO()
        book.save(handle)
        handle.seek(0)
        handle.name = f"{application.name}申报表.xlsx"
        return handle
    handle = io.BytesIO(PDF + f"% {application.name} {item}\n".encode())
    handle.name = f"{application.name}-{item}.pdf"
    return handle


def _places(province: Province) -> tuple[list[County], City] | None:
    """Five counties spread over the cities, and one city that applies for itself."""
    cities = list(City.objects.filter(province=province).order_by("code"))
    counties = []
    for round_ in range(3):
        for city in cities:
            county = County.objects.filter(city=city).order_by("code")[round_:round_ + 1].first()
            if county is not None and len(counties) < 5:
                counties.append(county)
    if len(counties) < 5 or not cities:
        return None
    used = {c.city_id for c in counties}
    city = next((c for c in cities if c.pk not in used), cities[0])
    return counties, city


def load_application_demo(province: Province | None = None, *, today: dt.date | None = None) -> str:
    """Create the demo call and its applications; a one-line summary of what was done."""
    province = province or Province.objects.filter(code=SCHEME_PROVINCES[SCHEME]["code"]).first()
    if province is None:
        return "applications demo: the province of the hubei-growth scheme is not loaded; nothing created"
    scheme = Scheme.objects.filter(code=SCHEME, province=province).first()
    if scheme is None:
        from clustermon.frameworks.actions import import_scheme

        scheme = import_scheme(SCHEME, province=province)
    if ApplicationCall.objects.filter(scheme=scheme, year=YEAR).exists():
        return "applications demo: the 2019 call exists already; nothing to do"
    places = _places(province)
    if places is None:
        return "applications demo: the province has too few cities and counties; nothing created"
    counties, own_city = places
    with transaction.atomic():
        return _load(province, scheme, counties, own_city, today or timezone.localdate())


def _load(province: Province, scheme: Scheme, counties: list[County], own_city: City, today: dt.date) -> str:
    admin = _user(province, Role.PROVINCE_ADMIN, f"{province.code}-admin", "省经信厅系统管理员")
    reviewer = _user(province, Role.PROVINCE_REVIEWER, f"{province.code}-province", "省经信厅产业政策处")
    for i, (name, field) in enumerate((("王建国", "装备制造"), ("李晓红", "纺织与轻工"), ("赵志远", "电子信息")), 1):
        _user(province, Role.EXPERT, f"{province.code}-expert{i}", f"{name}（{field}）")
    call = actions.create_call(scheme, YEAR, _next_deadline(today), by=admin)
    actions.move_call(call, CallStatus.OPEN, by=admin)
    states: dict[str, int] = {}
    for i, plan in enumerate(PLANS):
        city = own_city if plan.city_level else counties[min(i, len(counties) - 1)].city
        county = None if plan.city_level else counties[min(i, len(counties) - 1)]
        applicant = (_user(province, Role.CITY_REVIEWER, f"{city.code}-city", f"{city.name}经信局", city=city)
                     if plan.city_level else
                     _user(province, Role.COUNTY_REVIEWER, f"{county.code}-county", f"{county.name}经信局",
                           county=county))
        city_reviewer = _user(province, Role.CITY_REVIEWER, f"{city.code}-city", f"{city.name}经信局", city=city)
        place = city.name if plan.city_level else county.name
        application = actions.create_application(
            call, by=applicant, name=f"{place}{plan.industry}产业集群", leading_industry=plan.industry,
            core_park_name=f"{place}{plan.industry}产业园", promotion_organisation_name=f"{place}{plan.industry}产业协会",
            park_county=County.objects.filter(city=city).order_by("code").first() if plan.city_level else None)
        actions.save_application(application, by=applicant,
                                 values={**plan.values, "core_enterprise": plan.core_enterprise})
        items = [m.code for m in call.parsed.materials]
        for item in items[:-1] if plan.incomplete else items:
            actions.add_material(application, item, _file(item, application), by=applicant)
        if plan.state != "draft":
            actions.submit_application(application, by=applicant)
        if plan.state in ("accepted", "returned") and not plan.city_level:
            actions.pass_application(application, by=city_reviewer, expected_version=application.version)
            application.refresh_from_db()
        if plan.state == "returned":
            actions.return_application(application, by=reviewer, expected_version=application.version,
                                       reason="产业集群发展规划未经县级政府印发，请补充印发文件后重新报送。")
        if plan.state == "accepted":
            actions.pass_application(application, by=reviewer, expected_version=application.version)
        states[plan.state] = states.get(plan.state, 0) + 1
    shown = ", ".join(f"{n} {state}" for state, n in states.items())
    return f"applications demo: call {YEAR} open until {call.deadline:%Y-%m-%d} with {len(PLANS)} applications ({shown})"
