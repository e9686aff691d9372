"""Input widgets shared by every page: search box, date that may be empty, Decimal amounts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCalendarWidget,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QSizePolicy,
    QStyle,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.rules.dates import DateOrder, DateTextError, parse_date_text
from workbench.ui.formatting import date_pattern, format_date, format_decimal, parse_decimal
from workbench.ui.i18n import error_text
from workbench.ui.widgets.forms import INVALID_STYLE, FieldError


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


# A date shows an unreadable text as an error only after this quiet time (or at once when the
# field is left), so that the message does not flash up while the user is still typing.
_ERROR_DELAY_MS = 700
# Set on dialog buttons that a date field disabled, so only those are enabled again.
_BLOCKED_BY_DATE = "_blocked_by_unreadable_date"


class _DateLineEdit(QLineEdit):
    """The text part of a date field: entering it selects the whole date.

    A date is replaced far more often than edited digit by digit, so a click or Tab into the
    field selects it all and typing replaces it (after a click, the press would otherwise put
    the cursor among the digits and the typed date would be mixed with the old one).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A child timer dies with the field, so a selection due after it closed never runs.
        self._select_timer = QTimer(self)
        self._select_timer.setSingleShot(True)
        self._select_timer.setInterval(0)
        self._select_timer.timeout.connect(self.selectAll)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusInEvent(event)
        if event.reason() in (
            Qt.FocusReason.MouseFocusReason,
            Qt.FocusReason.TabFocusReason,
            Qt.FocusReason.BacktabFocusReason,
            Qt.FocusReason.ShortcutFocusReason,
            Qt.FocusReason.OtherFocusReason,
        ):
            self._select_timer.start()  # after the mouse press has placed the cursor


class _CalendarPopup(QFrame):
    """The calendar under a date field: a Qt.Popup window (Esc or a click outside closes it).

    Signals:
        sig_picked(QDate): a day was clicked or chosen with Enter.
    """

    sig_picked = Signal(QDate)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(self.calendar)
        self.calendar.clicked.connect(self.sig_picked)
        self.calendar.activated.connect(self.sig_picked)


class OptionalDateEdit(QWidget):
    """The one date field of the interface: typed text in the locale's order, or a calendar.

    The user types the date as they write it (``15/01/2027``, ``15.1.2027``, ``15-01-27``,
    ``2027-01-15`` or bare digits ``15012027``; read by
    :func:`workbench.rules.dates.parse_date_text` in the locale's day/month order) or picks it
    in the calendar (the button, Alt+Down or F4). Leaving the field shows a readable date in
    the locale's format. Text that is not a date stays as typed, with a red message under the
    field, and disables the accept buttons of the dialog the field is on until it is corrected
    or cleared: nothing typed is ever replaced by another date or dropped silently.

    "Empty" is the empty text; with ``allow_empty=False`` an empty field is an error like an
    unreadable one (and ``set_date_value(None)`` shows today).

    Use :meth:`date_value` / :meth:`set_date_value` with ``datetime.date`` or None.

    Signals:
        sig_date_changed(object): the new ``date`` or None, when a typed date is committed
            (Enter or leaving the field), a day is picked or :meth:`set_date_value` changes it.
        sig_validity_changed(bool): the text became readable (True) or unreadable (False).
    """

    sig_date_changed = Signal(object)
    sig_validity_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None, *, allow_empty: bool = True) -> None:
        super().__init__(parent)
        self._allow_empty = allow_empty
        self._value: date | None = None
        self._valid = True
        self._popup: _CalendarPopup | None = None
        self.line_edit = _DateLineEdit(self)
        self.line_edit.setObjectName("dateText")
        self.line_edit.setPlaceholderText(self._pattern_hint())
        self.line_edit.installEventFilter(self)
        self.calendar_button = QToolButton(self)
        self.calendar_button.setObjectName("dateCalendarButton")
        self.calendar_button.setArrowType(Qt.ArrowType.DownArrow)
        self.calendar_button.setToolTip(self.tr("Choose in a calendar (Alt+Down)"))
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.error_label = FieldError(self)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.line_edit, 1)
        row.addWidget(self.calendar_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.error_label)
        self.setFocusProxy(self.line_edit)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._error_timer = QTimer(self)
        self._error_timer.setSingleShot(True)
        self._error_timer.setInterval(_ERROR_DELAY_MS)
        self._connect_signals()
        self.set_date_value(None)

    def _connect_signals(self) -> None:
        self.line_edit.textEdited.connect(self._on_text_edited)
        self.line_edit.editingFinished.connect(self.commit)
        self.calendar_button.clicked.connect(self.open_calendar)
        self._error_timer.timeout.connect(self._show_current_error)

    # ------------------------------------------------------------------ value

    @property
    def allow_empty(self) -> bool:
        """Whether an empty field is a valid value (None)."""
        return self._allow_empty

    def text(self) -> str:
        """The text in the field, as typed."""
        return self.line_edit.text()

    def date_value(self, *, strict: bool = True) -> date | None:
        """The date the field shows, or None when it is empty.

        Args:
            strict: When True (saving), text that is not a date - or an empty required field -
                raises; when False (filters, previews), it gives None, the field showing the
                error itself.

        Raises:
            DateTextError: *strict* and the text cannot be read as a date (the message is
                user-readable and translatable).
        """
        try:
            return self._parse()
        except DateTextError:
            if strict:
                raise
            return None

    def is_valid(self) -> bool:
        """False while the text is not a date (or a required field is empty)."""
        return self._valid

    def error_message(self) -> str:
        """Why the text is not a date, in the interface language ("" when it is)."""
        try:
            self._parse()
        except DateTextError as exc:
            return error_text(exc)
        return ""

    def set_date_value(self, value: date | None) -> None:
        """Show *value* (None empties the field when allowed, else shows today)."""
        if value is None and not self._allow_empty:
            value = date.today()
        self.line_edit.setText(format_date(value) if value is not None else "")
        self._after_commit(value)

    def clear_date(self) -> None:
        """Empty the field (shows today when the field may not be empty)."""
        self.set_date_value(None)

    def commit(self) -> None:
        """Read the text now: a date is shown in the locale's format, an error is shown."""
        try:
            value = self._parse()
        except DateTextError:
            self._set_valid(False)
            self._show_current_error()
            return
        self.line_edit.setText(format_date(value) if value is not None else "")
        self._after_commit(value)

    def show_error(self, message: str | None = None) -> None:
        """Show *message* (or why the text is unreadable) under the field."""
        self._error_timer.stop()
        text = message or self.error_message()
        self.error_label.show_message(text)
        self.line_edit.setStyleSheet(INVALID_STYLE if text else "")

    def _parse(self) -> date | None:
        text = self.line_edit.text()
        value = parse_date_text(text, order=date_order())
        if value is None and not self._allow_empty:
            raise DateTextError(
                self.tr("Type a date, e.g. {example}.").format(example=format_date(date.today()))
            )
        return value

    def _after_commit(self, value: date | None) -> None:
        self._set_valid(True)
        self._hide_error()
        if value != self._value:
            self._value = value
            self.sig_date_changed.emit(value)

    def _hide_error(self) -> None:
        self._error_timer.stop()
        self.error_label.show_message(None)
        self.line_edit.setStyleSheet("")

    def _on_text_edited(self, _text: str) -> None:
        try:
            self._parse()
        except DateTextError:
            self._set_valid(False)
            if self.error_label.isVisible():
                self._show_current_error()  # keep the message in step with the text
            else:
                self._error_timer.start()
            return
        self._set_valid(True)
        self._hide_error()

    def _show_current_error(self) -> None:
        if not self._valid:
            self.show_error(self.error_message())

    def _set_valid(self, valid: bool) -> None:
        if valid == self._valid:
            return
        self._valid = valid
        self._block_dialog_buttons()
        self.sig_validity_changed.emit(valid)

    def _block_dialog_buttons(self) -> None:
        """Disable the accept buttons of this field's dialog while any of its dates is unreadable.

        Only buttons this mechanism disabled are enabled again, so a dialog's own reasons for
        disabling OK are left alone.
        """
        window = self.window()
        if not isinstance(window, QDialog):
            return
        blocked = any(
            not edit.is_valid()
            for edit in window.findChildren(OptionalDateEdit)
            if edit.window() is window
        )
        accepting = (
            QDialogButtonBox.ButtonRole.AcceptRole,
            QDialogButtonBox.ButtonRole.YesRole,
            QDialogButtonBox.ButtonRole.ApplyRole,
        )
        for box in window.findChildren(QDialogButtonBox):
            if box.window() is not window:
                continue
            for button in box.buttons():
                if box.buttonRole(button) not in accepting:
                    continue
                if blocked and button.isEnabled():
                    button.setEnabled(False)
                    button.setProperty(_BLOCKED_BY_DATE, True)
                elif not blocked and button.property(_BLOCKED_BY_DATE):
                    button.setEnabled(True)
                    button.setProperty(_BLOCKED_BY_DATE, False)

    def _pattern_hint(self) -> str:
        pattern = date_pattern().lower()
        # The placeholder names the order in the user's words ("gg/mm/aaaa" in Italian).
        return self.tr("dd/mm/yyyy") if pattern == "dd/mm/yyyy" else pattern

    # ------------------------------------------------------------------ calendar

    def calendar_popup(self) -> _CalendarPopup | None:
        """The calendar window, once it was opened (tests)."""
        return self._popup

    def open_calendar(self) -> None:
        """Show the calendar under the field, on the field's date (today when empty/unreadable)."""
        if self._popup is None:
            self._popup = _CalendarPopup(self)
            self._popup.sig_picked.connect(self._on_picked)
        shown = self.date_value(strict=False) or date.today()
        qdate = QDate(shown.year, shown.month, shown.day)
        calendar = self._popup.calendar
        calendar.setSelectedDate(qdate)
        calendar.setCurrentPage(qdate.year(), qdate.month())
        self._popup.adjustSize()
        self._popup.move(self.line_edit.mapToGlobal(self.line_edit.rect().bottomLeft()))
        self._popup.show()
        calendar.setFocus()

    def _on_picked(self, qdate: QDate) -> None:
        if self._popup is not None:
            self._popup.hide()
        self.set_date_value(date(qdate.year(), qdate.month(), qdate.day()))
        self.line_edit.setFocus()
        self.line_edit.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.line_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            alt_down = event.key() == Qt.Key.Key_Down and bool(
                event.modifiers() & Qt.KeyboardModifier.AltModifier
            )
            if alt_down or event.key() == Qt.Key.Key_F4:
                self.open_calendar()
                return True
        return super().eventFilter(watched, event)


def refuse_unreadable_dates(window: QWidget) -> bool:
    """Before a dialog accepts: True (and the first bad field focused) if a date is unreadable.

    Every date field of *window* (not of dialogs opened from it) reads its text now, so a date
    typed just before Ctrl+S or Enter counts, and shows its message. Accept paths call this
    first and stay open when it returns True; the disabled OK button alone does not cover
    keyboard shortcuts or the "Save" answer of the close question.
    """
    bad: OptionalDateEdit | None = None
    for edit in window.findChildren(OptionalDateEdit):
        if edit.window() is not window.window():
            continue
        edit.commit()
        if not edit.is_valid() and bad is None:
            bad = edit
    if bad is None:
        return False
    _reveal(bad)
    bad.setFocus()
    bad.line_edit.selectAll()
    return True


def _reveal(widget: QWidget) -> None:
    """Switch the tab widgets above *widget* so that it is visible."""
    from PySide6.QtWidgets import QStackedWidget, QTabWidget

    child: QWidget = widget
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QStackedWidget) and isinstance(parent.parentWidget(), QTabWidget):
            tabs = parent.parentWidget()
            assert isinstance(tabs, QTabWidget)
            tabs.setCurrentWidget(child)
        child, parent = parent, parent.parentWidget()


def date_order() -> DateOrder:
    """Day/month order of the interface locale (Italian and English (UK): day first)."""
    pattern = date_pattern()
    day, month = pattern.find("d"), pattern.find("M")
    if pattern.startswith("y") or day < 0 or month < 0:
        return DateOrder.DMY  # year first (ISO) says nothing: the users' own order is day first
    return DateOrder.DMY if day < month else DateOrder.MDY


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
