"""The right-click menu of a list's rows, built from the page's own actions.

Nothing is listed twice by hand: the menu mirrors, at the moment it opens,

- the buttons of the page's record toolbar (the row holding its ``edit_button``): a plain
  button becomes an item doing what clicking it does, enabled as the button is; a button with
  a menu ("Selected: actions") contributes that menu's actions themselves;
- the actions added to the page with ``QWidget.addAction`` (the Qt way of giving a widget
  actions);
- the list's own actions (export, print, edit a field, ...), after a separator.

So an action another part of the program adds later (a "Merge…" button in the toolbar, an
item in the bulk menu) appears in the context menu without touching this module.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QLayout, QMenu, QWidget


def toolbar_buttons(page: QWidget) -> list[QAbstractButton]:
    """The buttons of the layout that holds ``page.edit_button``, left to right."""
    anchor = getattr(page, "edit_button", None)
    if anchor is None:
        return []
    for layout in page.findChildren(QLayout):
        if layout.indexOf(anchor) >= 0:
            found = []
            for i in range(layout.count()):
                item = layout.itemAt(i)
                widget = item.widget() if item is not None else None
                if isinstance(widget, QAbstractButton) and not _hidden_on_purpose(widget):
                    found.append(widget)
            return found
    return [anchor]


def _hidden_on_purpose(widget: QWidget) -> bool:
    # A button just added to a shown toolbar is hidden until the event loop shows it.
    return widget.isHidden() and widget.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide)


def _mirror(button: QAbstractButton, menu: QMenu) -> QAction:
    action = QAction(button.text(), menu)
    action.setEnabled(button.isEnabled())
    action.setToolTip(button.toolTip())
    action.setObjectName(button.objectName() or "")
    action.triggered.connect(button.click)
    return action


def build_row_menu(
    page: QWidget, extra: Iterable[QAction] = (), exclude: Iterable[QWidget] = ()
) -> QMenu:
    """The context menu for the rows of *page* (see the module docstring).

    Buttons in *exclude* (the List button itself) are left out.
    """
    menu = QMenu(page)
    menu.setObjectName("rowMenu")
    skip = list(exclude)
    for button in toolbar_buttons(page):
        if button in skip:
            continue
        button_menu = button.menu() if hasattr(button, "menu") else None
        if button_menu is not None:
            menu.addSeparator()
            menu.addActions(button_menu.actions())
            menu.addSeparator()
        else:
            menu.addAction(_mirror(button, menu))
    own = [a for a in page.actions() if a.text()]
    if own:
        menu.addSeparator()
        menu.addActions(own)
    extra = list(extra)
    if extra:
        menu.addSeparator()
        menu.addActions(extra)
    return menu
