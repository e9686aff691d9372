"""Reusable widgets.

Importing this package applies the work-arounds for defects of the installed Qt binding
(see :mod:`workbench.ui.widgets.qt_fixes`); every page imports something from here.
"""

from workbench.ui.widgets import qt_fixes as _qt_fixes

_qt_fixes.install()
