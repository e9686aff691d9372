"""File > Preferences: language, the name written to the change history, backups kept."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.ui import settings as prefs
from workbench.ui.widgets.forms import InlineForm


class PreferencesDialog(QDialog):
    """Edits the preferences in *settings*; emits ``sig_saved(changed_keys)`` on OK."""

    sig_saved = Signal(list)

    def __init__(
        self, settings: QSettings, default_user: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("Preferences"))
        self.language_combo = QComboBox()
        self.language_combo.addItem(self.tr("Same as the system"), "")
        self.language_combo.addItem("English", "en")
        self.language_combo.addItem("Italiano", "it")
        self.user_edit = QLineEdit()
        self.user_edit.setPlaceholderText(default_user)
        self.backups_spin = QSpinBox()
        self.backups_spin.setRange(1, 500)
        form = InlineForm()
        form.add_row("language", self.tr("Language"), self.language_combo)
        form.add_row("user_name", self.tr("Your name in the change history"), self.user_edit)
        form.add_row("backups_kept", self.tr("Automatic backups kept"), self.backups_spin)
        note = QLabel(self.tr("Older automatic backups beyond this number are deleted."))
        note.setStyleSheet("color: palette(mid);")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        buttons.accepted.connect(self._on_accept)
        buttons.rejected.connect(self.reject)
        self._load()
        self.setMinimumWidth(460)

    def _load(self) -> None:
        lang = prefs.get(self.settings, prefs.LANGUAGE)
        self.language_combo.setCurrentIndex(max(self.language_combo.findData(lang), 0))
        self.user_edit.setText(prefs.get(self.settings, prefs.USER_NAME))
        self.backups_spin.setValue(prefs.get(self.settings, prefs.BACKUPS_KEPT))

    def _on_accept(self) -> None:
        changed = []
        new_values = (
            (prefs.LANGUAGE, self.language_combo.currentData()),
            (prefs.USER_NAME, self.user_edit.text().strip()),
            (prefs.BACKUPS_KEPT, self.backups_spin.value()),
        )
        for pref, value in new_values:
            if prefs.get(self.settings, pref) != value:
                prefs.put(self.settings, pref, value)
                changed.append(pref.key)
        self.settings.sync()
        self.accept()
        self.sig_saved.emit(changed)
