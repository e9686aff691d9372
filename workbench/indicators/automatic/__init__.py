"""The computations of the automatic indicators, one module per family.

:mod:`.membership` (1.1.0, 1.1.1, 1.1.2, 1.2, 2.3), :mod:`.organisation` (2.1, 2.2.1, 2.2.4),
:mod:`.cooperation` (2.5, 2.6), :mod:`.finance` (3.2) and :mod:`.activities` (4.3, 4.5). The
registry of which function computes which indicator is :data:`workbench.indicators.compute.AUTO`.
"""
