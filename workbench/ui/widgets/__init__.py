"""Reusable widgets: forms, inputs, messages, file dialogs, tables and the import wizard's parts.

(The PySide6 6.12.0 ``SignalInstance`` reference work-around that lived here is gone: the
dependency pin ``PySide6<6.12`` excludes that binding.)
"""
