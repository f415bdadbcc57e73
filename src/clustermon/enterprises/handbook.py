"""The assessment handbook of one cluster (考核工作手册) as a Word document, filled from the data.

Cover, cluster profile, the performance figures (this year, last year, increase, from the values
and the enterprise list), the qualitative indicators with the cluster's narratives, the evidence
list (files attached to the submission) and, when the viewer may see results, the scores.
Chinese text is set in an East Asian font (`HANDBOOK_EAST_ASIA_FONT`, SimSun by default), so the
document renders the same in Word and in LibreOffice.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Pt

from clustermon.enterprises import aggregate
from clustermon.results.display import grade_name
from clustermon.submissions.validation import (
    QUALITATIVE,
    QUANTITATIVE,
    YES_NO,
    display,
    fields_of,
    localized,
    parse_number,
)

if TYPE_CHECKING:
    from clustermon.enterprises.models import EnterpriseFigure
    from clustermon.scoring import Framework
    from clustermon.submissions.models import Evidence, Submission

PREV = "@prev"
STYLES = ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Table Grid")


@dataclass
class HandbookData:
    """What the handbook shows; the view gathers it through the policy helpers."""

    submission: Submission
    framework: Framework
    figures: Sequence[EnterpriseFigure]
    evidence: Sequence[Evidence]
    previous: Mapping[str, Any]  # last year's round values (fallback for CODE@prev)
    result: Any = None  # a ClusterResult the viewer may see, or None
    result_set: Any = None


def east_asia_font() -> str:
    return getattr(settings, "HANDBOOK_EAST_ASIA_FONT", "SimSun")


def _set_fonts(document: Any) -> None:
    font = east_asia_font()
    for name in STYLES:
        try:
            style = document.styles[name]
        except KeyError:
            continue
        style.font.name = font
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), font)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
    document.styles["Normal"].font.size = Pt(11)


def number_text(value: Decimal | None, integer: bool = False) -> str:
    if value is None:
        return "—"
    if integer or value == value.to_integral_value():
        return f"{value.quantize(Decimal(1)):,}"
    return f"{value.quantize(Decimal('0.01')):,}"


def _table(document: Any, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float] | None = None) -> Any:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(str(text)).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = str(text)
    return table


def _pairs(document: Any, pairs: Sequence[tuple[str, str]]) -> None:
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in pairs:
        cells = table.add_row().cells
        cells[0].text = ""
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].text = value or "—"


# ------------------------------------------------------------------------------------ sections


def _cover(document: Any, data: HandbookData) -> None:
    sub = data.submission
    for _blank in range(4):
        document.add_paragraph()
    title = document.add_paragraph(style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(sub.round.title)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(_("Assessment handbook"))
    run.bold = True
    run.font.size = Pt(26)
    document.add_paragraph()
    name = document.add_paragraph()
    name.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = name.add_run(sub.cluster.name)
    run.bold = True
    run.font.size = Pt(18)
    for _blank in range(3):
        document.add_paragraph()
    manifest = sub.round.scheme.manifest or {}
    _pairs(document, [
        (_("Cluster"), sub.cluster.name),
        (_("City"), sub.cluster.county.city.name),
        (_("County"), sub.cluster.county.name),
        (_("Assessed year"), str(sub.round.year)),
        (_("Organised by"), localized(manifest.get("authority"))),
        (_("Basis"), localized(manifest.get("basis"))),
        (_("Filled in by (seal)"), ""),
        (_("Date"), date_format(timezone.localdate())),
    ])
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _profile(document: Any, data: HandbookData) -> None:
    sub, cluster = data.submission, data.submission.cluster
    document.add_heading(_("1. Cluster profile"), level=1)
    _pairs(document, [
        (_("Cluster"), cluster.name),
        (_("Code"), cluster.code),
        (_("Place"), f"{cluster.province.name} · {cluster.county.city.name} · {cluster.county.name}"),
        (_("Type"), cluster.get_kind_display()),
        (_("Level"), cluster.get_level_display()),
        (_("Group"), sub.round.scheme.group_name(sub.group)),
        (_("Leading industry"), cluster.leading_industry),
        (_("Year recognised"), str(cluster.year_recognised)),
        (_("Core park"), cluster.core_park.name if cluster.core_park_id else ""),
        (_("Promotion organisation"), cluster.promotion_organisation.name if cluster.promotion_organisation_id else ""),
        (_("Enterprises listed"), str(len(data.figures)) if data.framework.enterprise_data else ""),
        (_("Status of the submission"), sub.get_status_display()),
    ])


def _value(values: Mapping[str, Any], code: str) -> Decimal | None:
    raw = values.get(code)
    return None if raw in (None, "") else parse_number(raw)


def _performance(document: Any, data: HandbookData) -> None:
    sub, framework = data.submission, data.framework
    values = sub.values or {}
    document.add_heading(_("2. Performance figures"), level=1)
    rows = []
    for f in fields_of(framework):
        if f.kind not in (QUANTITATIVE, YES_NO):
            continue
        if f.kind == YES_NO:
            rows.append([f"{f.code} {localized(f.name)}", "", display(f, values.get(f.code)) or "—", "", "", ""])
            continue
        now = _value(values, f.code)
        before = _value(values, f.code + PREV)
        if before is None:
            before = _value(data.previous, f.code)
        increase = now - before if now is not None and before is not None else None
        rate = f"{increase / abs(before) * 100:+.1f}%" if increase is not None and before else "—"
        integer = f.unit in ("人", "家", "个", "件", "项")
        rows.append([f"{f.code} {localized(f.name)}", f.unit, number_text(now, integer), number_text(before, integer),
                     number_text(increase, integer), rate])
    _table(document, [_("Indicator"), _("Unit"), _("This year"), _("Last year"), _("Increase"), _("Growth")], rows)
    spec = framework.enterprise_data
    if spec is None:
        return
    listed = aggregate_rows(data.figures)
    document.add_heading(localized(spec.name) or _("Enterprise list"), level=2)
    if spec.note:
        document.add_paragraph(localized(spec.note))
    totals = aggregate.field_totals(spec, listed)
    document.add_paragraph(_("Totals of the %(n)s enterprises listed:") % {"n": len(listed)})
    _table(document, [_("Figure"), _("Unit"), _("This year"), _("Last year"), _("Increase"), _("Growth")], [
        [localized(t.field.name), t.field.unit or "", number_text(t.current, t.field.integer),
         number_text(t.previous, t.field.integer), number_text(t.increment, t.field.integer),
         f"{t.rate * 100:+.1f}%" if t.rate is not None else "—"] for t in totals])
    document.add_paragraph()
    header = [_("No."), _("Enterprise")] + [
        f"{localized(f.name)}（{f.unit or ''}）\n" + _("this year / last year") for f in spec.fields]
    rows = []
    for i, (figure, row) in enumerate(zip(data.figures, listed, strict=True), start=1):
        county = figure.enterprise.county.name if figure.enterprise.county_id else ""
        cells = [str(i), f"{row.name}\n{row.code}" + (f"\n{county}" if county else "")]
        for f in spec.fields:
            cells.append(f"{number_text(row.figure(f.code), f.integer)} / "
                         f"{number_text(row.figure(f.code, True), f.integer)}")
        rows.append(cells)
    _table(document, header, rows)


def aggregate_rows(figures: Sequence[EnterpriseFigure]) -> list[aggregate.Row]:
    return [aggregate.Row(f.enterprise.credit_code, f.enterprise.name, f.current or {}, f.previous or {})
            for f in figures]


def _work(document: Any, data: HandbookData) -> None:
    sub = data.submission
    narratives = sub.narratives or {}
    by_indicator: dict[str, list[str]] = {}
    for item in data.evidence:
        if item.indicator:
            by_indicator.setdefault(item.indicator, []).append(item.name)
    qualitative = [f for f in fields_of(data.framework) if f.kind == QUALITATIVE]
    if not qualitative:
        return
    document.add_heading(_("3. Work indicators"), level=1)
    for f in qualitative:
        document.add_heading(f"{f.code} {localized(f.name)}", level=2)
        if f.definition:
            note = document.add_paragraph()
            run = note.add_run(localized(f.definition))
            run.italic = True
            run.font.size = Pt(9)
        text = str(narratives.get(f.code) or "").strip()
        if not text:
            document.add_paragraph(_("(not filled in)"))
        for paragraph in text.splitlines():
            if paragraph.strip():
                document.add_paragraph(paragraph.strip())
        if by_indicator.get(f.code):
            document.add_paragraph(_("Evidence: %(files)s") % {"files": "；".join(by_indicator[f.code])})


def _evidence(document: Any, data: HandbookData) -> None:
    document.add_heading(_("4. Evidence list"), level=1)
    if not data.evidence:
        document.add_paragraph(_("No file is attached to this submission."))
        return
    names = {f.code: localized(f.name) for f in fields_of(data.framework)}
    rows = []
    for i, item in enumerate(data.evidence, start=1):
        target = f"{item.indicator} {names.get(item.indicator, '')}".strip() if item.indicator else _("claim")
        rows.append([str(i), target, item.name, item.content_type, f"{item.size / 1024:,.0f} KB",
                     date_format(timezone.localtime(item.uploaded_at), "Y-m-d"), item.sha256[:16]])
    _table(document, [_("No."), _("Indicator"), _("File"), _("Type"), _("Size"), _("Uploaded"), _("SHA-256 (start)")],
           rows)


def _scores(document: Any, data: HandbookData) -> None:
    document.add_heading(_("5. Scores"), level=1)
    result = data.result
    if result is None:
        document.add_paragraph(_("No results are available for this cluster yet."))
        return
    status = data.result_set.get_status_display() if data.result_set is not None else ""
    _pairs(document, [
        (_("Total"), str(result.total)),
        (_("Rank"), f"{result.rank} / {result.group_size}"),
        (_("Grade"), grade_name(result.grade)),
        (_("Base score"), str(result.base)),
        (_("Bonus"), str(result.bonus)),
        (_("Deduction"), str(result.deduction)),
        (_("Results"), _("version %(number)s, %(status)s") % {"number": data.result_set.number, "status": status}
         if data.result_set is not None else ""),
    ])
    document.add_paragraph()
    parts = {p.code: localized(p.name) for p in data.framework.parts}
    rows = [[parts.get(code, code), str(score)] for code, score in (result.part_scores or {}).items()]
    _table(document, [_("Part"), _("Score (of 100)")], rows)
    document.add_paragraph()
    points = result.node_points or {}
    rows = [[f"{leaf.code} {localized(leaf.name)}", f"{leaf.points:g}", str(points.get(leaf.code, "—"))]
            for leaf in data.framework.leaves()]
    _table(document, [_("Indicator"), _("Full points"), _("Points")], rows)


def build_handbook(data: HandbookData) -> bytes:
    """The .docx bytes of the handbook."""
    document = Document()
    _set_fonts(document)
    core = document.core_properties
    core.title = f"{data.submission.round.title} · {data.submission.cluster.name}"
    core.author = "clustermon"
    _cover(document, data)
    _profile(document, data)
    _performance(document, data)
    _work(document, data)
    _evidence(document, data)
    _scores(document, data)
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = _("Generated by clustermon on %(date)s from version %(version)s of the submission.") % {
        "date": date_format(timezone.localdate()), "version": data.submission.version}
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
