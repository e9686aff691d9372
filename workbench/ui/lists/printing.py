"""Printing a list: the same table as the PDF export, laid out by a QTextDocument.

The document is built as HTML from the list's texts, every one escaped (``html.escape``), so
a name such as ``<b>ACME</b> & Co`` prints as typed and never as markup.
"""

from __future__ import annotations

import html

from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from workbench.reports.list_export import ListTable


def list_html(table: ListTable) -> str:
    """The list as an HTML table (title, filters, count, header row, rows), all escaped."""
    e = html.escape
    parts = [f"<h2>{e(table.title)}</h2>"]
    if table.description:
        parts.append(f"<p>{e(table.description)}</p>")
    parts.append(f"<p>{e(table.label('rows', 'Rows'))}: {len(table.rows)}</p>")
    parts.append(
        '<table border="1" cellspacing="0" cellpadding="3" width="100%"'
        ' style="border-collapse: collapse; border-color: #8896a8">'
    )
    parts.append(
        "<thead><tr>"
        + "".join(f'<th bgcolor="#DDE6F0" align="left">{e(h)}</th>' for h in table.headers)
        + "</tr></thead>"
    )
    for row in table.rows:
        parts.append("<tr>" + "".join(f"<td>{e(text)}</td>" for text in row) + "</tr>")
    parts.append("</table>")
    return "\n".join(parts)


def print_list(table: ListTable, printer: QPrinter) -> None:
    """Print *table* on *printer* (landscape when it has many columns)."""
    if len(table.headers) > 6:
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    document = QTextDocument()
    document.setDefaultStyleSheet("body { font-size: 8pt; } th, td { font-size: 8pt; }")
    document.setHtml(list_html(table))
    document.print_(printer)


def pdf_printer(path: str) -> QPrinter:
    """A printer writing a PDF file at *path* (what "Print to file" does)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(path)
    return printer
