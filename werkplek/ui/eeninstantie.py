"""One werkplek per user: a second invocation hands its command to the running one.

The running window listens on a per-user local socket (a Unix socket or a named pipe); a
command is one line of JSON, answered with one line. A socket left behind by a crashed
werkplek is taken over.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import re
from typing import Any

from werkplek.services.profiel import data_dir
from werkplek.ui.qt import QtCore, QtNetwork, Signal

log = logging.getLogger(__name__)
WACHTEN_MS = 3000
MAX_BERICHT = 64 * 1024


def servernaam(profiel: str) -> str:
    """Per user, data dir and profile: two agents on one terminal server each have their own
    werkplek, so does a test that runs werkplek with user dirs of its own, and an agent of a
    shared service centre has one window per gemeente."""
    gebruiker = re.sub(r"[^A-Za-z0-9_.-]", "_", getpass.getuser())[:48]
    sleutel = f"{data_dir().resolve()}\0{profiel}"
    return f"werkplek-{gebruiker}-{hashlib.sha256(sleutel.encode()).hexdigest()[:12]}"


class Postbus(QtCore.QObject):
    """The running werkplek's end: every command that arrives becomes ``opdracht``."""

    opdracht = Signal(dict)

    def __init__(self, naam: str, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.naam = naam
        self._server = QtNetwork.QLocalServer(self)
        self._server.setSocketOptions(QtNetwork.QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._verbonden)

    def luister(self) -> bool:
        if self._server.listen(self.naam):
            return True
        # A socket file of a werkplek that crashed: nobody answers on it, so take it over.
        QtNetwork.QLocalServer.removeServer(self.naam)
        if self._server.listen(self.naam):
            return True
        log.warning("Kan niet luisteren op de lokale socket: %s", self._server.errorString())
        return False

    def sluit(self) -> None:
        self._server.close()

    def _verbonden(self) -> None:
        while (sock := self._server.nextPendingConnection()) is not None:
            sock.readyRead.connect(lambda s=sock: self._lees(s))
            sock.disconnected.connect(sock.deleteLater)

    def _lees(self, sock: QtNetwork.QLocalSocket) -> None:
        if not sock.canReadLine():
            if sock.bytesAvailable() > MAX_BERICHT:
                sock.abort()
            return
        regel = bytes(sock.readLine(MAX_BERICHT).data())
        try:
            bericht = json.loads(regel)
            if not isinstance(bericht, dict) or not isinstance(bericht.get("opdracht"), str):
                raise ValueError("geen opdracht")
        except ValueError:
            log.warning("Onleesbaar bericht op de lokale socket genegeerd")
            sock.write(b'{"ok": false}\n')
        else:
            sock.write(b'{"ok": true}\n')
            self.opdracht.emit(bericht)
        sock.flush()
        sock.disconnectFromServer()


def stuur(bericht: dict[str, Any], naam: str) -> bool:
    """Hand a command to the running werkplek; False when none runs (or it does not answer)."""
    sock = QtNetwork.QLocalSocket()
    sock.connectToServer(naam)
    if not sock.waitForConnected(WACHTEN_MS):
        return False
    sock.write(json.dumps(bericht).encode() + b"\n")
    sock.waitForBytesWritten(WACHTEN_MS)
    while not sock.canReadLine():
        if not sock.waitForReadyRead(WACHTEN_MS):
            return False
    try:
        antwoord = json.loads(bytes(sock.readLine(MAX_BERICHT).data()))
    except ValueError:
        return False
    sock.disconnectFromServer()
    return isinstance(antwoord, dict) and antwoord.get("ok") is True
