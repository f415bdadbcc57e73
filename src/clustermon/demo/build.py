"""The demo's master data: Hunan's places, parks, promotion organisations, clusters and accounts."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from clustermon.accounts.models import Role, User
from clustermon.demo.clusters import CLUSTERS, GROUP_KIND_LEVEL, PARKS, promotion_organisation_name
from clustermon.demo.places import CITIES, CITY_TILES, PROVINCE, county_code, english_name
from clustermon.registry.models import City, Cluster, County, Park, PromotionOrganisation, Province

PASSWORD = "demo2026"
SUBMITTER_CLUSTER = "ly-biomedicine"  # 浏阳市生物医药产业集群, the cluster of `cluster-demo`

# username, display name (first_name), role, scope (city/county pinyin or cluster code)
ACCOUNTS: list[tuple[str, str, str, str]] = [
    ("admin", "省工信厅系统管理员", Role.PROVINCE_ADMIN, ""),
    ("province", "省工信厅产业集聚处", Role.PROVINCE_REVIEWER, ""),
    ("changsha", "长沙市工信局", Role.CITY_REVIEWER, "changsha"),
    ("zhuzhou", "株洲市工信局", Role.CITY_REVIEWER, "zhuzhou"),
    ("liuyang", "浏阳市工信局", Role.COUNTY_REVIEWER, "changsha-liuyang"),
    ("cluster-demo", "浏阳生物医药集群填报员", Role.SUBMITTER, SUBMITTER_CLUSTER),
]
# username, name, field, industries, home city, employer
EXPERTS: list[tuple[str, str, str, list[str], str, str]] = [
    ("expert01", "周建华", "装备制造", ["工程机械", "轨道交通装备", "数控机床", "智能装备"], "changsha",
     "中南大学机电工程学院"),
    ("expert02", "刘晓燕", "新材料", ["先进储能材料", "有色金属新材料", "硬质合金及工具", "电子陶瓷"], "zhuzhou",
     "湖南工业大学"),
    ("expert03", "陈志强", "电子信息", ["电子信息", "自主安全计算系统", "音视频装备"], "xiangtan", "湘潭大学"),
    ("expert04", "谭丽君", "产业经济与集群治理", ["产业集群", "中小企业", "服装服饰", "食品加工"], "hengyang",
     "湖南省社会科学院"),
    ("expert05", "彭国庆", "生物医药与绿色化工", ["生物医药", "石油化工", "化工新材料"], "yueyang",
     "湖南省工业和信息化发展研究中心"),
    ("expert06", "王海波", "新能源与节能环保", ["新能源", "节能环保", "先进储能材料", "有色金属新材料"], "changde",
     "湖南文理学院"),
    ("expert07", "李静", "数字经济", ["电子信息", "软件和信息技术服务", "智能装备", "音视频装备"], "chenzhou",
     "湘南学院"),
    ("expert08", "张伟", "消费品与农产品加工", ["食品加工", "茶叶", "中小企业", "服装服饰", "烟花爆竹"], "huaihua",
     "怀化学院"),
]


@dataclass
class MasterData:
    province: Province
    cities: dict[str, City]
    counties: dict[str, County]
    clusters: dict[str, Cluster]
    users: dict[str, User]


def build_places() -> tuple[Province, dict[str, City], dict[str, County]]:
    province = Province.objects.create(**PROVINCE)
    cities = City.objects.bulk_create(
        City(province=province, code=pinyin, name=name, name_en=english_name(name, pinyin),
             map_row=CITY_TILES[pinyin][0], map_col=CITY_TILES[pinyin][1])
        for name, pinyin, _ in CITIES
    )
    by_code = {city.code: city for city in cities}
    counties = County.objects.bulk_create(
        County(city=by_code[city_pinyin], code=county_code(city_pinyin, pinyin), name=name,
               name_en=english_name(name, pinyin))
        for _, city_pinyin, units in CITIES for name, pinyin in units
    )
    return province, by_code, {county.code: county for county in counties}


def build_clusters(province: Province, counties: dict[str, County]) -> dict[str, Cluster]:
    parks = {park.name: park for park in Park.objects.bulk_create(
        Park(name=name, county=counties[county_code(city, county)], level=level)
        for name, (city, county, level) in PARKS.items()
    )}
    organisations = []
    for i, demo in enumerate(CLUSTERS):
        name, legal_form = promotion_organisation_name(demo.name, i)
        organisations.append(PromotionOrganisation(name=name, legal_form=legal_form,
                                                   county=counties[county_code(demo.city, demo.county)],
                                                   contact="秘书处"))
    organisations = PromotionOrganisation.objects.bulk_create(organisations)
    clusters = []
    for demo, organisation in zip(CLUSTERS, organisations, strict=True):
        kind, level = GROUP_KIND_LEVEL[demo.group]
        clusters.append(Cluster(
            code=demo.code, name=demo.name, province=province, county=counties[county_code(demo.city, demo.county)],
            kind=kind, level=level, group=demo.group, leading_industry=demo.industry, core_park=parks[demo.park],
            promotion_organisation=organisation, year_recognised=demo.year, is_fictitious=not demo.real,
        ))
    return {cluster.code: cluster for cluster in Cluster.objects.bulk_create(clusters)}


def build_accounts(province: Province, cities: dict[str, City], counties: dict[str, County],
                   clusters: dict[str, Cluster]) -> dict[str, User]:
    """All demo accounts share one password hash (hashing once keeps the command fast)."""
    from clustermon.experts.models import ExpertProfile

    password = make_password(PASSWORD)
    users = []
    for username, name, role, scope in ACCOUNTS:
        users.append(User(
            username=username, first_name=name, role=role, province=province, password=password,
            is_staff=role == Role.PROVINCE_ADMIN, is_superuser=username == "admin",
            city=cities.get(scope) if role == Role.CITY_REVIEWER else None,
            county=counties.get(scope) if role == Role.COUNTY_REVIEWER else None,
            cluster=clusters.get(scope) if role == Role.SUBMITTER else None,
        ))
    users += [User(username=username, first_name=name, role=Role.EXPERT, province=province, password=password)
              for username, name, *_ in EXPERTS]
    by_name = {user.username: user for user in User.objects.bulk_create(users)}
    ExpertProfile.objects.bulk_create(
        ExpertProfile(user=by_name[username], field=field, industries=industries, home_city=cities[city],
                      employer=employer)
        for username, _, field, industries, city, employer in EXPERTS
    )
    return by_name


def build_reviewers(cities: dict[str, City], counties: dict[str, County], clusters: dict[str, Cluster],
                    users: dict[str, User]) -> dict[str, User]:
    """A reviewer account for every city and every county that has clusters and none of the named
    accounts above (username: the place's code, e.g. `xiangtan`, `xiangtan-shaoshan`), so that every
    submission of the demo rounds is reviewed level by level by the review actions."""
    password = next(iter(users.values())).password
    covered_cities = {u.city_id for u in users.values() if u.city_id}
    covered_counties = {u.county_id for u in users.values() if u.county_id}
    needed_counties = sorted({c.county_id for c in clusters.values()} - covered_counties)
    by_id = {county.pk: county for county in counties.values()}
    rows = [User(username=city.code, first_name=f"{city.name}工信局", role=Role.CITY_REVIEWER,
                 province_id=city.province_id, city=city, password=password)
            for city in sorted(cities.values(), key=lambda c: c.code) if city.pk not in covered_cities]
    rows += [User(username=by_id[pk].code, first_name=f"{by_id[pk].name}工信局", role=Role.COUNTY_REVIEWER,
                  province_id=by_id[pk].city.province_id, county=by_id[pk], password=password)
             for pk in needed_counties]
    return {user.username: user for user in User.objects.bulk_create(rows)}


def reviewers_by_place(users: dict[str, User]) -> tuple[dict[int, User], dict[int, User]]:
    """{city id: its city reviewer}, {county id: its county reviewer} (the first by username)."""
    cities: dict[int, User] = {}
    counties: dict[int, User] = {}
    for user in sorted(users.values(), key=lambda u: u.username):
        if user.role == Role.CITY_REVIEWER and user.city_id:
            cities.setdefault(user.city_id, user)
        if user.role == Role.COUNTY_REVIEWER and user.county_id:
            counties.setdefault(user.county_id, user)
    return cities, counties


def build_master_data() -> MasterData:
    province, cities, counties = build_places()
    clusters = build_clusters(province, counties)
    users = build_accounts(province, cities, counties, clusters)
    users.update(build_reviewers(cities, counties, clusters, users))
    return MasterData(province, cities, counties, clusters, users)
