"""The one place werkplek imports its Qt binding and the Qt asyncio loop from."""

from PySide6 import QtCore, QtGui, QtNetwork, QtWidgets
from PySide6.QtCore import Qt, Signal, Slot
from qasync import QEventLoop

__all__ = ["QEventLoop", "Qt", "QtCore", "QtGui", "QtNetwork", "QtWidgets", "Signal", "Slot"]
