"""The details of the selected indicator: what its value was computed from and what is missing.

A missing-input line that names records opens them (one record: the main window shows it;
several: :class:`~workbench.ui.indicators.records_dialog.IndicatorRecordsDialog` lists them);
a line of a manual indicator asks for the value of its year (``sig_enter_value``).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workbench.indicators import Assessment, IndicatorResult, Kind
from workbench.ui.context import AppContext
from workbench.ui.formatting import format_int
from workbench.ui.indicators.look import (
    LINK_COLOUR,
    period_titles,
    status_colour,
    status_text,
    threshold_display,
    tr,
    ui_language,
)
from workbench.ui.indicators.records_dialog import IndicatorRecordsDialog


class IndicatorDetails(QWidget):
    """How the selected indicator was computed, period by period, and its missing inputs.

    Signals:
        sig_enter_value(int): a missing line of a manual indicator was clicked: enter the value
            of this year.
    """

    sig_enter_value = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.records_dialog: IndicatorRecordsDialog | None = None
        self.details_title = QLabel()
        self.details_title.setWordWrap(True)
        self.details_title.setTextFormat(Qt.TextFormat.RichText)
        self.details_browser = QTextBrowser()
        self.details_browser.setOpenLinks(False)
        self.details_browser.setObjectName("indicatorDetails")
        self.missing_heading = QLabel()
        self.missing_list = QListWidget()
        self.missing_list.setObjectName("missingInputs")
        self.missing_list.setWordWrap(True)
        self.missing_list.setMouseTracking(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 4, 0)
        layout.addWidget(self.details_title)
        layout.addWidget(self.details_browser, 1)
        layout.addWidget(self.missing_heading)
        layout.addWidget(self.missing_list)
        self.missing_list.itemClicked.connect(self._on_missing_clicked)
        self.missing_list.itemActivated.connect(self._on_missing_clicked)

    def show_result(
        self, result: IndicatorResult | None, assessment: Assessment | None, year: int
    ) -> None:
        """Show *result* of *assessment* (assessment *year*); None: ask to select one."""
        if result is None:
            self.details_title.setText(tr("Select an indicator to see how it was computed."))
            self.details_browser.clear()
            self.missing_heading.setText(tr("Missing inputs"))
            self.missing_list.clear()
            return
        lang = ui_language()
        d = result.definition
        title = f"<b>{html.escape(d.id)} {html.escape(d.name(lang))}</b>"
        colour = status_colour(result.status).name()
        status = html.escape(status_text(result.status))
        title += f" &nbsp;<span style='color:{colour}'><b>{status}</b></span>"
        self.details_title.setText(title)
        titles = period_titles(assessment, year)
        self.details_browser.setHtml(_details_html(result, titles))
        self._fill_missing(result, titles, year)

    def _fill_missing(self, result: IndicatorResult, titles: list[str], year: int) -> None:
        self.missing_list.clear()
        for i, period in enumerate(result.periods):
            table, ids = next(((t, v) for t, v in period.missing_ids.items() if v), ("", []))
            for line in period.missing:
                heading = titles[i] if i < len(titles) else period.label
                item = QListWidgetItem(f"{heading}: {line}")
                if ids:
                    item.setData(
                        Qt.ItemDataRole.UserRole, {"table": table, "ids": list(ids), "text": line}
                    )
                    item.setForeground(QBrush(LINK_COLOUR))
                    font = item.font()
                    font.setUnderline(True)
                    item.setFont(font)
                    item.setToolTip(
                        tr("Click to open the record concerned")
                        if len(ids) == 1
                        else tr("Click to list the {count} records concerned").format(
                            count=format_int(len(ids))
                        )
                    )
                elif result.definition.kind is Kind.MANUAL:
                    item.setData(
                        Qt.ItemDataRole.UserRole,
                        {"year": period.year if period.year is not None else year},
                    )
                    item.setForeground(QBrush(LINK_COLOUR))
                    item.setToolTip(tr("Click to enter the value of this year"))
                self.missing_list.addItem(item)
        count = self.missing_list.count()
        self.missing_heading.setText(
            tr("Missing inputs ({count})").format(count=format_int(count))
            if count
            else tr("Missing inputs: none")
        )
        self.missing_list.setVisible(count > 0)
        if count:
            rows = sum(self.missing_list.sizeHintForRow(i) for i in range(min(count, 5)))
            self.missing_list.setFixedHeight(rows + 2 * self.missing_list.frameWidth() + 4)

    def missing_items(self) -> list[QListWidgetItem]:
        """The missing-input lines shown (tests)."""
        return [self.missing_list.item(i) for i in range(self.missing_list.count())]

    def _on_missing_clicked(self, item: QListWidgetItem) -> None:
        target = item.data(Qt.ItemDataRole.UserRole)
        if not isinstance(target, dict):
            return
        if "year" in target:
            self.sig_enter_value.emit(int(target["year"]))
            return
        table, ids = str(target["table"]), [int(i) for i in target["ids"]]
        if len(ids) == 1:
            self.ctx.bus.sig_open_record.emit(table, ids[0])
            return
        if self.records_dialog is not None:
            self.records_dialog.close()
            self.records_dialog.deleteLater()
        self.records_dialog = IndicatorRecordsDialog(
            self.ctx, str(target["text"]), table, ids, self
        )
        self.records_dialog.show()


def _details_html(result: IndicatorResult, titles: list[str]) -> str:
    """The computation of *result*, period by period under *titles*, as rich text."""
    d = result.definition
    esc = html.escape
    kind = tr("computed from the records") if d.kind is Kind.AUTO else tr("entered by hand")
    parts = [
        f"<p>{esc(d.computed_from)}<br><i>{esc(kind)} · "
        f"{esc(tr('threshold'))}: {esc(threshold_display(result))}</i></p>"
    ]
    if result.advice:
        parts.append(
            f"<p style='background:#fff4d6; padding:4px'><b>{esc(tr('To pass'))}:"
            f"</b> {esc(result.advice)}</p>"
        )
    if result.note:
        parts.append(f"<p><b>{esc(tr('Note'))}:</b> {esc(result.note)}</p>")
    for i, period in enumerate(result.periods):
        heading = titles[i] if i < len(titles) else period.label
        colour = status_colour(period.status).name()
        parts.append(
            f"<p style='margin-bottom:2px'><b>{esc(heading)}</b>: {esc(period.display)} "
            f"<span style='color:{colour}'>({esc(status_text(period.status))})</span></p>"
        )
        lines = list(period.inputs)
        if period.evidence_files:
            lines.append(tr("Evidence: {files}").format(files=", ".join(period.evidence_files)))
        if lines:
            items = "".join(f"<li>{esc(line)}</li>" for line in lines)
            parts.append(f"<ul style='margin-top:0'>{items}</ul>")
    return "".join(parts)
