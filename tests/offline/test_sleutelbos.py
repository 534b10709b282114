"""Which keyring may hold the store's key: only backends that encrypt under the user's login;
a plaintext one, "fail" or a chainer ending in one is refused like no keyring, by name; a
locked one says "vergrendeld" and how to unlock; the tests' own only with the test switch."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null

from tests.sleutelbos import BestandKeyring, GeheugenKeyring, VergrendeldeKeyring
from werkplek.ports import BronFout
from werkplek.services import sleutelbos as keus
from werkplek.services.beheer import BeheerFout, open_bestaande_opslag
from werkplek.services.opslag import SLEUTELNAAM, dienst, open_opslag, opslagpad
from werkplek.services.plugins import KeyringGeheimen


class PlatteTekst(KeyringBackend):
    """Like keyrings.alt's PlaintextKeyring: secrets in a file, readable by whoever reads it."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, pad: Path) -> None:
        super().__init__()
        self.pad = pad

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.pad.write_text(f"{service}\t{username}\t{password}")

    def delete_password(self, service: str, username: str) -> None:
        pass


class OnbekendBestand(BestandKeyring):
    """The tests' file keyring under another name: a backend werkplek does not know."""


def keten(*onderdelen: KeyringBackend) -> KeyringBackend:
    """keyring's ChainerBackend over these backends."""

    class Keten(chainer.ChainerBackend):
        backends: ClassVar[list[KeyringBackend]] = list(onderdelen)  # type: ignore[misc]

    Keten.__module__, Keten.__qualname__ = "keyring.backends.chainer", "ChainerBackend"
    return Keten()


def test_alleen_de_besturingssysteemsleutelbossen_worden_aanvaard() -> None:
    assert keus.bezwaar(fail.Keyring()) == "keyring.backends.fail.Keyring"
    assert keus.bezwaar(null.Keyring()) == "keyring.backends.null.Keyring"
    assert "PlatteTekst" in (keus.bezwaar(PlatteTekst(Path("x"))) or "")
    for naam in keus.TOEGESTAAN:  # the list itself names real keyring classes
        module, _, klasse = naam.rpartition(".")
        assert klasse and module.startswith("keyring.backends.")


@pytest.mark.parametrize("soort", ["platte tekst", "fail", "keten met platte tekst"])
def test_een_onveilige_sleutelbos_wordt_geweigerd_als_geen_sleutelbos(
        soort: str, eigen_mappen: Path) -> None:
    geheim = eigen_mappen / "keyring_pass.cfg"
    kr = {"platte tekst": PlatteTekst(geheim), "fail": fail.Keyring(),
          "keten met platte tekst": keten(GeheugenKeyring(), PlatteTekst(geheim))}[soort]
    keyring.set_keyring(kr)
    data = eigen_mappen / "data"
    opslag = open_opslag("demo", data)
    try:
        [melding] = opslag.meldingen
        assert melding.ernstig and not opslag.store.versleuteld  # in memory, like no keyring
        assert "sleutelbos" in melding.tekst
        verwacht = "keyring.backends.fail.Keyring" if soort == "fail" else "PlatteTekst"
        assert verwacht in melding.tekst  # the refused backend by name
    finally:
        opslag.store.sluit()
    assert not geheim.exists()  # no key was written to the plaintext file
    assert not opslagpad(data, "demo").exists()
    with pytest.raises(BronFout, match="sleutelbos"):  # plugin secrets: the same judgement
        KeyringGeheimen("demo", "agenda").geheim("wachtwoord")


def test_een_vergrendelde_sleutelbos_zegt_vergrendeld_en_hoe_te_ontgrendelen(
        eigen_mappen: Path) -> None:
    keyring.set_keyring(VergrendeldeKeyring())
    opslag = open_opslag("demo", eigen_mappen / "data")
    try:
        [melding] = opslag.meldingen
        assert melding.ernstig and "vergrendeld" in melding.tekst
        assert "ontgrendel" in melding.tekst and "start werkplek daarna opnieuw" in melding.tekst
    finally:
        opslag.store.sluit()
    pad = opslagpad(eigen_mappen / "data", "demo")
    pad.parent.mkdir(parents=True, exist_ok=True)
    pad.write_bytes(b"")
    with pytest.raises(BeheerFout, match="vergrendeld"):
        open_bestaande_opslag("demo", eigen_mappen / "data")


def test_de_testsleutelbos_alleen_met_de_testschakelaar(
        eigen_mappen: Path, monkeypatch: pytest.MonkeyPatch,
        sleutelbos: GeheugenKeyring) -> None:
    opslag = open_opslag("demo", eigen_mappen / "data")
    try:  # with the switch (set for every test): accepted, and the banner names it
        assert opslag.store.versleuteld
        assert [m.tekst for m in opslag.meldingen if m.test] == [
            "Testsleutelbos in gebruik (WERKPLEK_TEST_SLEUTELBOS): deze werkplek draait als "
            "test en hoort zo nooit aan een balie."]
    finally:
        opslag.store.sluit()
    assert keus.TESTSCHAKELAAR == "WERKPLEK_TEST_SLEUTELBOS"
    monkeypatch.delenv(keus.TESTSCHAKELAAR)
    opslag = open_opslag("demo", eigen_mappen / "data")
    try:  # without it: refused like any other unknown backend, the stored key unread
        [melding] = opslag.meldingen
        assert melding.ernstig and not opslag.store.versleuteld
        assert "tests.sleutelbos.GeheugenKeyring" in melding.tekst
    finally:
        opslag.store.sluit()
    assert sleutelbos.get_password(dienst("demo"), SLEUTELNAAM)  # it was there all along
