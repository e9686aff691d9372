"""The PDF reports read back with pypdf: text, outline, page numbers, fonts, escaping."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.reports.small_cluster import ACCENTED, CLUSTER, EVIL, TODAY, YEAR, Generated
from workbench.db import Database
from workbench.indicators import DEFINITIONS, assess
from workbench.reports.data import ColumnSpec, Heading, Paragraph, ReportData, Section, Table
from workbench.reports.i18n import format_pct
from workbench.reports.pdf import write_pdf
from workbench.reports.pdf_style import _styles, para
from workbench.reports.pdf_tables import CHUNK_ROWS, _FastTable, table_flowables


def pdf_text(path: Path) -> tuple[PdfReader, str]:
    reader = PdfReader(path)
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def outline_titles(reader: PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


def test_assessment_pdf_text(generated: Generated, small_db: Database) -> None:
    reader, text = pdf_text(generated.files["assessment-en.pdf"])
    assert CLUSTER in text
    for definition in DEFINITIONS:
        assert definition.id in text, definition.id
    assessment = assess(small_db, YEAR, today=TODAY)
    score = format_pct(assessment.readiness_pct, "en")
    assert f"readiness score {score}" in text
    assert ACCENTED in text, "an accented name with & < > prints as entered"
    assert EVIL in text
    assert "Period covered: 1 January 2023 – 31 December 2024" in text
    pages = len(reader.pages)
    assert f"Page 2 of {pages}" in text and f"Page {pages} of {pages}" in text
    assert "Page 1 of" not in text, "the cover has no page number"


def test_assessment_pdf_structure(generated: Generated) -> None:
    reader, text = pdf_text(generated.files["assessment-en.pdf"])
    titles = outline_titles(reader)
    assert titles[:3] == ["Executive summary", "Cluster profile", "Indicator results"]
    assert "Area 1: Structure of the cluster" in titles
    assert "Annex 1: member register on 31/12/2023" in titles
    assert "Contents" in text
    wide = [p for p in reader.pages if p.mediabox.width > p.mediabox.height]
    assert wide, "the annexes are in landscape"
    assert reader.pages[0].mediabox.width < reader.pages[0].mediabox.height
    embedded = set()
    for font in reader.pages[2]["/Resources"]["/Font"].values():
        font = font.get_object()
        descriptor = font.get("/FontDescriptor")
        if descriptor is not None and "/FontFile2" in descriptor.get_object():
            embedded.add(str(font["/BaseFont"]).split("+")[-1])
    assert {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSansCondensed"} <= embedded
    declared = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert all(name.startswith("DejaVu") for name in declared), declared  # no unused Helvetica
    assert reader.metadata.title.endswith(CLUSTER)
    cover_images = reader.pages[0].images
    assert len(cover_images) == 1, "the profile's logo is on the cover"


def test_italian_pdf(generated: Generated) -> None:
    reader, text = pdf_text(generated.files["assessment-it.pdf"])
    assert "Sintesi" in text and "Indice" in text
    assert "Periodo considerato: 1 gennaio 2023 – 31 dicembre 2024" in text
    assert "Pagina 2 di" in text
    assert ACCENTED in text


def test_other_pdfs(generated: Generated) -> None:
    _reader, text = pdf_text(generated.files["members-en.pdf"])
    assert ACCENTED in text and "Member directory" in text
    _reader, text = pdf_text(generated.files["projects-en.pdf"])
    assert "SMARTGRID" in text and "Univ. of Ghent" in text


def test_paragraph_markup_is_escaped() -> None:
    for text in (ACCENTED, "a < b & c > d", "<b>bold?</b>", "&amp; stays &amp;"):
        assert para(text, _styles()["body"]).getPlainText() == text


def test_long_tables_are_chunked_with_repeated_header() -> None:
    rows = [[n, f"Member {n}"] for n in range(1, 1201)]
    table = Table(
        "Long", [ColumnSpec("n", "No.", "int"), ColumnSpec("name", "Name")], rows, totals=["", "x"]
    )
    flowables = table_flowables(table, 500, "en", _styles())
    chunks = [f for f in flowables if isinstance(f, _FastTable)]
    assert len(chunks) == 3 and CHUNK_ROWS == 500
    assert all(chunk.repeatRows == 1 for chunk in chunks)
    assert [len(c._cellvalues) for c in chunks] == [501, 501, 202]
    assert chunks[0]._cellvalues[0] == ["No.", "Name"]


def test_markup_in_headings_contents_and_cells(tmp_path: Path) -> None:
    report = ReportData(
        "members", "en", "A & B <report>", "Cluster <&> Ltd", ["Line <1> & 2"], date(2025, 1, 1)
    )
    report.sections = [
        Section(
            "s",
            "Section <one> & more",
            [
                Heading("Sub <two> & more"),
                Paragraph("Body with <b>not bold</b> & an ampersand"),
                Table(
                    "Table <x>",
                    [ColumnSpec("a", "A <col>")],
                    [[ACCENTED], ["</para>"]],
                    note="Note <&>",
                ),
            ],
        )
    ]
    path = write_pdf(report, tmp_path / "markup.pdf")
    reader, text = pdf_text(path)
    for expected in (
        "Cluster <&> Ltd",
        "Section <one> & more",
        "Sub <two> & more",
        "Body with <b>not bold</b> & an ampersand",
        "Table <x>",
        "A <col>",
        ACCENTED,
        "</para>",
        "Note <&>",
        "Line <1> & 2",
    ):
        assert expected in text, expected
    assert "Section <one> & more" in outline_titles(reader)


def test_progress_and_atomic_write(tmp_path: Path, generated: Generated) -> None:
    report = ReportData("members", "en", "T", "C", [], date(2025, 1, 1))
    report.sections = [
        Section("s", "S", [Table("T", [ColumnSpec("a", "A")], [[str(n)] for n in range(2000)])])
    ]
    seen: list[int] = []
    write_pdf(report, tmp_path / "p.pdf", progress=lambda done, total: seen.append(done))
    assert seen[-1] == 100 and seen == sorted(seen)

    def cancel(done: int, total: int) -> None:
        if done > 20:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_pdf(report, tmp_path / "cancelled.pdf", progress=cancel)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.pdf"], "nothing half-written"


def test_outline_and_contents_point_at_the_right_pages(generated: Generated) -> None:
    import re

    reader = PdfReader(generated.files["assessment-en.pdf"])
    targets: list[tuple[str, int]] = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                targets.append((item.title, reader.get_destination_page_number(item)))

    walk(reader.outline)
    assert len({page for _title, page in targets}) > 5
    for title, page in targets:
        assert title in reader.pages[page].extract_text(), (title, page)
    contents = reader.pages[1].extract_text()
    numbers = [int(n) for n in re.findall(r"\.\s*(\d+)\s*$", contents, re.MULTILINE)]
    assert numbers == [page + 1 for _title, page in targets]


def test_a_heading_above_a_chart_never_ends_a_page(tmp_path: Path) -> None:
    """The demo report left "Members over time" and "Activities" alone at a page's foot."""
    from workbench.reports.model import Chart

    figures = Table(
        "Members by year",
        [ColumnSpec("year", "Year"), ColumnSpec("members", "Members", "int")],
        [["Year 2023", 91], ["Year 2024", 101]],
    )
    # Enough text to leave room for a heading at the foot of page 2, none for the chart.
    filler = [Paragraph(f"Filler paragraph {n} " + "word " * 60) for n in range(12)]
    report = ReportData("members", "en", "Title", "Cluster", [], date(2025, 1, 1))
    report.sections = [
        Section(
            "s",
            "Section",
            [
                *filler,
                Heading("The chart's heading"),
                Chart("bar", "Members chart", figures, "year", ["members"]),
            ],
        )
    ]
    for extra in range(6):  # the heading at several heights near the page foot
        report.sections[0].blocks[:0] = [Paragraph("One more line of filler text.")] * extra
        reader, _text = pdf_text(write_pdf(report, tmp_path / f"chart-{extra}.pdf"))
        pages = [page.extract_text() for page in reader.pages]
        # The last page naming it: the contents page names it too.
        heading_page = max(n for n, text in enumerate(pages) if "The chart's heading" in text)
        assert "Year 2024" in pages[heading_page], f"heading alone at a page's foot ({extra})"


def test_words_of_text_columns_are_not_broken(tmp_path: Path) -> None:
    columns = [
        ColumnSpec("pillar", "Pillar", "text", 24),
        ColumnSpec("period", "Period", "text", 6),
        ColumnSpec("objective", "Objective", "text", 60),
        ColumnSpec("unit", "Unit", "text", 4),
    ]
    rows = [["CO2 reduction", "2021–2027", "Cut emissions " * 6, "proposals"]] * 3
    flowables = table_flowables(Table("KPIs", columns, rows), 500, "en", _styles())
    table = next(f for f in flowables if isinstance(f, _FastTable))
    widths = table._argW
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from workbench.reports.fonts import CONDENSED, register_fonts
    from workbench.reports.pdf_tables import TABLE_FONT_SIZE

    register_fonts()
    for col, word in ((1, "2021–2027"), (3, "proposals")):
        assert widths[col] >= stringWidth(word, CONDENSED, TABLE_FONT_SIZE) + 6, word


def test_numeric_headers_side_by_side_keep_apart_and_whole() -> None:
    """The Italian "NO" and "NON VALUTATO" headers read as one; no header word is cut."""
    columns = [
        ColumnSpec("area", "Area", "text", 40),
        ColumnSpec("yes", "SÌ", "int", 8),
        ColumnSpec("no", "NO", "int", 8),
        ColumnSpec("ns", "NON VALUTATO", "int", 8),
        ColumnSpec("evidence", "File di evidenza", "int", 8),
    ]
    rows = [["Struttura del cluster", 4, 0, 0, 1]]
    from workbench.reports.fonts import register_fonts

    register_fonts()
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from workbench.reports.fonts import CONDENSED_BOLD
    from workbench.reports.pdf_tables import TABLE_FONT_SIZE

    # The column 4 points wider than its header on one line (with the cells' 6 pt padding):
    # it would fit, right against "NO".
    title = stringWidth("NON VALUTATO", CONDENSED_BOLD, TABLE_FONT_SIZE)
    available = (title + 6 + 4) * 72 / 8
    flowables = table_flowables(Table("Risultati", columns, rows), available, "it", _styles())
    header = next(f for f in flowables if isinstance(f, _FastTable))._cellvalues[0]
    assert header[3] == "NON\nVALUTATO"
    for title, cell in zip([c.title for c in columns], header, strict=True):
        assert cell.split() == title.split(), cell  # wrapped between words only
