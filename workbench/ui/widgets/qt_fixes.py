"""Work-arounds for defects of the installed Qt binding, applied once at import.

PySide6 6.12.0 on Python 3.11: ``SignalInstance.emit()`` and ``SignalInstance.disconnect()``
return ``True`` without taking a reference to it, so every call drops one reference of the
``True`` singleton. A fresh interpreter holds only a few hundred; after that many signal
emissions Python aborts with "Fatal Python error: bool_dealloc: deallocating True or False".
(Python 3.12+ makes ``True`` immortal, which hides the defect there.)

:func:`install` measures whether the binding has the defect and, only then, wraps both
methods so that the returned object gets the reference the binding forgot. It is a no-op on a
fixed binding, so it can stay until the dependency is upgraded.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

_installed = False
applied = False  # True when the defect was detected and the wrappers are active

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


class _Probe(QObject):
    sig = Signal()


def _drops_reference(call: Any) -> bool:
    """True when *call()* leaves ``True`` with fewer references than before."""
    before = sys.getrefcount(True)
    for _ in range(4):
        result = call()
        del result
    lost = before - sys.getrefcount(True)
    for _ in range(max(lost, 0)):
        _incref(True)  # give back what the probe took
    return lost >= 4


def install() -> bool:
    """Apply the work-arounds needed by this binding (idempotent); True when some were."""
    global _installed, applied
    if _installed:
        return applied
    _installed = True
    probe = _Probe()
    handler = _noop
    if _drops_reference(lambda: probe.sig.emit()):
        original_emit = SignalInstance.emit

        def emit(self: SignalInstance, *args: Any) -> Any:
            result = original_emit(self, *args)
            _incref(result)
            return result

        SignalInstance.emit = emit  # type: ignore[method-assign]
        applied = True

    def connect_and_disconnect() -> Any:
        probe.sig.connect(handler)
        return probe.sig.disconnect(handler)

    if _drops_reference(connect_and_disconnect):
        original_disconnect = SignalInstance.disconnect

        def disconnect(self: SignalInstance, *args: Any) -> Any:
            result = original_disconnect(self, *args)
            _incref(result)
            return result

        SignalInstance.disconnect = disconnect  # type: ignore[method-assign,assignment]
        applied = True
    return applied


def _noop() -> None:
    pass
