"""PDF renderer: a :class:`~workbench.reports.model.ReportData` as a paginated A4 report.

reportlab platypus with the DejaVu fonts embedded: a cover page, a table of contents with
PDF bookmarks (outline), one chapter per section, portrait pages for text and landscape pages
for wide tables, "Page x of y" footers (a two-pass canvas as in pretix's invoice renderer),
charts from :mod:`workbench.reports.charts`.

Speed on big annexes: tables (:mod:`workbench.reports.pdf_tables`) are cut into chunks of plain
string cells. The table of contents needs page numbers, so the document is laid out more than
once; the layout passes skip drawing the big tables and only the last pass draws everything,
which keeps a 10,000-row annex close to the cost of one plain reportlab build. Styles, margins
and colours are in :mod:`workbench.reports.pdf_style`.

Escaping: table cells are drawn as literal strings; every text that goes into Paragraph
markup (headings, prose, cover, table of contents) goes through ``xml.sax.saxutils.escape``,
so a member called ``R&D <Lab>`` prints as such.
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Spacer,
)
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Table as RLTable
from reportlab.platypus.flowables import HRFlowable, Image
from reportlab.platypus.tableofcontents import TableOfContents

from workbench.reports.charts import ACCENT, FAIL_COLOUR, draw_chart, readiness_gauge
from workbench.reports.files import atomic_output
from workbench.reports.fonts import SANS, SANS_BOLD, register_fonts
from workbench.reports.i18n import short_date, t
from workbench.reports.model import (
    Chart,
    ChartRow,
    Heading,
    PageBreak,
    Paragraph,
    Progress,
    ReportData,
    Score,
    Section,
    Table,
)
from workbench.reports.pdf_style import (
    BOTTOM_MARGIN,
    MARGIN,
    TEXT_DARK,
    TEXT_GREY,
    TOP_MARGIN,
    _styles,
    para,
)
from workbench.reports.pdf_tables import _FastTable, table_flowables

# --------------------------------------------------------------------------- canvas


class NumberedCanvas(Canvas):
    """Canvas that draws "Page x of y" on every page but the first (the cover).

    The page count comes from the previous layout pass (*pages*): each page is finished and
    handed to reportlab as soon as it is full, so a 2,000-page annex is not held in memory
    until the end (pretix's invoice renderer keeps every page's state until ``save()``;
    that doubled the PDF's peak memory at 50,000 members). :meth:`pages_shown` tells the
    document how many pages this pass made: when it differs from *pages*, the footers are
    wrong and the document is drawn once more. A layout pass (*pages* None) draws no footer.
    """

    def __init__(
        self,
        *args: Any,
        page_text: str = "Page {page} of {pages}",
        left_text: str = "",
        pages: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._page_text = page_text
        self._left_text = left_text
        self._expected_pages = pages
        self._shown = 0

    def showPage(self) -> None:  # noqa: N802 - reportlab API
        self._shown += 1
        if self._expected_pages is not None and self._pageNumber > 1:
            self._draw_footer(self._expected_pages)
        super().showPage()

    def pages_shown(self) -> int:
        """Pages finished so far."""
        return self._shown

    def _draw_footer(self, pages: int) -> None:
        width, _height = self._pagesize
        self.saveState()
        self.setFont(SANS, 7.5)
        self.setFillColor(TEXT_GREY)
        self.drawRightString(
            width - MARGIN, 10 * mm, self._page_text.format(page=self._pageNumber, pages=pages)
        )
        if self._left_text:
            self.drawString(MARGIN, 10 * mm, self._left_text)
        self.restoreState()


# --------------------------------------------------------------------------- flowables


class _Anchor(Flowable):
    """Zero-size flowable marking a heading's place for the outline and the contents."""

    def __init__(self, level: int, text: str, key: str) -> None:
        super().__init__()
        self.toc = (level, text, key)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


# --------------------------------------------------------------------------- document


def _page_frame(page_size: tuple[float, float], frame_id: str, *, padding: float = 0) -> Frame:
    """The frame of a page of *page_size* inside the report's margins, *padding* on each side."""
    width, height = page_size
    return Frame(
        MARGIN,
        BOTTOM_MARGIN,
        width - 2 * MARGIN,
        height - TOP_MARGIN - BOTTOM_MARGIN,
        leftPadding=padding,
        bottomPadding=padding,
        rightPadding=padding,
        topPadding=padding,
        id=frame_id,
    )


class _Document(BaseDocTemplate):
    def __init__(
        self, filename: str, report: ReportData, progress: Progress | None, total_rows: int
    ) -> None:
        super().__init__(
            filename,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=TOP_MARGIN,
            bottomMargin=BOTTOM_MARGIN,
            title=f"{report.title} — {report.cluster_name}",
            author=report.cluster_name,
            subject=report.running_title or report.title,
            creator="Cluster Workbench",
            lang="it-IT" if report.lang == "it" else "en-GB",
            initialFontName=SANS,
            initialFontSize=9,
        )
        self.report = report
        self.styles = _styles()
        self.layout_only = True
        self._progress = progress
        self._total_rows = max(total_rows, 1)
        self._rows_done = 0
        self._progress_done = -1
        wide = landscape(A4)
        portrait_frame = _page_frame(A4, "portrait")
        landscape_frame = _page_frame(wide, "landscape")
        cover_frame = _page_frame(A4, "cover", padding=6)
        self.addPageTemplates(
            [
                PageTemplate("cover", [cover_frame], onPage=self._draw_cover, pagesize=A4),
                PageTemplate("portrait", [portrait_frame], onPage=self._decorate, pagesize=A4),
                PageTemplate("landscape", [landscape_frame], onPage=self._decorate, pagesize=wide),
            ]
        )
        self.portrait_width = portrait_frame._width
        self.landscape_width = landscape_frame._width

    # -- decoration

    def _decorate(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        width, height = canv._pagesize
        canv.saveState()
        canv.setFont(SANS_BOLD, 7.8)
        canv.setFillColor(ACCENT)
        canv.drawString(MARGIN, height - 12 * mm, self.report.cluster_name[:90])
        canv.setFont(SANS, 7.8)
        canv.setFillColor(TEXT_GREY)
        canv.drawRightString(
            width - MARGIN, height - 12 * mm, (self.report.running_title or self.report.title)[:80]
        )
        canv.setStrokeColor(ACCENT)
        canv.setLineWidth(0.6)
        canv.line(MARGIN, height - 13.8 * mm, width - MARGIN, height - 13.8 * mm)
        canv.setStrokeColor(colors.HexColor("#BFBFBF"))
        canv.setLineWidth(0.4)
        canv.line(MARGIN, 13.5 * mm, width - MARGIN, 13.5 * mm)
        canv.restoreState()

    def _draw_cover(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        report, styles = self.report, self.styles
        width, height = canv._pagesize
        band = 118 * mm
        canv.saveState()
        canv.setFillColor(ACCENT)
        canv.rect(0, height - band, width, band, stroke=0, fill=1)
        canv.setFillColor(colors.HexColor("#2E86AB"))
        canv.rect(0, height - band - 3 * mm, width, 3 * mm, stroke=0, fill=1)
        inner = width - 2 * MARGIN - 6 * mm
        y = height - 26 * mm
        if report.logo_path:
            try:
                logo = Image(report.logo_path)
                scale = min(60 * mm / logo.imageWidth, 24 * mm / logo.imageHeight)
                lw, lh = logo.imageWidth * scale, logo.imageHeight * scale
                canv.setFillColor(colors.white)
                canv.roundRect(MARGIN, y - lh - 4, lw + 8, lh + 8, 3, stroke=0, fill=1)
                canv.drawImage(
                    report.logo_path,
                    MARGIN + 4,
                    y - lh,
                    lw,
                    lh,
                    mask="auto",
                    preserveAspectRatio=True,
                )
                y -= lh + 14 * mm
            except Exception:  # noqa: BLE001 - an unreadable logo must not stop the report
                y -= 6 * mm
        else:
            y -= 18 * mm
        name = para(report.cluster_name, styles["cover_name"])
        _w, h = name.wrapOn(canv, inner, band)
        name.drawOn(canv, MARGIN + 3 * mm, y - h)
        y -= h + 5 * mm
        title = para(report.title, styles["cover_title"])
        _w, h = title.wrapOn(canv, inner, band)
        title.drawOn(canv, MARGIN + 3 * mm, y - h)
        y = height - band - 24 * mm
        for n, line in enumerate(report.cover_lines):
            p = para(line, styles["cover_first" if n == 0 else "cover_line"])
            _w, h = p.wrapOn(canv, inner, 100 * mm)
            p.drawOn(canv, MARGIN + 3 * mm, y - h)
            y -= h + (4 * mm if n == 0 else 2 * mm)
        if report.no_data:
            # Tiles of zeros would look like a broken report: say why there is nothing.
            self._draw_notice(canv, report.no_data, y - 12 * mm, width - 2 * MARGIN)
        elif report.cover_facts:
            self._draw_tiles(canv, report.cover_facts[:4], y - 12 * mm, width - 2 * MARGIN)
        canv.setStrokeColor(ACCENT)
        canv.setLineWidth(0.6)
        canv.line(MARGIN, 22 * mm, width - MARGIN, 22 * mm)
        canv.setFont(SANS, 7.5)
        canv.setFillColor(TEXT_GREY)
        canv.drawString(MARGIN, 17 * mm, "Cluster Workbench")
        canv.drawRightString(width - MARGIN, 17 * mm, short_date(report.generated_on))
        canv.restoreState()

    def _draw_notice(self, canv: Canvas, text: str, top: float, width: float) -> None:
        style = ParagraphStyle(
            "notice", fontName=SANS_BOLD, fontSize=11.5, leading=15, textColor=TEXT_DARK
        )
        notice = para(text, style)
        _w, h = notice.wrapOn(canv, width - 12 * mm, 60 * mm)
        canv.setFillColor(colors.HexColor("#FDF3E1"))
        canv.roundRect(MARGIN, top - h - 10 * mm, width, h + 10 * mm, 3, stroke=0, fill=1)
        canv.setFillColor(FAIL_COLOUR)
        canv.rect(MARGIN, top - h - 10 * mm, 1.6 * mm, h + 10 * mm, stroke=0, fill=1)
        notice.drawOn(canv, MARGIN + 6 * mm, top - 5 * mm - h)

    def _draw_tiles(
        self, canv: Canvas, facts: list[tuple[str, str]], top: float, width: float
    ) -> None:
        gap = 4 * mm
        tile_w = (width - gap * (len(facts) - 1)) / len(facts)
        tile_h = 25 * mm
        label_style = ParagraphStyle(
            "tile", fontName=SANS, fontSize=7.6, leading=9.4, textColor=TEXT_GREY
        )
        for n, (label, value) in enumerate(facts):
            x = MARGIN + n * (tile_w + gap)
            canv.setFillColor(colors.HexColor("#EEF3F8"))
            canv.roundRect(x, top - tile_h, tile_w, tile_h, 3, stroke=0, fill=1)
            canv.setFillColor(ACCENT)
            canv.rect(x, top - tile_h, 1.6 * mm, tile_h, stroke=0, fill=1)
            size = 17.0
            while size > 9 and stringWidth(value, SANS_BOLD, size) > tile_w - 8 * mm:
                size -= 1
            canv.setFont(SANS_BOLD, size)
            canv.drawString(x + 5 * mm, top - 10 * mm, value)
            text = para(label, label_style)
            _w, h = text.wrapOn(canv, tile_w - 8 * mm, 12 * mm)
            text.drawOn(canv, x + 5 * mm, top - 13 * mm - h)

    # -- outline, contents and progress

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab API
        toc = getattr(flowable, "toc", None)
        if toc is not None:
            level, text, key = toc
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)
            self.notify("TOCEntry", (level, escape(text), self.page, key))
        if isinstance(flowable, _FastTable) and self._progress is not None:
            self._rows_done += max(0, len(flowable._cellvalues) - 1)
            share = min(self._rows_done / self._total_rows, 1.0)
            start, span = (0, 35) if self.layout_only else (35, 60)
            done = start + int(span * share)
            if done > self._progress_done:  # later layout passes do not go backwards
                self._progress_done = done
                self._progress(done, 100)

    def build_with_contents(
        self, story: list[Flowable], canvasmaker: Any, contents: TableOfContents | None = None
    ) -> int:
        """Lay the document out once (drawing skipped), then draw it; repeat only if needed.

        Mirrors ``BaseDocTemplate.multiBuild``. The contents are seeded with every heading
        (page numbers unknown), so the layout pass already gives the contents their final
        size and, almost always, the final page numbers and page count: the drawing pass then
        confirms them. Should a page number or the page count (the footers' "of y") still
        move, further passes run until they settle. *canvasmaker* takes ``pages``, the page
        count the footers print (None: a layout pass).
        """
        self._indexingFlowables = [f for f in story if f.isIndexing()]
        if contents is not None:
            contents._entries = [
                (level, escape(text), 999, key)
                for level, text, key in (f.toc for f in story if isinstance(f, _Anchor))
            ]
        self._doSave = 0
        passes = 0
        edits: list[Any] = []
        # reportlab records attribute edits to undo before the next pass (a postponed
        # flowable's mark, a keep-with-next taken from a style). Only the story's own
        # flowables meet the next pass: the pieces of split tables are made anew each pass,
        # and recording theirs kept every page's leftover piece of a register (a table of up
        # to 500 rows, with a style object per cell) alive until the pass ended.
        in_story = {id(flowable) for flowable in story}

        def record(edit: tuple[Any, ...]) -> None:
            if id(edit[1]) in in_story:
                edits.append(edit)

        self._multiBuildEdits = record
        self.layout_only = True
        pages: int | None = None
        while True:
            passes += 1
            self._rows_done = 0
            for flowable in self._indexingFlowables:
                flowable.beforeBuild()
            self.build(story[:], canvasmaker=partial(canvasmaker, pages=pages))
            for flowable in self._indexingFlowables:
                flowable.afterBuild()
            happy = self._allSatisfied()
            shown = self.canv.pages_shown()
            if happy and not self.layout_only and shown == pages:
                self._doSave = 0
                self.canv.save()
                break
            self.layout_only = False
            pages = shown
            if passes > 10:
                raise RuntimeError("The table of contents did not settle after 10 passes.")
            while edits:
                edit = edits.pop(0)
                edit[0](*edit[1:])
        del self._multiBuildEdits
        return passes


# --------------------------------------------------------------------------- story


def _chart_height(chart: Chart) -> float:
    if chart.kind == "hbar":
        return max(
            120.0, 34 + min(len(chart.table.rows), 12) * 15 * max(1, len(chart.value_keys)) ** 0.5
        )
    return 160.0


def _chart_flowable(charts: list[Chart], available: float, lang: str) -> Flowable:
    if len(charts) == 1:
        chart = charts[0]
        width = available if chart.kind != "pie" else available * 0.8
        return draw_chart(chart, width, _chart_height(chart), lang)
    gap = 14
    width = (available - gap * (len(charts) - 1)) / len(charts)
    height = max(_chart_height(c) for c in charts)
    drawings = [draw_chart(c, width, height, lang) for c in charts]
    row: list[Any] = []
    col_widths: list[float] = []
    for n, drawing in enumerate(drawings):
        if n:
            row.append("")
            col_widths.append(gap)
        row.append(drawing)
        col_widths.append(width)
    grid = RLTable([row], colWidths=col_widths, hAlign="LEFT")
    grid.setStyle(
        [
            ("FONT", (0, 0), (-1, -1), SANS, 8),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    return grid


def _section_flowables(doc: _Document, section: Section, number: int) -> list[Flowable]:
    lang = doc.report.lang
    styles = doc.styles
    available = doc.landscape_width if section.landscape else doc.portrait_width
    story: list[Flowable] = [
        NextPageTemplate("landscape" if section.landscape else "portrait"),
        RLPageBreak(),
        _Anchor(0, section.title, f"s{number}_{section.key}"),
        para(section.title, styles["h1"]),
        HRFlowable(width="100%", thickness=1.2, color=ACCENT, spaceBefore=1, spaceAfter=8),
    ]
    sub = 0
    for block in section.blocks:
        if isinstance(block, Heading):
            sub += 1
            story.append(_Anchor(1, block.text, f"s{number}_{section.key}_{sub}"))
            story.append(para(block.text, styles["h2"]))
        elif isinstance(block, Paragraph):
            story.append(para(block.text, styles.get(block.style, styles["body"])))
        elif isinstance(block, Table):
            story.extend(table_flowables(block, available, lang, styles))
        elif isinstance(block, Chart | ChartRow):
            charts = [block] if isinstance(block, Chart) else block.charts
            # The spacer keeps a heading above it with the chart (keepWithNext chains only
            # through flowables that have it): no heading left alone at a page's foot.
            lead = Spacer(1, 4)
            lead.keepWithNext = 1
            story.append(lead)
            story.append(_chart_flowable(charts, available, lang))
            story.append(Spacer(1, 6))
        elif isinstance(block, Score):
            story.append(Spacer(1, 4))
            story.append(KeepTogether([readiness_gauge(block, available, lang)]))
            story.append(Spacer(1, 10))
        elif isinstance(block, PageBreak):
            story.append(RLPageBreak())
    return story


def _story(doc: _Document) -> tuple[list[Flowable], TableOfContents]:
    report, styles = doc.report, doc.styles
    story: list[Flowable] = [Spacer(1, 1), NextPageTemplate("portrait"), RLPageBreak()]
    contents = TableOfContents(dotsMinLevel=0)
    contents.levelStyles = [styles["toc0"], styles["toc1"]]
    contents.tableStyle = [
        ("FONT", (0, 0), (-1, -1), SANS, 9),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]
    story += [para(t("toc", report.lang), styles["toc_title"]), contents]
    for number, section in enumerate(report.sections, 1):
        story.extend(_section_flowables(doc, section, number))
    return story, contents


def _total_rows(report: ReportData) -> int:
    return sum(len(b.rows) for s in report.sections for b in s.blocks if isinstance(b, Table))


def write_pdf(
    report: ReportData, path: str | os.PathLike[str], progress: Progress | None = None
) -> Path:
    """Write *report* as a PDF at *path* (atomically) and return the path.

    ``progress(done, 100)`` is called while the pages are laid out and drawn.
    """
    register_fonts()
    with atomic_output(path, ".pdf") as tmp_name:
        doc = _Document(tmp_name, report, progress, _total_rows(report))
        canvasmaker = partial(
            NumberedCanvas,
            page_text=t("page_x_of_y", report.lang),
            left_text=f"{report.cluster_name[:60]} · {short_date(report.generated_on)}",
        )
        story, contents = _story(doc)
        doc.passes = doc.build_with_contents(story, canvasmaker, contents)
    if progress is not None:
        progress(100, 100)
    return Path(path)
