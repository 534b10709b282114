"""The one place that decides whether the OS keyring may hold werkplek's keys and secrets.

Only backends that keep secrets encrypted under the user's login are accepted (Secret
Service, KWallet, Windows Credential Locker, macOS Keychain). Anything else — a plaintext or
base64 file, the "fail" or "null" backend, a chainer that includes one of those — is
refused like no keyring at all. The tests' own keyring (module ``tests.sleutelbos``) is
accepted only while the test-only switch ``WERKPLEK_TEST_SLEUTELBOS`` is set.
"""

from __future__ import annotations

import os

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, KeyringLocked

TOEGESTAAN: dict[str, str] = {
    "keyring.backends.SecretService.Keyring": "Secret Service",
    "keyring.backends.libsecret.Keyring": "Secret Service",
    "keyring.backends.kwallet.DBusKeyring": "KWallet",
    "keyring.backends.kwallet.DBusKeyringKWallet4": "KWallet",
    "keyring.backends.Windows.WinVaultKeyring": "Windows Credential Locker",
    "keyring.backends.macOS.Keyring": "macOS Keychain",
}
"""Accepted backends by their full class name, with the name the agent knows them by."""
GEEN = ("keyring.backends.fail.Keyring", "keyring.backends.null.Keyring",
        "keyring.backends.chainer.ChainerBackend zonder bruikbare sleutelbos")
"""Backends that mean: there is no keyring at all."""
CHAINER = "keyring.backends.chainer.ChainerBackend"
TESTSCHAKELAAR = "WERKPLEK_TEST_SLEUTELBOS"
"""Set only by the test suite: then its own keyring (``tests.sleutelbos``) is accepted."""
TESTMODULE = "tests.sleutelbos"

_ONTGRENDELEN = {
    "Secret Service": "ontgrendel de sleutelbos ‘Login’ in ‘Wachtwoorden en sleutels’ "
                      "(Seahorse) of meld u opnieuw aan op het bureaublad",
    "KWallet": "open KWalletManager en ontgrendel de portefeuille",
    "macOS Keychain": "ontgrendel de sleutelhanger ‘inlogsleutelhanger’ in "
                      "Sleutelhangertoegang",
    "Windows Credential Locker": "meld u opnieuw aan bij Windows",
}


class SleutelbosGeweigerd(KeyringError):
    """The keyring backend is not one werkplek trusts with a key; the message says which."""


class SleutelbosVergrendeld(KeyringError):
    """The keyring is there but locked; the message says how to unlock it."""


def klassenaam(kr: KeyringBackend) -> str:
    return f"{type(kr).__module__}.{type(kr).__qualname__}"


def is_testsleutelbos(kr: KeyringBackend | None = None) -> bool:
    """Whether the keyring in use is the tests' own (allowed only with the test switch)."""
    kr = kr or keyring.get_keyring()
    if klassenaam(kr) == CHAINER:
        return bezwaar(kr) is None and any(
            is_testsleutelbos(b) for b in getattr(kr, "backends", ()))
    return type(kr).__module__ == TESTMODULE and bool(os.environ.get(TESTSCHAKELAAR))


def bezwaar(kr: KeyringBackend) -> str | None:
    """Why ``kr`` may not hold werkplek's secrets (the refused backend named), or None."""
    naam = klassenaam(kr)
    if naam != CHAINER and (naam in TOEGESTAAN or is_testsleutelbos(kr)):
        return None
    if naam == CHAINER:
        onderdelen = list(getattr(kr, "backends", ()))
        if not onderdelen:
            return f"{naam} zonder bruikbare sleutelbos"
        for b in onderdelen:
            if (reden := bezwaar(b)) is not None:
                return f"{naam} met {reden}"
        return None
    return naam


def bruikbare_sleutelbos() -> KeyringBackend:
    """The keyring in use when werkplek accepts it; raises SleutelbosGeweigerd otherwise."""
    kr = keyring.get_keyring()
    if (reden := bezwaar(kr)) is None:
        return kr
    if reden in GEEN:
        raise SleutelbosGeweigerd(
            f"Er is geen sleutelbos (keyring) op deze computer die werkplek kan gebruiken "
            f"({reden}).")
    raise SleutelbosGeweigerd(
            f"De sleutelbos (keyring) van deze computer is niet veilig genoeg: {reden}. "
            "Werkplek aanvaardt alleen Secret Service, KWallet, Windows Credential Locker "
            "en macOS Keychain.")


def soortnaam(kr: KeyringBackend) -> str:
    """The name of the backend as the agent knows it, e.g. "Secret Service"."""
    if klassenaam(kr) == CHAINER and (onderdelen := list(getattr(kr, "backends", ()))):
        return soortnaam(onderdelen[0])
    if is_testsleutelbos(kr):
        return "testsleutelbos"
    return TOEGESTAAN.get(klassenaam(kr), klassenaam(kr))


def _vergrendeld(kr: KeyringBackend) -> SleutelbosVergrendeld:
    soort = soortnaam(kr)
    hoe = _ONTGRENDELEN.get(soort, "ontgrendel de sleutelbos van het besturingssysteem")
    return SleutelbosVergrendeld(
        f"De sleutelbos ({soort}) is vergrendeld: {hoe} en start werkplek daarna opnieuw.")


def lees(dienst: str, gebruiker: str) -> str | None:
    """A secret from an accepted keyring; KeyringError (Geweigerd, Vergrendeld) otherwise."""
    kr = bruikbare_sleutelbos()
    try:
        return kr.get_password(dienst, gebruiker)
    except KeyringLocked:
        raise _vergrendeld(kr) from None


def schrijf(dienst: str, gebruiker: str, waarde: str) -> None:
    kr = bruikbare_sleutelbos()
    try:
        kr.set_password(dienst, gebruiker, waarde)
    except KeyringLocked:
        raise _vergrendeld(kr) from None


def wis(dienst: str, gebruiker: str) -> None:
    kr = bruikbare_sleutelbos()
    try:
        kr.delete_password(dienst, gebruiker)
    except KeyringLocked:
        raise _vergrendeld(kr) from None


def uitleg(fout: KeyringError) -> str:
    """The Dutch explanation of a keyring failure, for a message to the agent or beheerder."""
    if isinstance(fout, SleutelbosGeweigerd | SleutelbosVergrendeld):
        return str(fout)
    return ("Er is geen sleutelbos (keyring) op deze computer die werkplek kan gebruiken "
            f"({type(fout).__name__}).")
