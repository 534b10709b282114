"""Real baresip softphones in a network namespace of the test's own.

The namespace is joined to the test process by a veth pair on a private /30, so the test
reaches each softphone's ctrl_tcp, while SIP and media stay inside the namespace.
"""

from __future__ import annotations

import random
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from types import TracebackType

import pytest

MODULES = Path("/usr/lib/baresip/modules")
STARTEN_BINNEN = 20.0
"""Seconds a softphone gets to accept ctrl_tcp connections: a guard, not a timing check."""


def _ip(*args: str) -> None:
    r = subprocess.run(["ip", *args], capture_output=True, text=True, check=False)
    if r.returncode != 0:
        raise OSError(f"ip {' '.join(args)}: {r.stderr.strip()}")


class Netwerk:
    """A network namespace with one veth link to the test: host .1, namespace .2."""

    def __init__(self) -> None:
        self.naam = f"wp-{uuid.uuid4().hex[:8]}"
        self.link = f"wp{uuid.uuid4().hex[:8]}"
        net = f"10.{random.randint(200, 250)}.{random.randint(0, 255)}"
        self.host, self.adres = f"{net}.1", f"{net}.2"

    def __enter__(self) -> Netwerk:
        if shutil.which("ip") is None or shutil.which("baresip") is None:
            pytest.fail("baresip of iproute2 ontbreekt; .ci/run installeert baresip-core en "
                        "iproute2.")
        try:
            _ip("netns", "add", self.naam)
            _ip("link", "add", self.link, "type", "veth", "peer", "name", "wpns",
                "netns", self.naam)
            _ip("addr", "add", f"{self.host}/30", "dev", self.link)
            _ip("link", "set", self.link, "up")
            for opdracht in (["link", "set", "lo", "up"],
                             ["addr", "add", f"{self.adres}/30", "dev", "wpns"],
                             ["link", "set", "wpns", "up"],
                             ["route", "add", "default", "via", self.host]):
                _ip("netns", "exec", self.naam, "ip", *opdracht)
        except OSError as e:
            self.opruimen()
            pytest.fail(f"Kan geen netwerknamespace voor de softphones maken: {e}")
        return self

    def opruimen(self) -> None:
        subprocess.run(["ip", "netns", "del", self.naam], capture_output=True, check=False)
        subprocess.run(["ip", "link", "del", self.link], capture_output=True, check=False)

    def __exit__(self, soort: type[BaseException] | None, fout: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.opruimen()


class Softphone:
    """One baresip with one account, in ``netwerk``; its ctrl_tcp is ``ctrl``."""

    def __init__(self, netwerk: Netwerk, gebruiker: str, naam: str, sip_poort: int,
                 ctrl_poort: int) -> None:
        self.netwerk = netwerk
        self.map = Path(tempfile.mkdtemp(prefix="werkplek-baresip-"))
        self.sip = f"sip:{gebruiker}@{netwerk.adres}:{sip_poort}"
        self.ctrl = f"{netwerk.adres}:{ctrl_poort}"
        (self.map / "config").write_text(
            f"sip_listen {netwerk.adres}:{sip_poort}\n"
            f"module_path {MODULES}\n"
            "module opus.so\nmodule ausine.so\nmodule aubridge.so\n"  # ausine is 48 kHz: opus

            "module_app account.so\nmodule_app menu.so\nmodule_app ctrl_tcp.so\n"
            f"ctrl_tcp_listen {self.ctrl}\n"
            "audio_source ausine,440\n"
            f"audio_player aubridge,null_{ctrl_poort}\naudio_alert aubridge,alert_{ctrl_poort}\n",
            encoding="utf-8")
        (self.map / "accounts").write_text(
            f'"{naam}" <{self.sip}>;regint=0;answermode=manual\n', encoding="utf-8")
        self.proces: subprocess.Popen[bytes] | None = None

    def start(self) -> Softphone:
        with (self.map / "log").open("ab") as log:  # the child keeps its own copy
            self.proces = subprocess.Popen(
                ["ip", "netns", "exec", self.netwerk.naam, "baresip", "-f", str(self.map)],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        host, poort = self.ctrl.split(":")
        deadline = time.monotonic() + STARTEN_BINNEN
        while True:
            try:
                socket.create_connection((host, int(poort)), timeout=1).close()
                return self
            except OSError:
                if self.proces.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"baresip startte niet:\n{self.logboek()}") from None
                time.sleep(0.05)

    def stop(self) -> None:
        if self.proces is not None and self.proces.poll() is None:
            self.proces.terminate()
            try:
                self.proces.wait(10)
            except subprocess.TimeoutExpired:
                self.proces.kill()
                self.proces.wait()

    def logboek(self) -> str:
        pad = self.map / "log"
        return pad.read_text(errors="replace") if pad.exists() else ""

    def __enter__(self) -> Softphone:
        return self.start()

    def __exit__(self, soort: type[BaseException] | None, fout: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
        shutil.rmtree(self.map, ignore_errors=True)
