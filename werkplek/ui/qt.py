"""The one place werkplek imports its Qt binding and the Qt asyncio loop from."""

import asyncio
import importlib
import os
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtGui, QtNetwork, QtWidgets
from PySide6.QtCore import Qt, Signal, Slot

os.environ.setdefault("QT_API", "pyside6")  # qasync takes it, instead of trying PyQt5 first
import qasync

if TYPE_CHECKING:
    from PySide6 import QtCharts


def __getattr__(naam: str) -> Any:
    """QtCharts (its libraries, its memory) only for the supervisor's chart."""
    if naam == "QtCharts":
        return importlib.import_module("PySide6.QtCharts")
    raise AttributeError(f"module {__name__!r} has no attribute {naam!r}")

__all__ = ["QEventLoop", "Qt", "QtCharts", "QtCore", "QtGui", "QtNetwork", "QtWidgets", "Signal",
           "Slot"]


class QEventLoop(qasync.QEventLoop):  # type: ignore[misc]
    """qasync's loop, with the last turn of ``run_until_complete`` inside the loop.

    After the loop stopped, qasync processes Qt's events once more; an asyncio callback that
    runs then finds no running loop (``get_running_loop`` fails, in ``asyncio.wait_for``
    too). Here that turn runs with this loop marked as the running one.
    """

    def run_until_complete(self, future: Any) -> Any:
        if self.is_running():
            raise RuntimeError("Event loop already running")
        taak = asyncio.ensure_future(future, loop=self)

        def stop(_f: object) -> None:
            self.stop()

        taak.add_done_callback(stop)
        try:
            self.run_forever()
        finally:
            taak.remove_done_callback(stop)
        app = QtCore.QCoreApplication.instance()
        if app is not None:
            asyncio.events._set_running_loop(self)
            try:
                app.eventDispatcher().processEvents(QtCore.QEventLoop.ProcessEventsFlag.AllEvents)
            finally:
                asyncio.events._set_running_loop(None)
        if not taak.done():
            raise RuntimeError("Event loop stopped before Future completed.")
        return taak.result()
