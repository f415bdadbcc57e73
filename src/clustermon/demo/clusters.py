"""Demo clusters of Hunan, their core parks and promotion organisations.

Real names come from REFERENCE-DATA.md §5.1/§5.2 (tag "real"); the others are made up, plausible
for the place's industry, and stored with `is_fictitious=True`. Park names are the development
zones of the place as far as known; their level is "national" only for the well-known national
zones, and they are demo data, not a register.
"""

from __future__ import annotations

from dataclasses import dataclass

# group → (Cluster.kind, Cluster.level)
GROUP_KIND_LEVEL = {
    "national_amc": ("amc", "national"),
    "national_sme": ("sme", "national"),
    "provincial_amc": ("amc", "provincial"),
    "provincial_sme": ("sme", "provincial"),
    "provincial_amc_cultivation": ("amc", "cultivation"),
    "provincial_sme_cultivation": ("sme", "cultivation"),
}

# park name → (city pinyin, county pinyin, level)
PARKS: dict[str, tuple[str, str, str]] = {
    "长沙经济技术开发区": ("changsha", "changsha", "national"),
    "长沙高新技术产业开发区": ("changsha", "yuelu", "national"),
    "浏阳经济技术开发区": ("changsha", "liuyang", "national"),
    "浏阳高新技术产业开发区": ("changsha", "liuyang", "provincial"),
    "宁乡经济技术开发区": ("changsha", "ningxiang", "national"),
    "宁乡高新技术产业园区": ("changsha", "ningxiang", "provincial"),
    "望城经济技术开发区": ("changsha", "wangcheng", "national"),
    "雨花经济开发区": ("changsha", "yuhua", "provincial"),
    "金霞经济开发区": ("changsha", "kaifu", "provincial"),
    "株洲高新技术产业开发区": ("zhuzhou", "tianyuan", "national"),
    "荷塘工业集中区": ("zhuzhou", "hetang", "other"),
    "芦淞服饰产业园": ("zhuzhou", "lusong", "other"),
    "醴陵经济开发区": ("zhuzhou", "liling", "provincial"),
    "湘潭高新技术产业开发区": ("xiangtan", "yuetang", "national"),
    "湘潭经济技术开发区": ("xiangtan", "yuhu", "national"),
    "湘乡经济开发区": ("xiangtan", "xiangxiang", "provincial"),
    "衡阳高新技术产业开发区": ("hengyang", "zhengxiang", "national"),
    "衡阳松木经济开发区": ("hengyang", "shigu", "provincial"),
    "衡东经济开发区": ("hengyang", "hengdong", "provincial"),
    "祁东经济开发区": ("hengyang", "qidong", "provincial"),
    "常宁水口山经济开发区": ("hengyang", "changning", "provincial"),
    "邵阳经济开发区": ("shaoyang", "daxiang", "provincial"),
    "邵东经济开发区": ("shaoyang", "shaodong", "provincial"),
    "武冈经济开发区": ("shaoyang", "wugang", "provincial"),
    "岳阳经济技术开发区": ("yueyang", "yueyanglou", "national"),
    "岳阳绿色化工高新技术产业开发区": ("yueyang", "yunxi", "provincial"),
    "汨罗高新技术产业开发区": ("yueyang", "miluo", "provincial"),
    "临湘工业园": ("yueyang", "linxiang", "provincial"),
    "平江高新技术产业园区": ("yueyang", "pingjiang", "provincial"),
    "华容工业集中区": ("yueyang", "huarong", "other"),
    "湘阴高新技术产业开发区": ("yueyang", "xiangyin", "provincial"),
    "常德经济技术开发区": ("changde", "wuling", "national"),
    "鼎城高新技术产业开发区": ("changde", "dingcheng", "provincial"),
    "津市高新技术产业开发区": ("changde", "jinshi", "provincial"),
    "桃源经济开发区": ("changde", "taoyuan", "provincial"),
    "张家界经济开发区": ("zhangjiajie", "yongding", "provincial"),
    "益阳高新技术产业开发区": ("yiyang", "heshan", "national"),
    "益阳长春经济开发区": ("yiyang", "ziyang", "provincial"),
    "安化经济开发区": ("yiyang", "anhua", "provincial"),
    "桃江经济开发区": ("yiyang", "taojiang", "provincial"),
    "南县经济开发区": ("yiyang", "nan", "provincial"),
    "沅江高新技术产业园区": ("yiyang", "yuanjiang", "provincial"),
    "郴州高新技术产业开发区": ("chenzhou", "suxian", "national"),
    "郴州经济开发区": ("chenzhou", "beihu", "provincial"),
    "永兴经济开发区": ("chenzhou", "yongxing", "provincial"),
    "嘉禾经济开发区": ("chenzhou", "jiahe", "provincial"),
    "资兴经济开发区": ("chenzhou", "zixing", "provincial"),
    "永州经济技术开发区": ("yongzhou", "lengshuitan", "provincial"),
    "江华高新技术产业开发区": ("yongzhou", "jianghua", "provincial"),
    "道县工业园": ("yongzhou", "dao", "other"),
    "蓝山经济开发区": ("yongzhou", "lanshan", "provincial"),
    "怀化高新技术产业开发区": ("huaihua", "hecheng", "national"),
    "辰溪工业园": ("huaihua", "chenxi", "other"),
    "娄底经济技术开发区": ("loudi", "louxing", "national"),
    "新化经济开发区": ("loudi", "xinhua", "provincial"),
    "双峰经济开发区": ("loudi", "shuangfeng", "provincial"),
    "冷水江经济开发区": ("loudi", "lengshuijiang", "provincial"),
    "涟源经济开发区": ("loudi", "lianyuan", "provincial"),
    "花垣工业集中区": ("xiangxi", "huayuan", "other"),
}


@dataclass(frozen=True)
class DemoCluster:
    code: str
    name: str
    group: str
    city: str  # pinyin of the city
    county: str  # pinyin of the county
    industry: str
    year: int  # year recognised
    real: bool
    park: str


# code | name | city | county | leading industry | year recognised | real/fict | core park
_TABLE = """
national_amc
cs-construction-machinery|长沙市工程机械集群|changsha|changsha|工程机械|2021|real|长沙经济技术开发区
zz-rail-transit|株洲市先进轨道交通装备集群|zhuzhou|shifeng|轨道交通装备|2021|real|株洲高新技术产业开发区
cs-secure-computing|长沙市新一代自主安全计算系统集群|changsha|yuelu|自主安全计算系统|2022|real|长沙高新技术产业开发区
zz-aero-engine|株洲市中小航空发动机集群|zhuzhou|lusong|中小航空发动机|2022|real|株洲高新技术产业开发区
national_sme
xh-electronic-ceramics|新化县电子陶瓷产业集群|loudi|xinhua|电子陶瓷|2022|real|新化经济开发区
yx-precious-metals|永兴县稀贵金属产业集群|chenzhou|yongxing|稀贵金属|2022|real|永兴经济开发区
hs-aluminium-capacitors|益阳市赫山区铝电解容器产业集群|yiyang|heshan|铝电解电容器|2022|real|益阳高新技术产业开发区
ml-nonferrous-recycling|汨罗市有色金属循环综合利用产业集群|yueyang|miluo|再生有色金属|2023|real|汨罗高新技术产业开发区
sf-farm-machinery|双峰县农机产业集群|loudi|shuangfeng|农业机械|2023|real|双峰经济开发区
ll-ceramics|醴陵市陶瓷产业集群|zhuzhou|liling|日用及电瓷陶瓷|2023|fict|醴陵经济开发区
js-bio-enzymes|津市市生物酶制剂产业集群|changde|jinshi|生物酶制剂|2023|fict|津市高新技术产业开发区
provincial_amc
cs-energy-storage|长沙市先进储能材料产业集群|changsha|ningxiang|先进储能材料|2022|real|宁乡经济技术开发区
hn-power-transmission|湖南省输变电产业集群|hengyang|zhengxiang|输变电装备|2022|real|衡阳高新技术产业开发区
cs-pv-storage-grid|长沙市光储及智慧配电装备产业集群|changsha|yuelu|光储及智慧配电装备|2024|real|长沙高新技术产业开发区
cs-cnc-grinders|长沙市数控机床(磨床)产业集群|changsha|changsha|数控机床|2024|real|长沙经济技术开发区
cs-nev|长沙市新能源汽车产业集群|changsha|wangcheng|新能源汽车|2022|fict|望城经济技术开发区
zz-hard-materials|株洲市硬质材料及工具产业集群|zhuzhou|hetang|硬质合金及工具|2022|fict|荷塘工业集中区
xt-steel|湘潭市先进钢铁材料产业集群|xiangtan|yuetang|精品钢材|2022|fict|湘潭高新技术产业开发区
xt-wind-power|湘潭市新能源装备产业集群|xiangtan|yuhu|风电及新能源装备|2022|fict|湘潭经济技术开发区
yy-petrochemicals|岳阳市绿色石化产业集群|yueyang|yunxi|石油化工|2022|fict|岳阳绿色化工高新技术产业开发区
cd-smart-equipment|常德市智能装备制造产业集群|changde|wuling|智能装备|2022|fict|常德经济技术开发区
cz-nonferrous-materials|郴州市有色金属新材料产业集群|chenzhou|suxian|有色金属新材料|2022|fict|郴州高新技术产业开发区
ld-sheet-steel|娄底市薄板深加工产业集群|loudi|louxing|薄板及汽车用钢|2023|fict|娄底经济技术开发区
hh-biomedicine|怀化市生物医药产业集群|huaihua|hecheng|生物医药|2023|fict|怀化高新技术产业开发区
sy-smart-manufacturing|邵阳市智能制造装备产业集群|shaoyang|daxiang|智能制造装备|2023|fict|邵阳经济开发区
provincial_sme
sd-hardware|邵东市小五金产业集群|shaoyang|shaodong|五金工具|2022|real|邵东经济开发区
ls-apparel|株洲市芦淞区服饰产业集群|zhuzhou|lusong|服装服饰|2022|real|芦淞服饰产业园
jh-casting-forging|嘉禾县铸(锻)造产业集群|chenzhou|jiahe|铸锻造|2022|real|嘉禾经济开发区
yl-testing-instruments|长沙市岳麓区检验检测仪器设备产业集群|changsha|yuelu|检验检测仪器设备|2024|real|长沙高新技术产业开发区
ly-fireworks|浏阳市烟花爆竹产业集群|changsha|liuyang|烟花爆竹|2024|real|浏阳高新技术产业开发区
hd-pumps|衡东县泵业制造产业集群|hengyang|hengdong|泵业制造|2024|real|衡东经济开发区
lx-fishing-tackle|临湘市钓具(浮标)产业集群|yueyang|linxiang|钓具(浮标)|2024|real|临湘工业园
ah-dark-tea|安化县黑茶产业集群|yiyang|anhua|黑茶加工|2022|fict|安化经济开发区
wg-braised-food|武冈市卤制品产业集群|shaoyang|wugang|卤制品|2022|fict|武冈经济开发区
lsj-antimony|冷水江市锑品深加工产业集群|loudi|lengshuijiang|锑品深加工|2022|fict|冷水江经济开发区
tj-bamboo|桃江县竹木制品产业集群|yiyang|taojiang|竹木制品|2022|fict|桃江经济开发区
pj-snack-food|平江县休闲食品产业集群|yueyang|pingjiang|休闲食品|2022|fict|平江高新技术产业园区
xx-leather|湘乡市皮革皮具产业集群|xiangtan|xiangxiang|皮革皮具|2023|fict|湘乡经济开发区
jhy-rare-earth|江华瑶族自治县稀土新材料产业集群|yongzhou|jianghua|稀土新材料|2023|fict|江华高新技术产业开发区
provincial_amc_cultivation
cs-new-alloys|长沙市新型合金材料产业集群|changsha|yuhua|新型合金材料|2022|real|雨花经济开发区
cs-audio-video|长沙市音视频装备产业集群|changsha|kaifu|音视频装备|2024|real|金霞经济开发区
cs-environmental-equipment|长沙市智能环保装备产业集群|changsha|wangcheng|智能环保装备|2025|real|望城经济技术开发区
hy-chemical-materials|衡阳市化工新材料产业集群|hengyang|shigu|化工新材料|2022|fict|衡阳松木经济开发区
cd-electronics|常德市电子信息产业集群|changde|dingcheng|电子信息|2023|fict|鼎城高新技术产业开发区
zjj-biomedicine|张家界市生物医药产业集群|zhangjiajie|yongding|生物医药|2023|fict|张家界经济开发区
yz-electronics|永州市电子信息产业集群|yongzhou|lengshuitan|电子信息|2022|fict|永州经济技术开发区
xxz-manganese-zinc|湘西州锰锌新材料产业集群|xiangxi|huayuan|锰锌新材料|2023|fict|花垣工业集中区
cz-electronics|郴州市电子信息产业集群|chenzhou|beihu|电子信息|2022|fict|郴州经济开发区
yiy-ships|益阳市船舶与海工装备产业集群|yiyang|ziyang|船舶与海工装备|2023|fict|益阳长春经济开发区
provincial_sme_cultivation
ly-biomedicine|浏阳市生物医药产业集群|changsha|liuyang|生物医药|2022|real|浏阳经济技术开发区
nx-smart-appliances|宁乡市智能家电产业集群|changsha|ningxiang|智能家电|2024|real|宁乡高新技术产业园区
sq-electronic-glass|邵阳市双清区电子玻璃产业集群|shaoyang|shuangqing|电子玻璃|2025|real|邵阳经济开发区
nx-crayfish-food|南县稻虾食品产业集群|yiyang|nan|稻虾食品加工|2022|fict|南县经济开发区
qd-daylily|祁东县黄花菜深加工产业集群|hengyang|qidong|黄花菜深加工|2023|fict|祁东经济开发区
dx-footwear|道县制鞋产业集群|yongzhou|dao|制鞋|2022|fict|道县工业园
hr-textiles|华容县纺织服装产业集群|yueyang|huarong|纺织服装|2023|fict|华容工业集中区
ty-aluminium|桃源县铝基新材料产业集群|changde|taoyuan|铝基新材料|2022|fict|桃源经济开发区
cx-building-materials|辰溪县新型建材产业集群|huaihua|chenxi|新型建材|2023|fict|辰溪工业园
ly-hardware-machinery|涟源市五金机械产业集群|loudi|lianyuan|五金机械|2022|fict|涟源经济开发区
cn-nonferrous|常宁市有色金属精深加工产业集群|hengyang|changning|有色金属精深加工|2022|fict|常宁水口山经济开发区
xy-prefab-buildings|湘阴县装配式建筑产业集群|yueyang|xiangyin|装配式建筑|2023|fict|湘阴高新技术产业开发区
yj-shipbuilding|沅江市船舶制造产业集群|yiyang|yuanjiang|船舶制造|2022|fict|沅江高新技术产业园区
ls-leather-toys|蓝山县皮具玩具产业集群|yongzhou|lanshan|皮具玩具|2023|fict|蓝山经济开发区
zx-electronics|资兴市电子信息产业集群|chenzhou|zixing|电子信息|2024|fict|资兴经济开发区
"""


def _parse(table: str) -> list[DemoCluster]:
    out: list[DemoCluster] = []
    group = ""
    for line in table.strip().splitlines():
        if "|" not in line:
            group = line.strip()
            continue
        code, name, city, county, industry, year, real, park = line.split("|")
        out.append(DemoCluster(code, name, group, city, county, industry, int(year), real == "real", park))
    return out


CLUSTERS: list[DemoCluster] = _parse(_TABLE)


def promotion_organisation_name(cluster_name: str, index: int) -> tuple[str, str]:
    """A plausible name and legal form for the cluster's promotion organisation (集群发展促进组织)."""
    base = cluster_name.removesuffix("产业集群").removesuffix("集群")
    forms = [("产业集群发展促进会", "社会团体"), ("产业集群促进中心", "民办非企业单位"),
             ("产业联盟", "社会团体")]
    suffix, legal_form = forms[index % len(forms)]
    return base + suffix, legal_form
