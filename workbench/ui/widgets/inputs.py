"""Input widgets shared by every page: search box, date that may be empty, Decimal amounts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDateEdit,
    QLineEdit,
    QStyle,
    QTableView,
    QWidget,
)

from workbench.ui.formatting import date_pattern, format_decimal, parse_decimal


class SearchLineEdit(QLineEdit):
    """A search box: magnifier icon, clear button, Esc clears; emits ``sig_search`` as you type.

    Signals:
        sig_search(text): the text after each change (after *delay_ms* of quiet, if set).
    """

    sig_search = Signal(str)

    def __init__(
        self, parent: QWidget | None = None, *, placeholder: str = "", delay_ms: int = 0
    ) -> None:
        super().__init__(parent)
        self.setClearButtonEnabled(True)
        self.setPlaceholderText(placeholder or self.tr("Search…"))
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView)
        self.addAction(icon, QLineEdit.ActionPosition.LeadingPosition)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(lambda: self.sig_search.emit(self.text()))
        self.textChanged.connect(self._on_text_changed)

    def _on_text_changed(self, text: str) -> None:
        if self._timer.interval() <= 0:
            self.sig_search.emit(text)
        else:
            self._timer.start()

    def set_results(self, view: QAbstractItemView, open_one: Callable[[], object]) -> None:
        """Down and Enter lead to *view*, the table this box filters.

        Down (or Enter with several rows) moves the focus to the table on its first row;
        Enter when exactly one row is left selects it and calls *open_one* (opens it).
        """
        self._results = view
        self._open_one = open_one

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        view = getattr(self, "_results", None)
        key = event.key()
        if view is not None and key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            model = view.model()
            rows = model.rowCount() if model is not None else 0
            if rows:
                self._timer.stop()  # a pending delayed search must not reset the selection
                if self._timer.interval() > 0:
                    self.sig_search.emit(self.text())
                    rows = model.rowCount()
            if rows:
                view.setCurrentIndex(model.index(0, 0))
                if isinstance(view, QTableView):
                    view.selectRow(0)
                if key != Qt.Key.Key_Down and rows == 1:
                    self._open_one()
                else:
                    view.setFocus(Qt.FocusReason.TabFocusReason)
                return
        super().keyPressEvent(event)


_EMPTY = QDate(1900, 1, 1)


class OptionalDateEdit(QDateEdit):
    """A date field that may be left empty (shown as a dash); Delete/Backspace empties it.

    Use :meth:`date_value` / :meth:`set_date_value` with ``datetime.date`` or None.

    Signals:
        sig_date_changed(object): the new ``date`` or None.
    """

    sig_date_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, allow_empty: bool = True) -> None:
        super().__init__(parent)
        self._allow_empty = allow_empty
        self.setCalendarPopup(True)
        self.setDisplayFormat(date_pattern(QLocale()))
        self.setMinimumDate(_EMPTY)
        self.setMaximumDate(QDate(2100, 12, 31))
        if allow_empty:
            self.setSpecialValueText("—")
            self.setDate(_EMPTY)
        else:
            self.setDate(QDate.currentDate())
        self.dateChanged.connect(lambda _d: self.sig_date_changed.emit(self.date_value()))
        self.calendarWidget().installEventFilter(self)

    def date_value(self) -> date | None:
        """The chosen date, or None when empty."""
        qdate = self.date()
        if self._allow_empty and qdate == _EMPTY:
            return None
        return date(qdate.year(), qdate.month(), qdate.day())

    def set_date_value(self, value: date | None) -> None:
        """Show *value* (None empties the field when allowed, else shows today)."""
        if value is None:
            self.setDate(_EMPTY if self._allow_empty else QDate.currentDate())
        else:
            self.setDate(QDate(value.year, value.month, value.day))

    def clear_date(self) -> None:
        """Empty the field."""
        self.set_date_value(None)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if (
            self._allow_empty
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and (self.lineEdit().selectedText() == self.lineEdit().text() or self.date() == _EMPTY)
        ):
            self.clear_date()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # An empty field would open the calendar in 1900: open it on today instead.
        if event.type() == QEvent.Type.Show and self.date() == _EMPTY:
            today = QDate.currentDate()
            self.calendarWidget().setCurrentPage(today.year(), today.month())
        return super().eventFilter(watched, event)


class DecimalEdit(QLineEdit):
    """A number field holding a Decimal (never float), formatted by locale when left.

    Invalid text keeps the field's text and marks it; :meth:`value` raises ValueError then.

    Signals:
        sig_value_changed(object): Decimal or None after editing finished.
    """

    sig_value_changed = Signal(object)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        places: int = 2,
        suffix: str = "",
        allow_negative: bool = False,
    ) -> None:
        super().__init__(parent)
        self.places = places
        self.suffix = suffix
        self.allow_negative = allow_negative
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setPlaceholderText("—")
        self.editingFinished.connect(self._on_editing_finished)

    def value(self) -> Decimal | None:
        """The number typed, or None when blank; ValueError when it is not a number."""
        text = self.text()
        if self.suffix:
            text = text.replace(self.suffix, "")
        number = parse_decimal(text)
        if number is not None and number < 0 and not self.allow_negative:
            raise ValueError(self.tr("The amount cannot be negative."))
        return number

    def is_valid(self) -> bool:
        """False when the text is not a number."""
        try:
            self.value()
        except ValueError:
            return False
        return True

    def set_value(self, value: Decimal | int | None) -> None:
        """Show *value* formatted (None: empty)."""
        text = format_decimal(value, self.places) if value is not None else ""
        self.setText(f"{text} {self.suffix}".strip() if text and self.suffix else text)

    def _on_editing_finished(self) -> None:
        try:
            number = self.value()
        except ValueError:
            self.setProperty("invalid", True)
            return
        self.setProperty("invalid", False)
        self.set_value(number)
        self.sig_value_changed.emit(number)


class MoneyEdit(DecimalEdit):
    """An amount in euro with two decimals."""

    def __init__(self, parent: QWidget | None = None, *, allow_negative: bool = False) -> None:
        super().__init__(parent, places=2, suffix="€", allow_negative=allow_negative)


def is_copy_shortcut(event: QKeyEvent) -> bool:
    """True for the platform's Copy key combination (tables use it to copy rows)."""
    return event.matches(QKeySequence.StandardKey.Copy)


def process_events() -> None:
    """Let Qt deliver pending events (used between steps of long UI-thread loops)."""
    QApplication.processEvents()
