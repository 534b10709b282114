"""The one place werkplek imports its Qt binding and the Qt asyncio loop from."""

import asyncio
from typing import Any

import qasync
from PySide6 import QtCharts, QtCore, QtGui, QtNetwork, QtWidgets
from PySide6.QtCore import Qt, Signal, Slot

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
