"""The import wizard, in one room: everything the Import page shows and only it uses.

* :mod:`.page` - :class:`~workbench.ui.importing.page.ImportPage`, the wizard's widgets, its
  navigation and the first steps (file, sheet and header, columns);
* :mod:`.flow` - its base: preview, review decisions, apply, error report, undo, and the
  background-task plumbing (inline progress, Cancel) every step uses;
* :mod:`.workers` - the plain functions the tasks run on a worker thread;
* :mod:`.steps` - the file, table and mapping steps and the widgets they share;
* :mod:`.preview` - the preview step (rows by status, details, review decisions);
* :mod:`.questions` - the preview's questions (date order, years, start dates);
* :mod:`.summary` - what the import did, with links to the records;
* :mod:`.batches` - past imports, with their undo;
* :mod:`.models` - the table models of the steps;
* :mod:`.undo_dialog` - the later-changes dialog an undo may show.

The importing itself is Qt-free (:mod:`workbench.importing`); these modules only show it.
"""
