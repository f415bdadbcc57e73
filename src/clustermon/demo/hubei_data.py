"""Hubei's master data for the demo: 17 divisions, their counties, 110 key growth clusters.

Divisions and counties follow REFERENCE-DATA.md §5.4 (仙桃, 潜江, 天门 and 神农架 have no counties
below them: each gets a county-level unit of its own name, where its clusters sit). The clusters
follow the 2018 distribution by city (§5.3: 武汉4, 黄石9, 襄阳10, 荆州11, 宜昌12, 十堰7, 孝感7,
荆门8, 鄂州5, 黄冈8, 咸宁12, 随州5, 恩施3, 仙桃3, 潜江3, 天门2, 神农架1 = 110). Names known from
the provincial lists (§5.3, 2013 and 2017 lists, 鄂州 listed every year) are "real"; the others are
made up from the places' known industries and stored with `is_fictitious=True`. Administrative
division codes (GB/T 2260) are used only to make the demo enterprises' credit codes look right.
"""

from __future__ import annotations

# (name, pinyin, division code, [(county name, county pinyin, division code), …])
CITIES: list[tuple[str, str, str, list[tuple[str, str, str]]]] = [
    ("武汉市", "wuhan", "420100", [
        ("江夏区", "jiangxia", "420115"), ("蔡甸区", "caidian", "420114"), ("黄陂区", "huangpi", "420116"),
        ("新洲区", "xinzhou", "420117"), ("东西湖区", "dongxihu", "420112"), ("汉南区", "hannan", "420113"),
    ]),
    ("黄石市", "huangshi", "420200", [
        ("黄石港区", "huangshigang", "420202"), ("西塞山区", "xisaishan", "420203"), ("下陆区", "xialu", "420204"),
        ("铁山区", "tieshan", "420205"), ("大冶市", "daye", "420281"), ("阳新县", "yangxin", "420222"),
    ]),
    ("十堰市", "shiyan", "420300", [
        ("茅箭区", "maojian", "420302"), ("张湾区", "zhangwan", "420303"), ("郧阳区", "yunyang", "420304"),
        ("丹江口市", "danjiangkou", "420381"), ("房县", "fang", "420325"), ("竹山县", "zhushan", "420323"),
    ]),
    ("宜昌市", "yichang", "420500", [
        ("夷陵区", "yiling", "420506"), ("宜都市", "yidu", "420581"), ("当阳市", "dangyang", "420582"),
        ("枝江市", "zhijiang", "420583"), ("兴山县", "xingshan", "420526"), ("秭归县", "zigui", "420527"),
    ]),
    ("襄阳市", "xiangyang", "420600", [
        ("襄城区", "xiangcheng", "420602"), ("樊城区", "fancheng", "420606"), ("襄州区", "xiangzhou", "420607"),
        ("枣阳市", "zaoyang", "420683"), ("宜城市", "yicheng", "420684"), ("老河口市", "laohekou", "420682"),
        ("谷城县", "gucheng", "420625"),
    ]),
    ("鄂州市", "ezhou", "420700", [
        ("鄂城区", "echeng", "420704"), ("华容区", "huarong", "420703"), ("梁子湖区", "liangzihu", "420702"),
    ]),
    ("荆门市", "jingmen", "420800", [
        ("东宝区", "dongbao", "420802"), ("掇刀区", "duodao", "420804"), ("钟祥市", "zhongxiang", "420881"),
        ("京山市", "jingshan", "420882"), ("沙洋县", "shayang", "420822"),
    ]),
    ("孝感市", "xiaogan", "420900", [
        ("孝南区", "xiaonan", "420902"), ("应城市", "yingcheng", "420981"), ("汉川市", "hanchuan", "420984"),
        ("安陆市", "anlu", "420982"), ("云梦县", "yunmeng", "420923"),
    ]),
    ("荆州市", "jingzhou", "421000", [
        ("沙市区", "shashi", "421002"), ("荆州区", "jingzhouqu", "421003"), ("松滋市", "songzi", "421087"),
        ("石首市", "shishou", "421081"), ("洪湖市", "honghu", "421083"), ("监利市", "jianli", "421088"),
        ("公安县", "gongan", "421022"),
    ]),
    ("黄冈市", "huanggang", "421100", [
        ("黄州区", "huangzhou", "421102"), ("麻城市", "macheng", "421181"), ("武穴市", "wuxue", "421182"),
        ("英山县", "yingshan", "421124"), ("黄梅县", "huangmei", "421127"), ("蕲春县", "qichun", "421126"),
    ]),
    ("咸宁市", "xianning", "421200", [
        ("咸安区", "xianan", "421202"), ("赤壁市", "chibi", "421281"), ("嘉鱼县", "jiayu", "421221"),
        ("通城县", "tongcheng", "421222"), ("崇阳县", "chongyang", "421223"), ("通山县", "tongshan", "421224"),
    ]),
    ("随州市", "suizhou", "421300", [
        ("曾都区", "zengdu", "421303"), ("广水市", "guangshui", "421381"), ("随县", "sui", "421321"),
    ]),
    ("恩施土家族苗族自治州", "enshi", "422800", [
        ("恩施市", "enshi", "422801"), ("利川市", "lichuan", "422802"), ("建始县", "jianshi", "422822"),
        ("巴东县", "badong", "422823"), ("宣恩县", "xuanen", "422825"), ("咸丰县", "xianfeng", "422826"),
        ("来凤县", "laifeng", "422827"), ("鹤峰县", "hefeng", "422828"),
    ]),
    # Directly administered by the province: a county-level unit of the same name holds their clusters.
    ("仙桃市", "xiantao", "429004", [("仙桃市", "xiantao", "429004")]),
    ("潜江市", "qianjiang", "429005", [("潜江市", "qianjiang", "429005")]),
    ("天门市", "tianmen", "429006", [("天门市", "tianmen", "429006")]),
    ("神农架林区", "shennongjia", "429021", [("神农架林区", "shennongjia", "429021")]),
]

# 2018 clusters by city (sums to 110), checked by the tests.
DISTRIBUTION = {"wuhan": 4, "huangshi": 9, "xiangyang": 10, "jingzhou": 11, "yichang": 12, "shiyan": 7,
                "xiaogan": 7, "jingmen": 8, "ezhou": 5, "huanggang": 8, "xianning": 12, "suizhou": 5,
                "enshi": 3, "xiantao": 3, "qianjiang": 3, "tianmen": 2, "shennongjia": 1}

# (city pinyin, county pinyin, name without "产业集群", industry, year recognised, real name?)
CLUSTERS: list[tuple[str, str, str, str, int, bool]] = [
    # 武汉 4
    ("wuhan", "jiangxia", "江夏区高端装备制造", "高端装备制造", 2013, True),
    ("wuhan", "huangpi", "黄陂区服装", "服装", 2013, True),
    ("wuhan", "caidian", "蔡甸区汽车零部件", "汽车零部件", 2014, False),
    ("wuhan", "dongxihu", "东西湖区食品加工", "食品加工", 2012, False),
    # 黄石 9
    ("huangshi", "huangshigang", "黄石市服装", "服装", 2013, True),
    ("huangshi", "daye", "大冶市智能装备制造", "智能装备", 2015, False),
    ("huangshi", "xialu", "下陆区模具", "模具", 2011, False),
    ("huangshi", "xisaishan", "西塞山区铜冶炼及深加工", "铜冶炼及深加工", 2010, False),
    ("huangshi", "huangshigang", "黄石港区电子信息", "电子信息(印制电路板)", 2016, False),
    ("huangshi", "yangxin", "阳新县化工医药", "化工医药", 2012, False),
    ("huangshi", "daye", "大冶市食品饮料", "食品饮料", 2011, False),
    ("huangshi", "tieshan", "铁山区新型建材", "新型建材", 2014, False),
    ("huangshi", "xialu", "下陆区汽车零部件", "汽车零部件", 2015, False),
    # 襄阳 10
    ("xiangyang", "xiangzhou", "襄阳市汽车及零部件", "汽车及零部件", 2013, True),
    ("xiangyang", "fancheng", "樊城区纺织", "纺织", 2013, True),
    ("xiangyang", "gucheng", "谷城县再生资源", "再生资源", 2012, False),
    ("xiangyang", "laohekou", "老河口市汽车零部件", "汽车零部件", 2013, False),
    ("xiangyang", "zaoyang", "枣阳市汽车摩擦材料", "汽车摩擦材料", 2011, False),
    ("xiangyang", "yicheng", "宜城市食品加工", "食品加工", 2014, False),
    ("xiangyang", "xiangcheng", "襄城区电子信息", "电子信息", 2016, False),
    ("xiangyang", "xiangzhou", "襄州区农产品加工", "农产品加工", 2012, False),
    ("xiangyang", "zaoyang", "枣阳市新能源新材料", "新能源新材料", 2017, False),
    ("xiangyang", "yicheng", "宜城市装备制造", "装备制造", 2015, False),
    # 荆州 11
    ("jingzhou", "shashi", "沙市区针纺织服装", "针纺织服装", 2013, True),
    ("jingzhou", "jingzhouqu", "荆州区石油机械装备", "石油机械装备", 2010, False),
    ("jingzhou", "songzi", "松滋市化工", "化工", 2012, False),
    ("jingzhou", "shishou", "石首市医药化工", "医药化工", 2013, False),
    ("jingzhou", "honghu", "洪湖市石化装备", "石化装备", 2011, False),
    ("jingzhou", "jianli", "监利市食品加工", "食品加工", 2014, False),
    ("jingzhou", "gongan", "公安县汽车零部件", "汽车零部件", 2012, False),
    ("jingzhou", "shashi", "沙市区日用化工", "日用化工", 2015, False),
    ("jingzhou", "jingzhouqu", "荆州区智能家电", "智能家电", 2016, False),
    ("jingzhou", "songzi", "松滋市白酒酿造", "白酒酿造", 2013, False),
    ("jingzhou", "honghu", "洪湖市水产品加工", "水产品加工", 2014, False),
    # 宜昌 12
    ("yichang", "yiling", "宜昌市磷化工", "磷化工", 2013, True),
    ("yichang", "zhijiang", "枝江市奥美医用纺织", "医用纺织", 2013, True),
    ("yichang", "yiling", "夷陵区食品饮料", "食品饮料", 2012, False),
    ("yichang", "yidu", "宜都市医药健康", "医药健康", 2014, False),
    ("yichang", "yidu", "宜都市新能源材料", "新能源材料", 2016, False),
    ("yichang", "dangyang", "当阳市化工新材料", "化工新材料", 2013, False),
    ("yichang", "zhijiang", "枝江市化工新材料", "化工新材料", 2012, False),
    ("yichang", "xingshan", "兴山县磷硅新材料", "磷硅新材料", 2011, False),
    ("yichang", "zigui", "秭归县柑橘加工", "柑橘加工", 2013, False),
    ("yichang", "yiling", "夷陵区船舶及装备制造", "船舶及装备制造", 2012, False),
    ("yichang", "dangyang", "当阳市新型建材", "新型建材", 2014, False),
    ("yichang", "zhijiang", "枝江市白酒酿造", "白酒酿造", 2015, False),
    # 十堰 7
    ("shiyan", "zhangwan", "张湾区汽车零部件", "汽车零部件", 2010, False),
    ("shiyan", "yunyang", "郧阳区新能源汽车及零部件", "新能源汽车及零部件", 2016, False),
    ("shiyan", "fang", "房县循环经济", "循环经济", 2014, False),
    ("shiyan", "maojian", "茅箭区专用汽车", "专用汽车", 2011, False),
    ("shiyan", "danjiangkou", "丹江口市食品饮料", "食品饮料", 2013, False),
    ("shiyan", "zhushan", "竹山县绿松石加工", "绿松石加工", 2015, False),
    ("shiyan", "yunyang", "郧阳区纺织服装", "纺织服装", 2012, False),
    # 孝感 7
    ("xiaogan", "hanchuan", "孝感(高新区、汉川)纺织服装", "纺织服装", 2013, True),
    ("xiaogan", "xiaonan", "孝南区纸卫品", "纸卫品", 2014, False),
    ("xiaogan", "yingcheng", "应城市井矿盐化工", "井矿盐化工", 2011, False),
    ("xiaogan", "hanchuan", "汉川市食品加工", "食品加工", 2013, False),
    ("xiaogan", "anlu", "安陆市铜箔及印制电路", "铜箔及印制电路", 2016, False),
    ("xiaogan", "yunmeng", "云梦县塑料制品", "塑料制品", 2012, False),
    ("xiaogan", "xiaonan", "孝南区汽车零部件", "汽车零部件", 2015, False),
    # 荆门 8
    ("jingmen", "zhongxiang", "钟祥市磷化工", "磷化工", 2012, False),
    ("jingmen", "jingshan", "京山市轻工装备", "轻工装备", 2011, False),
    ("jingmen", "dongbao", "东宝区电子信息", "电子信息", 2015, False),
    ("jingmen", "duodao", "掇刀区新能源电池", "新能源电池", 2016, False),
    ("jingmen", "shayang", "沙洋县农产品加工", "农产品加工", 2013, False),
    ("jingmen", "zhongxiang", "钟祥市食品加工", "食品加工", 2014, False),
    ("jingmen", "dongbao", "东宝区精细化工", "精细化工", 2012, False),
    ("jingmen", "duodao", "掇刀区通用航空", "通用航空", 2017, False),
    # 鄂州 5
    ("ezhou", "huarong", "鄂州市金刚石刀具", "金刚石刀具", 2008, True),
    ("ezhou", "echeng", "鄂城区金属材料深加工", "金属材料深加工", 2011, False),
    ("ezhou", "huarong", "华容区生物医药", "生物医药", 2014, False),
    ("ezhou", "liangzihu", "梁子湖区水产品加工", "水产品加工", 2013, False),
    ("ezhou", "echeng", "鄂城区纺织服装", "纺织服装", 2012, False),
    # 黄冈 8
    ("huanggang", "yingshan", "鄂东(英山、黄梅、龙感湖)纺织服装", "纺织服装", 2013, True),
    ("huanggang", "huangzhou", "黄州区医药健康", "医药健康", 2014, False),
    ("huanggang", "macheng", "麻城市石材加工", "石材加工", 2012, False),
    ("huanggang", "wuxue", "武穴市医药化工", "医药化工", 2011, False),
    ("huanggang", "qichun", "蕲春县蕲艾及中医药", "蕲艾及中医药", 2015, False),
    ("huanggang", "huangmei", "黄梅县新型建材", "新型建材", 2013, False),
    ("huanggang", "macheng", "麻城市汽车零部件", "汽车零部件", 2014, False),
    ("huanggang", "yingshan", "英山县茶产业", "茶产业", 2016, False),
    # 咸宁 12 (the 2017 list's 11 clusters, and one more)
    ("xianning", "xianan", "咸宁市机电", "机电", 2012, True),
    ("xianning", "xianan", "咸安区苎麻纺织", "苎麻纺织", 2011, True),
    ("xianning", "xianan", "咸宁市现代森工", "现代森工", 2013, True),
    ("xianning", "jiayu", "嘉鱼县管材", "管材", 2012, True),
    ("xianning", "tongcheng", "通城县涂附磨具", "涂附磨具", 2011, True),
    ("xianning", "chibi", "赤壁市纺织服装", "纺织服装", 2012, True),
    ("xianning", "chibi", "赤壁市砖茶", "砖茶", 2013, True),
    ("xianning", "tongshan", "通山县石材", "石材", 2014, True),
    ("xianning", "chongyang", "崇阳县钒", "钒", 2014, True),
    ("xianning", "tongcheng", "通城县电子信息基材", "电子信息基材", 2015, True),
    ("xianning", "xianan", "咸宁高新区军民结合", "军民结合", 2016, True),
    ("xianning", "jiayu", "嘉鱼县食品加工", "食品加工", 2017, False),
    # 随州 5
    ("suizhou", "zengdu", "曾都区专用汽车", "专用汽车", 2010, False),
    ("suizhou", "guangshui", "广水市冶金及金属制品", "冶金及金属制品", 2012, False),
    ("suizhou", "sui", "随县香菇及农产品加工", "香菇及农产品加工", 2013, False),
    ("suizhou", "zengdu", "曾都区铸造", "铸造", 2014, False),
    ("suizhou", "guangshui", "广水市风机制造", "风机制造", 2015, False),
    # 恩施 3
    ("enshi", "enshi", "恩施市富硒食品", "富硒食品", 2013, False),
    ("enshi", "lichuan", "利川市绿色食品加工", "绿色食品加工", 2014, False),
    ("enshi", "hefeng", "鹤峰县茶产业", "茶产业", 2015, False),
    # 仙桃 3
    ("xiantao", "xiantao", "仙桃市无纺布", "非织造布", 2008, True),
    ("xiantao", "xiantao", "仙桃市食品加工", "食品加工", 2013, False),
    ("xiantao", "xiantao", "仙桃市电子信息", "电子信息", 2016, False),
    # 潜江 3
    ("qianjiang", "qianjiang", "潜江市电子新材料", "电子新材料", 2016, False),
    ("qianjiang", "qianjiang", "潜江市小龙虾及水产品加工", "小龙虾及水产品加工", 2014, False),
    ("qianjiang", "qianjiang", "潜江市化工", "化工", 2011, False),
    # 天门 2
    ("tianmen", "tianmen", "天门市棉花", "棉花", 2013, True),
    ("tianmen", "tianmen", "天门市医药化工", "医药化工", 2014, False),
    # 神农架 1
    ("shennongjia", "shennongjia", "神农架林区生态食品及中药材", "生态食品及中药材", 2015, False),
]

# Industry keywords → the ends of demo enterprise names (the first match in the cluster's industry).
NAME_ENDINGS: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    (("汽车", "零部件", "摩擦"), ("汽车零部件有限公司", "汽车部件有限公司", "专用汽车有限公司", "车桥有限公司")),
    (("装备", "机械", "机电", "模具", "风机", "航空", "船舶", "铸造", "刀具", "磨具", "家电"),
     ("机械制造有限公司", "装备有限公司", "精密机械有限公司", "机电有限公司")),
    (("纺织", "服装", "苎麻", "非织造", "棉花", "医用"), ("纺织有限公司", "服饰有限公司", "制衣有限公司", "非织造布有限公司")),
    (("化工", "磷", "盐", "医药", "钒", "硅", "生物"), ("化工有限公司", "新材料有限公司", "药业有限公司", "化学有限公司")),
    (("食品", "茶", "酒", "水产", "柑橘", "香菇", "小龙虾", "农产品", "富硒", "中药", "饮料", "蕲艾"),
     ("食品有限公司", "生物科技有限公司", "农业发展有限公司", "食品饮料有限公司")),
    (("电子", "信息", "电池", "铜箔", "基材", "印制电路", "新能源"), ("电子科技有限公司", "电子有限公司",
                                                      "新能源科技有限公司", "电路有限公司")),
    (("建材", "石材", "管材", "森工", "纸", "塑料", "绿松石"), ("新型建材有限公司", "建材有限公司", "材料科技有限公司",
                                                   "制品有限公司")),
    (("冶金", "铜", "金属", "循环", "再生", "资源"), ("金属材料有限公司", "冶金有限公司", "资源再生有限公司",
                                           "铜业有限公司")),
]
DEFAULT_ENDINGS = ("实业有限公司", "科技有限公司", "工贸有限公司")
BRANDS = ("华泰", "鑫源", "宏达", "恒通", "金辉", "楚天", "荆楚", "博远", "天成", "瑞丰", "正和", "永兴", "汇通",
          "明珠", "德润", "盛隆", "中鼎", "凯达", "兴业", "长兴", "振华", "东润", "宇通", "嘉诚", "富达", "鸿运",
          "佳和", "安泰", "利民", "同创", "华宇", "卓越", "信达", "广源", "金桥", "新峰", "福源", "润泽", "银河",
          "万通", "远大", "奥星", "三元", "立德", "恒信", "金鹰", "大禹", "江汉", "晨光", "宏图")

# (username, display name, role, scope: city pinyin / county "city-county" / a real cluster's name)
ACCOUNTS: list[tuple[str, str, str, str]] = [
    ("hubei-admin", "省经信厅系统管理员", "province_admin", ""),
    ("wuhan", "武汉市经信局", "city_reviewer", "wuhan"),
    ("jiangxia", "江夏区经信局", "county_reviewer", "wuhan-jiangxia"),
    ("hubei-cluster", "江夏高端装备集群填报员", "submitter", "江夏区高端装备制造产业集群"),
]
# username, name, field, industries, home city, employer
EXPERTS: list[tuple[str, str, str, list[str], str, str]] = [
    ("hubei-expert01", "王立新", "装备制造", ["高端装备制造", "汽车及零部件", "智能装备"], "wuhan", "武汉理工大学"),
    ("hubei-expert02", "李红梅", "化工与新材料", ["磷化工", "化工新材料", "医药化工"], "yichang", "三峡大学"),
    ("hubei-expert03", "张志刚", "产业经济与集群发展", ["产业集群", "纺织服装", "食品加工"], "wuhan",
     "湖北省社会科学院"),
]

# Narratives of the work indicators, filled from the cluster's short name and county.
WORK_TEXTS: dict[str, tuple[str, str]] = {
    "W1": ("{county}政府印发《{short}产业集群发展规划（2016—2020年）》，纳入地方国民经济和社会发展规划，"
           "制定年度工作计划并逐项分解落实。",
           "已编制集群发展规划，年度工作计划已制定，部分任务仍在推进中。"),
    "W2": ("建成检验检测、技术研发、人才培训和融资服务等公共服务平台{n}个，其中省级平台2个，年服务集群企业300余家次。",
           "建有公共服务平台{n}个，主要提供检验检测和培训服务。"),
    "W3": ("集群企业主要集中在{county}经济开发区，园区基础设施完善，新建标准厂房约10万平方米，入园率约85%。",
           "集群企业大部分位于园区，园区道路、供水供电等基础设施基本完善。"),
    "W4": ("成立由分管副县（市、区）长任组长的集群发展领导小组，经信部门设专门科室、专人负责，集群行业协会运转良好。",
           "经信部门明确专人负责集群工作，行业协会已成立。"),
    "W5": ("出台支持{short}产业发展的专项政策，年内兑现技改补贴、贷款贴息等扶持资金约{m}万元。",
           "落实省市一般性产业扶持政策，集群企业享受技改和税收优惠政策。"),
    "W6": ("集群拥有省级以上名牌产品和著名商标{n}个，区域品牌建设持续推进。",
           "集群企业拥有省级名牌产品{n}个，正在申报区域品牌。"),
    "W7": ("与省内高校和科研院所共建研发中心{n}个，全年产学研合作项目10余项，新增授权专利80余件。",
           "集群企业与高校开展产学研合作项目若干项。"),
    "W8": ("推进集群企业智能化改造，建成数字化车间{n}个，集群工业互联网服务平台上线运行。",
           "部分龙头企业实施智能化改造，推广应用工业机器人。"),
}
