"""The PDF report's page geometry, colours and paragraph styles.

Shared by :mod:`workbench.reports.pdf` (pages, cover, story) and
:mod:`workbench.reports.pdf_tables`.

Every text that goes into Paragraph markup goes through :func:`para`, which escapes it.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph as RLParagraph

from workbench.reports.charts import ACCENT, FAIL_COLOUR
from workbench.reports.fonts import SANS, SANS_BOLD, SANS_ITALIC

MARGIN = 16 * mm
TOP_MARGIN = 20 * mm
BOTTOM_MARGIN = 18 * mm
TEXT_DARK = colors.HexColor("#222222")
TEXT_GREY = colors.HexColor("#595959")
LIGHT_ACCENT = colors.HexColor("#BDD7EE")


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle(
        "body", fontName=SANS, fontSize=9.3, leading=13, textColor=TEXT_DARK, spaceAfter=5
    )
    h1 = ParagraphStyle(
        "h1",
        parent=base,
        fontName=SANS_BOLD,
        fontSize=17,
        leading=21,
        textColor=ACCENT,
        spaceAfter=2,
        keepWithNext=1,
    )
    h3 = ParagraphStyle(
        "h3",
        parent=base,
        fontName=SANS_BOLD,
        fontSize=9.4,
        leading=12,
        textColor=TEXT_DARK,
        spaceBefore=9,
        spaceAfter=3,
        keepWithNext=1,
    )
    return {
        "body": base,
        "lead": ParagraphStyle(
            "lead",
            parent=base,
            fontSize=10.3,
            leading=14.5,
            textColor=colors.HexColor("#333333"),
            spaceAfter=8,
        ),
        "note": ParagraphStyle(
            "note",
            parent=base,
            fontName=SANS_ITALIC,
            fontSize=7.8,
            leading=10.2,
            textColor=TEXT_GREY,
            spaceAfter=3,
        ),
        "warning": ParagraphStyle("warning", parent=base, textColor=FAIL_COLOUR),
        "h1": h1,
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=SANS_BOLD,
            fontSize=12.2,
            leading=15.5,
            textColor=ACCENT,
            spaceBefore=12,
            spaceAfter=5,
            keepWithNext=1,
        ),
        "h3": h3,
        # A table title that may stay alone at a page's foot (above a long table).
        "h3_free": ParagraphStyle("h3_free", parent=h3, keepWithNext=0),
        "toc_title": ParagraphStyle("toc_title", parent=h1, spaceAfter=14, keepWithNext=0),
        "toc0": ParagraphStyle(
            "toc0",
            fontName=SANS_BOLD,
            fontSize=10,
            leading=13,
            leftIndent=0,
            firstLineIndent=0,
            spaceBefore=5,
            textColor=TEXT_DARK,
        ),
        "toc1": ParagraphStyle(
            "toc1",
            fontName=SANS,
            fontSize=9,
            leading=11.5,
            leftIndent=16,
            firstLineIndent=0,
            textColor=TEXT_GREY,
        ),
        "cover_name": ParagraphStyle(
            "cover_name",
            fontName=SANS_BOLD,
            fontSize=26,
            leading=31,
            textColor=colors.white,
            alignment=TA_LEFT,
        ),
        "cover_title": ParagraphStyle(
            "cover_title", fontName=SANS, fontSize=14, leading=18, textColor=LIGHT_ACCENT
        ),
        "cover_line": ParagraphStyle(
            "cover_line", fontName=SANS, fontSize=11, leading=16, textColor=TEXT_DARK
        ),
        "cover_first": ParagraphStyle(
            "cover_first",
            fontName=SANS_BOLD,
            fontSize=15,
            leading=20,
            textColor=ACCENT,
            spaceAfter=4,
        ),
    }


def para(text: str, style: ParagraphStyle) -> RLParagraph:
    """A Paragraph of plain (user-entered) text: escaped, so ``&`` and ``<`` print as such."""
    return RLParagraph(escape(text), style)
