"""Where the Indicators view used to live: it is now the room :mod:`workbench.ui.indicators`.

Kept only for the Reports page (``ui/pages/reports.py``), which other work edits right now;
import from :mod:`workbench.ui.indicators` and its modules instead, and delete this module
once nothing imports it.
"""

from workbench.ui.indicators.look import UNKNOWN_COLOUR, ui_language
from workbench.ui.indicators.view import IndicatorsView
from workbench.ui.widgets.system_open import FileOpener, open_with_system

__all__ = ["UNKNOWN_COLOUR", "FileOpener", "IndicatorsView", "open_with_system", "ui_language"]
