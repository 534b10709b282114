"""An in-memory keyring backend: tests use the real keyring API without touching the user's."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


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
