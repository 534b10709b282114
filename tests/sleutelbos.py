"""An in-memory keyring backend: tests use the real keyring API without touching the user's."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked, PasswordDeleteError


class GeheugenKeyring(KeyringBackend):
    """A keyring that keeps secrets in a dict: the real keyring API, nothing on disk."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.geheimen: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.geheimen.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.geheimen[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.geheimen.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


class VergrendeldeKeyring(GeheugenKeyring):
    """The in-memory keyring, locked: reading raises KeyringLocked, as Secret Service does."""

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("Failed to unlock the collection!")


class BestandKeyring(KeyringBackend):
    """A keyring in a JSON file, for werkplek processes a test starts (``werkplek sync``).

    Chosen with ``PYTHON_KEYRING_BACKEND=tests.sleutelbos.BestandKeyring``; the file is
    ``$WERKPLEK_TEST_SLEUTELBOS``, outside the user dirs the tests look into for secrets.
    """

    priority = 1  # type: ignore[assignment]

    @property
    def _pad(self) -> Path:
        return Path(os.environ["WERKPLEK_TEST_SLEUTELBOS"])

    def _alle(self) -> dict[str, str]:
        return json.loads(self._pad.read_text()) if self._pad.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._alle().get(f"{service}\t{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        alle = self._alle() | {f"{service}\t{username}": password}
        self._pad.write_text(json.dumps(alle))

    def delete_password(self, service: str, username: str) -> None:
        alle = self._alle()
        if alle.pop(f"{service}\t{username}", None) is None:
            raise PasswordDeleteError(username)
        self._pad.write_text(json.dumps(alle))


def omgeving_met_sleutelbos(pad: Path, basis: Mapping[str, str] | None = None) -> dict[str, str]:
    """Environment for a werkplek subprocess whose keyring is the file ``pad``."""
    wortel = Path(__file__).resolve().parents[1]
    env = dict(os.environ if basis is None else basis)
    env["PYTHON_KEYRING_BACKEND"] = "tests.sleutelbos.BestandKeyring"
    env["WERKPLEK_TEST_SLEUTELBOS"] = str(pad)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(wortel), env.get("PYTHONPATH")) if p)
    return env


@contextmanager
def sleutelbos_met(geheimen: Mapping[tuple[str, str], str]) -> Iterator[GeheugenKeyring]:
    """Install an in-memory keyring holding ``(service, user) -> secret``; restore after."""
    vorige = keyring.get_keyring()
    kr = GeheugenKeyring()
    for (dienst, gebruiker), geheim in geheimen.items():
        kr.set_password(dienst, gebruiker, geheim)
    keyring.set_keyring(kr)
    try:
        yield kr
    finally:
        keyring.set_keyring(vorige)
