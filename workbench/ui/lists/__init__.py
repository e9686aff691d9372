"""What every list page can do with the list it shows.

Export, print, choose columns, save filters, act on rows from a context menu and edit one
field of many rows (one undo step). :class:`~workbench.ui.lists.list_tools.ListTools`
attaches all of it to a page's table; the writing of files is Qt-free
(:mod:`workbench.reports.list_export`).
"""
