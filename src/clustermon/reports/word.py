"""The reports as Word documents (python-docx): the same sections as the web page, the charts as
PNG images drawn by Chromium (`pdf.chart_images`), and every run's East Asian font set to
Noto Sans CJK SC so that Word and WPS show the Chinese text in a CJK font."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from clustermon.reports.data import ClusterReport, SummaryReport
from clustermon.reports.render import cluster_title, summary_title
from clustermon.reports.templatetags.report_tags import signed
from clustermon.results.display import GRADE_NAMES

FONT = "Noto Sans CJK SC"
MUTED = RGBColor(0x61, 0x6E, 0x7C)
WARN = RGBColor(0xB2, 0x6A, 0x00)


# --- the document and its fonts -----------------------------------------------------------------

def _set_fonts(element: Any) -> None:
    """Latin and East Asian font on a style's or a run's rPr."""
    r_pr = element.get_or_add_rPr()
    fonts = r_pr.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)


def new_document(*, landscape: bool = False) -> DocumentType:
    doc = Document()
    for style in doc.styles:
        if style.type in (1, 2) and style.element is not None:  # paragraph and character styles
            _set_fonts(style.element)
    doc.styles["Normal"].font.size = Pt(10.5)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.8))
    section.top_margin = section.bottom_margin = Cm(1.8)
    return doc


def run(paragraph: Any, text: str, *, bold: bool = False, size: float | None = None,
        colour: RGBColor | None = None) -> Any:
    r = paragraph.add_run(text)
    _set_fonts(r._r)
    r.bold = bold or None
    if size:
        r.font.size = Pt(size)
    if colour is not None:
        r.font.color.rgb = colour
    return r


def para(doc: DocumentType, text: str = "", **kwargs: Any) -> Any:
    p = doc.add_paragraph()
    if text:
        run(p, text, **kwargs)
    return p


def heading(doc: DocumentType, text: str, level: int) -> Any:
    h = doc.add_heading(level=level)
    run(h, text)
    return h


def table(doc: DocumentType, header: Sequence[str], rows: Sequence[Sequence[Any]], *,
          numeric: Sequence[int] = (), widths: Sequence[float] | None = None, size: float = 9) -> Any:
    t = doc.add_table(rows=1, cols=len(header))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, title in enumerate(header):
        cell = t.rows[0].cells[i]
        run(cell.paragraphs[0], str(title), bold=True, size=size)
    for values in rows:
        cells = t.add_row().cells
        for i, value in enumerate(values):
            p = cells[i].paragraphs[0]
            run(p, "" if value is None else str(value), size=size)
            if i in numeric:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if widths:
        for row in t.rows:
            for i, width in enumerate(widths):
                row.cells[i].width = Cm(width)
    return t


def picture(doc: DocumentType, images: Mapping[str, bytes], key: str, width_cm: float) -> None:
    png = images.get(key)
    if png:
        doc.add_picture(io.BytesIO(png), width=Cm(width_cm))
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    else:
        para(doc, _("(The chart could not be drawn here: Chromium is not installed.)"), colour=MUTED, size=9)


def to_bytes(doc: DocumentType) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _subtitle(doc: DocumentType, text: str) -> None:
    para(doc, text, colour=MUTED, size=9)


# --- the cluster's diagnostic report --------------------------------------------------------------

def _version_line(result_set: Any) -> str:
    return _("results version %(number)s (%(status)s)") % {
        "number": result_set.number, "status": result_set.get_status_display()}


def cluster_docx(report: ClusterReport, images: Mapping[str, bytes]) -> bytes:
    r, result, cluster = report, report.result, report.cluster
    doc = new_document()
    doc.core_properties.title = cluster_title(report)
    doc.core_properties.author = "clustermon"
    heading(doc, f"{cluster.name} · {_('Diagnostic report')}", 0)
    _subtitle(doc, f"{r.round.title} · {r.group_name} · {_version_line(r.result_set)} · "
                   f"{_('generated')} {timezone.localtime():%Y-%m-%d %H:%M}")
    if r.result_set.status != "approved":
        para(doc, _("These results are not approved yet: the figures may still change."), colour=WARN)

    heading(doc, _("1. Profile"), 1)
    profile = [
        (_("City"), cluster.county.city.name), (_("County"), cluster.county.name), (_("Group"), r.group_name),
        (_("Type"), f"{cluster.get_kind_display()} · {cluster.get_level_display()}"),
        (_("Leading industry"), cluster.leading_industry or "—"),
        (_("Core park"), cluster.core_park.name if cluster.core_park else "—"),
        (_("Promotion organisation"), cluster.promotion_organisation.name if cluster.promotion_organisation else "—"),
        (_("Recognised in"), cluster.year_recognised),
    ]
    table(doc, [_("Item"), _("Value")], profile, widths=[4.5, 12.5], size=10)

    heading(doc, _("2. Result"), 1)
    table(doc, [_("Total"), _("Group average"), _("Group best"), _("Rank in group"), _("Grade"), _("Stars"),
                _("Promotion-organisation label")],
          [[result.total, r.average_total, r.best_total, f"{result.rank} / {result.group_size}", r.grade_name,
            r.stars_text or "—", r.label_name or "—"]], numeric=(0, 1, 2), size=10)
    para(doc, _("Total %(total)s = base score %(base)s + bonus %(bonus)s − deduction %(deduction)s.") % {
        "total": result.total, "base": result.base, "bonus": result.bonus, "deduction": result.deduction})
    if r.grade_policy:
        para(doc, _("Rank %(rank)s of %(size)s: the top %(eq)s ranks are excellent, ranks up to %(gq)s good, "
                    "and a total below %(mark)s is unqualified (H-Art.10).") % {
            "rank": result.rank, "size": result.group_size, "eq": r.grade_policy.get("excellent_quota"),
            "gq": r.grade_policy.get("good_quota"), "mark": r.grade_policy.get("pass_mark")})
    table(doc, [_("Part"), _("Weight"), _("Score (of 100)"), _("Group average"), _("Group best")],
          [[p.name, f"{p.weight:.0f}%", p.score, p.average, p.best] for p in r.parts], numeric=(1, 2, 3, 4))
    for claim in r.bonus:
        para(doc, f"{_('Bonus')}: {claim.name} +{claim.points}")
    for claim in r.deduction:
        para(doc, f"{_('Deduction')}: {claim.name} −{claim.points}")

    heading(doc, _("3. First-level indicators against the group"), 1)
    _subtitle(doc, _("Each axis is a first-level indicator, as a percentage of its full marks; the group best "
                     "is the best cluster on each axis."))
    picture(doc, images, "radar", 15)

    heading(doc, _("4. Strengths and weaknesses"), 1)
    _subtitle(doc, _("The indicators furthest above and below the group average, in percentage points of "
                     "their full marks."))
    for title, lines in ((_("Strengths"), r.strengths), (_("Weaknesses"), r.weaknesses)):
        heading(doc, title, 2)
        if lines:
            table(doc, [_("Indicator"), _("Points"), _("Group average"), _("Percentage points")],
                  [[f"{x.code} {x.name}", f"{x.points} / {x.max_points}", x.average, signed(x.lead)] for x in lines],
                  numeric=(1, 2, 3))
        else:
            para(doc, _("None."), colour=MUTED)

    heading(doc, _("5. Every indicator"), 1)
    rows = []
    for x in r.indicators:
        value = ""
        if x.is_leaf:
            value = (_("experts: %(scores)s") % {"scores": x.experts} if x.experts
                     else _("value missing") if x.missing else f"{x.value} {x.unit}".strip())
            if x.corrected:
                value += " (" + _("submitted %(value)s") % {"value": x.submitted} + ")"
        rows.append(["\u3000" * x.depth + f"{x.code} {x.name}", value, x.points, x.max_points, x.average, x.best,
                     signed(x.gap_average), signed(x.gap_best)])
    table(doc, [_("Indicator"), _("Value"), _("Points"), _("Full marks"), _("Group average"), _("Group best"),
                _("Gap to average"), _("Gap to best")], rows, numeric=(1, 2, 3, 4, 5, 6, 7),
          widths=[5.6, 2.6, 1.4, 1.4, 1.6, 1.6, 1.6, 1.6], size=8)
    _subtitle(doc, _("Points are out of each part's 100; the part's weight applies to the total."))

    heading(doc, _("6. Trend over the rounds of the scheme"), 1)
    picture(doc, images, "trend", 15)
    table(doc, [_("Year"), _("Group"), _("Total"), _("Rank"), _("Grade"), _("Group average"), _("Group best")],
          [[p.year, p.group, p.total, f"{p.rank}/{p.size}", p.grade_name, p.average, p.best] for p in r.trend],
          numeric=(2, 3, 5, 6))

    heading(doc, _("7. Follow-up plan"), 1)
    p = para(doc)
    run(p, _("The grade requires: %(kind)s.") % {"kind": r.plan_kind} + " ", bold=True)
    run(p, r.plan_text)
    para(doc, f"{_('Measures, Article 15:')} {r.plan_article}", colour=MUTED, size=9)
    para(doc, _("Indicators to address first (the lowest shares of their full marks, as the follow-up plan "
                "suggests):"))
    if r.priorities:
        table(doc, [_("Indicator"), _("Points"), _("Group average"), _("Group best"), _("Reachable gain")],
              [[f"{x.code} {x.name}", f"{x.points} / {x.max_points}", x.average, x.best, x.gain]
               for x in r.priorities], numeric=(1, 2, 3, 4))
    else:
        para(doc, _("Every indicator has its full marks."), colour=MUTED)

    heading(doc, _("8. Grade stability"), 1)
    para(doc, str(r.stability) if r.stability else _(
        "The robustness analysis of the grades (how often the grade holds when the weights and expert scores "
        "vary) is not available yet."), colour=None if r.stability else MUTED)
    return to_bytes(doc)


# --- the summary -----------------------------------------------------------------------------------

def _grade_headers() -> list[str]:
    return [str(name) for name in GRADE_NAMES.values()]


def summary_docx(report: SummaryReport, images: Mapping[str, bytes]) -> bytes:
    s = report
    doc = new_document()
    doc.core_properties.title = summary_title(report)
    doc.core_properties.author = "clustermon"
    heading(doc, f"{s.round.title} · {_('Summary report')}", 0)
    _subtitle(doc, f"{_version_line(s.result_set)} · {_('generated')} {timezone.localtime():%Y-%m-%d %H:%M}")
    if s.result_set.status != "approved":
        para(doc, _("These results are not approved yet: the figures may still change."), colour=WARN)
    if s.scoped:
        para(doc, _("This summary covers only the clusters in your area; ranks and grades are those within the "
                    "whole group."), colour=WARN)
    grades = list(GRADE_NAMES)

    heading(doc, _("1. Overview"), 1)
    table(doc, [_("Clusters"), *_grade_headers(), _("With stars")],
          [[len(s.rows), *[s.distribution[g] for g in grades], s.starred]], numeric=range(len(grades) + 2), size=10)

    heading(doc, _("2. Grades per group"), 1)
    picture(doc, images, "distribution", 16)
    table(doc, [_("Group"), _("Clusters in group"), *_grade_headers(), _("Average total")],
          [[g.name, g.size, *[g.distribution[x] for x in grades], g.average_total] for g in s.groups],
          numeric=range(1, len(grades) + 3))

    heading(doc, _("3. Rankings per group"), 1)
    for g in s.groups:
        heading(doc, f"{g.name}（{g.size}）", 2)
        if g.small:
            para(doc, _("Only %(size)s clusters: no cluster of this group can be excellent (a group needs at "
                        "least %(need)s).") % {"size": g.size, "need": g.min_size_for_excellent}, colour=WARN)
        table(doc, [_("Rank"), _("Cluster"), _("City"), _("County"), _("Total"), _("Grade"), _("Stars"), _("Label")],
              [[row.rank, row.cluster.name, row.cluster.county.city.name, row.cluster.county.name, row.total,
                row.grade_name, row.stars_text, row.label_name] for row in g.rows],
              numeric=(0, 4), widths=[1.2, 5.8, 2.2, 2.2, 1.6, 1.4, 1.6, 1.4], size=8.5)

    heading(doc, _("4. By city"), 1)
    picture(doc, images, "map", 15)
    _subtitle(doc, _("A schematic map: each city is a tile at its approximate place, coloured by the average "
                     "total of its clusters (all groups together)."))
    table(doc, [_("City"), _("Clusters"), _("Average total"), *_grade_headers(), _("With stars")],
          [[c.city.name, c.count, c.average_total, *[c.grades[x] for x in grades], c.starred]
           for c in s.cities if c.count], numeric=range(1, len(grades) + 4))

    heading(doc, _("5. Biggest movers since the previous round"), 1)
    if s.previous_set is None:
        para(doc, _("There are no approved results of the previous year to compare with."), colour=MUTED)
    else:
        for title, movers in ((_("Risers"), s.risers), (_("Fallers"), s.fallers)):
            heading(doc, title, 2)
            if not movers:
                para(doc, _("None."), colour=MUTED)
                continue
            table(doc, [_("Cluster"), _("Total"), _("Change in total"), _("Rank"), _("Grade")],
                  [[m.result.cluster.name, f"{m.previous.total} → {m.result.total}", signed(m.delta),
                    f"{m.previous.rank}/{m.previous.group_size} → {m.result.rank}/{m.result.group_size}"
                    + ("" if m.same_group else " *"), f"{m.previous_grade_name} → {m.grade_name}"]
                   for m in movers], numeric=(1, 2))
        _subtitle(doc, _("* ranked in another group the year before."))

    heading(doc, _("6. Groups too small for an excellent grade"), 1)
    if s.small_groups:
        for g in s.small_groups:
            doc.add_paragraph(style="List Bullet")
            run(doc.paragraphs[-1], _("%(name)s: %(size)s clusters; an excellent grade needs a group of at least "
                                      "%(need)s (top 20 percent, rounded down).") % {
                "name": g.name, "size": g.size, "need": g.min_size_for_excellent})
    else:
        para(doc, _("Every group is large enough for an excellent grade."), colour=MUTED)

    heading(doc, _("7. Grade stability"), 1)
    para(doc, str(s.stability) if s.stability else _(
        "The robustness analysis of the grades (clusters whose grade changes when the weights and expert scores "
        "vary) is not available yet."), colour=None if s.stability else MUTED)
    return to_bytes(doc)
