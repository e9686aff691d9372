"""Everything Qt: the desktop window, pages, dialogs, table models and the background helper."""
