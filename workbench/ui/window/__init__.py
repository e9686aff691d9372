"""The main window's parts; :mod:`workbench.ui.main_window` puts them together.

- ``pages``: the sidebar's pages (:data:`~workbench.ui.window.pages.PAGE_SPECS`) and the page
  that stands in for one that failed to load;
- ``menus``: the actions, menus, toolbar and recent-databases menu;
- ``databases``: File > New / Open / Recent / Backup / Restore and switching the database shown;
- ``demo``: the demo database: opening it, its banner, the way back to the user's own;
- ``undo_actions``: Edit > Undo / Redo, their texts and when they are enabled.

Each part is a helper the window owns (or functions over it): the window keeps its public
methods and attributes (``open_database_at``, ``action_undo``, ...), which delegate here.
"""
