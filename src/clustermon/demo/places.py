"""Hunan's 14 prefecture-level divisions (市州) and county-level units, for the demo master data.

Names follow REFERENCE-DATA.md §5.4 (with the renamings since 2013: 渌口区, 邵东市, 祁阳市, 宁乡市).
Each entry is (Chinese name, pinyin used for the code and the English name).
"""

from __future__ import annotations

# The shipped schemes name no province; the demo knows whose they are (never the framework code).
SCHEME_PROVINCES = {
    "hunan-monitoring": {"code": "hunan", "name": "湖南省", "name_en": "Hunan"},
    "hubei-growth": {"code": "hubei", "name": "湖北省", "name_en": "Hubei"},
}
SCHEME = "hunan-monitoring"  # the demo's scheme
PROVINCE = SCHEME_PROVINCES[SCHEME]

# (city name, city pinyin, [(county name, county pinyin), …])
CITIES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("长沙市", "changsha", [
        ("芙蓉区", "furong"), ("天心区", "tianxin"), ("岳麓区", "yuelu"), ("开福区", "kaifu"),
        ("雨花区", "yuhua"), ("望城区", "wangcheng"), ("长沙县", "changsha"), ("宁乡市", "ningxiang"),
        ("浏阳市", "liuyang"),
    ]),
    ("株洲市", "zhuzhou", [
        ("荷塘区", "hetang"), ("芦淞区", "lusong"), ("石峰区", "shifeng"), ("天元区", "tianyuan"),
        ("渌口区", "lukou"), ("醴陵市", "liling"), ("攸县", "you"), ("茶陵县", "chaling"),
        ("炎陵县", "yanling"),
    ]),
    ("湘潭市", "xiangtan", [
        ("雨湖区", "yuhu"), ("岳塘区", "yuetang"), ("湘潭县", "xiangtan"), ("湘乡市", "xiangxiang"),
        ("韶山市", "shaoshan"),
    ]),
    ("衡阳市", "hengyang", [
        ("珠晖区", "zhuhui"), ("雁峰区", "yanfeng"), ("石鼓区", "shigu"), ("蒸湘区", "zhengxiang"),
        ("南岳区", "nanyue"), ("衡阳县", "hengyang"), ("衡南县", "hengnan"), ("衡山县", "hengshan"),
        ("衡东县", "hengdong"), ("祁东县", "qidong"), ("耒阳市", "leiyang"), ("常宁市", "changning"),
    ]),
    ("邵阳市", "shaoyang", [
        ("双清区", "shuangqing"), ("大祥区", "daxiang"), ("北塔区", "beita"), ("邵东市", "shaodong"),
        ("新邵县", "xinshao"), ("邵阳县", "shaoyang"), ("隆回县", "longhui"), ("洞口县", "dongkou"),
        ("武冈市", "wugang"),
    ]),
    ("岳阳市", "yueyang", [
        ("岳阳楼区", "yueyanglou"), ("云溪区", "yunxi"), ("君山区", "junshan"), ("岳阳县", "yueyang"),
        ("华容县", "huarong"), ("湘阴县", "xiangyin"), ("平江县", "pingjiang"), ("汨罗市", "miluo"),
        ("临湘市", "linxiang"),
    ]),
    ("常德市", "changde", [
        ("武陵区", "wuling"), ("鼎城区", "dingcheng"), ("安乡县", "anxiang"), ("汉寿县", "hanshou"),
        ("澧县", "li"), ("临澧县", "linli"), ("桃源县", "taoyuan"), ("石门县", "shimen"),
        ("津市市", "jinshi"),
    ]),
    ("张家界市", "zhangjiajie", [
        ("永定区", "yongding"), ("武陵源区", "wulingyuan"), ("慈利县", "cili"), ("桑植县", "sangzhi"),
    ]),
    ("益阳市", "yiyang", [
        ("资阳区", "ziyang"), ("赫山区", "heshan"), ("南县", "nan"), ("桃江县", "taojiang"),
        ("安化县", "anhua"), ("沅江市", "yuanjiang"),
    ]),
    ("郴州市", "chenzhou", [
        ("北湖区", "beihu"), ("苏仙区", "suxian"), ("桂阳县", "guiyang"), ("宜章县", "yizhang"),
        ("永兴县", "yongxing"), ("嘉禾县", "jiahe"), ("临武县", "linwu"), ("汝城县", "rucheng"),
        ("桂东县", "guidong"), ("安仁县", "anren"), ("资兴市", "zixing"),
    ]),
    ("永州市", "yongzhou", [
        ("零陵区", "lingling"), ("冷水滩区", "lengshuitan"), ("祁阳市", "qiyang"), ("东安县", "dongan"),
        ("双牌县", "shuangpai"), ("道县", "dao"), ("江永县", "jiangyong"), ("宁远县", "ningyuan"),
        ("蓝山县", "lanshan"), ("新田县", "xintian"), ("江华瑶族自治县", "jianghua"),
    ]),
    ("怀化市", "huaihua", [
        ("鹤城区", "hecheng"), ("中方县", "zhongfang"), ("沅陵县", "yuanling"), ("辰溪县", "chenxi"),
        ("溆浦县", "xupu"), ("会同县", "huitong"), ("麻阳苗族自治县", "mayang"), ("洪江市", "hongjiang"),
    ]),
    ("娄底市", "loudi", [
        ("娄星区", "louxing"), ("双峰县", "shuangfeng"), ("新化县", "xinhua"), ("冷水江市", "lengshuijiang"),
        ("涟源市", "lianyuan"),
    ]),
    ("湘西土家族苗族自治州", "xiangxi", [
        ("吉首市", "jishou"), ("泸溪县", "luxi"), ("凤凰县", "fenghuang"), ("花垣县", "huayuan"),
        ("保靖县", "baojing"), ("古丈县", "guzhang"), ("永顺县", "yongshun"), ("龙山县", "longshan"),
    ]),
]

# Each city's tile on the reports' schematic map (row 0 north, column 0 west), after the seats'
# approximate latitude and longitude: 张家界 29.1°N 110.5°E … 郴州 25.8°N 113.0°E.
CITY_TILES: dict[str, tuple[int, int]] = {
    "zhangjiajie": (0, 1), "changde": (0, 2), "yueyang": (0, 4),
    "xiangxi": (1, 0), "yiyang": (1, 3), "changsha": (1, 4),
    "huaihua": (2, 1), "loudi": (2, 3), "xiangtan": (2, 4), "zhuzhou": (2, 5),
    "shaoyang": (3, 2), "hengyang": (3, 4),
    "yongzhou": (4, 3), "chenzhou": (4, 4),
}

_SUFFIXES = [  # longest first
    ("土家族苗族自治州", "Tujia and Miao Autonomous Prefecture"),
    ("瑶族自治县", "Yao Autonomous County"),
    ("苗族自治县", "Miao Autonomous County"),
    ("区", "District"),
    ("县", "County"),
    ("市", "City"),
]


def english_name(name: str, pinyin: str) -> str:
    """"浏阳市", "liuyang" → "Liuyang City"; "江华瑶族自治县" → "Jianghua Yao Autonomous County"."""
    for suffix, english in _SUFFIXES:
        if name.endswith(suffix):
            return f"{pinyin.capitalize()} {english}"
    return pinyin.capitalize()


def county_code(city_pinyin: str, county_pinyin: str) -> str:
    return f"{city_pinyin}-{county_pinyin}"
