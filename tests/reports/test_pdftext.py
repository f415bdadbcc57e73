"""The PDFs' text layer: radicals that share a glyph with an ideograph are named by the ideograph."""

from __future__ import annotations

from clustermon.reports.pdftext import TABLE, fix_cmap

HEAD = ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n1 begincodespacerange\n<00> <FF>\n"
        "endcodespacerange\n")
TAIL = "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"


def test_the_table_follows_the_font() -> None:
    assert TABLE["⻓"] == "长" and TABLE["⽣"] == "生" and TABLE["⼯"] == "工" and TABLE["⾦"] == "金"
    assert TABLE["⼾"] == "户"  # the simplified face's glyph, where NFKC would say 戶
    assert len(TABLE) == 296


def test_bfchar_and_bfrange_entries_are_rewritten() -> None:
    cmap = HEAD + ("2 beginbfchar\n<02> <2ED3>\n<B7> <95F2>\nendbfchar\n"
                   "2 beginbfrange\n<10> <12> <2F63>\n<20> <21> [<2F2F> <0041>]\nendbfrange\n") + TAIL
    fixed = fix_cmap(cmap)
    assert fixed.startswith(HEAD) and fixed.endswith(TAIL)
    assert "<02> <957F>" in fixed and "<B7> <95F2>" in fixed  # ⻓ → 长, 闲 unchanged
    assert "<10> <751F>" in fixed and "<11> <2F64>" not in fixed and "<11> <7528>" in fixed  # ⽣⽤ → 生用
    assert "<12> <7530>" in fixed  # ⽥ → 田
    assert "<20> <5DE5>" in fixed and "<21> <0041>" in fixed  # ⼯ → 工, A unchanged
    assert "7 beginbfchar" in fixed


def test_a_cmap_without_radicals_is_left_alone() -> None:
    assert fix_cmap(HEAD + "1 beginbfchar\n<01> <0020>\nendbfchar\n" + TAIL) is None


def test_a_supplementary_ideograph_is_written_as_a_surrogate_pair() -> None:
    fixed = fix_cmap(HEAD + "1 beginbfchar\n<05> <2E87>\nendbfchar\n" + TAIL)  # ⺇ → 𠘨 U+20628
    assert "<05> <D841DE28>" in fixed
