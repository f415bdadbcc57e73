"""Correct text in the PDFs: Chromium maps some Chinese characters to look-alike radicals.

Noto Sans CJK SC draws a Kangxi radical and the ideograph it looks like with one glyph (⻓ U+2ED3 and
长 U+957F, ⽣ U+2F63 and 生 U+751F …), and Chromium's PDF writer names such a glyph by the radical in
the PDF's text layer (its ToUnicode maps). The page looks right, but copied or searched text reads
"⻓沙市" instead of "长沙市" — about 2 % of the characters of a report. `fix_text_layer` rewrites the
ToUnicode maps, radical → ideograph, after the font's own cmap (RADICALS below: every radical that
shares its glyph with an ideograph in the SC faces of fonts-noto-cjk; the ideograph with the lowest
code point). Text that really is a radical is rare in reports and would be read as its ideograph.

It needs pypdf; without it the PDF is returned unchanged.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

# Pairs radical + ideograph, generated from the cmaps of NotoSansCJK-{Regular,Bold}.ttc and
# NotoSerifCJK-Regular.ttc (faces "… SC") with fontTools.
RADICALS = (
    "⺂乛⺃乚⺅亻⺇𠘨⺉刂⺋㔾⺍𭕄⺎兀⺏尣⺐尢⺒巳⺓幺⺔彑⺕彐⺖忄⺘扌⺙攵⺛旡⺞歺⺟母⺠民⺡氵⺣灬⺤爫⺦丬⺨犭⺩𤣩⺫罒⺭礻⺮𥫗"
    "⺯糹⺰纟⺱罓⺲罒⺳㓁⺹耂⺺肀⺽𦥑⺾艹⺿艹⻀艹⻁虎⻂衤⻃覀⻅见⻆角⻇𧢲⻈讠⻉贝⻊𧾷⻋车⻌辶⻐钅⻑長⻒镸⻓长⻔门⻕𨸏⻖阝⻘青"
    "⻙韦⻚页⻛风⻜飞⻝食⻞𩙿⻟飠⻠饣⻡𩠐⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟⼀一⼁丨⼂丶⼃丿"
    "⼄乙⼅亅⼆二⼇亠⼈人⼉儿⼊入⼋八⼌冂⼍冖⼎冫⼏几⼐凵⼑刀⼒力⼓勹⼔匕⼕匚⼖匸⼗十⼘卜⼙卩⼚厂⼛厶⼜又⼝口⼞囗⼟土⼠士⼡夂"
    "⼢夊⼣夕⼤大⼥女⼦子⼧宀⼨寸⼩小⼪尢⼫尸⼬屮⼭山⼮巛⼯工⼰己⼱巾⼲干⼳幺⼴广⼵廴⼶廾⼷弋⼸弓⼺彡⼻彳⼼心⼽戈⼾户⼿手⽀支"
    "⽁攴⽂文⽃斗⽄斤⽅方⽆无⽇日⽈曰⽉月⽊木⽋欠⽌止⽍歹⽎殳⽏毋⽐比⽑毛⽒氏⽓气⽔水⽕火⽖爪⽗父⽘爻⽙爿⽚片⽛牙⽜牛⽝犬⽞玄"
    "⽟玉⽠瓜⽡瓦⽢甘⽣生⽤用⽥田⽦疋⽧疒⽨癶⽩白⽪皮⽫皿⽬目⽭矛⽮矢⽯石⽰示⽱禸⽲禾⽳穴⽴立⽵竹⽶米⽷糸⽸缶⽹网⽺羊⽻羽⽼老"
    "⽽而⽾耒⽿耳⾀聿⾁肉⾂臣⾃自⾄至⾅臼⾆舌⾇舛⾈舟⾉艮⾊色⾋艸⾌虍⾍虫⾎血⾏行⾐衣⾑襾⾒見⾔言⾕谷⾖豆⾗豕⾘豸⾙貝⾚赤⾛走"
    "⾜足⾝身⾞車⾟辛⾠辰⾡辵⾢邑⾣酉⾤釆⾥里⾦金⾧長⾨門⾩阜⾪隶⾫隹⾬雨⾭靑⾮非⾯面⾰革⾱韋⾲韭⾳音⾴頁⾵風⾶飛⾷食⾸首⾹香"
    "⾺馬⾼高⾽髟⾾鬥⾿鬯⿀鬲⿁鬼⿂魚⿃鳥⿄鹵⿅鹿⿆麥⿇麻⿈黃⿉黍⿊黑⿋黹⿌黽⿍鼎⿎鼓⿏鼠⿐鼻⿑齊⿒齒⿓龍⿕龠"
)
TABLE: dict[str, str] = {RADICALS[i]: RADICALS[i + 1] for i in range(0, len(RADICALS), 2)}
_HAS_RADICAL = re.compile(r"<\s*(?:2[Ee][89A-Fa-f]|2[Ff][0-9A-Da-d])[0-9A-Fa-f]\s*>")
_SECTION = re.compile(r"\d+\s+begin(bfchar|bfrange)(.*?)end\1", re.S)
_HEX = re.compile(r"<([0-9A-Fa-f\s]*)>|\[([^\]]*)\]")


def _text(hex_: str) -> str:
    return bytes.fromhex(hex_).decode("utf-16-be", errors="replace")


def _hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _entries(body: str, kind: str) -> Iterator[tuple[str, str]]:
    """(source code as hex, destination text) of one bfchar or bfrange section."""
    tokens = [(m.group(1), m.group(2)) for m in _HEX.finditer(body)]
    step = 2 if kind == "bfchar" else 3
    for i in range(0, len(tokens) - step + 1, step):
        if kind == "bfchar":
            yield tokens[i][0].replace(" ", ""), _text(tokens[i + 1][0].replace(" ", ""))
            continue
        low, high = tokens[i][0].replace(" ", ""), tokens[i + 1][0].replace(" ", "")
        width, start, end = len(low), int(low, 16), int(high, 16)
        hex_dst, array = tokens[i + 2]
        if array is not None:
            targets = [_text(h.replace(" ", "")) for h in re.findall(r"<([0-9A-Fa-f\s]*)>", array)]
        else:
            first = bytes.fromhex(hex_dst.replace(" ", ""))
            targets = [(first[:-1] + bytes([(first[-1] + k) & 0xFF])).decode("utf-16-be", errors="replace")
                       for k in range(end - start + 1)]
        for k, target in zip(range(start, end + 1), targets, strict=False):
            yield f"{k:0{width}X}", target


def fix_cmap(cmap: str) -> str | None:
    """The ToUnicode CMap with radicals replaced by ideographs, or None when it has none."""
    if not _HAS_RADICAL.search(cmap):
        return None
    sections = list(_SECTION.finditer(cmap))
    if not sections:
        return None
    mapping: dict[str, str] = {}
    for section in sections:
        for code, text in _entries(section.group(2), section.group(1)):
            mapping[code] = "".join(TABLE.get(ch, ch) for ch in text)
    items = sorted(mapping.items(), key=lambda kv: int(kv[0], 16))
    body = []
    for i in range(0, len(items), 100):  # at most 100 entries per section (PDF reference 5.9.2)
        chunk = items[i:i + 100]
        body.append(f"{len(chunk)} beginbfchar\n" + "".join(f"<{c}> <{_hex(t)}>\n" for c, t in chunk)
                    + "endbfchar\n")
    return cmap[:sections[0].start()] + "".join(body) + cmap[sections[-1].end():].lstrip("\n")


def _to_unicode_streams(resources: object, seen: set[int]) -> Iterator[object]:
    resources = resources.get_object() if resources is not None else None
    if not resources:
        return
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        ref = font.get("/ToUnicode")
        if ref is not None and id(ref.get_object()) not in seen:
            seen.add(id(ref.get_object()))
            yield ref.get_object()
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if "/Resources" in xobject and id(xobject) not in seen:
            seen.add(id(xobject))
            yield from _to_unicode_streams(xobject["/Resources"], seen)


def fix_text_layer(pdf: bytes) -> bytes:
    """The PDF with its ToUnicode maps corrected (unchanged without pypdf or without radicals)."""
    try:
        from pypdf import PdfWriter
    except ImportError:
        return pdf
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    changed = False
    seen: set[int] = set()
    for page in writer.pages:
        for stream in _to_unicode_streams(page.get("/Resources"), seen):
            fixed = fix_cmap(stream.get_data().decode("latin-1"))
            if fixed is not None:
                stream.set_data(fixed.encode("latin-1"))
                changed = True
    if not changed:
        return pdf
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
