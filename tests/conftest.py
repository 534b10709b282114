"""Shared test set-up: offscreen Qt, and user directories that live in the test's tmp dir."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Before anything imports Qt: no test ever needs a real screen.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

from tests.contract.server import Contractserver
from tests.sleutelbos import GeheugenKeyring, sleutelbos_met
from werkplek.services.profiel import RESOURCES, Profiel, lees_profiel
from werkplek.services.sleutelbos import TESTSCHAKELAAR


def _qasync_loop() -> asyncio.AbstractEventLoop:
    from tests.ui.conftest import qasync_loop

    return qasync_loop()


def pytest_asyncio_loop_factories(
        config: pytest.Config, item: pytest.Item) -> dict[str, Callable[[], object]]:
    """GUI tests run on a qasync loop so the window's tasks run; the rest on plain asyncio.

    Qt is imported only for GUI tests, so the lower layers are tested without it.
    """
    if Path(str(item.path)).is_relative_to(Path(__file__).parent / "ui"):
        return {"qasync": _qasync_loop}
    return {"asyncio": asyncio.new_event_loop}


@pytest.fixture(autouse=True)
def afval_in_de_hoofdthread() -> Iterator[None]:
    """Qt objects must die in the GUI thread; Python's collector may run in any thread.

    The application moves collection to the GUI thread (werkplek.ui.toepassing); tests do
    the same, in every directory: once a GUI test has run, a later test's worker thread
    could otherwise collect a left-over Qt object. No automatic collection during a test,
    a full one before and after it, in the main thread.
    """
    gc.collect()
    gc.disable()
    yield
    gc.enable()
    gc.collect()


@pytest.fixture
def contractserver() -> Iterator[Callable[[str], Contractserver]]:
    """Start a Contractserver for a spec file in ../shared/specs/; at teardown the test
    fails when any request or response did not match that spec."""
    servers: list[Contractserver] = []

    def maak(spec_bestand: str) -> Contractserver:
        s = Contractserver(spec_bestand).__enter__()
        servers.append(s)
        return s

    yield maak
    for s in servers:
        s.stop()
    for s in servers:
        s.controleer()


@pytest.fixture(autouse=True)
def testsleutelbos_toegestaan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Werkplek accepts the tests' keyrings only with this test-only switch set; its value
    is also where tests.sleutelbos.BestandKeyring keeps its file. Apart from ``sleutelbos``,
    which many test modules override with their own secrets."""
    monkeypatch.setenv(TESTSCHAKELAAR, str(tmp_path / "sleutelbos.json"))


@pytest.fixture(autouse=True)
def sleutelbos() -> Iterator[GeheugenKeyring]:
    """Every test has its own empty keyring (the real keyring API, kept in memory)."""
    with sleutelbos_met({}) as kr:
        yield kr


@pytest.fixture(autouse=True)
def eigen_mappen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own config, data and log dirs; the user's own are never touched."""
    for var, naam in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"),
                      ("XDG_STATE_HOME", "state"), ("XDG_CACHE_HOME", "cache")):
        monkeypatch.setenv(var, str(tmp_path / naam))
    return tmp_path


@pytest.fixture
def demo_profiel() -> Profiel:
    return lees_profiel(RESOURCES / "profiles" / "demo.toml", os_gebruiker="testagent")


@pytest.fixture(autouse=True)
def geen_bsn_in_logregels(caplog: pytest.LogCaptureFixture) -> object:
    """AVG: whatever a test does, no log line may carry one of the demo BSNs."""
    caplog.set_level(logging.INFO)
    yield
    from werkplek_embedded.demo import BERT_BSN, FATIMA_BSN, JAN_BSN

    for record in caplog.records:
        regel = record.getMessage()
        for bsn in (BERT_BSN, JAN_BSN, FATIMA_BSN):
            assert bsn not in regel, f"BSN in logregel: {record.name}: {regel}"


@pytest.fixture
def testplugins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Install test plugins the real way: a distribution with entry points on sys.path."""
    site = tmp_path / "site"
    info = site / "werkplek_testplugins-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: werkplek-testplugins\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(
        "[werkplek.plugins]\n"
        "kapotte_zaken = tests.hulp:KapotteZaken\n"
        "hangende_historie = tests.hulp:HangendeHistorie\n"
        "streng_register = tests.hulp:StrengRegister\n"
        "onvindbaar = tests.bestaat_niet:maak\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(site))
    return site
